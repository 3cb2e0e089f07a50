/**
 * Byte decoders for the two scanner modes the bridge can read (keyboard-wedge scanners belong to
 * the OS and cannot be read: configure the scanner for one of these):
 *
 * - USB-serial (CDC ACM): the code's bytes (UTF-8; GB18030 scanners must be set to UTF-8) followed
 *   by a terminator, CR by factory default, LF or CR LF on some; all three are accepted.
 * - HID-POS (USB HID POS usage page 0x8C, "scanned data" input report), in the 64-byte report
 *   layout common to Honeywell/Zebra-style scanners: report id 0x02, data length, 3-byte AIM
 *   symbology id, 56 data bytes, 2 reserved, a flags byte whose bit 0 says "more data follows".
 *   Vendors differ and this layout is unconfirmed for every model: it lives in `hidPosLayout`.
 */

export interface ScanDecoder {
  push(bytes: Uint8Array): string[];
}

const MAX_CODE_BYTES = 8192;
const utf8 = new TextDecoder('utf-8', { fatal: false });

export class CdcLineDecoder implements ScanDecoder {
  private buf: number[] = [];

  push(bytes: Uint8Array): string[] {
    const out: string[] = [];
    for (const b of bytes) {
      if (b === 0x0d || b === 0x0a) {
        if (this.buf.length) out.push(utf8.decode(Uint8Array.from(this.buf)));
        this.buf = [];
      } else if (this.buf.length < MAX_CODE_BYTES) this.buf.push(b);
      else this.buf = []; // a runaway line with no terminator is noise, not a code
    }
    return out;
  }
}

export const hidPosLayout = { reportId: 0x02, reportSize: 64, lengthAt: 1, dataAt: 5, dataMax: 56, flagsAt: 63, moreBit: 0x01 } as const;

export class HidPosDecoder implements ScanDecoder {
  private pending: number[] = [];
  private code: number[] = [];

  push(bytes: Uint8Array): string[] {
    const L = hidPosLayout;
    const out: string[] = [];
    for (const b of bytes) this.pending.push(b);
    while (this.pending.length >= L.reportSize) {
      const report = this.pending.splice(0, L.reportSize);
      if (report[0] !== L.reportId) continue; // another report (e.g. status): not scanned data
      const n = Math.min(report[L.lengthAt]!, L.dataMax);
      this.code.push(...report.slice(L.dataAt, L.dataAt + n));
      if (this.code.length > MAX_CODE_BYTES) this.code = [];
      if (!(report[L.flagsAt]! & L.moreBit)) {
        if (this.code.length) out.push(utf8.decode(Uint8Array.from(this.code)));
        this.code = [];
      }
    }
    return out;
  }
}

/** The bytes a scanner in `mode` sends for `code` (used by the simulator and the tests). */
export function encodeScan(code: string, mode: 'cdc' | 'hid-pos', terminator = '\r'): Uint8Array {
  const data = new TextEncoder().encode(code);
  if (mode === 'cdc') return Uint8Array.from([...data, ...new TextEncoder().encode(terminator)]);
  const L = hidPosLayout;
  const reports: number[] = [];
  for (let i = 0; i < Math.max(1, data.length); i += L.dataMax) {
    const report = new Array<number>(L.reportSize).fill(0);
    const part = data.subarray(i, i + L.dataMax);
    report[0] = L.reportId;
    report[L.lengthAt] = part.length;
    report.splice(2, 3, 0x5d, 0x51, 0x31); // "]Q1": AIM id of a QR code
    part.forEach((b, k) => (report[L.dataAt + k] = b));
    report[L.flagsAt] = i + L.dataMax < data.length ? L.moreBit : 0;
    reports.push(...report);
  }
  return Uint8Array.from(reports);
}
