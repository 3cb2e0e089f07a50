/**
 * WCAG 2.x contrast of the theme tokens (tokens.css), computed from the CSS itself so a changed
 * colour is checked in a unit test, not only by axe-core on the screens a test happens to visit.
 */

export type Theme = 'default' | 'high-dark' | 'high-light';

/** Every text colour the screens put on a background colour (foreground token, background token). */
export const TEXT_PAIRS: readonly [string, string][] = [
  ['--color-text', '--color-bg'],
  ['--color-text', '--color-surface'],
  ['--color-text-muted', '--color-bg'],
  ['--color-text-muted', '--color-surface'],
  ['--color-primary', '--color-surface'],
  ['--color-primary', '--color-bg'],
  ['--color-primary-text', '--color-primary'],
  ['--color-primary-text', '--color-primary-strong'],
  ['--color-accent-text', '--color-accent'],
  ['--color-success', '--color-surface'],
  ['--color-success', '--color-bg'],
  ['--color-warning-text', '--color-warning-bg'],
  ['--color-danger-text', '--color-danger-bg'],
  ['--color-danger-text', '--color-surface'],
  ['--color-header-text', '--color-header-bg'],
  ['--color-chip-text', '--color-chip-bg'],
  ['--color-chip-text', '--color-surface'],
];

/** The colour tokens of each theme: the default block, with the theme's block on top. */
export function themeColors(css: string): Record<Theme, Record<string, string>> {
  const block = (selector: RegExp): Record<string, string> => {
    const m = selector.exec(css);
    if (!m) throw new Error(`tokens.css: no block ${selector}`);
    const body = css.slice(m.index + m[0].length, css.indexOf('}', m.index));
    return Object.fromEntries([...body.matchAll(/(--color-[a-z-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;/g)].map((d) => [d[1]!, d[2]!.toLowerCase()]));
  };
  const base = block(/:root\s*\{/);
  return {
    default: base,
    'high-dark': { ...base, ...block(/:root\[data-contrast="high-dark"\]\s*\{/) },
    'high-light': { ...base, ...block(/:root\[data-contrast="high-light"\]\s*\{/) },
  };
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
