/**
 * Lays out an A4 document (core/receipt/a4-document.ts) as PDF with pdfkit: Noto Sans CJK embedded
 * as a subset (only the glyphs used, so a one-page proof is tens of KiB, not the font's 16 MiB),
 * title, issuing department, facts, an optional table that breaks across pages with its header
 * repeated, notes, and on every page the date, the verification code and a QR code to check it
 * online, with the page number. The PDF is made in memory and never written to the terminal's disk.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { encode } from 'uqr';
import { checkA4Document, checkLink, type A4Document } from '../../../../core/receipt/a4-document';
import { err, ok, type Result } from '../../../../core/result';

export const CJK_FONT = { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' };
export const CJK_FONT_BOLD = { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', family: 'NotoSansCJKsc-Bold' };

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM, margin: 18 * MM };
const FOOTER_H = 30 * MM;

export interface A4PdfOptions {
  /** Fixed creation date for reproducible output (tests); default now. */
  creationDate?: Date;
}

export async function renderA4Pdf(doc: A4Document, options: A4PdfOptions = {}): Promise<Result<Buffer, string>> {
  const invalid = checkA4Document(doc);
  if (invalid) return err(invalid);
  if (!existsSync(CJK_FONT.path)) return err(`the CJK font is not installed (${CJK_FONT.path}: Debian fonts-noto-cjk)`);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
    autoFirstPage: false,
    bufferPages: true,
    info: { Title: doc.title, Author: doc.issuer, Creator: 'gov-kiosk', CreationDate: options.creationDate ?? new Date() },
    lang: 'zh-CN',
    pdfVersion: '1.7',
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => pdf.on('end', () => r()));
  pdf.registerFont('cjk', CJK_FONT.path, CJK_FONT.family);
  pdf.registerFont('cjk-bold', existsSync(CJK_FONT_BOLD.path) ? CJK_FONT_BOLD.path : CJK_FONT.path, existsSync(CJK_FONT_BOLD.path) ? CJK_FONT_BOLD.family : CJK_FONT.family);

  const contentWidth = PAGE.width - 2 * PAGE.margin;
  const bottom = PAGE.height - PAGE.margin - FOOTER_H;
  const newPage = () => {
    pdf.addPage();
    pdf.y = PAGE.margin;
  };
  const ensure = (height: number, onBreak?: () => void) => {
    if (pdf.y + height <= bottom) return;
    newPage();
    onBreak?.();
  };

  newPage();
  pdf.font('cjk-bold').fontSize(20).text(doc.title, PAGE.margin, pdf.y, { width: contentWidth, align: 'center' });
  pdf.moveDown(0.3);
  pdf.font('cjk').fontSize(11).fillColor('#333333').text(`出具单位：${doc.issuer}`, { width: contentWidth, align: 'center' });
  pdf.fillColor('#000000').moveDown(1);

  // Facts: label column and value column.
  const labelW = 32 * MM;
  for (const f of doc.facts) {
    pdf.font('cjk').fontSize(11);
    const h = Math.max(pdf.heightOfString(f.label, { width: labelW }), pdf.heightOfString(f.value, { width: contentWidth - labelW - 4 * MM })) + 4;
    ensure(h);
    const y = pdf.y;
    pdf.fillColor('#444444').text(f.label, PAGE.margin, y, { width: labelW });
    pdf.fillColor('#000000').text(f.value, PAGE.margin + labelW + 4 * MM, y, { width: contentWidth - labelW - 4 * MM });
    pdf.y = y + h;
  }

  if (doc.table) {
    pdf.moveDown(0.8);
    const { columns, rows } = doc.table;
    const colW = contentWidth / columns.length;
    const drawRow = (cells: string[], header: boolean) => {
      pdf.font(header ? 'cjk-bold' : 'cjk').fontSize(10);
      const h = Math.max(...cells.map((c) => pdf.heightOfString(c, { width: colW - 6 }))) + 6;
      ensure(h, () => drawRow(columns, true));
      pdf.font(header ? 'cjk-bold' : 'cjk').fontSize(10);
      const y = pdf.y;
      if (header) pdf.rect(PAGE.margin, y, contentWidth, h).fill('#eeeeee').fillColor('#000000');
      cells.forEach((c, i) => pdf.text(c, PAGE.margin + i * colW + 3, y + 3, { width: colW - 6 }));
      pdf.moveTo(PAGE.margin, y + h).lineTo(PAGE.margin + contentWidth, y + h).lineWidth(0.5).strokeColor('#999999').stroke();
      pdf.y = y + h;
    };
    drawRow(columns, true);
    for (const r of rows) drawRow(r, false);
  }

  for (const n of doc.notes ?? []) {
    pdf.font('cjk').fontSize(10);
    pdf.moveDown(0.6);
    ensure(pdf.heightOfString(n, { width: contentWidth }));
    pdf.fillColor('#333333').text(n, PAGE.margin, pdf.y, { width: contentWidth }).fillColor('#000000');
  }

  // Every page: the footer with date, verification code, QR code to check it, page number.
  const link = checkLink(doc);
  const qr = encode(link, { ecc: 'M', border: 0 });
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const top = PAGE.height - PAGE.margin - FOOTER_H + 6 * MM;
    pdf.moveTo(PAGE.margin, top - 3 * MM).lineTo(PAGE.width - PAGE.margin, top - 3 * MM).lineWidth(0.5).strokeColor('#999999').stroke();
    const qrSize = 22 * MM;
    const cell = qrSize / qr.size;
    const qx = PAGE.width - PAGE.margin - qrSize;
    pdf.fillColor('#000000');
    for (let y = 0; y < qr.size; y++) for (let x = 0; x < qr.size; x++) if (qr.data[y]![x]) pdf.rect(qx + x * cell, top + y * cell, cell, cell);
    pdf.fill();
    const textW = contentWidth - qrSize - 6 * MM;
    // The page's bottom margin would push footer text onto a new page: lower it while drawing the footer.
    const margins = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('cjk').fontSize(10).text(`出具日期：${doc.issuedOn}`, PAGE.margin, top, { width: textW, lineBreak: false });
    pdf.text(`验证码：${doc.verificationCode}`, PAGE.margin, top + 5 * MM, { width: textW, lineBreak: false });
    pdf.fontSize(8).fillColor('#444444').text(`扫描右侧二维码或访问 ${doc.checkUrl} 输入验证码核验本文件`, PAGE.margin, top + 10 * MM, { width: textW });
    pdf.text(`第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, PAGE.margin, top + 18 * MM, { width: textW, lineBreak: false });
    pdf.fillColor('#000000');
    pdf.page.margins.bottom = margins;
  }
  pdf.end();
  await done;
  return ok(Buffer.concat(chunks));
}
