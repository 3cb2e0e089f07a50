/**
 * ESC/POS for our 80 mm Chinese receipt printers: the encoder (receipt markdown → bytes, via
 * receiptline) and the real-time status protocol (DLE EOT), which receiptline leaves to us.
 * Bit meanings: docs/device-protocols.md and the Epson ESC/POS reference.
 */
import { transform } from 'receiptline';
import type { PrinterStatus } from '../../../../core/protocol/devices';

export type { PrinterStatus };

/** Characters per line at 80 mm with font A (12 dots wide on a 576-dot line). */
export const COLUMNS = 48;

/**
 * Receipt markdown → ESC/POS. `gb18030` makes receiptline prefix every text run with
 * `ESC t 0 FS &` (Chinese mode on) and encode it as GB18030, so 4-byte characters such as 𠀀 reach
 * the printer intact (whether its font has a glyph is another matter). It prints QR codes as
 * raster graphics (GS 8 L), not as native GS ( k symbols, and ends with `GS V B 0` (feed, partial
 * cut) followed by `GS r 1`, which makes the printer send one paper-status byte back once
 * everything before it has been printed; the driver uses that byte as the end-of-job signal.
 */
export function renderEscPos(markdown: string): Uint8Array {
  const binary = transform(markdown, { command: 'escpos', encoding: 'gb18030', cpl: COLUMNS, cutting: true });
  // receiptline returns a "binary" (latin1) string: one char per byte.
  return Uint8Array.from(Buffer.from(binary, 'latin1'));
}

export const DLE = 0x10;
export const EOT = 0x04;
export const GS = 0x1d;

/** `DLE EOT n`: real-time status requests, answered with one byte even while the printer is stopped. */
export const STATUS_REQUEST = {
  printer: Uint8Array.of(DLE, EOT, 1),
  offlineCause: Uint8Array.of(DLE, EOT, 2),
  errorCause: Uint8Array.of(DLE, EOT, 3),
  paperSensor: Uint8Array.of(DLE, EOT, 4),
} as const;

/** The four requests in the order `decodeStatus` expects their replies. */
export const STATUS_REQUESTS: readonly Uint8Array[] = [
  STATUS_REQUEST.printer,
  STATUS_REQUEST.offlineCause,
  STATUS_REQUEST.errorCause,
  STATUS_REQUEST.paperSensor,
];

/** `GS r 1`: transmit paper sensor status. Processed in sequence with print data, unlike DLE EOT. */
export const TRANSMIT_PAPER_STATUS = Uint8Array.of(GS, 0x72, 0x31);

/**
 * Every DLE EOT reply has the fixed pattern 0xx1xx10: bit 1 and bit 4 set, bits 0 and 7 clear.
 * A GS r reply has bit 4 clear, which is how Epson tells the two kinds of reply apart.
 */
export const STATUS_FIXED_MASK = 0b1001_0011;
export const STATUS_FIXED_VALUE = 0b0001_0010;

export const STATUS_BITS = {
  /** n=1 */
  offline: 1 << 3,
  /** n=2 */
  coverOpen: 1 << 2,
  stoppedByPaperEnd: 1 << 5,
  errorOccurred: 1 << 6,
  /** n=3 */
  cutterError: 1 << 3,
  unrecoverableError: 1 << 5,
  autoRecoverableError: 1 << 6,
  /** n=4: both bits of each pair are set together. */
  paperNearEnd: 0b11 << 2,
  paperEnd: 0b11 << 5,
} as const;

/** GS r 1 reply bits (bit 4 and bit 7 fixed at 0). */
export const TRANSMIT_PAPER_BITS = { nearEnd: 0b11, paperEnd: 0b11 << 2 } as const;

export type PrinterErrorType = Extract<PrinterStatus, { state: 'error' }>['type'];

export function isStatusByte(byte: number): boolean {
  return Number.isInteger(byte) && byte >= 0 && byte <= 0xff && (byte & STATUS_FIXED_MASK) === STATUS_FIXED_VALUE;
}

const has = (byte: number, bits: number) => (byte & bits) === bits;

/**
 * The replies to DLE EOT 1, 2, 3 and 4, in that order, → one status. A reply that is not a status
 * byte (or a missing one) means we are not really hearing the printer (wrong port or baud rate,
 * line noise, something else on the line), so it is reported as `disconnected` rather than guessed
 * at; a status poll must never throw.
 *
 * Precedence follows what a person at the kiosk can fix: an open cover also stops the paper sensor
 * reading, so it is reported first; then paper; then errors, where the offline bit alone (no cause
 * given) is the least specific.
 */
export function decodeStatus(replies: readonly number[]): PrinterStatus {
  if (replies.length !== 4 || !replies.every(isStatusByte)) {
    return { state: 'error', type: 'disconnected' };
  }
  const [printer, offlineCause, errorCause, paper] = replies;
  if (has(offlineCause, STATUS_BITS.coverOpen)) return { state: 'cover-open' };
  if (has(paper, STATUS_BITS.paperEnd) || has(offlineCause, STATUS_BITS.stoppedByPaperEnd)) {
    return { state: 'no-paper' };
  }
  if (has(errorCause, STATUS_BITS.cutterError)) return { state: 'error', type: 'cutter' };
  if (has(errorCause, STATUS_BITS.unrecoverableError)) return { state: 'error', type: 'unrecoverable' };
  // An auto-recoverable error (e.g. head overheated) clears itself: the printer is just offline.
  if (has(errorCause, STATUS_BITS.autoRecoverableError)) return { state: 'error', type: 'offline' };
  if (has(offlineCause, STATUS_BITS.errorOccurred)) return { state: 'error', type: 'unrecoverable' };
  if (has(printer, STATUS_BITS.offline)) return { state: 'error', type: 'offline' };
  return { state: 'idle', paper: has(paper, STATUS_BITS.paperNearEnd) ? 'near-end' : 'ok' };
}

/** True if the job already asks for a paper-status byte at its end (as receiptline's output does). */
export function endsWithTransmitStatus(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n >= 3 && bytes[n - 3] === GS && bytes[n - 2] === 0x72 && (bytes[n - 1] === 0x31 || bytes[n - 1] === 0x01);
}
