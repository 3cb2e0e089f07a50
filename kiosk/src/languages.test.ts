/**
 * Every language has every string (the type system checks the shape; this checks at run time that
 * no entry is empty, no function returns an empty or "undefined" text, and the Uyghur tables are
 * in Arabic script), and catalog text never comes out undefined in a language the catalog lacks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSampleCatalog } from '../../test/support/sample-catalog';
import { LanguageCode } from '../../core/catalog/schema';
import { TerminalConfig } from '../../core/config/terminal';
import { strings, reasonLabel } from './i18n';
import { catalogStrings } from './i18n-catalog';
import { progressStrings, stageLabel } from './i18n-progress';
import { loadLanguage } from './i18n-load';
import { languages, localText, resolveLocal } from './languages';
import type { Lang } from './machine/kiosk-machine';
import { Stage } from '../../core/protocol/messages';
import { readFileSync } from 'node:fs';

const langs = Object.keys(languages) as Lang[];
const tables = { strings, catalogStrings, progressStrings } as const;
/** Arabic-script letters (Uyghur uses the Arabic block, U+0600–U+06FF). */
const arabic = /[\u0620-\u064A\u0670-\u06D3\u06D5]/;

/** Every leaf text of a table entry: strings, array items, nested records, and what functions return for sample arguments. */
function leaves(value: unknown, path: string): [string, unknown][] {
  if (typeof value === 'function') return [[`${path}()`, (value as (...a: unknown[]) => unknown)(...Array.from({ length: value.length }, (_, i) => (i === 0 ? 3 : 'X')))]];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
  return [[path, value]];
}

describe('language tables', () => {
  // The Uyghur tables are a lazy chunk (i18n-load.ts): checked as the kiosk shows them, once loaded.
  beforeAll(() => loadLanguage('ug'));

  it('the metadata, the config enum and the Lang type agree', () => {
    expect(langs.sort()).toEqual([...LanguageCode.options].sort());
    for (const l of langs) {
      const info = languages[l];
      expect(info.tag).toMatch(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$/);
      expect(['ltr', 'rtl']).toContain(info.dir);
      expect(info.nativeName.length).toBeGreaterThan(0);
      expect(info.fontStack).toMatch(/sans-serif$/);
    }
    expect(languages.ug).toMatchObject({ tag: 'ug-Arab-CN', dir: 'rtl', nativeName: 'ئۇيغۇرچە', machineTranslated: true, fallback: 'zh' });
  });

  for (const [name, table] of Object.entries(tables)) {
    it(`${name} has every key, non-empty, in every language`, () => {
      const reference = leaves(table.zh, name).map(([p]) => p);
      expect(reference.length).toBeGreaterThan(30);
      for (const l of langs) {
        const entries = leaves(table[l], name);
        expect(entries.map(([p]) => p), `${name}.${l} keys`).toEqual(reference);
        for (const [path, text] of entries) {
          expect(typeof text, `${l} ${path}`).toBe('string');
          expect((text as string).trim(), `${l} ${path} is empty`).not.toBe('');
          expect(text as string, `${l} ${path}`).not.toMatch(/undefined|NaN|\[object/);
        }
      }
    });

    it(`${name} in Uyghur is Arabic script (machine-translated, not left in English)`, () => {
      const punctuationOnly = /^[\s:،,()X0-9]*$/;
      for (const [path, text] of leaves(table.ug, name)) {
        if (punctuationOnly.test(text as string)) continue;
        // `language` names the other language (中文), in its own script, for a two-language toggle.
        if (path === 'strings.language') continue;
        expect(text as string, `ug ${path}`).toMatch(arabic);
      }
    });
  }

  it('stages and rating reasons have a label in every language', () => {
    for (const l of langs) {
      for (const stage of Stage.options) {
        const label = stageLabel(stage, l);
        expect(label.trim()).not.toBe('');
        if (l === 'ug') expect(label).toMatch(arabic);
      }
      expect(reasonLabel('设备故障', l).trim()).not.toBe('');
    }
    expect(reasonLabel('设备故障', 'ug')).toMatch(arabic);
  });
});

describe('catalog text in a language the catalog lacks', () => {
  const catalog = loadSampleCatalog();
  const texts: unknown[] = [];
  (function collect(v: unknown) {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') {
      if ('zh' in v && 'en' in v && typeof (v as { zh: unknown }).zh === 'string') texts.push(v);
      else Object.values(v).forEach(collect);
    }
  })(catalog);

  it('falls back to Chinese for Uyghur, and is never undefined or empty in any language', () => {
    expect(texts.length).toBeGreaterThan(100);
    for (const t of texts as { zh: string; en: string }[]) {
      for (const l of langs) {
        const shown = localText(t, l);
        expect(shown, JSON.stringify(t)).toBeTypeOf('string');
        expect(shown.length).toBeGreaterThan(0);
      }
      expect(resolveLocal(t, 'ug')).toEqual({ text: t.zh, lang: 'zh' });
      expect(resolveLocal(t, 'en')).toEqual({ text: t.en, lang: 'en' });
    }
  });

  it('uses a Uyghur text when the catalog carries one, and passes undefined through', () => {
    const withUg = { zh: '出生医学证明', en: 'Birth certificate', ug: 'تۇغۇلۇش ئىسپاتى' };
    expect(resolveLocal(withUg, 'ug')).toEqual({ text: 'تۇغۇلۇش ئىسپاتى', lang: 'ug' });
    expect(localText(undefined, 'ug')).toBeUndefined();
  });
});

describe('terminal configuration', () => {
  it('accepts ug among the offered languages and refuses an unknown one', () => {
    const doc = JSON.parse(readFileSync(new URL('../../config/terminal.json', import.meta.url), 'utf8'));
    expect(TerminalConfig.safeParse({ ...doc, languages: ['zh', 'en', 'ug'] }).success).toBe(true);
    const bad = TerminalConfig.safeParse({ ...doc, languages: ['zh', 'xx'] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['languages', 1]);
  });
});
