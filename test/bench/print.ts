/**
 * Area `print`: the A4 document printer.
 * - print.a4_render_p50_ms: a two-page proof laid out as PDF (pdfkit, CJK subset embedded);
 * - print.a4_first_page_ms (p95): from the citizen's 确认打印 to the job accepted by CUPS: layout
 *   plus `lp` to a real cupsd on loopback (test/support/cups.ts) — the paper itself depends on the
 *   printer's engine, not on the terminal;
 * - print.a4_pdf_kib: the size of that PDF (the font subset dominates).
 */
import { renderA4Pdf } from '../../device-bridge/src/devices/document/a4-pdf';
import { CupsDocumentPrinter } from '../../device-bridge/src/devices/document/cups-printer';
import { proof } from '../support/a4-documents';
import { startCups } from '../support/cups';
import { percentile, round, type BenchModule, type Figure } from './figures';

export const printBench: BenchModule = {
  area: 'print',
  async run(): Promise<Figure[]> {
    const cups = await startCups();
    try {
      const printer = new CupsDocumentPrinter({ server: cups.server, queue: cups.queue });
      const render: number[] = [];
      const accepted: number[] = [];
      let size = 0;
      // The first layout loads the font; it is what the first citizen after a restart waits for.
      for (let i = 0; i < 15; i++) {
        const t0 = performance.now();
        const pdf = await renderA4Pdf({ ...proof, verificationCode: `SB2026-${String(i).padStart(6, '0')}` });
        if (!pdf.ok) throw new Error(pdf.error);
        const t1 = performance.now();
        const job = await printer.print(pdf.value, proof.title);
        if (!job.ok) throw new Error(job.error.message);
        const t2 = performance.now();
        render.push(t1 - t0);
        accepted.push(t2 - t0);
        size = pdf.value.length;
        await printer.waitForJob(job.value.jobId, 30_000);
      }
      return [
        { name: 'print.a4_render_p50_ms', value: round(percentile(render, 50)), unit: 'ms', note: `first layout (font load) ${round(render[0]!)} ms` },
        { name: 'print.a4_first_page_ms', value: round(percentile(accepted, 95)), unit: 'ms', budget: 2000, note: 'p95 of 15: layout + lp until CUPS accepted the job (real cupsd on loopback)' },
        { name: 'print.a4_pdf_kib', value: round(size / 1024), unit: 'KiB', budget: 512 },
      ];
    } finally {
      await cups.stop();
    }
  },
};
