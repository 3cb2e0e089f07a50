/**
 * A QR/barcode scanner read over a byte transport (serial CDC or HID-POS). It opens the transport,
 * reports "ready", decodes scans, and on a lost link reports "disconnected" and reopens it every
 * RECONNECT_DELAY_MS (lazy, automatic: no bridge restart).
 */
import type { ScannerStatus } from '../../../../core/protocol/devices';
import type { Clock } from '../printer/escpos-printer';
import { systemClock } from '../printer/escpos-printer';
import type { ByteTransport, OpenTransport } from '../transport';
import type { ScanDecoder } from './decoders';
import { QrScanner } from './scanner';

export const scannerDelays = { RECONNECT_DELAY_MS: 1000 };

export class TransportQrScanner extends QrScanner {
  private current: ScannerStatus = { state: 'error', type: 'disconnected' };
  private transport: ByteTransport | null = null;
  private timer: unknown = null;
  private stopped = false;
  private readonly clock: Clock;

  constructor(
    private readonly open: OpenTransport,
    private readonly makeDecoder: () => ScanDecoder,
    options: { clock?: Clock } = {},
  ) {
    super();
    this.clock = options.clock ?? systemClock;
    void this.connect();
  }

  status(): ScannerStatus {
    return this.current;
  }

  /** A hotplug source saw a device arrive: reconnect now if disconnected. */
  nudge(): void {
    if (this.transport || this.timer === null || this.stopped) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    void this.connect();
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    const t = this.transport;
    this.transport = null;
    await t?.close();
  }

  private async connect(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    let t: ByteTransport;
    try {
      t = await this.open();
    } catch {
      this.setStatus({ state: 'error', type: 'disconnected' });
      return this.retry();
    }
    if (this.stopped) return void t.close();
    this.transport = t;
    const decoder = this.makeDecoder();
    t.onData((bytes) => decoder.push(bytes).forEach((code) => this.emit('scan', code)));
    t.onClose(() => {
      if (this.transport !== t) return;
      this.transport = null;
      this.setStatus({ state: 'error', type: 'disconnected' });
      this.retry();
    });
    this.setStatus({ state: 'ready' });
  }

  private retry(): void {
    if (this.stopped || this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => void this.connect(), scannerDelays.RECONNECT_DELAY_MS);
  }

  private setStatus(status: ScannerStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.current)) return;
    this.current = status;
    this.emit('status', status);
  }
}
