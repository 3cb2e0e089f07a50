/**
 * Hotplug: tells the drivers the moment a device comes or goes, so reconnection happens at once
 * instead of at the next retry. The drivers never depend on it — each reopens its transport by
 * itself — so a missing source only costs up to one retry interval.
 *
 * Two sources, merged:
 * - the `usb` package (3.x, WebUSB-shaped: `usb.addEventListener('connect' | 'disconnect')`), for
 *   any USB device including HID readers and scanners; it needs libusb and a USB bus;
 * - polling of the configured device paths (/dev/ttyUSB0, /dev/serial/by-id/…, /dev/usb/lp0), which
 *   works everywhere, including containers without a USB bus and pseudo-terminals.
 * Neither a USB bus nor udev exists on these build machines: the usb source is tested through a
 * fake of its event target (the seam), the polling source against real files.
 */
import { existsSync } from 'node:fs';
import { Emitter } from './emitter';
import type { Clock } from './printer/escpos-printer';
import { systemClock } from './printer/escpos-printer';

export type HotplugEvent = { type: 'attach' | 'detach'; source: 'usb' | 'path'; id: string };

export const hotplugDelays = { PATH_POLL_INTERVAL_MS: 1000 };

/** The part of usb 3.x's `usb` object the watcher uses. */
export interface UsbEventTarget {
  addEventListener(type: 'connect' | 'disconnect', listener: (ev: { device: { vendorId: number; productId: number } }) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: (ev: { device: { vendorId: number; productId: number } }) => void): void;
}

export class HotplugWatcher extends Emitter<{ change: HotplugEvent }> {
  private present = new Map<string, boolean>();
  private timer: unknown = null;
  private readonly stops: (() => void)[] = [];
  private readonly clock: Clock;

  constructor(options: { paths?: string[]; usb?: UsbEventTarget; clock?: Clock } = {}) {
    super();
    this.clock = options.clock ?? systemClock;
    for (const p of options.paths ?? []) this.present.set(p, existsSync(p));
    if (this.present.size) this.schedule();
    if (options.usb) this.watchUsb(options.usb);
  }

  close(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.stops.forEach((s) => s());
  }

  private watchUsb(usb: UsbEventTarget): void {
    const id = (ev: { device: { vendorId: number; productId: number } }) =>
      `${ev.device.vendorId.toString(16).padStart(4, '0')}:${ev.device.productId.toString(16).padStart(4, '0')}`;
    const onConnect = (ev: { device: { vendorId: number; productId: number } }) => this.emit('change', { type: 'attach', source: 'usb', id: id(ev) });
    const onDisconnect = (ev: { device: { vendorId: number; productId: number } }) => this.emit('change', { type: 'detach', source: 'usb', id: id(ev) });
    usb.addEventListener('connect', onConnect);
    usb.addEventListener('disconnect', onDisconnect);
    this.stops.push(() => {
      usb.removeEventListener('connect', onConnect);
      usb.removeEventListener('disconnect', onDisconnect);
    });
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      for (const [path, was] of this.present) {
        const now = existsSync(path);
        if (now === was) continue;
        this.present.set(path, now);
        this.emit('change', { type: now ? 'attach' : 'detach', source: 'path', id: path });
      }
      this.schedule();
    }, hotplugDelays.PATH_POLL_INTERVAL_MS);
    (this.timer as { unref?: () => void }).unref?.();
  }
}

/** The device paths worth polling for a set of specs (serial: and file: specs name one). */
export function pathsOfSpecs(specs: string[]): string[] {
  return specs.flatMap((s) => {
    const m = /^(?:serial|file):([^@\s]+)/.exec(s);
    return m ? [m[1]!] : [];
  });
}

/** The usb package's event target, or null where libusb or a USB bus is missing. */
export async function loadUsbEvents(): Promise<UsbEventTarget | null> {
  // Without a USB bus in sysfs, usb 3.x rejects inside its listener bookkeeping, where nobody can
  // catch it (an unhandled rejection ends the process): check first, and probe once.
  if (!existsSync('/sys/bus/usb/devices')) return null;
  try {
    const { usb } = await import('usb');
    await usb.getDevices();
    return usb as unknown as UsbEventTarget;
  } catch {
    return null;
  }
}
