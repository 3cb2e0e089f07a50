/** Turns a KIOSK_DEVICE_* / config spec into a transport opener (see core/config/terminal.ts). */
import type { OpenTransport } from '../transport';
import { fileOpener } from './file';
import { hidOpener } from './hid';
import { serialOpener } from './serial';
import { tcpOpener } from './tcp';

export function openerForSpec(spec: string, defaultBaud: number): OpenTransport | null {
  let m: RegExpExecArray | null;
  if ((m = /^serial:([^@\s]+)(?:@(\d{3,7}))?$/.exec(spec))) return serialOpener(m[1]!, m[2] ? Number(m[2]) : defaultBaud);
  if ((m = /^hid:([0-9a-f]{4}):([0-9a-f]{4})$/.exec(spec))) return hidOpener(parseInt(m[1]!, 16), parseInt(m[2]!, 16));
  if ((m = /^tcp:([^:\s]+):(\d{1,5})$/.exec(spec))) return tcpOpener(m[1]!, Number(m[2]));
  if ((m = /^file:(\/\S+)$/.exec(spec))) return fileOpener(m[1]!);
  return null;
}
