/** A scanner that speaks bytes (CDC lines or HID-POS reports), for the embedded default and tests. */
import { Emitter } from '../emitter';
import type { ByteDevice } from '../transport';
import { encodeScan } from './decoders';

export class ScannerSimulator extends Emitter<{ data: Uint8Array; connection: boolean }> implements ByteDevice {
  private plugged = true;

  constructor(readonly mode: 'cdc' | 'hid-pos' = 'cdc') {
    super();
  }

  scan(code: string): void {
    if (this.plugged) this.emit('data', encodeScan(code, this.mode));
  }

  setConnected(connected: boolean): void {
    if (connected === this.plugged) return;
    this.plugged = connected;
    this.emit('connection', connected);
  }

  get connected(): boolean {
    return this.plugged;
  }

  write(): void {
    // Scanners in these modes take no commands from the host.
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.on('data', listener);
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    return this.on('connection', listener);
  }
}
