/**
 * What the citizen should know about the devices before starting: a reader that cannot read means
 * "use a QR code or ask staff"; a printer that cannot print means the receipt comes as a QR code.
 * Rendered from the bridge's device statuses, so it appears and disappears as devices come and go.
 */
import { readerCanRead } from '../../../core/protocol/device-checks';
import type { DeviceStatuses } from '../../../core/protocol/devices';
import { strings } from '../i18n';
import type { Lang } from '../machine/kiosk-machine';

export function deviceNotices(devices: DeviceStatuses | null, lang: Lang): string[] {
  if (!devices) return [];
  const s = strings[lang];
  const out: string[] = [];
  if (!readerCanRead(devices.idcard)) out.push(s.readerDown);
  const p = devices.printer;
  if (p.state === 'no-paper') out.push(s.printerOut);
  else if (p.state !== 'idle') out.push(s.printerUnavailable);
  return out;
}

export function DeviceNotices({ devices, lang }: { devices: DeviceStatuses | null; lang: Lang }) {
  const notices = deviceNotices(devices, lang);
  if (!notices.length) return null;
  return (
    <div data-testid="device-notices" role="status">
      {notices.map((text) => (
        <p class="notice notice-warning" key={text}>
          {text}
        </p>
      ))}
    </div>
  );
}
