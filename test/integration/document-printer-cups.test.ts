/**
 * The A4 document printer against a real CUPS scheduler on loopback (test/support/cups.ts): a proof
 * laid out by pdfkit goes through `lp`, comes out of the virtual printer as the same PDF, its text
 * is extracted with pdftotext and its QR code decoded with zbarimg from a pdftoppm rendering;
 * the scheduler keeps no spool file after the job; faults CUPS reports (paper out, jam, queue
 * offline, scheduler gone) are read back over IPP.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLink } from '../../core/receipt/a4-document';
import { renderA4Pdf } from '../../device-bridge/src/devices/document/a4-pdf';
import { CupsDocumentPrinter } from '../../device-bridge/src/devices/document/cups-printer';
import { proof, readPdf } from '../support/a4-documents';
import { startCups, type Cups } from '../support/cups';

describe('A4 documents through a real CUPS', () => {
  let cups: Cups;
  let printer: CupsDocumentPrinter;
  beforeAll(async () => {
    cups = await startCups();
    printer = new CupsDocumentPrinter({ server: cups.server, queue: cups.queue, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await cups?.stop();
  });

  it('prints a proof: the same PDF comes out, with its text, the CJK font embedded as a subset, and a QR code to check it', async () => {
    expect(await printer.status()).toEqual({ state: 'idle', queued: 0, paperLow: false, tonerLow: false });
    const pdf = await renderA4Pdf(proof);
    if (!pdf.ok) throw new Error(pdf.error);
    const printed = await printer.print(pdf.value, proof.title);
    if (!printed.ok) throw new Error(printed.error.message);
    expect(await printer.waitForJob(printed.value.jobId, 30_000)).toMatch(/completed|gone/);
    const out = cups.printed();
    expect(out).toHaveLength(1);
    expect(out[0]!.equals(pdf.value)).toBe(true);
    const read = readPdf(out[0]!);
    for (const t of ['社会保险参保缴费证明', '天津市和平区社会保险基金管理中心', '出具日期：2026-12-02', '验证码：SB2026-7K3Q9X', '120101********002X']) expect(read.text).toContain(t);
    // The table breaks across pages; each page says which it is.
    expect(read.pages).toBeGreaterThan(1);
    // (pdftotext drops the thin spaces around the numbers.)
    expect(read.text.replace(/ /g, '')).toContain(`第${read.pages}页/共${read.pages}页`);
    expect(read.qr).toEqual([checkLink(proof)]);
    const fonts = execFileSync('pdffonts', ['-'], { input: out[0]!, encoding: 'utf8' });
    expect(fonts).toMatch(/\+NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes yes/);
    // Nothing of the citizen's proof stays in CUPS's spool once the job is done.
    expect(cups.spoolFiles()).toEqual([]);
  });

  it('reads the faults CUPS reports: paper out, low toner, a jam, the queue offline, the scheduler gone', async () => {
    const pdf = await renderA4Pdf({ ...proof, table: undefined });
    if (!pdf.ok) throw new Error(pdf.error);
    const until = async (want: (s: Awaited<ReturnType<CupsDocumentPrinter['status']>>) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const s = await printer.status();
        if (want(s)) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      return printer.status();
    };

    cups.setFault('media-empty');
    const job = await printer.print(pdf.value, 'proof');
    expect(job.ok).toBe(true);
    expect(await until((s) => s.state === 'error')).toMatchObject({ state: 'error', type: 'paper-out' });
    // Paper back in: the technician (or the bridge) enables the queue; the held job prints.
    cups.setFault(null);
    await cups.setEnabled(true);
    expect(await until((s) => s.state === 'idle' && s.queued === 0)).toMatchObject({ state: 'idle' });

    cups.setFault('toner-low');
    const low = await printer.print(pdf.value, 'proof');
    if (!low.ok) throw new Error(low.error.message);
    await printer.waitForJob(low.value.jobId, 30_000);
    expect(await until((s) => s.state === 'idle' && s.tonerLow)).toMatchObject({ state: 'idle', tonerLow: true });

    cups.setFault('media-jam');
    await printer.print(pdf.value, 'proof');
    expect(await until((s) => s.state === 'error')).toMatchObject({ state: 'error', type: 'jammed' });
    cups.setFault(null);
    await cups.setEnabled(true);
    await until((s) => s.state === 'idle' && s.queued === 0);

    await cups.setEnabled(false);
    expect(await until((s) => s.state === 'error')).toMatchObject({ state: 'error', type: 'offline' });
    await cups.setEnabled(true);

    const missing = new CupsDocumentPrinter({ server: cups.server, queue: 'no-such-queue', timeoutMs: 5000 });
    expect(await missing.status()).toMatchObject({ state: 'error', type: 'no-queue' });
    const gone = new CupsDocumentPrinter({ server: '127.0.0.1:9', queue: cups.queue, timeoutMs: 2000 });
    expect(await gone.status()).toMatchObject({ state: 'error', type: 'unreachable' });
    expect(await gone.print(pdf.value, 'proof')).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });
});
