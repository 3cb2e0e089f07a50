/**
 * The A4 document printer through CUPS, with CUPS's own clients (Debian cups-client and
 * cups-ipp-utils): `lp` submits the PDF on standard input (nothing is written to the terminal's
 * disk by the bridge), `ipptool` reads the printer's state over IPP (printer-state,
 * printer-state-reasons, queued-job-count, printer-is-accepting-jobs) and a job's state.
 *
 * What CUPS keeps: with `PreserveJobFiles No` and `PreserveJobHistory No` (README, the document
 * printer's set-up) the scheduler deletes the spool file (d*) and the control file (c*) when a job
 * is done, so a citizen's proof does not outlive its printing.
 */
import { spawn } from 'node:child_process';
import { err, ok, type Result } from '../../../../core/result';
import type { DocumentPrinterStatus } from '../../../../core/protocol/devices';

export interface CupsOptions {
  /** host:port of the CUPS scheduler (IPP); default 127.0.0.1:631. */
  server: string;
  /** The queue (printer name) in CUPS. */
  queue: string;
  timeoutMs?: number;
  lpPath?: string;
  ipptoolPath?: string;
}

export type PrintError = { kind: 'unavailable' | 'refused'; message: string };

/** Job states of RFC 8011 (job-state), and `gone` for a job CUPS no longer lists (done, history off). */
export type CupsJobState = 'pending' | 'held' | 'processing' | 'stopped' | 'canceled' | 'aborted' | 'completed' | 'gone';

const JOB_STATES: Record<string, CupsJobState> = { '3': 'pending', pending: 'pending', '4': 'held', 'pending-held': 'held', '5': 'processing', processing: 'processing', '6': 'stopped', 'processing-stopped': 'stopped', '7': 'canceled', canceled: 'canceled', '8': 'aborted', aborted: 'aborted', '9': 'completed', completed: 'completed' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], input: Buffer | null, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'], env: { ...process.env, LANG: 'C', LC_ALL: 'C' } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (input) {
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(input);
    }
  });
}

/** `name (type) = value` lines of `ipptool -tv`. */
export function parseIpptool(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of text.matchAll(/^\s+([a-z0-9-]+) \([^)]*\) = (.*)$/gm)) if (!attrs.has(m[1]!)) attrs.set(m[1]!, m[2]!.trim());
  return attrs;
}

/** printer-state, printer-state-reasons, … → what the kiosk, /healthz, the console and the fleet show. */
export function statusFromAttributes(attrs: Map<string, string>): DocumentPrinterStatus {
  const state = attrs.get('printer-state') ?? '';
  const reasons = (attrs.get('printer-state-reasons') ?? 'none').split(',').map((r) => r.trim().replace(/-(error|warning|report)$/, ''));
  const queued = Number(attrs.get('queued-job-count') ?? 0) || 0;
  const has = (...names: string[]) => names.some((n) => reasons.includes(n));
  const supplies = { paperLow: has('media-low'), tonerLow: has('toner-low', 'marker-supply-low') };
  const fault: Extract<DocumentPrinterStatus, { state: 'error' }>['type'] | null = has('media-empty', 'media-needed')
    ? 'paper-out'
    : has('toner-empty', 'marker-supply-empty')
      ? 'toner-out'
      : has('media-jam')
        ? 'jammed'
        : has('door-open', 'cover-open')
          ? 'door-open'
          : has('offline', 'shutdown', 'connecting-to-device', 'paused') || state === 'stopped' || state === '5'
            ? 'offline'
            : attrs.get('printer-is-accepting-jobs') === 'false'
              ? 'not-accepting'
              : null;
  if (fault) return { state: 'error', type: fault, queued, ...supplies };
  return { state: state === 'processing' || state === '4' ? 'printing' : 'idle', queued, ...supplies };
}

export class CupsDocumentPrinter {
  readonly name = 'cups';
  private readonly timeoutMs: number;
  constructor(private readonly options: CupsOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  private get printerUri(): string {
    return `ipp://${this.options.server}/printers/${encodeURIComponent(this.options.queue)}`;
  }

  /** Submits a PDF; resolves when CUPS has accepted the job (its id), not when the paper is out. */
  async print(pdf: Buffer, title: string): Promise<Result<{ jobId: number }, PrintError>> {
    const r = await run(this.options.lpPath ?? 'lp', ['-h', this.options.server, '-d', this.options.queue, '-t', title.slice(0, 60), '-o', 'document-format=application/pdf', '-o', 'media=iso_a4_210x297mm', '-o', 'sides=one-sided'], pdf, this.timeoutMs);
    const m = /request id is \S+-(\d+)/.exec(r.stdout);
    if (r.code === 0 && m) return ok({ jobId: Number(m[1]) });
    const message = (r.stderr || r.stdout).trim().slice(0, 300) || `lp exited with ${r.code}`;
    // lp says "printer does not exist" also when no scheduler answers: ask CUPS which it is.
    const status = await this.status();
    const unavailable = r.code === null || (status.state === 'error' && status.type === 'unreachable');
    return err({ kind: unavailable ? 'unavailable' : 'refused', message: unavailable ? `CUPS at ${this.options.server} does not answer` : message });
  }

  async status(): Promise<DocumentPrinterStatus> {
    const r = await run(this.options.ipptoolPath ?? 'ipptool', ['-T', String(Math.ceil(this.timeoutMs / 1000)), '-tv', this.printerUri, 'get-printer-attributes.test'], null, this.timeoutMs);
    const attrs = parseIpptool(r.stdout);
    if (!attrs.has('printer-state')) {
      const notFound = /client-error-not-found|not-found/.test(r.stdout + r.stderr);
      return { state: 'error', type: notFound ? 'no-queue' : 'unreachable', queued: 0, paperLow: false, tonerLow: false };
    }
    return statusFromAttributes(attrs);
  }

  async jobState(jobId: number): Promise<CupsJobState> {
    const r = await run(this.options.ipptoolPath ?? 'ipptool', ['-T', String(Math.ceil(this.timeoutMs / 1000)), '-tv', `ipp://${this.options.server}/jobs/${jobId}`, 'get-job-attributes.test'], null, this.timeoutMs);
    const state = parseIpptool(r.stdout).get('job-state');
    if (state) return JOB_STATES[state] ?? 'pending';
    // With job history off, a finished job no longer exists; any other answer is not an answer.
    return /client-error-not-found/.test(r.stdout) ? 'gone' : 'pending';
  }

  /** Waits until the job has left the queue (completed, or gone with history off), or failed. */
  async waitForJob(jobId: number, timeoutMs = 60_000): Promise<CupsJobState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.jobState(jobId);
      if (s === 'completed' || s === 'gone' || s === 'canceled' || s === 'aborted' || s === 'stopped') return s;
      if (Date.now() > deadline) return s;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
