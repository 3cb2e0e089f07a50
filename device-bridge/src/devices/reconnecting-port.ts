/**
 * A byte port that (re)opens its transport lazily: the first write after an unplug opens it
 * again, so a driver polling its device (the printer's DLE EOT, every 2 s) reconnects by itself
 * and a disconnect is only ever a status. Data listeners survive reconnections.
 */
import type { PrinterPort } from './printer/escpos-printer';
import type { ByteTransport, OpenTransport } from './transport';

export class ReconnectingPort implements PrinterPort {
  private transport: ByteTransport | null = null;
  private opening: Promise<ByteTransport> | null = null;
  private readonly listeners = new Set<(bytes: Uint8Array) => void>();
  private closed = false;

  constructor(private readonly open: OpenTransport) {}

  get connected(): boolean {
    return this.transport !== null;
  }

  async write(bytes: Uint8Array): Promise<void> {
    const t = await this.ensureOpen();
    await t.write(bytes);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    const t = this.transport;
    this.transport = null;
    await t?.close();
  }

  abandon(): void {
    const t = this.transport;
    this.transport = null;
    void t?.close().catch(() => undefined);
  }

  private ensureOpen(): Promise<ByteTransport> {
    if (this.closed) return Promise.reject(new Error('port closed'));
    if (this.transport) return Promise.resolve(this.transport);
    this.opening ??= this.open()
      .then((t) => {
        this.transport = t;
        t.onData((bytes) => {
          if (this.transport === t) this.listeners.forEach((l) => l(bytes));
        });
        t.onClose(() => {
          if (this.transport === t) this.transport = null;
        });
        return t;
      })
      .finally(() => (this.opening = null));
    return this.opening;
  }
}
