/**
 * Serial transport (serialport 13): USB-serial readers (/dev/ttyUSB*, /dev/ttyACM*, stable names
 * under /dev/serial/by-id/), printers and CDC scanners. An unplug closes the port with an error
 * whose `disconnected` is true; some platforms hang instead, which the drivers' status polls and
 * timeouts catch. serialport is imported on first open: a terminal with simulated or USB-HID devices
 * never loads it (about 40 ms of the bridge's start).
 */
import type { SerialPort } from 'serialport';
import { TransportBase, type ByteTransport, type OpenTransport } from '../transport';

class SerialTransport extends TransportBase implements ByteTransport {
  constructor(private readonly port: SerialPort) {
    super();
    port.on('data', (chunk: Buffer) => this.deliver(new Uint8Array(chunk)));
    port.on('close', (error?: Error & { disconnected?: boolean }) => this.markClosed(error ?? undefined));
    port.on('error', (error: Error) => this.markClosed(error));
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('port closed'));
    return new Promise((resolve, reject) => {
      this.port.write(Buffer.from(bytes), (error) => {
        if (error) return reject(error);
        this.port.drain((e) => (e ? reject(e) : resolve()));
      });
    });
  }

  close(): Promise<void> {
    if (this.closed || !this.port.isOpen) return (this.markClosed(), Promise.resolve());
    return new Promise((resolve) => this.port.close(() => (this.markClosed(), resolve())));
  }
}

export function serialOpener(path: string, baudRate: number): OpenTransport {
  return async () => {
    const { SerialPort } = await import('serialport');
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate, dataBits: 8, stopBits: 1, parity: 'none', autoOpen: false });
      port.open((error) => (error ? reject(error) : resolve(new SerialTransport(port))));
    });
  };
}
