/**
 * Contrast of every text/background pair of each theme, read from tokens.css: ≥ 7:1 (WCAG AAA) in
 * both high-contrast themes, ≥ 4.5:1 (AA) in the default one.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio, TEXT_PAIRS, themeColors, type Theme } from './contrast';

const css = readFileSync(resolve(import.meta.dirname, 'tokens.css'), 'utf8');
const themes = themeColors(css);
const minimum: Record<Theme, number> = { default: 4.5, 'high-dark': 7, 'high-light': 7 };

describe('theme contrast (tokens.css)', () => {
  it('computes WCAG ratios (black on white is 21:1, a colour on itself 1:1)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#0a4f9e', '#0a4f9e')).toBe(1);
  });

  it('defines every colour a text pair uses, in the default block', () => {
    const tokens = new Set(TEXT_PAIRS.flat());
    expect([...tokens].filter((t) => !(t in themes.default))).toEqual([]);
  });

  for (const theme of Object.keys(minimum) as Theme[]) {
    it(`${theme}: every text/background pair ≥ ${minimum[theme]}:1`, () => {
      const c = themes[theme];
      const weak = TEXT_PAIRS.map(([fg, bg]) => ({ fg, bg, ratio: Math.round(contrastRatio(c[fg]!, c[bg]!) * 100) / 100 })).filter((p) => p.ratio < minimum[theme]);
      expect(weak).toEqual([]);
    });
  }

  it('the high-contrast themes really differ from the default (each sets its own text and background)', () => {
    for (const theme of ['high-dark', 'high-light'] as const) {
      const block = css.slice(css.indexOf(`[data-contrast="${theme}"]`));
      expect(block).toMatch(/--color-bg:/);
      expect(block).toMatch(/--color-text:/);
      expect(themes[theme]['--color-bg']).not.toBe(themes.default['--color-bg']);
    }
  });
});
