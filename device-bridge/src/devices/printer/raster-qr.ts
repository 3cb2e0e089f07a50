/**
 * Reads QR codes back out of printed raster images: receiptline 4 sends QR codes as GS 8 L
 * bitmaps, so the simulator has to "scan the paper" to know what was encoded.
 */
import jsQR from 'jsqr';
import type { RasterImage } from './escpos-job';
import { PAPER_WIDTH_DOTS } from './escpos-job';

/** A code wider than the paper cannot have been printed whole; scanning such bitmaps is wasted time. */
const MAX_SCAN_DOTS = PAPER_WIDTH_DOTS;
/** Version 1 is 21 modules; nothing smaller can be a QR code. */
const MIN_QR_DOTS = 21;
/** The quiet zone the symbol needs around it; receiptline prints it without one. */
const QUIET_ZONE_MODULES = 4;
/** Pixels per module handed to jsQR: enough for its finder search, small enough to be quick. */
const PIXELS_PER_MODULE = 3;

/** True if the bitmap is roughly square and of a size a QR code can have. */
function mayBeQr(image: RasterImage): boolean {
  const { width, height } = image;
  if (width < MIN_QR_DOTS || height < MIN_QR_DOTS || width > MAX_SCAN_DOTS || height > MAX_SCAN_DOTS) return false;
  return Math.abs(width - height) <= Math.max(width, height) / 4;
}

const black = (image: RasterImage, x: number, y: number) => image.bits[y * image.width + x] === 1;

/**
 * Dots per module, if the bitmap is a crisp symbol starting at its top-left corner (as receiptline
 * draws it): the first row's leading black run is the finder pattern, 7 modules wide.
 */
function moduleSize(image: RasterImage): number | undefined {
  let run = 0;
  while (run < image.width && black(image, run, 0)) run++;
  if (run === 0 || run % 7 !== 0) return undefined;
  const cell = run / 7;
  return image.width % cell === 0 && image.height % cell === 0 ? cell : undefined;
}

/** Greyscale-free RGBA for jsQR: `isBlack(x, y)` over `size` pixels, plus a white border. */
function toRgba(columns: number, rows: number, border: number, scale: number, isBlack: (x: number, y: number) => boolean) {
  const width = (columns + 2 * border) * scale;
  const height = (rows + 2 * border) * scale;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      if (!isBlack(x, y)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = ((y + border) * scale + dy) * width;
        for (let dx = 0; dx < scale; dx++) {
          const p = (row + (x + border) * scale + dx) * 4;
          rgba[p] = rgba[p + 1] = rgba[p + 2] = 0;
        }
      }
    }
  }
  return { rgba, width, height };
}

export function decodeQrFromRaster(image: RasterImage): string | undefined {
  if (!mayBeQr(image)) return undefined;
  const cell = moduleSize(image);
  // A crisp symbol is resampled to a few pixels per module (one sample at each module's centre):
  // jsQR's time grows with pixels, and a 6-dot-per-module receipt QR is ~16× more than it needs.
  // Anything else is scanned as printed, with a quiet zone of about 4 modules added.
  const { rgba, width, height } = cell
    ? toRgba(image.width / cell, image.height / cell, QUIET_ZONE_MODULES, PIXELS_PER_MODULE, (x, y) =>
        black(image, x * cell + (cell >> 1), y * cell + (cell >> 1)),
      )
    : toRgba(image.width, image.height, 32, 1, (x, y) => black(image, x, y));
  // Paper is never inverted, so skip the inverted pass (halves the time on bitmaps that are not QR).
  return jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' })?.data;
}
