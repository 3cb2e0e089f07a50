/**
 * A4 documents for tests and benches: a two-page 社保参保缴费证明 (a table that breaks across pages),
 * and a reader for the PDF that comes out of the printer (pdftotext, pdfinfo, pdftoppm → zbarimg).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { A4Document } from '../../core/receipt/a4-document';

export const proof: A4Document = {
  title: '社会保险参保缴费证明',
  issuer: '天津市和平区社会保险基金管理中心',
  issuedOn: '2026-12-02',
  verificationCode: 'SB2026-7K3Q9X',
  checkUrl: 'https://zwfw.example.gov.cn/check',
  facts: [
    { label: '姓名', value: '张*' },
    { label: '证件号码', value: '120101********002X' },
    { label: '参保状态', value: '正常参保' },
  ],
  table: { columns: ['年月', '险种', '缴费基数', '个人缴费'], rows: Array.from({ length: 40 }, (_, i) => [`2025-${String((i % 12) + 1).padStart(2, '0')}`, '城镇职工基本养老保险', '6,000.00', '480.00']) },
  notes: ['本证明仅证明参保缴费情况。'],
};

/** Text of a PDF (pdftotext) and the QR codes on its first page (pdftoppm at 200 dpi → zbarimg). */
export function readPdf(pdf: Buffer): { text: string; pages: number; qr: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    execFileSync('pdftoppm', ['-r', '200', '-f', '1', '-l', '1', '-png', file, join(dir, 'page')]);
    const png = join(dir, 'page-1.png');
    const qr = execFileSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').filter(Boolean);
    return { text, pages, qr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
