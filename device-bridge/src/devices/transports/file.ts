/**
 * USB printer class device (`/dev/usb/lp*`, usblp driver): written and read as a file. The kernel
 * passes the printer's status replies back on read(); a read that fails (ENODEV) is an unplug.
 * The device is opened non-blocking (usblp supports it), so a read with nothing to say returns
 * EAGAIN at once instead of holding one of libuv's thread-pool threads; the loop then pauses 20 ms.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { TransportBase, type ByteTransport, type OpenTransport } from '../transport';

class FileTransport extends TransportBase implements ByteTransport {
  private reading = true;

  constructor(private readonly handle: FileHandle) {
    super();
    void this.readLoop();
  }

  private async readLoop(): Promise<void> {
    const buf = Buffer.alloc(256);
    while (this.reading && !this.closed) {
      try {
        const { bytesRead } = await this.handle.read(buf, 0, buf.length, null);
        if (bytesRead > 0) this.deliver(new Uint8Array(buf.subarray(0, bytesRead)));
        else await new Promise((r) => setTimeout(r, 20));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        this.markClosed(error as Error);
        return;
      }
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('device closed');
    try {
      await this.handle.write(bytes);
    } catch (error) {
      this.markClosed(error as Error);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.reading = false;
    this.markClosed();
    await this.handle.close().catch(() => undefined);
  }
}

export function fileOpener(path: string): OpenTransport {
  return async () => new FileTransport(await open(path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY));
}
