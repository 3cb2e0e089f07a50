/**
 * Reads QR codes back out of printed raster images: receiptline 4 sends QR codes as GS 8 L
 * bitmaps, so the simulator has to "scan the paper" to know what was encoded.
 */
import jsQR from 'jsqr';
import type { RasterImage } from './escpos-job';

/** White border added around the bitmap: receiptline prints the symbol without a quiet zone. */
const QUIET_ZONE_DOTS = 32;
/** Small symbols (3-dot cells) are scaled up so jsQR's finder-pattern search has room. */
const UPSCALE_BELOW_DOTS = 300;
/** Larger bitmaps are photos or logos; scanning them costs time and finds nothing. */
const MAX_SCAN_DOTS = 1024;
/** Version 1 is 21 modules; nothing smaller can be a QR code. */
const MIN_QR_DOTS = 21;

/** True if the bitmap is roughly square and of a size a QR code can have. */
function mayBeQr(image: RasterImage): boolean {
  const { width, height } = image;
  if (width < MIN_QR_DOTS || height < MIN_QR_DOTS || width > MAX_SCAN_DOTS || height > MAX_SCAN_DOTS) return false;
  return Math.abs(width - height) <= Math.max(width, height) / 4;
}

export function decodeQrFromRaster(image: RasterImage): string | undefined {
  if (!mayBeQr(image)) return undefined;
  const scale = Math.max(image.width, image.height) < UPSCALE_BELOW_DOTS ? 2 : 1;
  const width = (image.width + 2 * QUIET_ZONE_DOTS) * scale;
  const height = (image.height + 2 * QUIET_ZONE_DOTS) * scale;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.bits[y * image.width + x] !== 1) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = ((y + QUIET_ZONE_DOTS) * scale + dy) * width;
        for (let dx = 0; dx < scale; dx++) {
          const p = (row + (x + QUIET_ZONE_DOTS) * scale + dx) * 4;
          rgba[p] = rgba[p + 1] = rgba[p + 2] = 0;
        }
      }
    }
  }
  // Paper is never inverted, so skip the inverted pass (halves the time on non-QR bitmaps).
  return jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' })?.data;
}
