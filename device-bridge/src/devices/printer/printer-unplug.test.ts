/**
 * Unplug in every phase of a print job (vxsuite's habit: one test per phase), on the simulated
 * clock: the driver talks through the lazily reconnecting port and the in-process byte link to the
 * byte-level printer simulator, and the plug is pulled at a byte-exact point of the exchange.
 * The job must never be reported as printed, and the next status poll after the replug must
 * reconnect by itself.
 */
import { describe, expect, it } from 'vitest';
import { acceptanceReceiptMarkdown } from '../../../../core/receipt/acceptance-receipt';
import { sampleReceipt } from '../../../../core/receipt/sample-receipt';
import { Emitter } from '../emitter';
import { ReconnectingPort } from '../reconnecting-port';
import { inProcessOpener, type ByteDevice } from '../transport';
import { renderEscPos } from './escpos';
import { EscPosPrinter } from './escpos-printer';
import { ManualClock, settle } from './manual-clock';
import { SimulatedEscPosPrinter } from './simulated-printer';

const receiptBytes = renderEscPos(acceptanceReceiptMarkdown(sampleReceipt));

/** The simulator behind a USB plug; `pullWhen` sees every byte chunk the printer receives. */
class PluggablePrinter extends Emitter<{ connection: boolean }> implements ByteDevice {
  connected = true;
  received = 0;
  pullWhen: ((chunk: Uint8Array, received: number) => boolean) | null = null;

  constructor(readonly sim: SimulatedEscPosPrinter) {
    super();
  }

  write(bytes: Uint8Array): void {
    if (!this.connected) return;
    this.received += bytes.length;
    const pull = this.pullWhen?.(bytes, this.received) ?? false;
    if (pull) {
      this.pullWhen = null;
      this.setConnected(false);
      return;
    }
    this.sim.write(bytes);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.sim.onData(listener);
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    return this.on('connection', listener);
  }

  /** An unplug here is cable and power together: a half-received job is lost on replug. */
  setConnected(connected: boolean): void {
    if (connected && !this.connected) this.sim.powerCycle();
    this.connected = connected;
    this.emit('connection', connected);
  }
}

const isDleEot = (b: Uint8Array) => b.length >= 2 && b[0] === 0x10 && b[1] === 0x04;
const isGsR = (b: Uint8Array) => b.some((_, i) => b[i] === 0x1d && b[i + 1] === 0x72 && b[i + 2] === 0x31);

function rig() {
  const sim = new SimulatedEscPosPrinter();
  const device = new PluggablePrinter(sim);
  const clock = new ManualClock();
  const printer = new EscPosPrinter(new ReconnectingPort(inProcessOpener(device, 4096)), { clock });
  return { sim, device, clock, printer };
}

async function recovers({ device, printer, clock, sim }: ReturnType<typeof rig>) {
  device.setConnected(true);
  expect(await settle(printer.getStatus(), clock)).toEqual({ state: 'idle', paper: 'ok' });
  const before = sim.jobs().filter((j) => j.complete).length;
  expect(await settle(printer.print(receiptBytes), clock)).toEqual({ ok: true, value: undefined });
  expect(sim.jobs().filter((j) => j.complete).length).toBe(before + 1);
}

describe('print job: unplug in every phase (simulated clock)', () => {
  it('idle (between jobs): the next status poll says disconnected, the one after the replug idle', async () => {
    const r = rig();
    expect(await settle(r.printer.getStatus(), r.clock)).toEqual({ state: 'idle', paper: 'ok' });
    r.device.setConnected(false);
    expect(await settle(r.printer.getStatus(), r.clock)).toEqual({ state: 'error', type: 'disconnected' });
    await recovers(r);
  });

  it('status check before the job: refused, nothing sent', async () => {
    const r = rig();
    r.device.pullWhen = (b) => isDleEot(b);
    const result = await settle(r.printer.print(receiptBytes), r.clock);
    expect(result.ok).toBe(false);
    expect(r.sim.jobs()).toEqual([]);
    await recovers(r);
  });

  it('sending the job: reported not printed', async () => {
    const r = rig();
    let statusBytes = 0;
    r.device.pullWhen = (b, total) => {
      if (isDleEot(b)) statusBytes = total;
      return statusBytes > 0 && !isDleEot(b) && total - statusBytes > 100; // part-way through the receipt's bytes
    };
    const result = await settle(r.printer.print(receiptBytes), r.clock);
    expect(result.ok).toBe(false);
    expect(r.sim.jobs().every((j) => !j.complete)).toBe(true);
    await recovers(r);
  });

  it('printing (waiting for the end-of-job answer): reported not printed', async () => {
    const r = rig();
    r.device.pullWhen = (b) => isGsR(b);
    const result = await settle(r.printer.print(receiptBytes), r.clock);
    expect(result).toMatchObject({ ok: false, error: { reason: 'incomplete' } });
    await recovers(r);
  });

  it('status check after the job: reported not confirmed, never as printed', async () => {
    const r = rig();
    let sawEnd = false;
    r.device.pullWhen = (b) => {
      if (isGsR(b)) sawEnd = true;
      return sawEnd && isDleEot(b);
    };
    const result = await settle(r.printer.print(receiptBytes), r.clock);
    expect(result).toMatchObject({ ok: false, error: { reason: 'incomplete' } });
    await recovers(r);
  });
});
