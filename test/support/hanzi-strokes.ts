/**
 * Real stroke data for the handwriting tests and bench: Make Me a Hanzi's stroke medians as shipped
 * by the `hanzi-writer-data` package (devDependency; Arphic Public License, see its ARPHICPL.TXT).
 * A median is the centre line of one stroke in writing order, in a 1024-unit box whose y axis
 * points up (baseline at y = -124). Here it becomes pen strokes on a pad: y flipped, scaled into a
 * margin, resampled every few pixels as a finger would be, and shaken a little by a seeded jitter.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { seededRandom } from './seeded-random';

const require = createRequire(import.meta.url);
const dataDir = dirname(require.resolve('hanzi-writer-data/package.json'));

export type Stroke = [number, number][];

/** The medians of `char`, or null when the data has no such character. */
export function medians(char: string): Stroke[] | null {
  const file = join(dataDir, `${char}.json`);
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as { medians: Stroke[] }).medians;
}

/**
 * The character's strokes as a finger draws them on a `size` × `size` pad: points every `step` px
 * along each median, each moved by up to `jitter` px (seeded), whole strokes offset by up to
 * 2 × jitter, all within the pad.
 */
export function penStrokes(char: string, options: { size?: number; seed?: number; jitter?: number; step?: number } = {}): Stroke[] | null {
  const m = medians(char);
  if (!m) return null;
  const size = options.size ?? 300;
  const jitter = options.jitter ?? 0;
  const step = options.step ?? 6;
  const random = seededRandom(options.seed ?? 1);
  const shake = (a: number) => (random() * 2 - 1) * a;
  const margin = size * 0.1;
  const scale = (size - 2 * margin) / 1024;
  const clamp = (v: number) => Math.min(size, Math.max(0, Math.round(v)));
  return m.map((median) => {
    const dx = shake(jitter * 2);
    const dy = shake(jitter * 2);
    const pts = median.map(([x, y]) => [margin + x * scale + dx, margin + (900 - y) * scale + dy] as [number, number]);
    const out: Stroke = [];
    for (let i = 0; i < pts.length; i++) {
      const [x0, y0] = pts[i]!;
      const next = pts[i + 1];
      if (!next) {
        out.push([clamp(x0 + shake(jitter)), clamp(y0 + shake(jitter))]);
        break;
      }
      const n = Math.max(1, Math.round(Math.hypot(next[0] - x0, next[1] - y0) / step));
      for (let k = 0; k < n; k++) out.push([clamp(x0 + ((next[0] - x0) * k) / n + shake(jitter)), clamp(y0 + ((next[1] - y0) * k) / n + shake(jitter))]);
    }
    return out;
  });
}
