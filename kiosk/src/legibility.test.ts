import { describe, expect, it } from 'vitest';
import { measureLegibility, type Pixels } from './legibility';

/** A synthetic "document": grey value per pixel from a function, as RGBA. */
function image(width: number, height: number, grey: (x: number, y: number) => number): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const v = grey(x, y);
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  return { width, height, data };
}

// Black text lines on white paper: crisp edges.
const text = (x: number, y: number) => (y % 12 < 3 && x % 9 < 6 ? 20 : 235);
// The same page blurred: a smooth ramp instead of edges.
const blurred = (x: number, y: number) => 128 + 60 * Math.sin(y / 12) * Math.sin(x / 15);

describe('legibility of a photographed document', () => {
  it('accepts crisp text on paper', () => {
    const r = measureLegibility(image(320, 240, text));
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.sharpness).toBeGreaterThan(1000);
  });

  it('says why a photo is not legible: too dark, too bright, flat, blurry', () => {
    expect(measureLegibility(image(320, 240, (x, y) => text(x, y) / 8)).problems).toContain('dark');
    // Glare: the page clipped to white, the text barely there.
    expect(measureLegibility(image(320, 240, (x, y) => (text(x, y) > 100 ? 255 : 248))).problems).toContain('bright');
    expect(measureLegibility(image(320, 240, () => 128)).problems).toEqual(['flat', 'blurry']);
    const soft = measureLegibility(image(320, 240, blurred));
    expect(soft.problems).toEqual(['blurry']);
    expect(soft.ok).toBe(false);
  });

  it('refuses a buffer that does not match its size', () => {
    expect(() => measureLegibility({ width: 10, height: 10, data: new Uint8ClampedArray(10) })).toThrow(/needs 400 bytes/);
  });
});
