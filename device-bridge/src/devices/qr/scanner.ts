/** QR / barcode scanner: emits each decoded code. The simulated one is fed by /sim/qr. */
import type { ScannerStatus } from '../../../../core/protocol/devices';
import { Emitter } from '../emitter';

export type QrScannerEvents = { status: ScannerStatus; scan: string };

export abstract class QrScanner extends Emitter<QrScannerEvents> {
  abstract status(): ScannerStatus;
  abstract close(): Promise<void>;
}

export class SimulatedQrScanner extends QrScanner {
  private current: ScannerStatus = { state: 'ready' };

  status(): ScannerStatus {
    return this.current;
  }

  scan(data: string): void {
    if (this.current.state !== 'ready') return;
    this.emit('scan', data);
  }

  setConnected(connected: boolean): void {
    this.current = connected ? { state: 'ready' } : { state: 'error', type: 'disconnected' };
    this.emit('status', this.current);
  }

  async close(): Promise<void> {}
}
