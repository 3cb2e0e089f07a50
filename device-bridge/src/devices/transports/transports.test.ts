import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { identityPresets } from '../idcard/presets';
import type { CardRead } from '../idcard/reader';
import { SamIdCardReader } from '../idcard/sam-reader';
import { SamSimulator } from '../idcard/sam-simulator';
import { renderEscPos } from '../printer/escpos';
import { EscPosPrinter } from '../printer/escpos-printer';
import { SimulatedEscPosPrinter } from '../printer/simulated-printer';
import { CdcLineDecoder, encodeScan, HidPosDecoder, hidPosLayout } from '../qr/decoders';
import { TransportQrScanner } from '../qr/transport-scanner';
import { ReconnectingPort } from '../reconnecting-port';
import { HidTransport, type HidDeviceLike } from './hid';
import { openerForSpec } from './index';
import { tcpOpener } from './tcp';

async function eventually(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met: ${cond.toString()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A fake of node-hid's opened HIDAsync device: the one seam that cannot run here (no /dev/hidraw,
 * no /dev/uhid on these machines). Behind it sits the byte-level SAM simulator; reports are 64
 * bytes, zero padded, as a HID reader sends them.
 */
class FakeHidDevice implements HidDeviceLike {
  readonly written: Buffer[] = [];
  private listeners: { data: ((d: Buffer) => void)[]; error: ((e: Error) => void)[] } = { data: [], error: [] };
  closed = false;

  constructor(private readonly sim?: SamSimulator) {
    sim?.onData((bytes) => {
      for (let i = 0; i < bytes.length; i += 64) {
        const report = Buffer.alloc(64);
        Buffer.from(bytes.subarray(i, i + 64)).copy(report);
        setImmediate(() => this.listeners.data.forEach((l) => l(report)));
      }
    });
  }

  on(event: 'data' | 'error', listener: never): unknown {
    (this.listeners[event] as unknown[]).push(listener);
    return this;
  }

  async write(values: number[] | Buffer): Promise<number> {
    if (this.closed) throw new Error('could not write to HID device');
    const report = Buffer.from(values);
    this.written.push(report);
    this.sim?.write(report.subarray(1));
    return report.length;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  emitReport(report: Buffer): void {
    this.listeners.data.forEach((l) => l(report));
  }

  unplug(): void {
    this.listeners.error.forEach((l) => l(new Error('could not read from HID device')));
  }
}

describe('HID transport (at the node-hid seam)', () => {
  it('writes 64-byte reports with the report id, zero padded', async () => {
    const dev = new FakeHidDevice();
    const t = new HidTransport(dev);
    await t.write(new Uint8Array(100).fill(7));
    expect(dev.written.map((r) => r.length)).toEqual([64, 64]);
    expect(dev.written[0]![0]).toBe(0);
    expect(dev.written[1]!.subarray(1, 38)).toEqual(Buffer.alloc(37, 7));
    expect(dev.written[1]!.subarray(38)).toEqual(Buffer.alloc(26));
  });

  it('carries the real SAM driver: reads a card, and a read error (unplug) is a disconnect', async () => {
    const sim = new SamSimulator();
    let dev = new FakeHidDevice(sim);
    let plugged = true;
    const reader = new SamIdCardReader({
      open: async () => {
        if (!plugged) throw new Error('no such HID device');
        return new HidTransport((dev = new FakeHidDevice(sim)));
      },
      delays: { RECONNECT_DELAY_MS: 20, FIND_INTERVAL_MS: 20, PRESENCE_INTERVAL_MS: 20 },
    });
    const cards: CardRead[] = [];
    reader.on('card', (c) => cards.push(c));
    sim.placeIdentity(identityPresets['hk-resident']);
    await eventually(() => cards.length === 1);
    expect(cards[0]!.identity).toEqual(identityPresets['hk-resident']);
    plugged = false;
    dev.unplug();
    await eventually(() => reader.status().state === 'error');
    expect(reader.status()).toEqual({ state: 'error', type: 'disconnected' });
    plugged = true;
    await eventually(() => reader.status().state !== 'error');
    await reader.close();
  });
});

describe('HID-POS scanner (at the node-hid seam)', () => {
  it('decodes scanned-data reports through the HID transport and reports an unplug', async () => {
    let dev = new FakeHidDevice();
    const scanner = new TransportQrScanner(async () => new HidTransport((dev = new FakeHidDevice())), () => new HidPosDecoder());
    const codes: string[] = [];
    scanner.on('scan', (c) => codes.push(c));
    await eventually(() => scanner.status().state === 'ready');
    const code = 'https://zwfw.example.gov.cn/eid?token=' + 'z'.repeat(90);
    const bytes = encodeScan(code, 'hid-pos');
    for (let i = 0; i < bytes.length; i += 64) dev.emitReport(Buffer.from(bytes.subarray(i, i + 64)));
    await eventually(() => codes.length === 1);
    expect(codes).toEqual([code]);
    dev.unplug();
    expect(scanner.status()).toEqual({ state: 'error', type: 'disconnected' });
    await scanner.close();
  });
});

describe('scanner decoders', () => {
  it('CDC: CR, LF and CR LF terminators; UTF-8; split chunks', () => {
    const d = new CdcLineDecoder();
    expect(d.push(new TextEncoder().encode('abc\rdef\n'))).toEqual(['abc', 'def']);
    expect(d.push(new TextEncoder().encode('电子'))).toEqual([]);
    expect(d.push(new TextEncoder().encode('证照\r\n'))).toEqual(['电子证照']);
  });

  it('HID-POS: one code over several reports, other report ids ignored, split delivery', () => {
    const code = 'https://zwfw.example.gov.cn/eid?token=' + 'x'.repeat(100);
    const bytes = encodeScan(code, 'hid-pos');
    expect(bytes.length).toBe(3 * hidPosLayout.reportSize);
    const status = new Uint8Array(64);
    status[0] = 0x04;
    const d = new HidPosDecoder();
    expect(d.push(status)).toEqual([]);
    expect(d.push(bytes.subarray(0, 100))).toEqual([]);
    expect(d.push(bytes.subarray(100))).toEqual([code]);
    expect(d.push(encodeScan('二维码', 'hid-pos'))).toEqual(['二维码']);
  });
});

describe('raw TCP 9100 printer transport', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('prints over a real socket, reports a dropped connection, reconnects on the next poll', async () => {
    const sim = new SimulatedEscPosPrinter();
    const sockets = new Set<Socket>();
    server = createServer((socket) => {
      sockets.add(socket);
      const off = sim.onData((b) => socket.write(b));
      socket.on('data', (b) => sim.write(new Uint8Array(b)));
      socket.on('close', () => (off(), sockets.delete(socket)));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    expect(openerForSpec(`tcp:127.0.0.1:${port}`, 9600)).not.toBeNull();
    const printer = new EscPosPrinter(new ReconnectingPort(tcpOpener('127.0.0.1', port)));
    expect(await printer.print(renderEscPos('# 测试\n\n受理编号 SL1\n'))).toEqual({ ok: true, value: undefined });
    expect(sim.jobs()[0]!.text).toContain('受理编号 SL1');

    for (const s of sockets) s.destroy();
    await eventually(() => sockets.size === 0);
    // The first poll after the drop may still see the old socket closing; the next one reconnects.
    let status = await printer.getStatus();
    if (status.state !== 'idle') status = await printer.getStatus();
    expect(status).toEqual({ state: 'idle', paper: 'ok' });
  });

  it('reports a printer nobody answers for as disconnected', async () => {
    const printer = new EscPosPrinter(new ReconnectingPort(tcpOpener('127.0.0.1', 1, 500)));
    expect(await printer.getStatus()).toEqual({ state: 'error', type: 'disconnected' });
  });
});

describe('openerForSpec', () => {
  it('knows serial, hid, tcp and file specs, and nothing else', () => {
    for (const spec of ['serial:/dev/ttyUSB0@115200', 'serial:/dev/serial/by-id/usb-x', 'hid:0400:c35a', 'tcp:10.0.0.5:9100', 'file:/dev/usb/lp0']) {
      expect(openerForSpec(spec, 9600), spec).not.toBeNull();
    }
    expect(openerForSpec('simulated', 9600)).toBeNull();
  });
});
