/**
 * The languages the kiosk can speak, in one place: the BCP 47 tag for `<html lang>`, the writing
 * direction, the name shown on the language switch (in its own script), the font stack, and
 * whether the UI text was machine-translated (and so must be reviewed by a human translator
 * before the language is offered on a real terminal).
 *
 * Adding a language = a row here + a `Record<Lang, …>` entry in every UI string table
 * (the type checker lists the tables that miss it) + the code in core/config/terminal.ts's
 * `languages` enum. Catalog text (LocalText) stays {zh, en}: a language the catalog does not
 * carry falls back to `fallback` through `localText()` / `<Local>` (ui/local.tsx).
 */
import type { LocalText } from '../../core/catalog/schema';
import type { Lang } from './machine/kiosk-machine';

export interface LanguageInfo {
  /** BCP 47 tag, set as `<html lang>` and on fragments in this language. */
  tag: string;
  dir: 'ltr' | 'rtl';
  /** The language's own name in its own script, for the language switch. */
  nativeName: string;
  /** CSS font-family for this language's text (its script first, CJK after for mixed content). */
  fontStack: string;
  /** True while the UI strings are machine translations no human translator has reviewed. */
  machineTranslated: boolean;
  /** The language shown where catalog content has no text in this one; null for languages the catalog always carries. */
  fallback: Lang | null;
}

const cjk = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"';

export const languages: Record<Lang, LanguageInfo> = {
  zh: { tag: 'zh-CN', dir: 'ltr', nativeName: '中文', fontStack: `${cjk}, sans-serif`, machineTranslated: false, fallback: null },
  en: { tag: 'en', dir: 'ltr', nativeName: 'English', fontStack: `${cjk}, sans-serif`, machineTranslated: false, fallback: null },
  // Uyghur: Arabic script, right to left. Noto Sans Arabic UI (Debian fonts-noto-ui-core) covers ې ۆ ۈ ئ ھ ڭ ۋ;
  // UKIJ fonts (fonts-ukij-uyghur) are Uyghur-specific alternatives. UI text machine-translated (i18n-ug.ts).
  ug: { tag: 'ug-Arab-CN', dir: 'rtl', nativeName: 'ئۇيغۇرچە', fontStack: `"Noto Sans Arabic UI", "Noto Sans Arabic", "UKIJ Tuz Tom", ${cjk}, sans-serif`, machineTranslated: true, fallback: 'zh' },
};

/** Catalog/config text in `lang`, or in the language's fallback when the catalog has none: never undefined for a defined text. */
export function localText(text: LocalText, lang: Lang): string;
export function localText(text: LocalText | undefined, lang: Lang): string | undefined;
export function localText(text: LocalText | undefined, lang: Lang): string | undefined {
  if (!text) return undefined;
  return resolveLocal(text, lang).text;
}

/** The text to show and the language it is really in (differs from `lang` when it fell back). */
export function resolveLocal(text: LocalText, lang: Lang): { text: string; lang: Lang } {
  const own = (text as Partial<Record<Lang, string>>)[lang];
  if (own) return { text: own, lang };
  const fallback = languages[lang].fallback ?? 'zh';
  return { text: (text as Partial<Record<Lang, string>>)[fallback] || text.zh, lang: fallback };
}

/**
 * `lang`/`dir` attributes for an element showing text that core composes in {zh, en} only (form
 * validation messages): marked as the fallback language when `lang` is not one of those.
 */
export function coreTextLang(lang: Lang): { lang?: string; dir?: 'ltr' | 'rtl' } {
  const fallback = languages[lang].fallback;
  return fallback ? { lang: languages[fallback].tag, dir: languages[fallback].dir } : {};
}
