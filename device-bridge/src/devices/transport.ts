/**
 * The byte-stream seam every driver sits on: serial ports, HID reports, raw TCP, a printer class
 * device file, or the in-process link to a simulator. Drivers see only this, so the same driver code
 * runs against real devices, pty pairs and simulators.
 *
 * A transport that goes away (unplug, socket closed, read error) fires `onClose` once; the driver
 * turns that into a "disconnected" status and reopens lazily through its `OpenTransport`.
 */
export interface ByteTransport {
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (bytes: Uint8Array) => void): () => void;
  onClose(listener: (error?: Error) => void): () => void;
  close(): Promise<void>;
}

/** Opens a fresh transport; rejects when the device is not there (yet). */
export type OpenTransport = () => Promise<ByteTransport>;

/** A device simulator that speaks bytes, as the in-process link sees it. */
export interface ByteDevice {
  /** Bytes from the host. */
  write(bytes: Uint8Array): void;
  /** Bytes to the host. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  readonly connected: boolean;
  onConnection(listener: (connected: boolean) => void): () => void;
}

/** Shared bookkeeping for transports: listener sets and a once-only close. */
export class TransportBase {
  protected readonly dataListeners = new Set<(bytes: Uint8Array) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();
  protected closed = false;

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    if (this.closed) {
      queueMicrotask(() => listener());
      return () => {};
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  protected deliver(bytes: Uint8Array): void {
    if (this.closed) return;
    for (const l of this.dataListeners) l(bytes);
  }

  /** Marks the transport closed and tells the listeners, once. */
  protected markClosed(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.closeListeners) l(error);
    this.closeListeners.clear();
    this.dataListeners.clear();
  }
}

/**
 * The in-process byte link between a driver and a simulator. Asynchronous in both directions
 * (setImmediate), in packets like a USB-serial adapter, so the driver meets split and merged chunks.
 */
class InProcessLink extends TransportBase implements ByteTransport {
  private readonly detach: (() => void)[];

  constructor(
    private readonly device: ByteDevice,
    private readonly packetBytes: number,
  ) {
    super();
    this.detach = [
      device.onData((bytes) => {
        const copy = bytes.slice();
        setImmediate(() => this.deliver(copy));
      }),
      device.onConnection((connected) => {
        if (!connected) this.shutdown(new Error('device unplugged'));
      }),
    ];
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.closed || !this.device.connected) throw new Error('port closed');
    const copy = bytes.slice();
    for (let i = 0; i < copy.length; i += this.packetBytes) {
      await new Promise<void>((r) => setImmediate(r));
      if (this.closed) throw new Error('port closed');
      this.device.write(copy.subarray(i, i + this.packetBytes));
    }
  }

  async close(): Promise<void> {
    this.shutdown();
  }

  private shutdown(error?: Error): void {
    this.detach.forEach((d) => d());
    this.markClosed(error);
  }
}

export function inProcessOpener(device: ByteDevice, packetBytes = 64): OpenTransport {
  return async () => {
    if (!device.connected) throw new Error('no such device');
    return new InProcessLink(device, packetBytes);
  };
}
