/**
 * 中文 ⇄ English. Shown only when the terminal offers more than one language (`languages` in
 * config/terminal.json, set from the maintenance console or the fleet); the machine refuses a
 * language the terminal does not offer.
 */
import { strings } from '../i18n';
import { offeredLanguages } from '../machine/kiosk-machine';
import type { ScreenProps } from '../screens/types';

export function LanguageSwitch({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const offered = offeredLanguages(context);
  if (offered.length < 2) return null;
  const lang = context.settings.lang;
  const next = offered[(offered.indexOf(lang) + 1) % offered.length]!;
  return (
    <button class="btn" type="button" lang={next === 'zh' ? 'zh-CN' : 'en'} onClick={() => send({ type: 'SET_LANG', lang: next })}>
      {strings[lang].language}
    </button>
  );
}
