/**
 * What every benchmark module produces: named figures with a unit and, where one is set, a budget.
 * Budgets are reported, never asserted: a figure over budget is marked OVER in the table, and the
 * run still succeeds.
 */
import type { Page } from 'puppeteer-core';

export interface Figure {
  /** Stable once published (see the design's "Contracts"), e.g. `boot.attract_ms`. */
  name: string;
  value: number;
  unit: string;
  budget?: number;
  /** Which side of the budget is good; `lower` unless said otherwise (sizes, times). */
  better?: 'lower' | 'higher';
  /** Printed under the table; not part of the JSON contract. */
  note?: string;
}

/** One area of benchmarks (one file in test/bench/), collected by run.ts. */
export interface BenchModule {
  area: string;
  run(): Promise<Figure[]>;
}

export function overBudget(f: Figure): boolean {
  if (f.budget === undefined) return false;
  return f.better === 'higher' ? f.value < f.budget : f.value > f.budget;
}

export function round(x: number, digits = 1): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

export function median(xs: number[]): number {
  if (xs.length === 0) throw new Error('median of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100): a value that was actually measured. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) throw new Error('percentile of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1]!;
}

/**
 * tsx compiles with esbuild's keepNames, which wraps named functions in `__name(...)`; functions
 * passed to page.evaluate are serialised with those calls, and the page has no `__name`. Define a
 * no-op one, now and on every later document of this page (reloads).
 */
const nameShim = 'globalThis.__name ??= (f) => f;';
export async function installNameShim(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(nameShim);
  await page.evaluate(nameShim);
}
export { nameShim };
