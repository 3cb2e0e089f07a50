/**
 * A streaming ESC/POS interpreter: the simulated printer's brain. Bytes arrive in arbitrary chunks
 * (a command may be split anywhere); the interpreter lays text and graphics out roughly as an 80 mm
 * Epson-compatible printer would and hands back one job per paper cut.
 *
 * It understands everything receiptline 4 emits with `command: 'escpos'` (checked against its
 * actual output, see escpos-interpreter.test.ts), plus the common commands other drivers send.
 * Anything else is recorded in `unknownCommands` and skipped; the parser always either consumes at
 * least one byte or waits for more, so malformed input can neither throw nor hang it. Length-prefixed
 * payloads are copied (or counted off, when too big to keep) as they arrive, so a 4 GB length field
 * costs a counter, not memory.
 *
 * Layout is an approximation for reading: position commands (ESC $, ESC \, HT) become spaces, so
 * "受理编号 SL…" reads as one line, as on paper.
 */
import { qrcode as qrGenerator } from 'receiptline';
import { decodePrinterText, decodeSymbolData } from './codepages';
import type { Glyph, InterpretedJob, JobRow, PartialJob, RasterImage } from './escpos-job';
import { PAPER_WIDTH_DOTS } from './escpos-job';
import { decodeQrFromRaster } from './raster-qr';

export { renderJobPng, renderJobSvg } from './job-render';
export type { InterpretedJob, PartialJob, RasterImage } from './escpos-job';

const NUL = 0x00, HT = 0x09, LF = 0x0a, FF = 0x0c, CR = 0x0d, DLE = 0x10, CAN = 0x18;
const ESC = 0x1b, FS = 0x1c, GS = 0x1d;

/** Font A is 12 × 24 dots (48 columns on 576 dots); font B 9 × 17. Chinese characters are 24 × 24. */
const FONT = [
  { ank: 12, height: 24 },
  { ank: 9, height: 17 },
] as const;
const KANJI_WIDTH = 24;
/** ESC 2: 1/6 inch at 203 dpi. */
const DEFAULT_LINE_SPACING = 30;
const DEFAULT_TAB_COLUMNS = 8;

/** Largest bitmap kept (about 576 × 14 500 dots); larger ones are counted off and not rendered. */
const MAX_GRAPHICS_BYTES = 1 << 20;
const MAX_UNKNOWN_PER_JOB = 64;
/** QR version 40 holds at most 2 953 bytes. */
const MAX_QR_BYTES = 2953;

export type InterpreterEvent =
  /** The first printed content of a job (text, feed or graphics) after the previous cut. */
  | { type: 'job-started' }
  | { type: 'job'; job: InterpretedJob }
  /** DLE EOT n: answer at once, whatever state the printer is in. */
  | { type: 'realtime-status'; n: 1 | 2 | 3 | 4 }
  /** GS r n: answer once everything before it has been printed. */
  | { type: 'transmit-status'; n: number };

export interface InterpreterOptions {
  /**
   * Whether Chinese mode is on after power-up / ESC @. Many Chinese-market printers default to on
   * (a memory switch). Off by default so our own output is proven to send FS & itself.
   */
  chineseModeByDefault?: boolean;
  /**
   * Whether to look for QR codes in printed bitmaps (default true). Scanning costs a few
   * milliseconds per bitmap with jsQR; byte-level fuzzing, which is about the parser, turns it off.
   */
  scanRasterQr?: boolean;
}

interface Settings {
  chinese: boolean;
  codePage: number;
  font: 0 | 1;
  widthScale: number;
  heightScale: number;
  bold: boolean;
  underline: boolean;
  invert: boolean;
  ankSpacing: number;
  kanjiLeft: number;
  kanjiRight: number;
  lineSpacing: number;
  align: 0 | 1 | 2;
  leftMargin: number;
  areaWidth: number;
  /** Tab stops in columns. */
  tabs: number[];
  qr: { moduleSize: number; level: 'l' | 'm' | 'q' | 'h'; data: Uint8Array | undefined };
  /** GS ( L / GS 8 L keep one bitmap until a print function asks for it. */
  storedGraphic: RasterImage | undefined;
}

function defaultSettings(chinese: boolean): Settings {
  return {
    chinese,
    codePage: 0,
    font: 0,
    widthScale: 1,
    heightScale: 1,
    bold: false,
    underline: false,
    invert: false,
    ankSpacing: 0,
    kanjiLeft: 0,
    kanjiRight: 0,
    lineSpacing: DEFAULT_LINE_SPACING,
    align: 0,
    leftMargin: 0,
    areaWidth: PAPER_WIDTH_DOTS,
    tabs: Array.from({ length: 32 }, (_, i) => (i + 1) * DEFAULT_TAB_COLUMNS),
    qr: { moduleSize: 3, level: 'l', data: undefined },
    storedGraphic: undefined,
  };
}

interface Line {
  glyphs: Glyph[];
  /** Next print position, dots from the start of the print area. */
  x: number;
  /** Margin, width and alignment are taken when the line receives its first content. */
  format: { left: number; width: number; align: 0 | 1 | 2 } | undefined;
}

/** Bytes still owed to a length-prefixed command; `data` undefined means count them off. */
interface Payload {
  data: Uint8Array | undefined;
  filled: number;
  length: number;
  done: (data: Uint8Array | undefined) => void;
}

interface JobContent {
  rows: JobRow[];
  images: RasterImage[];
  qrCodes: string[];
  barcodes: string[];
  unknown: string[];
  started: boolean;
}

const emptyContent = (): JobContent => ({ rows: [], images: [], qrCodes: [], barcodes: [], unknown: [], started: false });

const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;
const u16 = (buf: Uint8Array, i: number) => buf[i] | (buf[i + 1] << 8);
const signed16 = (v: number) => (v & 0x8000 ? v - 0x10000 : v);

/** Growable byte store for the raw bytes of the job in progress. */
class ByteQueue {
  private buf = new Uint8Array(1024);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(bytes: Uint8Array): void {
    if (this.end + bytes.length > this.buf.length) {
      const size = Math.max(this.buf.length, (this.length + bytes.length) * 2);
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(this.start, this.end));
      this.buf = next;
      this.end -= this.start;
      this.start = 0;
    }
    this.buf.set(bytes, this.end);
    this.end += bytes.length;
  }

  takeFront(n: number): Uint8Array {
    const taken = this.buf.slice(this.start, this.start + Math.min(n, this.length));
    this.start += taken.length;
    return taken;
  }
}

export class EscPosInterpreter {
  private readonly chineseByDefault: boolean;
  private readonly scanRasterQr: boolean;
  private settings: Settings;
  private line: Line = { glyphs: [], x: 0, format: undefined };
  private content: JobContent = emptyContent();
  /** Undecoded text of the current run; decoded when the run ends (at any control byte). */
  private textBytes: number[] = [];
  /** Unparsed bytes of a command split across chunks (at most a few dozen). */
  private pending: Uint8Array = new Uint8Array(0);
  private payload: Payload | undefined;
  private raw = new ByteQueue();
  private events: InterpreterEvent[] = [];
  private cutRequested: 'full' | 'partial' | undefined;

  constructor(options: InterpreterOptions = {}) {
    this.chineseByDefault = options.chineseModeByDefault ?? false;
    this.scanRasterQr = options.scanRasterQr ?? true;
    this.settings = defaultSettings(this.chineseByDefault);
  }

  /** True between the first printed content of a job and its cut. */
  get jobInProgress(): boolean {
    return this.content.started || this.line.glyphs.length > 0 || this.textBytes.length > 0;
  }

  /** Feeds the next bytes from the wire; returns what happened, in order. */
  feed(chunk: Uint8Array): InterpreterEvent[] {
    this.events = [];
    this.raw.append(chunk);
    const buf = this.pending.length > 0 ? concat(this.pending, chunk) : chunk;
    // Offset of `buf[0]` within the job's raw bytes (shifts down when a job takes its bytes).
    let rawBase = this.raw.length - buf.length;
    let i = 0;
    while (i < buf.length) {
      if (this.payload) {
        i += this.fillPayload(buf, i);
        continue;
      }
      const b = buf[i];
      if (b >= 0x20) {
        let j = i;
        while (j < buf.length && buf[j] >= 0x20) this.textBytes.push(buf[j++]);
        this.markStarted();
        i = j;
        continue;
      }
      this.flushText();
      const used = this.control(buf, i);
      if (used === 0) break; // an incomplete command: wait for the rest
      i += used;
      if (this.cutRequested) rawBase -= this.finishJob(this.cutRequested, rawBase + i);
    }
    this.pending = buf.slice(i);
    return this.events;
  }

  /**
   * Ends the job in progress without a cut (the printer stopped: paper out, cover open) and forgets
   * any half-received command, as a printer that stopped would have lost it. Returns the partial job
   * if anything had been printed.
   */
  abortJob(): PartialJob | undefined {
    const hadContent = this.jobInProgress;
    this.flushText();
    if (this.line.glyphs.length > 0) this.endLine();
    const raw = this.raw.takeFront(this.raw.length);
    const partial = hadContent ? { ...this.assemble(), raw } : undefined;
    this.pending = new Uint8Array(0);
    this.payload = undefined;
    this.textBytes = [];
    this.line = { glyphs: [], x: 0, format: undefined };
    this.content = emptyContent();
    return partial;
  }

  // ---- job bookkeeping -------------------------------------------------------------------------

  private markStarted(): void {
    if (this.content.started) return;
    this.content.started = true;
    this.events.push({ type: 'job-started' });
  }

  private unknown(description: string): void {
    if (this.content.unknown.length < MAX_UNKNOWN_PER_JOB) this.content.unknown.push(description);
  }

  private assemble(): Omit<InterpretedJob, 'cut' | 'raw'> {
    const { rows, images, qrCodes, barcodes, unknown } = this.content;
    const lines = rows.flatMap((row) => (row.kind === 'text' ? [row.text] : []));
    return { lines, text: lines.join('\n'), images, qrCodes, barcodes, rows, unknownCommands: unknown };
  }

  /** Emits the job ending at `rawEnd`; returns how many raw bytes it took. */
  private finishJob(cut: 'full' | 'partial', rawEnd: number): number {
    this.cutRequested = undefined;
    if (this.line.glyphs.length > 0) this.endLine();
    const job: InterpretedJob = { ...this.assemble(), cut, raw: this.raw.takeFront(rawEnd) };
    this.content = emptyContent();
    this.events.push({ type: 'job', job });
    return job.raw.length;
  }

  // ---- text layout -----------------------------------------------------------------------------

  private lineFormat(): NonNullable<Line['format']> {
    if (!this.line.format) {
      const { leftMargin, areaWidth, align } = this.settings;
      const width = Math.max(0, Math.min(areaWidth, PAPER_WIDTH_DOTS - leftMargin));
      this.line.format = { left: leftMargin, width, align };
    }
    return this.line.format;
  }

  private flushText(): void {
    if (this.textBytes.length === 0) return;
    const s = this.settings;
    const text = decodePrinterText(Uint8Array.from(this.textBytes), s.chinese, s.codePage);
    this.textBytes = [];
    for (const char of text) {
      const wide = s.chinese && char.codePointAt(0)! >= 0x80;
      const base = wide ? KANJI_WIDTH + s.kanjiLeft + s.kanjiRight : FONT[s.font].ank + s.ankSpacing;
      const width = base * s.widthScale;
      // A real printer prints the line and carries on below when the next character does not fit.
      if (this.line.glyphs.length > 0 && this.line.x + width > this.lineFormat().width) this.endLine();
      this.lineFormat();
      this.line.glyphs.push({
        char,
        x: this.line.x,
        width,
        height: (wide ? KANJI_WIDTH : FONT[s.font].height) * s.heightScale,
        bold: s.bold,
        underline: s.underline,
        invert: s.invert,
      });
      this.line.x += width;
    }
  }

  /** ESC $ / ESC \ / HT: positions beyond the print area are ignored, as the printer does. */
  private moveTo(x: number): void {
    const { width } = this.lineFormat();
    if (x >= 0 && x <= width) this.line.x = x;
  }

  /** Prints the line buffer (LF); an empty buffer gives a blank line. */
  private endLine(): void {
    this.markStarted();
    const format = this.lineFormat();
    const glyphs = this.line.glyphs;
    const used = glyphs.reduce((m, g) => Math.max(m, g.x + g.width), 0);
    const shift = format.left + Math.max(0, format.align === 0 ? 0 : format.align === 1 ? Math.floor((format.width - used) / 2) : format.width - used);
    const placed = glyphs.map((g) => ({ ...g, x: g.x + shift }));
    const height = placed.reduce((m, g) => Math.max(m, g.height), this.settings.lineSpacing);
    this.content.rows.push({ kind: 'text', text: textOf(placed), glyphs: placed, height });
    this.line = { glyphs: [], x: 0, format: undefined };
  }

  private feedDots(dots: number): void {
    this.markStarted();
    if (this.line.glyphs.length > 0) this.endLine();
    if (dots > 0) this.content.rows.push({ kind: 'feed', height: dots });
  }

  private feedLines(n: number): void {
    // ESC d n prints the buffer and feeds n lines; printing a non-empty buffer is the first of them.
    let blank = n;
    if (this.line.glyphs.length > 0) {
      this.endLine();
      blank -= 1;
    }
    for (let k = 0; k < blank; k++) this.endLine();
  }

  // ---- graphics --------------------------------------------------------------------------------

  private printImage(image: RasterImage, qrData?: string): void {
    this.markStarted();
    if (this.line.glyphs.length > 0) this.endLine();
    const { leftMargin, areaWidth, align } = this.settings;
    const free = Math.max(0, Math.min(areaWidth, PAPER_WIDTH_DOTS - leftMargin) - image.width);
    const x = leftMargin + (align === 0 ? 0 : align === 1 ? Math.floor(free / 2) : free);
    this.content.images.push(image);
    this.content.rows.push({ kind: 'image', image: this.content.images.length - 1, x });
    const qr = qrData ?? (this.scanRasterQr ? decodeQrFromRaster(image) : undefined);
    if (qr !== undefined) this.content.qrCodes.push(qr);
    this.line = { glyphs: [], x: 0, format: undefined };
  }

  /** Raster format (GS v 0, GS ( L fn 112): rows of ceil(w/8) bytes, MSB = leftmost dot. */
  private rasterImage(data: Uint8Array, offset: number, width: number, height: number, sx = 1, sy = 1): RasterImage {
    const rowBytes = Math.ceil(width / 8);
    const out = { width: width * sx, height: height * sy, bits: new Uint8Array(width * sx * height * sy) };
    for (let y = 0; y < height; y++) {
      for (let xb = 0; xb < rowBytes; xb++) {
        const byte = data[offset + y * rowBytes + xb] ?? 0;
        if (byte === 0) continue; // most of a receipt bitmap is white
        for (let bit = 0; bit < 8; bit++) {
          const x = xb * 8 + bit;
          if (x >= width || !(byte & (0x80 >> bit))) continue;
          for (let dy = 0; dy < sy; dy++) {
            const at = (y * sy + dy) * out.width + x * sx;
            for (let dx = 0; dx < sx; dx++) out.bits[at + dx] = 1;
          }
        }
      }
    }
    return out;
  }

  private printNativeQr(): void {
    const { data, moduleSize, level } = this.settings.qr;
    if (!data || data.length === 0 || data.length > MAX_QR_BYTES) return;
    const text = decodeSymbolData(data);
    // Draw the symbol too, so the SVG preview shows it; the text comes from the stored data.
    const matrix = qrGenerator.generate({ data: text, type: 'qrcode', cell: moduleSize, level });
    const n = matrix.length;
    const size = n * moduleSize;
    const bits = new Uint8Array(size * size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) bits[y * size + x] = matrix[Math.floor(y / moduleSize)][Math.floor(x / moduleSize)];
    }
    this.printImage({ width: size, height: size, bits }, text);
  }

  // ---- payloads --------------------------------------------------------------------------------

  private expectPayload(length: number, done: Payload['done'], keep = true): void {
    if (length === 0) {
      done(keep ? new Uint8Array(0) : undefined);
      return;
    }
    this.payload = { data: keep && length <= MAX_GRAPHICS_BYTES ? new Uint8Array(length) : undefined, filled: 0, length, done };
  }

  private fillPayload(buf: Uint8Array, i: number): number {
    const p = this.payload!;
    const take = Math.min(p.length - p.filled, buf.length - i);
    p.data?.set(buf.subarray(i, i + take), p.filled);
    p.filled += take;
    if (p.filled === p.length) {
      this.payload = undefined;
      p.done(p.data);
    }
    return take;
  }

  // ---- command dispatch ------------------------------------------------------------------------

  /** Handles the control byte at `buf[i]`. Returns bytes consumed, or 0 if the command is incomplete. */
  private control(buf: Uint8Array, i: number): number {
    const b = buf[i];
    switch (b) {
      case LF:
        this.endLine();
        return 1;
      case HT: {
        const column = FONT[this.settings.font].ank;
        const next = this.settings.tabs.find((t) => t * column > this.line.x);
        if (next !== undefined) this.moveTo(next * column);
        return 1;
      }
      // CR prints nothing in standard mode unless auto line feed is switched on; LF does the work.
      case CR:
      case NUL:
      // FF and CAN only mean something in page mode, which nothing we drive uses.
      case FF:
      case CAN:
        return 1;
      case ESC:
        return this.esc(buf, i);
      case GS:
        return this.gs(buf, i);
      case FS:
        return this.fs(buf, i);
      case DLE:
        return this.dle(buf, i);
      default:
        this.unknown(`control ${hex(b)}`);
        return 1;
    }
  }

  /** An unknown two-byte command. If the "function" byte is itself a control code, skip only the prefix, so the next command is not swallowed. */
  private skipUnknown(prefix: string, buf: Uint8Array, i: number): number {
    const f = buf[i + 1];
    this.unknown(`${prefix} ${hex(f)}`);
    return f < 0x20 ? 1 : 2;
  }

  private dle(buf: Uint8Array, i: number): number {
    if (buf.length - i < 3) return 0;
    const [f, n] = [buf[i + 1], buf[i + 2]];
    if (f === 0x04) {
      if (n >= 1 && n <= 4) {
        this.events.push({ type: 'realtime-status', n: n as 1 | 2 | 3 | 4 });
        return 3;
      }
      if (n === 7 || n === 8) return buf.length - i < 4 ? 0 : 4; // ink / extended status: not ours
      this.unknown(`DLE EOT ${n}`);
      return 3;
    }
    if (f === 0x05) return 3; // DLE ENQ n: recovery requests, nothing to simulate
    if (f === 0x14) {
      // DLE DC4 fn ...: pulse, power-off, clear buffer, ...: parameter counts per function.
      const extra: Record<number, number> = { 1: 2, 2: 2, 3: 2, 7: 1, 8: 7 };
      const total = 3 + (extra[n] ?? 0);
      if (buf.length - i < total) return 0;
      if (n === 8) this.clearBuffer();
      return total;
    }
    this.unknown(`DLE ${hex(f)}`);
    return 1;
  }

  /** DLE DC4 8 / ESC @: data waiting to be printed is thrown away. */
  private clearBuffer(): void {
    this.textBytes = [];
    this.line = { glyphs: [], x: 0, format: undefined };
  }

  private esc(buf: Uint8Array, i: number): number {
    const avail = buf.length - i;
    if (avail < 2) return 0;
    const f = buf[i + 1];
    const s = this.settings;
    // Simple commands: how many parameter bytes follow, and what to do with them.
    const simple = (count: number, apply?: (p: Uint8Array) => void): number => {
      if (avail < 2 + count) return 0;
      apply?.(buf.subarray(i + 2, i + 2 + count));
      return 2 + count;
    };
    switch (String.fromCharCode(f)) {
      case '@':
        this.clearBuffer();
        this.settings = defaultSettings(this.chineseByDefault);
        return 2;
      case '!':
        return simple(1, ([n]) => {
          s.font = (n & 1) as 0 | 1;
          s.bold = !!(n & 8);
          s.heightScale = n & 0x10 ? 2 : 1;
          s.widthScale = n & 0x20 ? 2 : 1;
          s.underline = !!(n & 0x80);
        });
      case ' ':
        return simple(1, ([n]) => (s.ankSpacing = n));
      case '$':
        return simple(2, (p) => this.moveTo(u16(p, 0)));
      case '\\':
        return simple(2, (p) => this.moveTo(this.line.x + signed16(u16(p, 0))));
      case '-':
        return simple(1, ([n]) => (s.underline = n === 1 || n === 2 || n === 0x31 || n === 0x32));
      case '2':
        s.lineSpacing = DEFAULT_LINE_SPACING;
        return 2;
      case '3':
        return simple(1, ([n]) => (s.lineSpacing = n));
      case 'E':
        return simple(1, ([n]) => (s.bold = (n & 1) === 1));
      case 'G':
        return simple(1);
      case 'J':
        return simple(1, ([n]) => this.feedDots(n));
      case 'K':
      case 'e':
        return simple(1); // reverse feed: paper cannot be un-printed in our model
      case 'd':
        return simple(1, ([n]) => this.feedLines(n));
      case 'M':
        return simple(1, ([n]) => (s.font = n === 1 || n === 0x31 ? 1 : 0));
      case 'a':
        return simple(1, ([n]) => (s.align = n === 1 || n === 0x31 ? 1 : n === 2 || n === 0x32 ? 2 : 0));
      case 't':
        return simple(1, ([n]) => (s.codePage = n));
      case '{':
      case 'R':
      case 'V':
      case 'U':
      case '%':
      case '?':
      case '=':
      case 'r':
      case 'T':
      case 'u':
        return simple(1);
      case 'v':
      case '<':
      case 'L':
      case 'S':
        return 2;
      case 'i':
      case 'm':
        // Legacy partial cuts.
        this.cutRequested = 'partial';
        return 2;
      case 'c':
        return simple(2);
      case 'p':
        return simple(3); // drawer kick
      case 'W':
        return simple(8);
      case 'D':
        return this.escTabs(buf, i);
      case '*':
        return this.escBitImage(buf, i);
      default:
        return this.skipUnknown('ESC', buf, i);
    }
  }

  /** ESC D n1 … nk NUL: up to 32 ascending tab stops (in columns). */
  private escTabs(buf: Uint8Array, i: number): number {
    const stops: number[] = [];
    for (let k = i + 2; k < buf.length; k++) {
      const n = buf[k];
      if (n === 0 || stops.length === 32 || (stops.length > 0 && n <= stops[stops.length - 1])) {
        this.settings.tabs = stops;
        // NUL ends the list; a 33rd or non-ascending value is printed as ordinary data.
        return k - i + (n === 0 ? 1 : 0);
      }
      stops.push(n);
    }
    return 0;
  }

  /** ESC * m nL nH d…: column-format bit image, 8 or 24 dots tall, printed in the line. */
  private escBitImage(buf: Uint8Array, i: number): number {
    if (buf.length - i < 5) return 0;
    const m = buf[i + 2];
    const columns = u16(buf, i + 3);
    const bytesPerColumn = m === 0 || m === 1 ? 1 : m === 32 || m === 33 ? 3 : 0;
    if (bytesPerColumn === 0) {
      this.unknown(`ESC * ${m}`);
      return 5;
    }
    const wide = m === 0 || m === 32 ? 2 : 1; // single-density modes print each column twice as wide
    this.expectPayload(columns * bytesPerColumn, (data) => {
      if (!data || columns === 0) return;
      const height = bytesPerColumn * 8;
      const image = { width: columns * wide, height, bits: new Uint8Array(columns * wide * height) };
      for (let c = 0; c < columns; c++) {
        for (let y = 0; y < height; y++) {
          const byte = data[c * bytesPerColumn + (y >> 3)];
          if (!(byte & (0x80 >> (y & 7)))) continue;
          for (let w = 0; w < wide; w++) image.bits[y * image.width + c * wide + w] = 1;
        }
      }
      this.printImage(image);
    });
    return 5;
  }

  private gs(buf: Uint8Array, i: number): number {
    const avail = buf.length - i;
    if (avail < 2) return 0;
    const f = buf[i + 1];
    const s = this.settings;
    const simple = (count: number, apply?: (p: Uint8Array) => void): number => {
      if (avail < 2 + count) return 0;
      apply?.(buf.subarray(i + 2, i + 2 + count));
      return 2 + count;
    };
    switch (String.fromCharCode(f)) {
      case '!':
        return simple(1, ([n]) => {
          s.widthScale = ((n >> 4) & 7) + 1;
          s.heightScale = (n & 7) + 1;
        });
      case 'B':
        return simple(1, ([n]) => (s.invert = (n & 1) === 1));
      case 'L':
        return simple(2, (p) => (s.leftMargin = u16(p, 0)));
      case 'W':
        return simple(2, (p) => (s.areaWidth = u16(p, 0)));
      case 'V':
        return this.gsCut(buf, i);
      case 'r':
        // n = 1 or 49 (paper), 2 or 50 (drawer), 4 or 52 (ink): normalise to the low digit.
        return simple(1, ([n]) => this.events.push({ type: 'transmit-status', n: n & 0x0f }));
      case 'a':
      case 'b':
      case 'f':
      case 'h':
      case 'w':
      case 'H':
      case 'I':
      case 'T':
      case '/':
      case 'E':
        return simple(1);
      case 'P':
      case '$':
      case '\\':
        return simple(2);
      case '^':
        return simple(3);
      case ':':
        return 2;
      case 'g':
        return simple(4); // maintenance counters: GS g 0|2 m nL nH
      case 'k':
        return this.gsBarcode(buf, i);
      case 'v':
        return this.gsRaster(buf, i);
      case '*':
        return this.gsDownloadedImage(buf, i);
      case '(':
        return this.lengthPrefixed('GS', buf, i);
      case '8':
        return this.gsGraphicsLong(buf, i);
      default:
        return this.skipUnknown('GS', buf, i);
    }
  }

  private gsCut(buf: Uint8Array, i: number): number {
    if (buf.length - i < 3) return 0;
    const m = buf[i + 2];
    // GS V m (full 0/48, partial 1/49); GS V m n with feed: A/a/g full, B/b/h partial.
    const short: Record<number, 'full' | 'partial'> = { 0: 'full', 48: 'full', 1: 'partial', 49: 'partial' };
    const long: Record<number, 'full' | 'partial'> = { 65: 'full', 97: 'full', 103: 'full', 66: 'partial', 98: 'partial', 104: 'partial' };
    if (short[m]) {
      this.cutRequested = short[m];
      return 3;
    }
    if (long[m]) {
      if (buf.length - i < 4) return 0;
      this.feedDots(buf[i + 3]);
      this.cutRequested = long[m];
      return 4;
    }
    this.unknown(`GS V ${m}`);
    return 3;
  }

  /** GS k m …: barcodes. Recorded by content; not drawn. */
  private gsBarcode(buf: Uint8Array, i: number): number {
    if (buf.length - i < 4) return 0;
    const m = buf[i + 2];
    if (m <= 6) {
      // Function A: NUL-terminated data.
      const end = buf.indexOf(0, i + 3);
      if (end < 0) return buf.length - i > 260 ? this.badBarcode(m) : 0;
      this.content.barcodes.push(String.fromCharCode(...buf.subarray(i + 3, end)));
      this.markStarted();
      return end + 1 - i;
    }
    if (m >= 65 && m <= 79) {
      const n = buf[i + 3];
      if (buf.length - i < 4 + n) return 0;
      this.content.barcodes.push(String.fromCharCode(...buf.subarray(i + 4, i + 4 + n)));
      this.markStarted();
      return 4 + n;
    }
    return this.badBarcode(m);
  }

  private badBarcode(m: number): number {
    this.unknown(`GS k ${m}`);
    return 3;
  }

  /** GS v 0 m xL xH yL yH d…: raster bit image, x in bytes, y in dots; m scales it. */
  private gsRaster(buf: Uint8Array, i: number): number {
    if (buf.length - i < 8) return 0;
    if (buf[i + 2] !== 0x30 && buf[i + 2] !== 0) return this.skipUnknown('GS v', buf, i + 1) + 1;
    const m = buf[i + 3] & 3;
    const xBytes = u16(buf, i + 4);
    const height = u16(buf, i + 6);
    this.expectPayload(xBytes * height, (data) => {
      if (data && xBytes > 0 && height > 0) {
        this.printImage(this.rasterImage(data, 0, xBytes * 8, height, m & 1 ? 2 : 1, m & 2 ? 2 : 1));
      }
    });
    return 8;
  }

  /** GS * x y d…: define a downloaded bit image (x × y × 8 bytes); printing it (GS /) is not simulated. */
  private gsDownloadedImage(buf: Uint8Array, i: number): number {
    if (buf.length - i < 4) return 0;
    this.expectPayload(buf[i + 2] * buf[i + 3] * 8, () => undefined, false);
    return 4;
  }

  /** GS ( X pL pH … and FS ( X pL pH …: the length frames the command even when we do not know X. */
  private lengthPrefixed(prefix: 'GS' | 'FS', buf: Uint8Array, i: number): number {
    if (buf.length - i < 5) return 0;
    const x = buf[i + 2];
    const length = u16(buf, i + 3);
    const name = `${prefix} ( ${String.fromCharCode(x)}`;
    if (prefix === 'GS' && x === 0x6b) this.expectPayload(length, (p) => p && this.qrFunction(p));
    else if (prefix === 'GS' && x === 0x4c) this.expectPayload(length, (p) => p && this.graphicsFunction(p));
    // FS ( A selects the Chinese font; GS ( E/H/K/… set up or query things with no visible effect.
    else this.expectPayload(length, () => undefined, false);
    if (!['FS ( A', 'GS ( A', 'GS ( C', 'GS ( D', 'GS ( E', 'GS ( H', 'GS ( K', 'GS ( N', 'GS ( k', 'GS ( L'].includes(name)) {
      this.unknown(`${name} (${length} bytes)`);
    }
    return 5;
  }

  /** GS ( k: cn fn …; only QR (cn 49) is modelled. */
  private qrFunction(p: Uint8Array): void {
    if (p.length < 2 || p[0] !== 49) return;
    const fn = p[1];
    const qr = this.settings.qr;
    if (fn === 67 && p.length >= 3) qr.moduleSize = Math.min(16, Math.max(1, p[2]));
    else if (fn === 69 && p.length >= 3) qr.level = (['l', 'm', 'q', 'h'] as const)[p[2] - 48] ?? qr.level;
    else if (fn === 80 && p.length >= 3) qr.data = p.slice(3);
    else if (fn === 81) this.printNativeQr();
  }

  /** GS ( L / GS 8 L: m fn …; fn 112 stores a raster bitmap, fn 50 prints it. */
  private graphicsFunction(p: Uint8Array): void {
    if (p.length < 2) return;
    const fn = p[1];
    if (fn === 112 && p.length >= 10) {
      const [, , tone, bx, by] = p;
      const width = u16(p, 6);
      const height = u16(p, 8);
      if (tone !== 48 || width === 0 || height === 0) {
        this.unknown(`graphics store tone=${tone}`);
        return;
      }
      // The declared size must fit the bytes that came with it; a corrupted header would otherwise
      // ask for a bitmap of up to 65535 × 65535 dots.
      if (Math.ceil(width / 8) * height > p.length - 10) {
        this.unknown(`graphics store ${width}×${height} with ${p.length - 10} bytes`);
        return;
      }
      this.settings.storedGraphic = this.rasterImage(p, 10, width, height, bx === 2 ? 2 : 1, by === 2 ? 2 : 1);
    } else if (fn === 50 || fn === 2) {
      const image = this.settings.storedGraphic;
      this.settings.storedGraphic = undefined;
      if (image) this.printImage(image);
    }
  }

  /** GS 8 L p1 p2 p3 p4 …: the same functions as GS ( L with a 32-bit length. */
  private gsGraphicsLong(buf: Uint8Array, i: number): number {
    if (buf.length - i < 7) return 0;
    if (buf[i + 2] !== 0x4c) return this.skipUnknown('GS 8', buf, i + 1) + 1;
    const length = (buf[i + 3] | (buf[i + 4] << 8) | (buf[i + 5] << 16)) + buf[i + 6] * 0x1000000;
    this.expectPayload(length, (p) => {
      if (p) this.graphicsFunction(p);
      else this.unknown(`GS 8 L (${length} bytes, too large)`);
    });
    return 7;
  }

  private fs(buf: Uint8Array, i: number): number {
    const avail = buf.length - i;
    if (avail < 2) return 0;
    const f = buf[i + 1];
    const s = this.settings;
    const simple = (count: number, apply?: (p: Uint8Array) => void): number => {
      if (avail < 2 + count) return 0;
      apply?.(buf.subarray(i + 2, i + 2 + count));
      return 2 + count;
    };
    switch (String.fromCharCode(f)) {
      case '&':
        s.chinese = true;
        return 2;
      case '.':
        s.chinese = false;
        return 2;
      case '-':
        return simple(1, ([n]) => (s.underline = n === 1 || n === 2 || n === 0x31 || n === 0x32));
      case 'S':
        return simple(2, ([left, right]) => {
          s.kanjiLeft = left;
          s.kanjiRight = right;
        });
      case '!':
      case 'C':
      case 'W':
        return simple(1);
      case '?':
      case 'p':
        return simple(2);
      case '2':
        return simple(74); // user-defined Chinese character: c1 c2 + 72 bytes
      case '(':
        return this.lengthPrefixed('FS', buf, i);
      default:
        return this.skipUnknown('FS', buf, i);
    }
  }
}

/**
 * Glyphs → a line of text. Gaps on the paper become spaces (in 12-dot columns); touching glyphs are
 * joined even when enlarged, so a double-size 受理收件凭证 still reads (and searches) as one word.
 */
function textOf(glyphs: Glyph[]): string {
  let s = '';
  let end = 0;
  for (const g of glyphs) {
    const gap = Math.round((g.x - end) / FONT[0].ank);
    if (gap > 0) s += ' '.repeat(gap);
    s += g.char;
    end = g.x + g.width;
  }
  return s.trimEnd();
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
