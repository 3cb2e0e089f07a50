/**
 * The A4 document printer seam: CUPS on a real terminal (cups-printer.ts), or the simulator of the
 * embedded default, which keeps each job in memory and renders it to PNG on request (pdftoppm from
 * Debian's poppler-utils, where installed), as the receipt printer's simulator does.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../../core/result';
import type { DocumentPrinterStatus } from '../../../../core/protocol/devices';
import type { PrintError } from './cups-printer';

export interface DocumentPrinter {
  readonly name: string;
  /** Resolves when the printer (CUPS) has accepted the job. */
  print(pdf: Buffer, title: string): Promise<Result<{ jobId: number }, PrintError>>;
  status(): Promise<DocumentPrinterStatus>;
}

export interface SimulatedDocumentJob {
  id: number;
  title: string;
  pdf: Buffer;
  at: string;
}

/** Faults the simulator can play (/sim/document-printer), as CUPS would report them. */
export type SimulatedDocumentFault = 'paper-out' | 'toner-out' | 'jammed' | 'offline' | null;

export class SimulatedDocumentPrinter implements DocumentPrinter {
  readonly name = 'simulated';
  /** The last jobs, newest last (bounded: a simulator is not an archive). */
  readonly jobs: SimulatedDocumentJob[] = [];
  private fault: SimulatedDocumentFault = null;
  private nextId = 1;
  static readonly KEEP = 20;

  setFault(fault: SimulatedDocumentFault): void {
    this.fault = fault;
  }

  async print(pdf: Buffer, title: string): Promise<Result<{ jobId: number }, PrintError>> {
    if (this.fault === 'offline') return err({ kind: 'unavailable', message: 'the simulated document printer is offline' });
    if (this.fault) return err({ kind: 'refused', message: `the simulated document printer reports ${this.fault}` });
    const id = this.nextId++;
    this.jobs.push({ id, title, pdf, at: new Date().toISOString() });
    while (this.jobs.length > SimulatedDocumentPrinter.KEEP) this.jobs.shift()!.pdf.fill(0);
    return ok({ jobId: id });
  }

  async status(): Promise<DocumentPrinterStatus> {
    const supplies = { queued: 0, paperLow: false, tonerLow: false };
    return this.fault ? { state: 'error', type: this.fault, ...supplies } : { state: 'idle', ...supplies };
  }

  /** Forgets every job (the session's wipe covers printed proofs too). */
  clear(): void {
    for (const j of this.jobs.splice(0)) j.pdf.fill(0);
  }

  /** A page of a job as PNG (pdftoppm), or why not. */
  async renderPng(id: number, page = 1, dpi = 100): Promise<Result<Buffer, string>> {
    const job = this.jobs.find((j) => j.id === id);
    if (!job) return err('no such job');
    // pdftoppm writes PNG only to files: a private temporary folder, removed at once.
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-a4-sim-'));
    try {
      const code = await new Promise<number | null | 'missing'>((resolve) => {
        const child = spawn('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', '-', join(dir, 'page')], { stdio: ['pipe', 'ignore', 'ignore'] });
        child.on('error', () => resolve('missing'));
        child.on('close', (c) => resolve(c));
        child.stdin.on('error', () => undefined);
        child.stdin.end(job.pdf);
      });
      if (code === 'missing') return err('pdftoppm is not installed (Debian poppler-utils)');
      if (code !== 0) return err(`pdftoppm exited with ${code}`);
      return ok(readFileSync(join(dir, 'page.png')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
