/**
 * The embedded default scanner: the real TransportQrScanner driver reading a byte-level scanner
 * simulator (CDC mode) over an in-process stream. /sim/qr drives it.
 */
import type { ScannerStatus } from '../../../../core/protocol/devices';
import { inProcessOpener } from '../transport';
import { CdcLineDecoder, HidPosDecoder } from './decoders';
import { ScannerSimulator } from './scanner-simulator';
import { TransportQrScanner } from './transport-scanner';

export class SimulatedQrScanner {
  readonly device: ScannerSimulator;
  readonly scanner: TransportQrScanner;

  constructor(mode: 'cdc' | 'hid-pos' = 'cdc') {
    this.device = new ScannerSimulator(mode);
    this.scanner = new TransportQrScanner(inProcessOpener(this.device), () => (mode === 'cdc' ? new CdcLineDecoder() : new HidPosDecoder()));
  }

  status(): ScannerStatus {
    return this.scanner.status();
  }

  /** Scans `data`; resolves once the driver has decoded it (or after a second). */
  scan(data: string): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), 1000);
      const off = this.scanner.on('scan', (code) => code === data && done());
      function done() {
        clearTimeout(timer);
        off();
        resolve();
      }
      this.device.scan(data);
    });
  }

  setConnected(connected: boolean): void {
    this.device.setConnected(connected);
  }
}
