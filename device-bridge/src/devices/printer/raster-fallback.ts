/**
 * Raster fallback for characters the printer's font lacks (生僻字 in names and addresses).
 *
 * Receipt printers carry a GB2312/GBK font; a GB18030 four-byte character (e.g. 𬌗, U+2C317) reaches
 * them intact but prints as a blank or a wrong glyph. So before a receipt is encoded, every
 * markdown line holding such a character is printed as an image instead: receiptline lays the
 * line out (its SVG output gives the centre of every character cell), we draw each character with
 * a CJK outline font (Noto Sans CJK SC from fonts-noto-cjk, read with fontkit) into a 576-dot
 * bitmap, and the line becomes `{image:…}`. Column layout, alignment and the rest of the receipt
 * stay as they were; only the affected lines are raster.
 *
 * Without the font file the fallback is off and the line prints as text (a warning in the log at
 * start-up): a receipt still comes out, with one glyph possibly wrong.
 */
import { existsSync } from 'node:fs';
import iconv from 'iconv-lite';
import { PNG } from 'pngjs';
import { transform } from 'receiptline';

export const DEFAULT_FONT = { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' };

type PathCommand = { command: string; args: number[] };

export interface GlyphSource {
  unitsPerEm: number;
  /** Outline and advance of a character, in font units (y up), or null if the font lacks it. */
  glyph(codePoint: number): { advance: number; commands: PathCommand[] } | null;
}

/** Whether the printer's resident font has the character: it must round-trip through GBK. */
export function gbkCovers(ch: string): boolean {
  if (ch.charCodeAt(0) < 0x80) return true;
  return iconv.decode(iconv.encode(ch, 'gbk'), 'gbk') === ch;
}

/** Opens the CJK outline font, or null where it is not installed. */
export async function loadGlyphSource(font = DEFAULT_FONT): Promise<GlyphSource | null> {
  if (!existsSync(font.path)) return null;
  const fontkit = await import('fontkit');
  const opened = fontkit.openSync(font.path) as unknown as { getFont?: (n: string) => unknown; unitsPerEm?: number };
  const face = (opened.getFont ? opened.getFont(font.postscriptName) : opened) as {
    unitsPerEm: number;
    hasGlyphForCodePoint(cp: number): boolean;
    glyphForCodePoint(cp: number): { advanceWidth: number; path: { commands: PathCommand[] } };
  } | null;
  if (!face) return null;
  return {
    unitsPerEm: face.unitsPerEm,
    glyph(cp) {
      if (!face.hasGlyphForCodePoint(cp)) return null;
      const g = face.glyphForCodePoint(cp);
      return { advance: g.advanceWidth, commands: g.path.commands };
    },
  };
}

const PAPER_DOTS = 576;

/** Replaces every line holding a character the printer cannot print with a raster image of it. */
export function withRasterFallback(markdown: string, font: GlyphSource | null, covers: (ch: string) => boolean = gbkCovers, cpl = 48): { markdown: string; rasterLines: number } {
  if (!font) return { markdown, rasterLines: 0 };
  const lines = markdown.split('\n');
  const properties: string[] = [];
  let rasterLines = 0;
  const out = lines.map((line) => {
    if (/^\{[^}]*\}$/.test(line.trim()) && !/^\{\s*(image|i|code|c)\s*:/.test(line.trim())) {
      properties.push(line);
      return line;
    }
    if (Array.from(line).every(covers)) return line;
    const png = rasterizeLine([...properties, line].join('\n'), font, cpl);
    if (!png) return line;
    rasterLines++;
    return `{image:${png.toString('base64')}}`;
  });
  return { markdown: out.join('\n'), rasterLines };
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (entities[e] ?? ''),
  );

/** One markdown line (with the properties before it) → a PNG of the paper, or null if it cannot. */
export function rasterizeLine(doc: string, font: GlyphSource, cpl = 48): Buffer | null {
  const svg = transform(doc, { command: 'svg', cpl, encoding: 'gb18030' });
  // Scaled text (^^, double width/height) and inverted/underlined runs are fixed headings in our
  // receipts, never citizen text: leave those lines to the printer.
  if (/scale\(|<rect|<line|<image/.test(svg.replace(/<defs>.*?<\/defs>/s, ''))) return null;
  const height = Number(/height="(\d+)px"/.exec(svg)?.[1] ?? 0);
  const size = Number(/font-size="(\d+)"/.exec(svg)?.[1] ?? 22);
  if (!height) return null;
  const bitmap = new Uint8Array(PAPER_DOTS * height);
  for (const group of svg.matchAll(/<g transform="translate\((\d+(?:\.\d+)?),(\d+(?:\.\d+)?)\)">(.*?)<\/g>/gs)) {
    const dx = Number(group[1]);
    const bottom = Number(group[2]);
    for (const span of group[3]!.matchAll(/<tspan x="(-?\d+(?:\.\d+)?)">(.*?)<\/tspan>/g)) {
      const ch = decode(span[2]!);
      const cp = ch.codePointAt(0);
      if (cp === undefined || /\s|\u00a0/.test(ch)) continue;
      drawGlyph(bitmap, height, font, cp, dx + Number(span[1]), bottom, size);
    }
  }
  const png = new PNG({ width: PAPER_DOTS, height });
  for (let i = 0; i < bitmap.length; i++) {
    const v = bitmap[i] ? 0 : 255;
    png.data[i * 4] = png.data[i * 4 + 1] = png.data[i * 4 + 2] = v;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** Draws one character centred on `cx`, its em box's bottom on `bottom` (CJK ideographic baseline at -0.12 em). */
function drawGlyph(bitmap: Uint8Array, height: number, font: GlyphSource, cp: number, cx: number, bottom: number, size: number): void {
  const g = font.glyph(cp);
  if (!g) return;
  const scale = size / font.unitsPerEm;
  const left = cx - (g.advance * scale) / 2;
  const baseline = bottom - 0.12 * size;
  const polys = flatten(g.commands, (x, y) => [left + x * scale, baseline - y * scale]);
  fillNonZero(bitmap, PAPER_DOTS, height, polys);
}

type Pt = [number, number];

function flatten(commands: PathCommand[], map: (x: number, y: number) => Pt): Pt[][] {
  const polys: Pt[][] = [];
  let cur: Pt[] = [];
  let last: Pt = [0, 0];
  let start: Pt = [0, 0];
  const STEPS = 8;
  for (const { command, args: a } of commands) {
    if (command === 'moveTo') {
      if (cur.length > 1) polys.push(cur);
      last = start = map(a[0]!, a[1]!);
      cur = [last];
    } else if (command === 'lineTo') {
      last = map(a[0]!, a[1]!);
      cur.push(last);
    } else if (command === 'quadraticCurveTo') {
      const [p0, p1, p2] = [last, map(a[0]!, a[1]!), map(a[2]!, a[3]!)];
      for (let i = 1; i <= STEPS; i++) {
        const t = i / STEPS;
        const u = 1 - t;
        cur.push([u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0], u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1]]);
      }
      last = p2;
    } else if (command === 'bezierCurveTo') {
      const [p0, p1, p2, p3] = [last, map(a[0]!, a[1]!), map(a[2]!, a[3]!), map(a[4]!, a[5]!)];
      for (let i = 1; i <= STEPS; i++) {
        const t = i / STEPS;
        const u = 1 - t;
        const b = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t] as const;
        cur.push([b[0] * p0[0] + b[1] * p1[0] + b[2] * p2[0] + b[3] * p3[0], b[0] * p0[1] + b[1] * p1[1] + b[2] * p2[1] + b[3] * p3[1]]);
      }
      last = p3;
    } else if (command === 'closePath') {
      if (cur.length > 1) polys.push(cur);
      cur = [start];
      last = start;
    }
  }
  if (cur.length > 1) polys.push(cur);
  return polys;
}

/** Scanline fill with the non-zero winding rule, sampling at pixel centres. */
function fillNonZero(bitmap: Uint8Array, width: number, height: number, polys: Pt[][]): void {
  const edges: { x0: number; y0: number; x1: number; y1: number; dir: number }[] = [];
  for (const poly of polys) {
    for (let i = 0; i < poly.length; i++) {
      const [ax, ay] = poly[i]!;
      const [bx, by] = poly[(i + 1) % poly.length]!;
      if (ay === by) continue;
      edges.push(ay < by ? { x0: ax, y0: ay, x1: bx, y1: by, dir: 1 } : { x0: bx, y0: by, x1: ax, y1: ay, dir: -1 });
    }
  }
  for (let py = 0; py < height; py++) {
    const y = py + 0.5;
    const hits: { x: number; dir: number }[] = [];
    for (const e of edges) {
      if (y < e.y0 || y >= e.y1) continue;
      hits.push({ x: e.x0 + ((y - e.y0) / (e.y1 - e.y0)) * (e.x1 - e.x0), dir: e.dir });
    }
    hits.sort((a, b) => a.x - b.x);
    let winding = 0;
    for (let i = 0; i < hits.length - 1; i++) {
      winding += hits[i]!.dir;
      if (winding === 0) continue;
      const from = Math.max(0, Math.ceil(hits[i]!.x - 0.5));
      const to = Math.min(width - 1, Math.floor(hits[i + 1]!.x - 0.5));
      for (let px = from; px <= to; px++) bitmap[py * width + px] = 1;
    }
  }
}

let systemFont: Promise<GlyphSource | null> | undefined;

/**
 * Receipt markdown → ESC/POS with the raster fallback: the font is loaded (once, ~0.3 s) only when
 * a receipt first holds a character outside the printer's font.
 */
export async function renderReceiptEscPos(markdown: string, render: (md: string) => Uint8Array): Promise<Uint8Array> {
  if (Array.from(markdown).every(gbkCovers)) return render(markdown);
  systemFont ??= loadGlyphSource().catch(() => null);
  return render(withRasterFallback(markdown, await systemFont).markdown);
}
