/**
 * Pictures of a simulated print job: SVG for the dev dock and reports (text as real text, graphics
 * as embedded PNG), PNG for image snapshots of the raster parts.
 */
import { PNG } from 'pngjs';
import type { Glyph, InterpretedJob, JobRow, PartialJob, RasterImage } from './escpos-job';
import { PAPER_WIDTH_DOTS } from './escpos-job';

type Job = InterpretedJob | PartialJob;

const FONT_FAMILY = 'Noto Sans CJK SC';
/** Bottom margin below the last row, so the cut edge is visible. */
const TAIL_DOTS = 24;

function rowHeight(job: Job, row: JobRow): number {
  return row.kind === 'image' ? job.images[row.image].height : row.height;
}

function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function rasterToPng(image: RasterImage): Buffer {
  const png = new PNG({ width: Math.max(1, image.width), height: Math.max(1, image.height) });
  png.data.fill(255);
  for (let p = 0; p < image.bits.length; p++) {
    if (image.bits[p] === 1) png.data[p * 4] = png.data[p * 4 + 1] = png.data[p * 4 + 2] = 0;
  }
  return PNG.sync.write(png);
}

const sameStyle = (a: Glyph, b: Glyph) =>
  a.height === b.height && a.bold === b.bold && a.underline === b.underline && a.invert === b.invert;

/** Consecutive glyphs of one style → one <text> with an x per character, so columns line up. */
function textRow(glyphs: Glyph[], top: number, height: number): string {
  const out: string[] = [];
  for (const g of glyphs) {
    if (g.invert) out.push(`<rect x="${g.x}" y="${top}" width="${g.width}" height="${height}" fill="#000"/>`);
  }
  let run: Glyph[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const g = run[0];
    const attrs = [
      `x="${run.map((r) => r.x).join(' ')}"`,
      `y="${top + height - Math.round(g.height * 0.15)}"`,
      `font-size="${g.height}"`,
      g.bold ? 'font-weight="bold"' : '',
      g.underline ? 'text-decoration="underline"' : '',
      `fill="${g.invert ? '#fff' : '#000'}"`,
    ].filter(Boolean);
    out.push(`<text ${attrs.join(' ')}>${xml(run.map((r) => r.char).join(''))}</text>`);
    run = [];
  };
  for (const g of glyphs) {
    if (g.char === ' ') {
      flush();
      continue;
    }
    const last = run[run.length - 1];
    // A gap on the paper (a column boundary) starts a new <text>: "受理编号" and the number stay separate words.
    if (last && (!sameStyle(last, g) || g.x !== last.x + last.width)) flush();
    run.push(g);
  }
  flush();
  return out.join('');
}

export function renderJobSvg(job: Job): string {
  const parts: string[] = [];
  let y = 0;
  for (const row of job.rows) {
    const height = rowHeight(job, row);
    if (row.kind === 'text') parts.push(textRow(row.glyphs, y, height));
    if (row.kind === 'image') {
      const image = job.images[row.image];
      const href = `data:image/png;base64,${rasterToPng(image).toString('base64')}`;
      parts.push(`<image x="${row.x}" y="${y}" width="${image.width}" height="${image.height}" href="${href}" style="image-rendering:pixelated"/>`);
    }
    y += height;
  }
  const total = y + TAIL_DOTS;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PAPER_WIDTH_DOTS}" height="${total}" viewBox="0 0 ${PAPER_WIDTH_DOTS} ${total}">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<g font-family="${FONT_FAMILY}" xml:space="preserve">${parts.join('')}</g></svg>`
  );
}

/**
 * The job as a PNG. Graphics are drawn dot for dot; text is drawn as a grey box per character
 * cell, not as glyphs: a text rasteriser with a CJK font is not worth its weight here (the SVG
 * carries the real text), and the boxes still show layout regressions in an image snapshot.
 */
export function renderJobPng(job: Job): Buffer {
  const height = job.rows.reduce((sum, row) => sum + rowHeight(job, row), 0) + TAIL_DOTS;
  const png = new PNG({ width: PAPER_WIDTH_DOTS, height });
  png.data.fill(255);
  const set = (x: number, y: number, v: number) => {
    if (x < 0 || y < 0 || x >= PAPER_WIDTH_DOTS || y >= height) return;
    const p = (y * PAPER_WIDTH_DOTS + x) * 4;
    png.data[p] = png.data[p + 1] = png.data[p + 2] = v;
  };
  let top = 0;
  for (const row of job.rows) {
    const rh = rowHeight(job, row);
    if (row.kind === 'image') {
      const image = job.images[row.image];
      for (let y = 0; y < image.height; y++) {
        for (let x = 0; x < image.width; x++) if (image.bits[y * image.width + x] === 1) set(row.x + x, top + y, 0);
      }
    } else if (row.kind === 'text') {
      for (const g of row.glyphs) {
        if (g.char === ' ' && !g.invert) continue;
        const shade = g.invert ? 0 : 170;
        // Leave a one-dot gap around each cell so adjacent characters stay distinguishable.
        for (let y = top + rh - g.height + 1; y < top + rh - 1; y++) {
          for (let x = g.x + 1; x < g.x + g.width - 1; x++) set(x, y, shade);
        }
      }
    }
    top += rh;
  }
  return PNG.sync.write(png);
}
