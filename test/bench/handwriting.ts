/**
 * 手写输入: the terminal's own recogniser (device-bridge/src/handwriting/, Debian's zinnia with the
 * Tegaki zh_CN model) on real stroke data. Each of 500 common characters is drawn from Make Me a
 * Hanzi's stroke medians (package `hanzi-writer-data`, Arphic Public License) as a finger would draw
 * it on the kiosk's 300 px pad — resampled, with a small seeded jitter — and recognised one at a
 * time, as the pad asks after each character.
 *
 * The 500 characters: the pinyin IME table the kiosk uses (simple-keyboard-layouts, per syllable in
 * frequency order) taken round-robin — every syllable's commonest character first, then each one's
 * second — skipping characters the stroke data lacks. No global frequency list is installed; this
 * is a common-character set, not a frequency ranking.
 *
 * - `input.handwriting_recognise_ms`: stroke set → candidates, p95 over the 500 (the bridge's part;
 *   the WebSocket hop adds well under a millisecond on 127.0.0.1).
 * - `input.handwriting_top5_pct`: how often the written character is among the first five
 *   candidates (the pad shows eight).
 */
import { ZinniaRecogniser } from '../../device-bridge/src/handwriting/zinnia-recogniser';
import { pinyinTable } from '../../kiosk/src/input/pinyin';
import { penStrokes } from '../support/hanzi-strokes';
import { percentile, round, type BenchModule, type Figure } from './figures';

export const HANDWRITING_CHARACTERS = 500;

/** The first `n` characters of the IME table, round-robin over syllables, that have stroke data. */
export async function commonCharacters(n: number): Promise<string[]> {
  const m = (await import('simple-keyboard-layouts/build/layouts/chinese.js')) as unknown as { default: { layoutCandidates: Record<string, string> } };
  const table = pinyinTable(m.default.layoutCandidates);
  const lists = [...table.syllables.values()];
  const out: string[] = [];
  const seen = new Set<string>();
  for (let rank = 0; out.length < n && lists.some((l) => l.length > rank); rank++) {
    for (const l of lists) {
      const c = l[rank];
      if (!c || seen.has(c) || [...c].length !== 1) continue;
      seen.add(c);
      if (penStrokes(c)) out.push(c);
      if (out.length >= n) break;
    }
  }
  return out;
}

export async function measureHandwriting(n = HANDWRITING_CHARACTERS, seed = 20261202): Promise<{ p95: number; median: number; top1: number; top5: number; n: number; misses: string[] }> {
  const chars = await commonCharacters(n);
  const recogniser = new ZinniaRecogniser();
  if (!recogniser.available) throw new Error('zinnia (zinnia-utils) or its model (tegaki-zinnia-simplified-chinese) is not installed');
  try {
    await recogniser.recognise({ width: 300, height: 300, strokes: penStrokes('一')! }); // the child's start-up is not a recognition
    const times: number[] = [];
    let top1 = 0;
    let top5 = 0;
    const misses: string[] = [];
    for (const [i, c] of chars.entries()) {
      const strokes = penStrokes(c, { size: 300, seed: seed + i, jitter: 3 })!;
      const t0 = performance.now();
      const candidates = await recogniser.recognise({ width: 300, height: 300, strokes });
      times.push(performance.now() - t0);
      const at = candidates.indexOf(c);
      if (at === 0) top1++;
      if (at >= 0 && at < 5) top5++;
      else misses.push(c);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return { p95: percentile(times, 95), median: sorted[sorted.length >> 1]!, top1: (100 * top1) / chars.length, top5: (100 * top5) / chars.length, n: chars.length, misses };
  } finally {
    recogniser.close();
  }
}

export const handwritingBench: BenchModule = {
  area: 'handwriting',
  async run(): Promise<Figure[]> {
    const r = await measureHandwriting();
    return [
      { name: 'input.handwriting_recognise_ms', value: round(r.p95, 2), unit: 'ms', budget: 100, note: `p95 over ${r.n} characters, median ${round(r.median, 2)} ms` },
      { name: 'input.handwriting_top5_pct', value: round(r.top5, 1), unit: '%', budget: 80, better: 'higher', note: `top-1 ${round(r.top1, 1)} %; Make Me a Hanzi medians (hanzi-writer-data, Arphic PL) with seeded 3 px jitter` },
    ];
  },
};
