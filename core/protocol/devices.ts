/**
 * Device status as discriminated unions (style.md): a disconnect is a status, not an exception.
 * The same shapes travel from the bridge's drivers to the kiosk (WebSocket) and to /healthz.
 */
import { z } from 'zod';

export const IdCardReaderStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ready') }),
  z.object({ state: z.literal('card-present') }),
  z.object({ state: z.literal('error'), type: z.enum(['disconnected', 'sam-failed', 'timeout', 'unsupported-card', 'read-failed']) }),
]);
export type IdCardReaderStatus = z.infer<typeof IdCardReaderStatus>;

export const PrinterStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle'), paper: z.enum(['ok', 'near-end']) }),
  z.object({ state: z.literal('no-paper') }),
  z.object({ state: z.literal('cover-open') }),
  z.object({ state: z.literal('error'), type: z.enum(['cutter', 'unrecoverable', 'offline', 'disconnected', 'timeout']) }),
]);
export type PrinterStatus = z.infer<typeof PrinterStatus>;

export const ScannerStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ready') }),
  z.object({ state: z.literal('error'), type: z.enum(['disconnected', 'timeout']) }),
]);
export type ScannerStatus = z.infer<typeof ScannerStatus>;

/**
 * The A4 document printer (proofs, certificates) through CUPS: idle or printing with the queue's
 * length and low supplies, or a fault CUPS reports (printer-state-reasons), or CUPS itself
 * unreachable / the queue missing. `absent` when the terminal has none configured.
 */
const Supplies = { queued: z.number().int().min(0), paperLow: z.boolean(), tonerLow: z.boolean() };
export const DocumentPrinterStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle'), ...Supplies }),
  z.object({ state: z.literal('printing'), ...Supplies }),
  z.object({ state: z.literal('error'), type: z.enum(['paper-out', 'toner-out', 'jammed', 'door-open', 'offline', 'not-accepting', 'unreachable', 'no-queue']), ...Supplies }),
  z.object({ state: z.literal('absent') }),
]);
export type DocumentPrinterStatus = z.infer<typeof DocumentPrinterStatus>;

/** The bridge can only tell whether a video device node exists; the browser owns the stream. */
export const CameraStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('present'), devices: z.array(z.string()) }),
  z.object({ state: z.literal('absent') }),
  z.object({ state: z.literal('browser-managed') }),
]);
export type CameraStatus = z.infer<typeof CameraStatus>;

export const DeviceStatuses = z.object({
  idcard: IdCardReaderStatus,
  printer: PrinterStatus,
  qr: ScannerStatus,
  camera: CameraStatus,
});
export type DeviceStatuses = z.infer<typeof DeviceStatuses>;

export { readerCanRead } from './device-checks';
