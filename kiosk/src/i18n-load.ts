/**
 * The Uyghur string tables (i18n-ug.ts, machine-translated) are a separate chunk: most terminals
 * never show them, and they are the largest table. Each string table holds the Chinese stand-in for
 * ug and registers here how to put its Uyghur table in place (`withUyghurTables`). The chunk is
 * fetched at idle after boot (lazy-screen.tsx) and at once when ug is chosen or configured;
 * `languageReady(lang)` says whether the app may show `lang` yet (app.tsx shows zh for that moment).
 */
import type { Lang } from './machine/kiosk-machine';
import { preloadAtIdle } from './screens/lazy-screen';

type UyghurTables = typeof import('./i18n-ug');
const installers: ((m: UyghurTables) => void)[] = [];
let ug: UyghurTables | null = null;
let ugLoading: Promise<void> | null = null;

/** How a string table takes its Uyghur entries: now if they are loaded, else once they are. */
export function withUyghurTables(install: (m: UyghurTables) => void): void {
  installers.push(install);
  if (ug) install(ug);
}

export function languageReady(lang: Lang): boolean {
  return lang !== 'ug' || ug !== null;
}

/** Puts the tables of `lang` in place; resolves at once for languages in the first chunk. A failed fetch is tried again on the next call. */
export function loadLanguage(lang: Lang): Promise<void> {
  if (languageReady(lang)) return Promise.resolve();
  return (ugLoading ??= import('./i18n-ug').then(
    (m) => {
      for (const install of installers) install(m);
      ug = m;
    },
    (e: unknown) => {
      ugLoading = null;
      throw e;
    },
  ));
}

preloadAtIdle(() => loadLanguage('ug'));
