/**
 * The language chooser: one button per language the terminal offers, each named in its own
 * language and script (中文, English, ئۇيغۇرچە) so a citizen who reads only that language finds it.
 * Shown only when the terminal offers more than one language (`languages` in
 * config/terminal.json, set from the maintenance console or the fleet); the machine refuses a
 * language the terminal does not offer. Buttons are ≥ 15 mm (.btn).
 */
import { strings } from '../i18n';
import { languages } from '../languages';
import { offeredLanguages } from '../machine/kiosk-machine';
import type { ScreenProps } from '../screens/types';

export function LanguageSwitch({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const offered = offeredLanguages(context);
  if (offered.length < 2) return null;
  const lang = context.settings.lang;
  return (
    <div class="language-switch" role="group" aria-label={strings[lang].languageChoice}>
      {offered.map((l) => (
        <button
          key={l}
          class="btn"
          type="button"
          lang={languages[l].tag}
          dir={languages[l].dir}
          style={{ fontFamily: languages[l].fontStack }}
          aria-pressed={l === lang}
          data-lang={l}
          onClick={() => send({ type: 'SET_LANG', lang: l })}
        >
          {languages[l].nativeName}
        </button>
      ))}
    </div>
  );
}
