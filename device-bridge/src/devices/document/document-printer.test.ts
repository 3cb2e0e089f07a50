/**
 * The document printer's status from CUPS's IPP attributes (as ipptool prints them), and the
 * simulator of the embedded default (a real PDF rendered to PNG by pdftoppm).
 */
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { parseIpptool, statusFromAttributes } from './cups-printer';
import { SimulatedDocumentPrinter } from './document-printer';
import { renderA4Pdf } from './a4-pdf';

const attrs = (reasons: string, state = 'idle', extra = '') =>
  parseIpptool(`        printer-is-accepting-jobs (boolean) = true\n        printer-state (enum) = ${state}\n        printer-state-reasons (keyword) = ${reasons}\n        queued-job-count (integer) = 2\n${extra}`);

describe('document printer status from printer-state-reasons', () => {
  it('maps the reasons a printer reports to faults and low supplies', () => {
    expect(statusFromAttributes(attrs('none'))).toEqual({ state: 'idle', queued: 2, paperLow: false, tonerLow: false });
    expect(statusFromAttributes(attrs('none', 'processing'))).toMatchObject({ state: 'printing' });
    expect(statusFromAttributes(attrs('media-empty-error', 'stopped'))).toMatchObject({ state: 'error', type: 'paper-out' });
    expect(statusFromAttributes(attrs('media-needed'))).toMatchObject({ state: 'error', type: 'paper-out' });
    expect(statusFromAttributes(attrs('toner-empty-error'))).toMatchObject({ state: 'error', type: 'toner-out' });
    expect(statusFromAttributes(attrs('media-jam-error'))).toMatchObject({ state: 'error', type: 'jammed' });
    expect(statusFromAttributes(attrs('door-open-warning'))).toMatchObject({ state: 'error', type: 'door-open' });
    expect(statusFromAttributes(attrs('paused', 'stopped'))).toMatchObject({ state: 'error', type: 'offline' });
    expect(statusFromAttributes(attrs('toner-low-report,media-low-warning'))).toEqual({ state: 'idle', queued: 2, paperLow: true, tonerLow: true });
    expect(statusFromAttributes(parseIpptool('        printer-state (enum) = idle\n        printer-is-accepting-jobs (boolean) = false\n'))).toMatchObject({ state: 'error', type: 'not-accepting' });
  });
});

describe('simulated document printer', () => {
  it('keeps the last jobs in memory, renders them to PNG, plays faults, and forgets on clear()', async () => {
    const sim = new SimulatedDocumentPrinter();
    const pdf = await renderA4Pdf({ title: '无房证明', issuer: '不动产登记中心', issuedOn: '2026-12-02', verificationCode: 'BDC-12345', checkUrl: 'https://example.gov.cn/check', facts: [{ label: '查询结果', value: '未查询到登记记录' }] });
    if (!pdf.ok) throw new Error(pdf.error);
    const job = await sim.print(pdf.value, '无房证明');
    expect(job).toEqual({ ok: true, value: { jobId: 1 } });
    const png = await sim.renderPng(1, 1, 30);
    if (!png.ok) throw new Error(png.error);
    const image = PNG.sync.read(png.value);
    // A4 (210 × 297 mm) at 30 dpi, as pdftoppm rounds it: 249 × 351 pixels.
    expect([image.width, image.height]).toEqual([249, 351]);
    sim.setFault('paper-out');
    expect(await sim.status()).toMatchObject({ state: 'error', type: 'paper-out' });
    expect((await sim.print(pdf.value, 'x')).ok).toBe(false);
    sim.setFault(null);
    for (let i = 0; i < SimulatedDocumentPrinter.KEEP + 5; i++) await sim.print(pdf.value, 'x');
    expect(sim.jobs).toHaveLength(SimulatedDocumentPrinter.KEEP);
    const kept = sim.jobs[0]!.pdf;
    sim.clear();
    expect(sim.jobs).toHaveLength(0);
    expect(kept.every((b) => b === 0)).toBe(true);
  });
});
