/**
 * 手写输入: handwritten characters recognised on the terminal by Debian's zinnia (zinnia-utils) with
 * the Tegaki simplified Chinese model (tegaki-zinnia-simplified-chinese). No network, no cloud.
 *
 * One long-lived `zinnia -m MODEL -n N` child reads one S-expression character per line on stdin
 * and answers `Answer: ` followed by up to N lines `字 score` (flushed per line). The answer for a
 * character with no strokes is `Answer: ` alone, so after every request a stroke-less sentinel is
 * written: the next `Answer: ` line closes the request's candidates, however many there were.
 * zinnia exits on a line it cannot parse, so the lines are only ever built here from checked
 * integers; if the child dies anyway the pending requests fail and the next one starts a new child.
 *
 * Strokes are never logged or kept: they live in the request until its answer.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { HandwritingStrokes } from '../../../core/protocol/messages';

export const ZINNIA_BINARY = '/usr/bin/zinnia';
/** Installed by tegaki-zinnia-simplified-chinese (`dpkg -L tegaki-zinnia-simplified-chinese`). */
export const ZINNIA_MODEL_ZH_CN = '/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model';

export interface HandwritingRecogniser {
  /** Candidates best first (at most `nbest`), or an error when the recogniser cannot run. */
  recognise(input: HandwritingStrokes): Promise<string[]>;
  readonly available: boolean;
  close(): void;
}

export interface ZinniaOptions {
  binary?: string;
  model?: string;
  nbest?: number;
  /** A request not answered in this time fails and the child is restarted. */
  timeoutMs?: number;
}

/** The S-expression zinnia reads: `(character (width W)(height H)(strokes ((x y)...)...))`, one line. */
export function toSexp(input: HandwritingStrokes): string {
  const w = Math.max(1, Math.round(input.width));
  const h = Math.max(1, Math.round(input.height));
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, Math.round(v)));
  const strokes = input.strokes
    .filter((s) => s.length > 0)
    .map((s) => `(${s.map(([x, y]) => `(${clamp(x, w)} ${clamp(y, h)})`).join('')})`)
    .join('');
  return `(character (width ${w})(height ${h})(strokes ${strokes}))`;
}

const SENTINEL = '(character (width 1)(height 1)(strokes ))';

interface Pending {
  resolve: (c: string[]) => void;
  reject: (e: Error) => void;
  /** Whether this request's own `Answer:` line has been read (the next one is its sentinel's). */
  started: boolean;
  candidates: string[];
  timer: NodeJS.Timeout;
}

export class ZinniaRecogniser implements HandwritingRecogniser {
  private child: ChildProcessWithoutNullStreams | null = null;
  private readonly queue: Pending[] = [];
  private readonly binary: string;
  private readonly model: string;
  private readonly nbest: number;
  private readonly timeoutMs: number;
  private closed = false;

  constructor(options: ZinniaOptions = {}) {
    this.binary = options.binary ?? ZINNIA_BINARY;
    this.model = options.model ?? ZINNIA_MODEL_ZH_CN;
    this.nbest = Math.min(10, Math.max(1, options.nbest ?? 10));
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  get available(): boolean {
    return existsSync(this.binary) && existsSync(this.model);
  }

  recognise(input: HandwritingStrokes): Promise<string[]> {
    if (this.closed) return Promise.reject(new Error('recogniser closed'));
    if (!input.strokes.some((s) => s.length > 0)) return Promise.resolve([]);
    if (!this.available) return Promise.reject(new Error('zinnia or its model is not installed'));
    const child = this.ensureChild();
    return new Promise<string[]>((resolve, reject) => {
      const pending: Pending = {
        resolve,
        reject,
        started: false,
        candidates: [],
        timer: setTimeout(() => this.fail(new Error('handwriting recogniser did not answer')), this.timeoutMs),
      };
      this.queue.push(pending);
      child.stdin.write(`${toSexp(input)}\n${SENTINEL}\n`);
    });
  }

  private ensureChild(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn(this.binary, ['-m', this.model, '-n', String(this.nbest)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stdin.on('error', () => undefined);
    child.stderr.resume(); // zinnia's complaints could quote the input: not logged
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    const gone = () => {
      if (this.child !== child) return;
      this.child = null;
      this.fail(new Error('handwriting recogniser exited'));
    };
    child.on('exit', gone);
    child.on('error', gone);
    return child;
  }

  private onLine(line: string): void {
    const head = this.queue[0];
    if (!head) return;
    if (line.startsWith('Answer:')) {
      if (!head.started) {
        head.started = true;
        return;
      }
      this.queue.shift();
      clearTimeout(head.timer);
      head.resolve(head.candidates);
      return;
    }
    const m = /^(\S+) -?\d/.exec(line);
    if (head.started && m && head.candidates.length < this.nbest) head.candidates.push(m[1]!);
  }

  /** Fails every pending request and stops the child (the next request starts a fresh one). */
  private fail(error: Error): void {
    const child = this.child;
    this.child = null;
    child?.kill();
    for (const p of this.queue.splice(0)) {
      clearTimeout(p.timer);
      p.reject(error);
    }
  }

  close(): void {
    this.closed = true;
    this.fail(new Error('recogniser closed'));
  }
}
