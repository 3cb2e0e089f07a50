/**
 * What the kiosk downloads before it can show anything: the scripts and stylesheets the built
 * index.html loads initially (script src, modulepreload, stylesheet links), gzip -9 compressed.
 * Lazily imported chunks are not counted.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { root } from '../support/bridge-process';
import { round, type BenchModule, type Figure } from './figures';

const distDir = resolve(root, 'dist/kiosk');

export interface InitialAssets {
  js: string[];
  css: string[];
}

function attributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of tag.matchAll(/([^\s=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    attrs[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return attrs;
}

/** The local files index.html loads initially, as paths under dist/kiosk. */
export function initialAssets(html: string): InitialAssets {
  const js = new Set<string>();
  const css = new Set<string>();
  for (const m of html.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const kind = m[1]!.toLowerCase();
    const a = attributes(m[2]!);
    const rel = (a.rel ?? '').toLowerCase().split(/\s+/);
    const url = kind === 'script' ? a.src : a.href;
    if (!url || /^[a-z]+:|^\/\//i.test(url)) continue; // inline or remote: not part of the bundle
    const file = resolve(distDir, url.replace(/^\//, '').replace(/[?#].*$/, ''));
    if (kind === 'script') js.add(file);
    else if (rel.includes('modulepreload')) js.add(file);
    else if (rel.includes('stylesheet')) css.add(file);
  }
  return { js: [...js], css: [...css] };
}

function gzipKb(files: string[]): number {
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0) / 1024;
}

export const sizeBench: BenchModule = {
  area: 'size',
  async run(): Promise<Figure[]> {
    const html = readFileSync(resolve(distDir, 'index.html'), 'utf8');
    const { js, css } = initialAssets(html);
    if (js.length === 0) throw new Error('dist/kiosk/index.html loads no script: is the kiosk built?');
    const names = (files: string[]) => files.map((f) => f.slice(distDir.length + 1)).join(', ');
    return [
      { name: 'kiosk.initial_js_gzip_kb', value: round(gzipKb(js)), unit: 'KiB', budget: 40, note: `gzip -9 of ${names(js)}` },
      { name: 'kiosk.initial_css_gzip_kb', value: round(gzipKb(css)), unit: 'KiB', note: `gzip -9 of ${names(css) || 'no stylesheet'}` },
    ];
  },
};
