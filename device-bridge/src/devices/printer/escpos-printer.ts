/**
 * The ESC/POS receipt printer driver, written against a byte port (serial, USB bulk, TCP 9100 or
 * the in-memory simulator), so every test runs this code unchanged.
 *
 * Two kinds of reply share the wire and are told apart by bit 4, as Epson specifies:
 * - DLE EOT n (real-time status) is answered at once, even while the printer is stopped; the
 *   answer has bit 4 set.
 * - GS r 1 (transmit paper status) is answered only when everything sent before it has been
 *   printed; the answer has bit 4 clear. receiptline ends every job with it, and we append it when
 *   a job lacks it, so its answer is our "the receipt is out" signal.
 * A job counts as printed only with that signal and a clean status afterwards. Paper running out
 * or the cover opening part-way stops the printer before the signal, so the citizen is never told
 * "printed" for half a receipt.
 */
import { err, ok, type Result } from '../../../../core/result';
import {
  STATUS_REQUESTS,
  TRANSMIT_PAPER_BITS,
  TRANSMIT_PAPER_STATUS,
  decodeStatus,
  endsWithTransmitStatus,
  type PrinterStatus,
} from './escpos';
import type { SimulatedEscPosPrinter } from './simulated-printer';

export interface PrinterPort {
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (b: Uint8Array) => void): () => void;
  close?(): Promise<void>;
  /**
   * The port hangs (a write that never completes: a pty or USB-serial adapter whose other end is
   * gone can block in tcdrain for ever). Drop the transport without waiting for it, so that the
   * next write opens the device anew.
   */
  abandon?(): void;
}

export interface PrintFailure {
  reason: 'no-paper' | 'cover-open' | 'offline' | 'error' | 'incomplete';
  message: string;
}

export interface ReceiptPrinter {
  getStatus(): Promise<PrinterStatus>;
  print(bytes: Uint8Array): Promise<Result<void, PrintFailure>>;
}

export const delays = {
  /** DLE EOT is answered within milliseconds; silence this long means nobody is listening. */
  STATUS_REPLY_TIMEOUT_MS: 500,
  /** A status request is 3 bytes: a write that has not completed by now is hung, not slow. */
  WRITE_TIMEOUT_MS: 1_000,
  /** While a job prints, how often to check whether the printer has stopped. */
  JOB_POLL_INTERVAL_MS: 250,
  /**
   * Longest a receipt may take to come out: ~8 KB with the QR raster at 9600 baud is ~8 s, plus
   * printing. Past this the job is reported as not confirmed, never as printed.
   */
  JOB_COMPLETION_TIMEOUT_MS: 30_000,
};

/** The timer functions the driver uses, injectable so tests advance time instead of sleeping. */
export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface EscPosPrinterOptions {
  clock?: Clock;
  delays?: Partial<typeof delays>;
}

/** Bit 4 separates the two reply kinds (see the module comment). */
const isTransmitReply = (byte: number) => (byte & 0x90) === 0;

type NotIdle = Exclude<PrinterStatus, { state: 'idle' }>;

function refusal(status: NotIdle): PrintFailure {
  switch (status.state) {
    case 'no-paper':
      return { reason: 'no-paper', message: 'the printer is out of paper' };
    case 'cover-open':
      return { reason: 'cover-open', message: 'the printer cover is open' };
    case 'error':
      return status.type === 'cutter' || status.type === 'unrecoverable'
        ? { reason: 'error', message: `the printer reports a ${status.type} error` }
        : { reason: 'offline', message: `the printer is not available (${status.type})` };
  }
}

function incomplete(why: string): PrintFailure {
  return { reason: 'incomplete', message: `the receipt was not completed: ${why}` };
}

export class EscPosPrinter implements ReceiptPrinter {
  private readonly clock: Clock;
  private readonly delays: typeof delays;
  private readonly realtimeReplies: number[] = [];
  private realtimeWaiter: ((byte: number) => void) | undefined;
  /**
   * Set from sending GS r until its answer. A job that stopped leaves it set, so a late answer (a
   * printer that finishes the job once paper is back) is absorbed instead of read as a status; the
   * next job starts a fresh expectation, as it only starts once the printer reports idle.
   */
  private transmitReplyOutstanding = false;
  private transmitWaiter: ((byte: number) => void) | undefined;
  /** Status polls and jobs take turns: interleaved DLE EOT requests would get each other's answers. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly port: PrinterPort,
    options: EscPosPrinterOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.delays = { ...delays, ...options.delays };
    this.unsubscribe = port.onData((bytes) => bytes.forEach((b) => this.receive(b)));
  }

  getStatus(): Promise<PrinterStatus> {
    return this.exclusive(() => this.queryStatus());
  }

  print(bytes: Uint8Array): Promise<Result<void, PrintFailure>> {
    return this.exclusive(() => this.printJob(bytes));
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.port.close?.();
  }

  // ---- the job ---------------------------------------------------------------------------------

  private async printJob(bytes: Uint8Array): Promise<Result<void, PrintFailure>> {
    const before = await this.queryStatus();
    if (before.state !== 'idle') return err(refusal(before));

    const job = endsWithTransmitStatus(bytes) ? bytes : concat(bytes, TRANSMIT_PAPER_STATUS);
    // Listen before writing: a fast printer may answer before write() resolves.
    const finished = this.nextTransmitReply();
    if (!(await this.send(job, this.delays.JOB_COMPLETION_TIMEOUT_MS))) return err({ reason: 'offline', message: 'the printer port refused the data' });

    let waited = 0;
    for (;;) {
      const reply = await this.within(finished, this.delays.JOB_POLL_INTERVAL_MS);
      if (reply !== undefined) {
        if (reply & TRANSMIT_PAPER_BITS.paperEnd) return err(incomplete('the paper ran out'));
        break;
      }
      waited += this.delays.JOB_POLL_INTERVAL_MS;
      const during = await this.queryStatus();
      // A slow link still busy with the job can delay a status answer; silence alone does not mean
      // the job failed, so only a status that says so ends the wait early.
      const stopped = during.state !== 'idle' && !(during.state === 'error' && during.type === 'timeout');
      if (stopped) return err(incomplete(refusal(during).message));
      if (waited >= this.delays.JOB_COMPLETION_TIMEOUT_MS) {
        return err(incomplete('the printer did not confirm the end of the job'));
      }
    }

    const after = await this.queryStatus();
    if (after.state !== 'idle') return err(incomplete(refusal(after).message));
    return ok(undefined);
  }

  // ---- status ----------------------------------------------------------------------------------

  private async queryStatus(): Promise<PrinterStatus> {
    // Anything already queued is a late answer to an earlier, timed-out request.
    this.realtimeReplies.length = 0;
    const replies: number[] = [];
    for (const request of STATUS_REQUESTS) {
      if (!(await this.send(request, this.delays.WRITE_TIMEOUT_MS))) return { state: 'error', type: 'disconnected' };
      const reply = await this.within(this.nextRealtimeReply(), this.delays.STATUS_REPLY_TIMEOUT_MS);
      if (reply === undefined) {
        this.realtimeWaiter = undefined;
        return { state: 'error', type: 'timeout' };
      }
      replies.push(reply);
    }
    return decodeStatus(replies);
  }

  // ---- the wire --------------------------------------------------------------------------------

  private receive(byte: number): void {
    if (this.transmitReplyOutstanding && isTransmitReply(byte)) {
      this.transmitReplyOutstanding = false;
      const waiter = this.transmitWaiter;
      this.transmitWaiter = undefined;
      waiter?.(byte);
      return;
    }
    const waiter = this.realtimeWaiter;
    if (waiter) {
      this.realtimeWaiter = undefined;
      waiter(byte);
    } else {
      this.realtimeReplies.push(byte);
    }
  }

  private nextRealtimeReply(): Promise<number> {
    const queued = this.realtimeReplies.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => (this.realtimeWaiter = resolve));
  }

  private nextTransmitReply(): Promise<number> {
    this.transmitReplyOutstanding = true;
    return new Promise((resolve) => (this.transmitWaiter = resolve));
  }

  /**
   * A port that rejects (unplugged USB, closed socket) is an expected failure, reported as a value;
   * so is one whose write never completes within `ms` — the port is then abandoned, and the next
   * poll reconnects.
   */
  private async send(bytes: Uint8Array, ms: number): Promise<boolean> {
    const written = await this.within(
      this.port.write(bytes).then(
        () => true,
        () => false,
      ),
      ms,
    );
    if (written === undefined) this.port.abandon?.();
    return written === true;
  }

  /** The promise's value, or undefined if `ms` pass first (on the injected clock). */
  private within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => resolve(undefined), ms);
      void promise.then((value) => {
        this.clock.clearTimeout(timer);
        resolve(value);
      });
    });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Bytes cross a real port in packets, some time after they are sent; so does this one. */
const SIMULATED_PACKET_BYTES = 512;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An in-memory duplex between the driver and a simulated printer, asynchronous in both directions. */
export function connectSimulator(sim: SimulatedEscPosPrinter): PrinterPort {
  const listeners = new Set<(bytes: Uint8Array) => void>();
  const detach = sim.onData((bytes) => {
    const copy = bytes.slice();
    setImmediate(() => listeners.forEach((listener) => listener(copy)));
  });
  let closed = false;
  return {
    async write(bytes) {
      if (closed) throw new Error('port closed');
      const copy = bytes.slice();
      for (let i = 0; i < copy.length; i += SIMULATED_PACKET_BYTES) {
        await nextTurn();
        sim.write(copy.subarray(i, i + SIMULATED_PACKET_BYTES));
      }
    },
    onData(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      detach();
      listeners.clear();
    },
  };
}
