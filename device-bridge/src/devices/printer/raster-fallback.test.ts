import iconv from 'iconv-lite';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { acceptanceReceiptMarkdown } from '../../../../core/receipt/acceptance-receipt';
import { sampleReceipt } from '../../../../core/receipt/sample-receipt';
import { renderEscPos } from './escpos';
import { gbkCovers, loadGlyphSource, rasterizeLine, renderReceiptEscPos, withRasterFallback } from './raster-fallback';
import { SimulatedEscPosPrinter } from './simulated-printer';

const rare = '𬌗'; // U+2C317, GB18030 four-byte, in no printer's resident font
const receipt = { ...sampleReceipt, applicantMasked: `${rare}*  120103********1233`, deliveryDetail: `天津市南开区${rare}村****` };

const contains = (hay: Uint8Array, needle: Uint8Array) => Buffer.from(hay).indexOf(Buffer.from(needle)) >= 0;

describe('raster fallback for characters the printer font lacks', () => {
  it('knows what a GBK printer font covers', () => {
    expect(['A', '陈', '￥', '。', '龘'].every(gbkCovers)).toBe(true);
    expect([rare, '¥', '𠀀'].some(gbkCovers)).toBe(false);
  });

  it('leaves a receipt without such characters untouched', async () => {
    const md = acceptanceReceiptMarkdown(sampleReceipt);
    expect(withRasterFallback(md, await loadGlyphSource())).toEqual({ markdown: md, rasterLines: 0 });
    expect(await renderReceiptEscPos(md, renderEscPos)).toEqual(renderEscPos(md));
  });

  it('prints the lines holding a 生僻字 as images: the character never reaches the printer as text', async () => {
    const md = acceptanceReceiptMarkdown(receipt);
    expect(contains(renderEscPos(md), iconv.encode(rare, 'gb18030'))).toBe(true); // without the fallback
    const bytes = await renderReceiptEscPos(md, renderEscPos);
    expect(contains(bytes, iconv.encode(rare, 'gb18030'))).toBe(false);
    const sim = new SimulatedEscPosPrinter();
    sim.write(bytes);
    const job = sim.jobs()[0]!;
    expect(job.complete).toBe(true);
    // The other lines are still text, laid out as before.
    expect(job.text).toContain('受理编号     SL20250630000123');
    expect(job.text).toContain('受理时间');
    expect(job.text).not.toContain('申请人');
  });

  it('draws the glyphs: ink in the rare character’s cell, blank margins', async () => {
    const font = (await loadGlyphSource())!;
    expect(font).not.toBeNull();
    expect(font.glyph(rare.codePointAt(0)!)).not.toBeNull();
    const png = PNG.sync.read(rasterizeLine(`{width:12,*; border:space}\n|申请人 |${rare}* |`, font)!);
    expect([png.width, png.height]).toEqual([576, 24]);
    const inkIn = (x0: number, x1: number) => {
      let n = 0;
      for (let y = 0; y < png.height; y++) for (let x = x0; x < x1; x++) if (png.data[(y * png.width + x) * 4]! < 128) n++;
      return n;
    };
    // The value column starts at dot 156 (12 columns of 12 dots + a 12-dot border); 𬌗 takes two columns.
    expect(inkIn(156, 180)).toBeGreaterThan(60);
    expect(inkIn(0, 72)).toBeGreaterThan(150); // 申请人
    expect(inkIn(200, 576)).toBe(0);
  });

  it('without the font, prints the line as text rather than not at all', () => {
    const md = acceptanceReceiptMarkdown(receipt);
    expect(withRasterFallback(md, null)).toEqual({ markdown: md, rasterLines: 0 });
  });
});
