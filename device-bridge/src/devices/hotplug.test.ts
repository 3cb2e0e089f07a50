import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HotplugWatcher, hotplugDelays, pathsOfSpecs, type HotplugEvent, type UsbEventTarget } from './hotplug';
import { SamIdCardReader, samReaderDelays } from './idcard/sam-reader';
import { SamSimulator } from './idcard/sam-simulator';
import { ManualClock } from './printer/manual-clock';
import { inProcessOpener } from './transport';

describe('hotplug', () => {
  it('polls configured device paths and reports attach and detach', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotplug-'));
    const node = join(dir, 'ttyUSB0');
    const clock = new ManualClock();
    const w = new HotplugWatcher({ paths: [node], clock });
    const events: HotplugEvent[] = [];
    w.on('change', (e) => events.push(e));
    clock.advance(hotplugDelays.PATH_POLL_INTERVAL_MS);
    expect(events).toEqual([]);
    writeFileSync(node, '');
    clock.advance(hotplugDelays.PATH_POLL_INTERVAL_MS);
    rmSync(node);
    clock.advance(hotplugDelays.PATH_POLL_INTERVAL_MS);
    expect(events).toEqual([
      { type: 'attach', source: 'path', id: node },
      { type: 'detach', source: 'path', id: node },
    ]);
    w.close();
  });

  it('turns usb connect/disconnect events into attach/detach (a fake of usb 3.x: no USB bus here)', () => {
    const listeners = new Map<string, (ev: { device: { vendorId: number; productId: number } }) => void>();
    const usb: UsbEventTarget = {
      addEventListener: (type, l) => listeners.set(type, l),
      removeEventListener: (type) => listeners.delete(type),
    };
    const w = new HotplugWatcher({ usb });
    const events: HotplugEvent[] = [];
    w.on('change', (e) => events.push(e));
    listeners.get('connect')!({ device: { vendorId: 0x0400, productId: 0xc35a } });
    listeners.get('disconnect')!({ device: { vendorId: 0x0400, productId: 0xc35a } });
    expect(events).toEqual([
      { type: 'attach', source: 'usb', id: '0400:c35a' },
      { type: 'detach', source: 'usb', id: '0400:c35a' },
    ]);
    w.close();
    expect(listeners.size).toBe(0);
  });

  it('a nudge reconnects a disconnected reader at once instead of after RECONNECT_DELAY_MS', async () => {
    const clock = new ManualClock();
    const sim = new SamSimulator({ clock });
    const reader = new SamIdCardReader({ open: inProcessOpener(sim), clock, delays: { RECONNECT_DELAY_MS: 60_000 } });
    const turns = async () => {
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    };
    await turns();
    expect(reader.status()).toEqual({ state: 'ready' });
    sim.setConnected(false);
    await turns();
    expect(reader.status()).toEqual({ state: 'error', type: 'disconnected' });
    sim.setConnected(true);
    reader.nudge();
    await turns();
    expect(reader.status()).toEqual({ state: 'ready' });
    expect(clock.elapsed).toBeLessThan(samReaderDelays.RECONNECT_DELAY_MS);
    await reader.close();
  });

  it('knows which specs name a device path', () => {
    expect(pathsOfSpecs(['serial:/dev/ttyUSB0@115200', 'file:/dev/usb/lp0', 'hid:0400:c35a', 'tcp:10.0.0.5:9100', 'simulated'])).toEqual(['/dev/ttyUSB0', '/dev/usb/lp0']);
  });
});
