import { describe, expect, it } from 'vitest';
import { acceptanceReceiptMarkdown, type AcceptanceReceipt } from '../../../../core/receipt/acceptance-receipt';
import { sampleReceipt } from '../../../../core/receipt/sample-receipt';
import { renderEscPos } from './escpos';
import { EscPosPrinter, connectSimulator, delays, type PrinterPort } from './escpos-printer';
import { ManualClock, settle } from './manual-clock';
import { SimulatedEscPosPrinter, type SimulatedPrinterState } from './simulated-printer';

const receipt: AcceptanceReceipt = {
  ...sampleReceipt,
  terminalId: 'ZW-0042',
  acceptanceNumber: 'SL20250701000042',
  bundleName: '我要开餐馆',
  applicantMasked: '张*  110101********1234',
  promisedDate: '2025-07-10',
  delivery: 'mail',
  deliveryDetail: '浙江省杭州市西湖区****',
  trackUrl: 'https://zwfw.example.gov.cn/track?no=SL20250701000042',
  items: [{ name: '食品经营许可', department: '市市场监督管理局', promisedDate: '2025-07-10' }],
};
const receiptBytes = renderEscPos(acceptanceReceiptMarkdown(receipt));

function setup(state: Partial<SimulatedPrinterState> = {}) {
  const sim = new SimulatedEscPosPrinter({ initialState: state });
  const clock = new ManualClock();
  const printer = new EscPosPrinter(connectSimulator(sim), { clock });
  return { sim, clock, printer };
}

/** A port whose printer never answers: unplugged serial cable, wrong baud rate, powered off. */
function silentPort(): PrinterPort & { written: Uint8Array[] } {
  const written: Uint8Array[] = [];
  return {
    written,
    async write(bytes) {
      written.push(bytes);
    },
    onData: () => () => undefined,
  };
}

describe('EscPosPrinter.getStatus against the simulator', () => {
  it.each<[Partial<SimulatedPrinterState>, unknown]>([
    [{}, { state: 'idle', paper: 'ok' }],
    [{ paper: 'near-end' }, { state: 'idle', paper: 'near-end' }],
    [{ paper: 'out' }, { state: 'no-paper' }],
    [{ cover: 'open' }, { state: 'cover-open' }],
    [{ cover: 'open', paper: 'out' }, { state: 'cover-open' }],
    [{ online: false }, { state: 'error', type: 'offline' }],
  ])('%j → %j', async (state, expected) => {
    const { printer, clock } = setup(state);
    expect(await settle(printer.getStatus(), clock)).toEqual(expected);
    expect(clock.elapsed).toBe(0); // answered without waiting on any time-out
  });
});

describe('EscPosPrinter.print against the simulator', () => {
  it('prints when idle: the simulator has the whole job and the driver says ok', async () => {
    const { sim, printer, clock } = setup();
    expect(await settle(printer.print(receiptBytes), clock)).toEqual({ ok: true, value: undefined });
    const jobs = sim.jobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0].complete).toBe(true);
    expect(jobs[0].text).toContain(receipt.acceptanceNumber);
    expect(jobs[0].qrCodes).toEqual([receipt.trackUrl]);
  });

  it('prints with paper near its end (a warning, not a failure)', async () => {
    const { sim, printer, clock } = setup({ paper: 'near-end' });
    expect((await settle(printer.print(receiptBytes), clock)).ok).toBe(true);
    expect(sim.jobs()[0].complete).toBe(true);
  });

  it('appends GS r 1 to a job that lacks it, so the end of the job is still confirmed', async () => {
    const { sim, printer, clock } = setup();
    const plain = Uint8Array.from([0x1b, 0x40, ...Buffer.from('TEST'), 0x0a, 0x1d, 0x56, 0x00]);
    expect((await settle(printer.print(plain), clock)).ok).toBe(true);
    expect(sim.jobs().map((j) => j.text)).toEqual(['TEST']);
  });

  it.each<[Partial<SimulatedPrinterState>, string]>([
    [{ paper: 'out' }, 'no-paper'],
    [{ cover: 'open' }, 'cover-open'],
    [{ online: false }, 'offline'],
  ])('refuses when %j, with reason %s, and nothing reaches the paper', async (state, reason) => {
    const { sim, printer, clock } = setup(state);
    const result = await settle(printer.print(receiptBytes), clock);
    expect(result).toMatchObject({ ok: false, error: { reason } });
    expect(sim.jobs()).toEqual([]);
  });

  it.each<[Partial<SimulatedPrinterState>, RegExp]>([
    [{ paper: 'out' }, /out of paper/],
    [{ cover: 'open' }, /cover is open/],
  ])('reports a job interrupted by %j as incomplete, never as printed', async (stop, message) => {
    const { sim, printer, clock } = setup();
    sim.on('job-started', () => sim.setState(stop));
    const result = await settle(printer.print(receiptBytes), clock);
    expect(result).toEqual({ ok: false, error: { reason: 'incomplete', message: expect.stringMatching(message) } });
    expect(sim.jobs().map((j) => j.complete)).toEqual([false]);
    // Found by the status poll while waiting for the end of the job, not by a long time-out.
    expect(clock.elapsed).toBe(delays.JOB_POLL_INTERVAL_MS);
  });

  it('prints again after the paper is replaced', async () => {
    const { sim, printer, clock } = setup();
    const stop = sim.on('job-started', () => sim.setState({ paper: 'out' }));
    expect((await settle(printer.print(receiptBytes), clock)).ok).toBe(false);
    stop();
    sim.setState({ paper: 'ok' });
    expect((await settle(printer.print(receiptBytes), clock)).ok).toBe(true);
    expect(sim.jobs().map((j) => j.complete)).toEqual([false, true]);
  });

  it('keeps status polls and jobs from interleaving on the wire', async () => {
    const { sim, printer, clock } = setup();
    const [status1, printed, status2] = await settle(
      Promise.all([printer.getStatus(), printer.print(receiptBytes), printer.getStatus()]),
      clock,
    );
    expect(status1).toEqual({ state: 'idle', paper: 'ok' });
    expect(printed.ok).toBe(true);
    expect(status2).toEqual({ state: 'idle', paper: 'ok' });
    expect(sim.jobs()).toHaveLength(1);
  });
});

describe('EscPosPrinter with a printer that does not answer', () => {
  it('reports a timeout as a status value after STATUS_REPLY_TIMEOUT_MS', async () => {
    const clock = new ManualClock();
    const port = silentPort();
    const printer = new EscPosPrinter(port, { clock });
    expect(await settle(printer.getStatus(), clock)).toEqual({ state: 'error', type: 'timeout' });
    expect(clock.elapsed).toBe(delays.STATUS_REPLY_TIMEOUT_MS);
    expect(port.written.map((b) => [...b])).toEqual([[0x10, 0x04, 1]]); // gave up after the first request
  });

  it('refuses to print (reason offline) and sends no job', async () => {
    const clock = new ManualClock();
    const port = silentPort();
    const printer = new EscPosPrinter(port, { clock });
    const result = await settle(printer.print(receiptBytes), clock);
    expect(result).toMatchObject({ ok: false, error: { reason: 'offline' } });
    expect(port.written.every((b) => b.length === 3)).toBe(true);
  });

  it('reports a port whose write hangs (a pty or adapter whose far end is gone) as disconnected, and abandons it', async () => {
    const clock = new ManualClock();
    let abandoned = 0;
    const port: PrinterPort = {
      write: () => new Promise<void>(() => undefined), // tcdrain that never returns
      onData: () => () => undefined,
      abandon: () => void abandoned++,
    };
    const printer = new EscPosPrinter(port, { clock });
    expect(await settle(printer.getStatus(), clock)).toEqual({ state: 'error', type: 'disconnected' });
    expect(clock.elapsed).toBe(delays.WRITE_TIMEOUT_MS);
    expect(abandoned).toBe(1);
    // The next poll is not stuck behind the hung write.
    expect(await settle(printer.getStatus(), clock)).toEqual({ state: 'error', type: 'disconnected' });
    expect(abandoned).toBe(2);
  });

  it('does not take a late answer to one request as the answer to the next', async () => {
    const clock = new ManualClock();
    let reply: (b: Uint8Array) => void = () => undefined;
    let answer = false;
    const port: PrinterPort = {
      async write() {
        // Answer only from the second poll on; the first poll's answer arrives late, after it gave up.
        if (answer) setImmediate(() => reply(Uint8Array.of(0x12)));
      },
      onData: (listener) => ((reply = listener), () => undefined),
    };
    const printer = new EscPosPrinter(port, { clock });
    expect(await settle(printer.getStatus(), clock)).toEqual({ state: 'error', type: 'timeout' });
    reply(Uint8Array.of(0x1a)); // the late "offline" answer
    answer = true;
    expect(await settle(printer.getStatus(), clock)).toEqual({ state: 'idle', paper: 'ok' });
  });

  it('reports a port that rejects writes (unplugged) as disconnected, and refuses to print', async () => {
    const clock = new ManualClock();
    const port: PrinterPort = {
      write: () => Promise.reject(new Error('EIO')),
      onData: () => () => undefined,
    };
    const printer = new EscPosPrinter(port, { clock });
    expect(await settle(printer.getStatus(), clock)).toEqual({ state: 'error', type: 'disconnected' });
    expect(await settle(printer.print(receiptBytes), clock)).toMatchObject({ ok: false, error: { reason: 'offline' } });
  });

  it('reports garbage on the line (not status bytes) as disconnected', async () => {
    const clock = new ManualClock();
    let reply: (b: Uint8Array) => void = () => undefined;
    const port: PrinterPort = {
      async write() {
        setImmediate(() => reply(Uint8Array.of(0xff)));
      },
      onData: (listener) => ((reply = listener), () => undefined),
    };
    const printer = new EscPosPrinter(port, { clock });
    expect(await settle(printer.getStatus(), clock)).toEqual({ state: 'error', type: 'disconnected' });
  });

  it('reports a job whose end is never confirmed as incomplete after JOB_COMPLETION_TIMEOUT_MS', async () => {
    // Answers status requests (always idle) but never GS r: a printer that ignores the command.
    const clock = new ManualClock();
    let reply: (b: Uint8Array) => void = () => undefined;
    const port: PrinterPort = {
      async write(bytes) {
        if (bytes.length === 3 && bytes[0] === 0x10 && bytes[1] === 0x04) setImmediate(() => reply(Uint8Array.of(0x12)));
      },
      onData: (listener) => ((reply = listener), () => undefined),
    };
    const printer = new EscPosPrinter(port, { clock });
    const result = await settle(printer.print(receiptBytes), clock, 10_000);
    expect(result).toEqual({ ok: false, error: { reason: 'incomplete', message: expect.stringMatching(/did not confirm/) } });
    expect(clock.elapsed).toBe(delays.JOB_COMPLETION_TIMEOUT_MS);
  });
});
