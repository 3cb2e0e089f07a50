/**
 * What the simulated printer put on paper: one job per cut. Produced by the ESC/POS interpreter,
 * rendered by job-render.ts, kept by the simulated printer.
 */

/** Printable width of an 80 mm head at 203 dpi (72 mm), in dots. */
export const PAPER_WIDTH_DOTS = 576;

/** A monochrome bitmap, row-major, one byte per dot: 1 = black, 0 = white. */
export interface RasterImage {
  width: number;
  height: number;
  bits: Uint8Array;
}

/** One printed character at its position on the paper (dots from the left edge). */
export interface Glyph {
  char: string;
  x: number;
  width: number;
  height: number;
  bold: boolean;
  underline: boolean;
  invert: boolean;
}

/** The paper from top to bottom. */
export type JobRow =
  | { kind: 'text'; text: string; glyphs: Glyph[]; height: number }
  | { kind: 'image'; image: number; x: number }
  | { kind: 'feed'; height: number };

export interface InterpretedJob {
  /** Text rows as they read on paper (blank lines included, images not). */
  lines: string[];
  text: string;
  images: RasterImage[];
  /** Decoded from raster images (receiptline's way) and from native GS ( k symbols. */
  qrCodes: string[];
  barcodes: string[];
  cut: 'full' | 'partial';
  rows: JobRow[];
  /** Commands the interpreter skipped, e.g. `ESC 0x26`; capped so noise cannot grow without bound. */
  unknownCommands: string[];
  /** The bytes of this job as received, up to and including the cut. */
  raw: Uint8Array;
}

/** A job that stopped before its cut (paper ran out, cover opened). */
export type PartialJob = Omit<InterpretedJob, 'cut'>;
