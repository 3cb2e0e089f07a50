/**
 * HID transport (node-hid 3, async API, hidraw backend). Readers that enumerate as HID carry the
 * SAM frames in fixed-size reports; the report layout is vendor-specific and unconfirmed, so it is
 * configurable: each output report is `reportId` followed by up to `reportSize` payload bytes, zero
 * padded; input reports are handed to the driver minus the report id (the SAM frame parser skips
 * the zero padding as inter-frame noise).
 *
 * node-hid has no disconnect event: an unplug surfaces as an 'error' on the device, which closes
 * the transport. HID cannot be exercised on these machines (no /dev/hidraw, no /dev/uhid), so the
 * tests run this class against a fake of the opened device object — the narrowest seam.
 */
import { TransportBase, type ByteTransport, type OpenTransport } from '../transport';

/** The part of node-hid's HIDAsync this transport uses (the seam the tests fake). */
export interface HidDeviceLike {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}

export interface HidFraming {
  reportId: number;
  /** Payload bytes per report (64-byte reports with a report id byte: 63). */
  reportSize: number;
  /** Strip this many leading bytes from input reports (the report id, when the OS passes it up). */
  inputHeader: number;
}

export const defaultHidFraming: HidFraming = { reportId: 0x00, reportSize: 63, inputHeader: 0 };

export class HidTransport extends TransportBase implements ByteTransport {
  constructor(
    private readonly device: HidDeviceLike,
    private readonly framing: HidFraming = defaultHidFraming,
  ) {
    super();
    device.on('data', (data) => this.deliver(new Uint8Array(data.subarray(framing.inputHeader))));
    device.on('error', (error) => {
      this.markClosed(error);
      void device.close().catch(() => undefined);
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('device closed');
    const { reportId, reportSize } = this.framing;
    for (let i = 0; i < bytes.length; i += reportSize) {
      const report = Buffer.alloc(reportSize + 1);
      report[0] = reportId;
      Buffer.from(bytes.subarray(i, i + reportSize)).copy(report, 1);
      try {
        await this.device.write(report);
      } catch (error) {
        this.markClosed(error as Error);
        throw error;
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.markClosed();
    await this.device.close().catch(() => undefined);
  }
}

export function hidOpener(vendorId: number, productId: number, framing: HidFraming = defaultHidFraming): OpenTransport {
  return async () => {
    // Loaded on first use: the native module is only needed where a HID device is configured.
    const { HIDAsync } = await import('node-hid');
    const device = await HIDAsync.open(vendorId, productId);
    return new HidTransport(device as unknown as HidDeviceLike, framing);
  };
}
