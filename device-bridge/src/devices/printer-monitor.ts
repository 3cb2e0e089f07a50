/**
 * Polls the receipt printer's real-time status (DLE EOT) and publishes it on change, so the kiosk
 * and /healthz know the paper is out before a citizen needs a receipt, not after.
 */
import type { PrinterStatus } from '../../../core/protocol/devices';
import { Emitter } from './emitter';
import type { ReceiptPrinter } from './printer/escpos-printer';

export const printerMonitorDelays = { POLL_INTERVAL_MS: 2000 };

export class PrinterMonitor extends Emitter<{ status: PrinterStatus }> {
  private current: PrinterStatus = { state: 'error', type: 'offline' };
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<PrinterStatus> | null = null;

  constructor(private readonly printer: ReceiptPrinter) {
    super();
  }

  status(): PrinterStatus {
    return this.current;
  }

  start(): Promise<PrinterStatus> {
    const tick = async () => {
      await this.poll();
      this.timer = setTimeout(tick, printerMonitorDelays.POLL_INTERVAL_MS);
      this.timer.unref();
    };
    return tick().then(() => this.current);
  }

  /** Poll now (e.g. right after a print or a simulator change); concurrent calls share one poll. */
  poll(): Promise<PrinterStatus> {
    if (this.polling) return this.polling;
    this.polling = this.printer
      .getStatus()
      .catch((): PrinterStatus => ({ state: 'error', type: 'disconnected' }))
      .then((status) => {
        this.polling = null;
        if (JSON.stringify(status) !== JSON.stringify(this.current)) {
          this.current = status;
          this.emit('status', status);
        }
        return status;
      });
    return this.polling;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
