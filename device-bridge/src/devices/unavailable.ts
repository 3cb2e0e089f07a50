/**
 * Devices whose configured transport this build cannot drive. They report a disconnected status,
 * so the kiosk offers its alternatives and maintenance sees the fault; they never pretend to work.
 */
import type { IdCardReaderStatus, PrinterStatus, ScannerStatus } from '../../../core/protocol/devices';
import { err, type Result } from '../../../core/result';
import { IdCardReader } from './idcard/reader';
import type { PrintFailure, ReceiptPrinter } from './printer/escpos-printer';
import { QrScanner } from './qr/scanner';

export class UnavailableIdCardReader extends IdCardReader {
  status(): IdCardReaderStatus {
    return { state: 'error', type: 'disconnected' };
  }
  async close(): Promise<void> {}
}

export class UnavailablePrinter implements ReceiptPrinter {
  async getStatus(): Promise<PrinterStatus> {
    return { state: 'error', type: 'disconnected' };
  }
  async print(): Promise<Result<void, PrintFailure>> {
    return err({ reason: 'offline', message: 'no driver for the configured printer transport' });
  }
}

export class UnavailableQrScanner extends QrScanner {
  status(): ScannerStatus {
    return { state: 'error', type: 'disconnected' };
  }
  async close(): Promise<void> {}
}
