/**
 * Is a photographed document legible? Three cheap measures on a grey-scale copy of the frame,
 * computed in the browser (nothing leaves the page for this):
 *  - brightness: mean luminance — too dark, or washed out (white paper is bright; only a nearly
 *    clipped picture counts as glare);
 *  - contrast: standard deviation of luminance — a blank or fogged picture;
 *  - sharpness: variance of the Laplacian (the usual focus measure) — blur from shake or focus.
 * Thresholds are for a frame scaled to ANALYSIS_WIDTH pixels wide, so they do not depend on the
 * camera's resolution. The citizen may still keep a photo that fails (staff check it at the window).
 */
export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel (ImageData.data). */
  data: Uint8ClampedArray;
}

export type LegibilityProblem = 'dark' | 'bright' | 'flat' | 'blurry';

export interface Legibility {
  brightness: number;
  contrast: number;
  sharpness: number;
  problems: LegibilityProblem[];
  ok: boolean;
}

export const ANALYSIS_WIDTH = 320;
export const thresholds = { minBrightness: 50, maxBrightness: 250, minContrast: 20, minSharpness: 40 };

export function measureLegibility({ width, height, data }: Pixels): Legibility {
  const n = width * height;
  if (n === 0 || data.length < n * 4) throw new Error(`measureLegibility: ${width}×${height} needs ${n * 4} bytes, got ${data.length}`);
  const grey = new Float32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const y = 0.299 * data[i * 4]! + 0.587 * data[i * 4 + 1]! + 0.114 * data[i * 4 + 2]!;
    grey[i] = y;
    sum += y;
  }
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (grey[i]! - mean) ** 2;
  const contrast = Math.sqrt(sq / n);

  // 4-neighbour Laplacian over the interior; its variance is high when edges are crisp.
  let lapSum = 0;
  let lapSq = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const lap = grey[i - 1]! + grey[i + 1]! + grey[i - width]! + grey[i + width]! - 4 * grey[i]!;
      lapSum += lap;
      lapSq += lap * lap;
      count++;
    }
  }
  const sharpness = count ? lapSq / count - (lapSum / count) ** 2 : 0;

  const problems: LegibilityProblem[] = [];
  if (mean < thresholds.minBrightness) problems.push('dark');
  if (mean > thresholds.maxBrightness) problems.push('bright');
  if (contrast < thresholds.minContrast) problems.push('flat');
  if (sharpness < thresholds.minSharpness) problems.push('blurry');
  const round = (v: number) => Math.round(v * 10) / 10;
  return { brightness: round(mean), contrast: round(contrast), sharpness: round(sharpness), problems, ok: problems.length === 0 };
}
