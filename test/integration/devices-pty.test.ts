/**
 * Serial round trips over real pseudo-terminal pairs (socat) at 115200 baud: the real drivers on
 * one end (serialport), the byte-level simulators on the other. Killing socat is an unplug;
 * starting it again on the same paths is a replug, and each driver must recover by itself.
 * (ptys do not throttle to the baud rate: the SAM simulator paces its replies at 115200 itself.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';
import type { CardRead } from '../../device-bridge/src/devices/idcard/reader';
import { SamIdCardReader } from '../../device-bridge/src/devices/idcard/sam-reader';
import { SamSimulator } from '../../device-bridge/src/devices/idcard/sam-simulator';
import { renderEscPos } from '../../device-bridge/src/devices/printer/escpos';
import { EscPosPrinter } from '../../device-bridge/src/devices/printer/escpos-printer';
import { SimulatedEscPosPrinter } from '../../device-bridge/src/devices/printer/simulated-printer';
import { CdcLineDecoder } from '../../device-bridge/src/devices/qr/decoders';
import { ScannerSimulator } from '../../device-bridge/src/devices/qr/scanner-simulator';
import { TransportQrScanner } from '../../device-bridge/src/devices/qr/transport-scanner';
import { ReconnectingPort } from '../../device-bridge/src/devices/reconnecting-port';
import type { ByteTransport } from '../../device-bridge/src/devices/transport';
import { fileOpener } from '../../device-bridge/src/devices/transports/file';
import { serialOpener } from '../../device-bridge/src/devices/transports/serial';
import { acceptanceReceiptMarkdown } from '../../core/receipt/acceptance-receipt';
import { sampleReceipt } from '../../core/receipt/sample-receipt';
import { createServer } from 'node:net';
import { api, startBridge } from '../support/bridge-process';
import { startPtyPair, type PtyPair } from '../support/pty';

const BAUD = 115_200;

/** The simulator's end of the cable: bytes from the pty go to the device and back. */
async function deviceEnd(path: string, device: { write(b: Uint8Array): void; onData(l: (b: Uint8Array) => void): () => void }): Promise<ByteTransport> {
  const port = await serialOpener(path, BAUD)();
  const off = device.onData((bytes) => void port.write(bytes).catch(() => undefined));
  port.onData((bytes) => device.write(bytes));
  port.onClose(() => off());
  return port;
}

async function eventually(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`condition not met in time: ${cond.toString()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function pty(): Promise<PtyPair> {
  const pair = await startPtyPair();
  cleanups.push(() => pair.stop());
  return pair;
}

describe('over a real pty pair at 115200', () => {
  it('ID card reader: reads a card, reports the unplug, recovers after the replug', async () => {
    const pair = await pty();
    const sim = new SamSimulator({ baud: BAUD });
    let end = await deviceEnd(pair.b, sim);
    const reader = new SamIdCardReader({ open: serialOpener(pair.a, BAUD) });
    cleanups.push(() => reader.close());
    const cards: CardRead[] = [];
    reader.on('card', (c) => cards.push(c));

    await eventually(() => reader.status().state === 'ready');
    sim.placeIdentity(identityPresets['rare-name']);
    await eventually(() => cards.length === 1);
    expect(cards[0]!.identity).toEqual(identityPresets['rare-name']);
    expect(cards[0]!.photo).toHaveLength(1024);

    await pair.stop();
    await eventually(() => JSON.stringify(reader.status()) === JSON.stringify({ state: 'error', type: 'disconnected' }));
    await end.close();

    await pair.restart();
    end = await deviceEnd(pair.b, sim);
    cleanups.push(() => end.close());
    sim.removeCard();
    await eventually(() => reader.status().state === 'ready');
    sim.placeIdentity(identityPresets.foreigner);
    await eventually(() => cards.length === 2);
    expect(cards[1]!.identity).toEqual(identityPresets.foreigner);
  });

  it('receipt printer: prints a receipt, reports paper out, reconnects lazily after the replug', async () => {
    const pair = await pty();
    const sim = new SimulatedEscPosPrinter();
    let end = await deviceEnd(pair.b, sim);
    const port = new ReconnectingPort(serialOpener(pair.a, BAUD));
    cleanups.push(() => port.close());
    const printer = new EscPosPrinter(port);

    expect(await printer.getStatus()).toEqual({ state: 'idle', paper: 'ok' });
    const result = await printer.print(renderEscPos(acceptanceReceiptMarkdown(sampleReceipt)));
    expect(result).toEqual({ ok: true, value: undefined });
    expect(sim.jobs()).toHaveLength(1);
    expect(sim.jobs()[0]!.complete).toBe(true);
    expect(sim.jobs()[0]!.text).toContain(sampleReceipt.acceptanceNumber);

    sim.setState({ paper: 'out' });
    expect(await printer.getStatus()).toEqual({ state: 'no-paper' });
    expect(await printer.print(renderEscPos('x'))).toMatchObject({ ok: false, error: { reason: 'no-paper' } });
    sim.setState({ paper: 'ok' });

    await pair.stop();
    await end.close();
    expect((await printer.getStatus()).state).toBe('error');

    await pair.restart();
    end = await deviceEnd(pair.b, sim);
    cleanups.push(() => end.close());
    expect(await printer.getStatus()).toEqual({ state: 'idle', paper: 'ok' });
  });

  it('receipt printer as a character device file (the file:/dev/usb/lp* transport), non-blocking reads', async () => {
    const pair = await pty();
    const sim = new SimulatedEscPosPrinter();
    const end = await deviceEnd(pair.b, sim);
    cleanups.push(() => end.close());
    const port = new ReconnectingPort(fileOpener(pair.a));
    cleanups.push(() => port.close());
    const printer = new EscPosPrinter(port);
    expect(await printer.getStatus()).toEqual({ state: 'idle', paper: 'ok' });
    sim.setState({ cover: 'open' });
    expect(await printer.getStatus()).toEqual({ state: 'cover-open' });
    sim.setState({ cover: 'closed' });
    expect(await printer.print(renderEscPos(acceptanceReceiptMarkdown(sampleReceipt)))).toEqual({ ok: true, value: undefined });
    expect(sim.jobs()[0]!.complete).toBe(true);
  });

  it('QR scanner (CDC mode): decodes scans, reports the unplug, recovers after the replug', async () => {
    const pair = await pty();
    const sim = new ScannerSimulator('cdc');
    let end = await deviceEnd(pair.b, sim);
    const scanner = new TransportQrScanner(serialOpener(pair.a, BAUD), () => new CdcLineDecoder());
    cleanups.push(() => scanner.close());
    const codes: string[] = [];
    scanner.on('scan', (c) => codes.push(c));

    await eventually(() => scanner.status().state === 'ready');
    sim.scan('https://zwfw.example.gov.cn/eid?t=abc123');
    sim.scan('电子证照:440000-2025-0001');
    await eventually(() => codes.length === 2);
    expect(codes).toEqual(['https://zwfw.example.gov.cn/eid?t=abc123', '电子证照:440000-2025-0001']);

    await pair.stop();
    await end.close();
    await eventually(() => scanner.status().state === 'error');
    await pair.restart();
    end = await deviceEnd(pair.b, sim);
    cleanups.push(() => end.close());
    await eventually(() => scanner.status().state === 'ready');
    sim.scan('again');
    await eventually(() => codes.at(-1) === 'again');
  });

  it('the bridge process on real specs: reader and scanner on ptys, printer on raw TCP 9100-style; /healthz follows them', async () => {
    const readerPair = await pty();
    const scannerPair = await pty();
    const sam = new SamSimulator({ baud: BAUD });
    const samEnd = await deviceEnd(readerPair.b, sam);
    cleanups.push(() => samEnd.close());
    const scanner = new ScannerSimulator('cdc');
    const scanEnd = await deviceEnd(scannerPair.b, scanner);
    cleanups.push(() => scanEnd.close());
    const printerSim = new SimulatedEscPosPrinter();
    const server = createServer((socket) => {
      const off = printerSim.onData((b) => socket.write(b));
      socket.on('data', (b) => printerSim.write(new Uint8Array(b)));
      socket.on('close', off);
      socket.on('error', () => undefined);
    }).listen(0, '127.0.0.1');
    cleanups.push(async () => server.close());
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;

    const bridge = await startBridge({
      KIOSK_DEVICE_IDCARD: `serial:${readerPair.a}@${BAUD}`,
      KIOSK_DEVICE_PRINTER: `tcp:127.0.0.1:${port}`,
      KIOSK_DEVICE_QR: `serial:${scannerPair.a}@9600`,
    });
    cleanups.push(() => bridge.stop());
    type Health = { devices: Record<string, { state: string; type?: string }> };
    const health = async () => {
      if (bridge.process.exitCode !== null) throw new Error(`bridge exited:\n${bridge.output()}`);
      return (await api<Health>(bridge.url, "GET", "/healthz")).body.devices;
    };
    await eventually(async () => {
      const d = await health();
      return d.idcard!.state === 'ready' && d.printer!.state === 'idle' && d.qr!.state === 'ready';
    });
    // Real devices: no simulator API.
    expect((await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' })).status).toBe(404);

    sam.placeIdentity(identityPresets.resident);
    await eventually(async () => (await health()).idcard!.state === 'card-present');
    printerSim.setState({ paper: 'out' });
    await eventually(async () => (await health()).printer!.state === 'no-paper');

    await readerPair.stop();
    await eventually(async () => (await health()).idcard!.type === 'disconnected');
    await samEnd.close();
    await readerPair.restart();
    const samEnd2 = await deviceEnd(readerPair.b, sam);
    cleanups.push(() => samEnd2.close());
    // Reconnected without a restart; the card still lies on the reader, so it is read again.
    await eventually(async () => (await health()).idcard!.state === 'card-present');
    // Nothing personal in the bridge's log.
    expect(bridge.output()).not.toContain(identityPresets.resident.idNumber);
    expect(bridge.output()).not.toContain(identityPresets.resident.name);
  });
});
