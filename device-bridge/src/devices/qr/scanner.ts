/**
 * QR / barcode scanner: emits each decoded code. Real and simulated scanners are both read by
 * TransportQrScanner (qr/transport-scanner.ts); the simulated one (qr/simulated-scanner.ts) is fed
 * by /sim/qr and sends the same bytes a CDC scanner sends.
 */
import type { ScannerStatus } from '../../../../core/protocol/devices';
import { Emitter } from '../emitter';

export type QrScannerEvents = { status: ScannerStatus; scan: string };

export abstract class QrScanner extends Emitter<QrScannerEvents> {
  abstract status(): ScannerStatus;
  abstract close(): Promise<void>;
}

