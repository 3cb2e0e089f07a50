/**
 * A simulated ESC/POS receipt printer that speaks bytes, so the real driver's code runs against it
 * unchanged: it answers DLE EOT and GS r from its state, prints through the ESC/POS interpreter,
 * and stops (throws incoming data away) when the paper is out, the cover is open or it is offline.
 */
import type { InterpreterEvent, InterpreterOptions } from './escpos-interpreter';
import { EscPosInterpreter } from './escpos-interpreter';
import type { InterpretedJob, PartialJob } from './escpos-job';
import { DLE, EOT, STATUS_BITS, STATUS_FIXED_VALUE, TRANSMIT_PAPER_BITS } from './escpos';
import { renderJobPng, renderJobSvg } from './job-render';
import { Emitter } from '../emitter';

export interface SimulatedPrinterState {
  paper: 'ok' | 'near-end' | 'out';
  cover: 'open' | 'closed';
  online: boolean;
}

/**
 * Jobs kept for /sim/printer/jobs and the dev dock, newest last. Bounded: the embedded simulator
 * may serve a terminal for months, and each job keeps its bytes, text and SVG (≈ tens of KiB).
 */
export const JOB_HISTORY = 50;

export interface PrintedJob {
  id: number;
  at: string;
  text: string;
  lines: string[];
  qrCodes: string[];
  /** False if the printer stopped (paper out, cover opened, went offline) before the cut. */
  complete: boolean;
  escposBase64: string;
  svg: string;
}

export type SimulatedPrinterEvents = {
  /** A job left the printer: cut (complete) or interrupted (incomplete). */
  job: PrintedJob;
  /** The first printed content of a job; tests and the dev dock use it to pull the paper mid-job. */
  'job-started': undefined;
  state: SimulatedPrinterState;
};

export interface SimulatedPrinterOptions {
  initialState?: Partial<SimulatedPrinterState>;
  now?: () => Date;
  interpreter?: InterpreterOptions;
}

/**
 * Bytes are interpreted in slices this big, and the printer re-checks whether it has stopped
 * between slices: paper running out takes effect part-way through a job, as on a real printer.
 */
const SLICE_BYTES = 64;

export class SimulatedEscPosPrinter extends Emitter<SimulatedPrinterEvents> {
  private current: SimulatedPrinterState;
  private readonly now: () => Date;
  private readonly interpreter: EscPosInterpreter;
  private readonly printed: PrintedJob[] = [];
  private nextId = 1;
  private readonly dataListeners = new Set<(bytes: Uint8Array) => void>();
  /** Tail of discarded data, so a DLE EOT split across writes is still answered while stopped. */
  private stoppedTail: number[] = [];
  private writing = false;

  constructor(options: SimulatedPrinterOptions = {}) {
    super();
    this.current = { paper: 'ok', cover: 'closed', online: true, ...options.initialState };
    this.now = options.now ?? (() => new Date());
    this.interpreter = new EscPosInterpreter(options.interpreter);
  }

  state(): SimulatedPrinterState {
    return { ...this.current };
  }

  /** Paper out, cover open and offline all stop the mechanism. */
  get stopped(): boolean {
    return this.current.paper === 'out' || this.current.cover === 'open' || !this.current.online;
  }

  setState(patch: Partial<SimulatedPrinterState>): void {
    this.current = { ...this.current, ...patch };
    this.emit('state', this.state());
    // Inside write() (a listener reacting to 'job-started') the interrupted job is settled there,
    // once the slice being processed is accounted for.
    if (this.stopped && !this.writing) this.interruptJob();
  }

  /**
   * Power lost and restored: whatever was half received is gone (recorded as an incomplete job),
   * and the parser starts clean. Used by unplug tests where the cable and power go together.
   */
  powerCycle(): void {
    this.interruptJob();
    this.stoppedTail = [];
  }

  /** Bytes from the printer to the host (status replies). */
  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  /** Bytes from the host to the printer. */
  write(bytes: Uint8Array): void {
    this.writing = true;
    try {
      for (let i = 0; i < bytes.length; i += SLICE_BYTES) {
        const slice = bytes.subarray(i, i + SLICE_BYTES);
        if (this.stopped) this.answerWhileStopped(slice);
        else this.handle(this.interpreter.feed(slice));
      }
    } finally {
      this.writing = false;
    }
  }

  jobs(): PrintedJob[] {
    return [...this.printed];
  }

  clearJobs(): void {
    this.printed.length = 0;
    this.interpreted.clear();
  }

  private handle(events: InterpreterEvent[]): void {
    for (const event of events) {
      if (event.type === 'realtime-status') {
        this.reply(this.realtimeStatus(event.n));
      } else if (this.stopped) {
        // A listener stopped the printer part-way through this slice: a job the interpreter saw
        // cut in the same slice never reached its cut on paper, and replies that wait for printing
        // to finish never come.
        if (event.type === 'job') this.record(event.job, false);
      } else if (event.type === 'job-started') {
        this.emit('job-started', undefined);
      } else if (event.type === 'job') {
        this.record(event.job, true);
      } else if (event.type === 'transmit-status') {
        this.reply(this.transmitStatus(event.n));
      }
    }
    if (this.stopped) this.interruptJob();
  }

  private interruptJob(): void {
    const partial = this.interpreter.abortJob();
    if (partial) this.record(partial, false);
  }

  /** A stopped printer still answers real-time requests; everything else is lost. */
  private answerWhileStopped(slice: Uint8Array): void {
    const bytes = [...this.stoppedTail, ...slice];
    for (let k = 0; k + 2 < bytes.length; k++) {
      const n = bytes[k + 2];
      if (bytes[k] === DLE && bytes[k + 1] === EOT && n >= 1 && n <= 4) {
        this.reply(this.realtimeStatus(n as 1 | 2 | 3 | 4));
        k += 2;
      }
    }
    // Keep a possible DLE or DLE EOT at the end for the next write.
    const n = bytes.length;
    this.stoppedTail = bytes[n - 1] === DLE ? [DLE] : n >= 2 && bytes[n - 2] === DLE && bytes[n - 1] === EOT ? [DLE, EOT] : [];
  }

  private realtimeStatus(n: 1 | 2 | 3 | 4): number {
    // Offline with no cover or paper cause shows only as the n=1 offline bit.
    const { paper, cover } = this.current;
    let byte = STATUS_FIXED_VALUE;
    if (n === 1 && this.stopped) byte |= STATUS_BITS.offline;
    if (n === 2 && cover === 'open') byte |= STATUS_BITS.coverOpen;
    if (n === 2 && paper === 'out') byte |= STATUS_BITS.stoppedByPaperEnd;
    if (n === 4 && paper !== 'ok') byte |= STATUS_BITS.paperNearEnd;
    if (n === 4 && paper === 'out') byte |= STATUS_BITS.paperEnd;
    return byte;
  }

  /** GS r n reply (bit 4 clear, unlike DLE EOT replies). Only paper status carries information here. */
  private transmitStatus(n: number): number {
    if (n !== 1) return 0;
    return (this.current.paper !== 'ok' ? TRANSMIT_PAPER_BITS.nearEnd : 0) | (this.current.paper === 'out' ? TRANSMIT_PAPER_BITS.paperEnd : 0);
  }

  private reply(byte: number): void {
    const bytes = Uint8Array.of(byte);
    for (const listener of [...this.dataListeners]) listener(bytes);
  }

  /** The job as the printer would have put it on paper, as a PNG (one pixel per printer dot). */
  jobPng(id: number): Buffer | undefined {
    const job = this.interpreted.get(id);
    return job ? renderJobPng(job) : undefined;
  }

  private readonly interpreted = new Map<number, InterpretedJob | PartialJob>();

  private record(job: InterpretedJob | PartialJob, complete: boolean): void {
    const printed: PrintedJob = {
      id: this.nextId++,
      at: this.now().toISOString(),
      text: job.text,
      lines: job.lines,
      qrCodes: job.qrCodes,
      complete,
      escposBase64: Buffer.from(job.raw).toString('base64'),
      svg: renderJobSvg(job),
    };
    this.printed.push(printed);
    this.interpreted.set(printed.id, job);
    for (const old of this.printed.splice(0, Math.max(0, this.printed.length - JOB_HISTORY))) this.interpreted.delete(old.id);
    this.emit('job', printed);
  }
}
