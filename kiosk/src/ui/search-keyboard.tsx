/**
 * The terminal has no physical keyboard: a latin on-screen keyboard for pinyin and pinyin initials
 * (企业开办 → qykb). Keys are ≥ 15 mm; each press sends the whole new query, so the statechart holds
 * what was typed (and wipes it with the session).
 */
import { catalogStrings } from '../i18n-catalog';
import type { Lang } from '../machine/kiosk-machine';

const rows = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/**
 * The letter keys, shared by the search keyboard and the form's pinyin keyboard
 * (kiosk/src/input/field-input.tsx); `disabled` greys out keys that lead nowhere.
 */
export function LetterKeys({ onKey, disabled, upper = false }: { onKey: (k: string) => void; disabled?: (k: string) => boolean; upper?: boolean }) {
  return (
    <>
      {rows.map((row) => (
        <div class="keyboard-row" key={row}>
          {[...row].map((k) => (
            <button key={k} type="button" class={upper ? 'btn key key-upper' : 'btn key'} data-key={k} disabled={disabled?.(k)} onClick={() => onKey(upper ? k.toUpperCase() : k)}>
              {upper ? k.toUpperCase() : k}
            </button>
          ))}
        </div>
      ))}
    </>
  );
}

export function SearchKeyboard({ query, lang, onChange }: { query: string; lang: Lang; onChange: (q: string) => void }) {
  const s = catalogStrings[lang];
  return (
    // A latin layout: its rows never mirror, whatever the page direction (Uyghur is right to left).
    <div class="keyboard" role="group" aria-label={s.keyboard} dir="ltr">
      <LetterKeys onKey={(k) => onChange(query + k)} />
      <div class="keyboard-row">
        <button type="button" class="btn key key-wide" onClick={() => onChange(query + ' ')}>
          {s.space}
        </button>
        <button type="button" class="btn key key-wide" disabled={!query} onClick={() => onChange(query.slice(0, -1))}>
          ⌫ {s.backspace}
        </button>
        <button type="button" class="btn key key-wide" disabled={!query} onClick={() => onChange('')}>
          {s.clear}
        </button>
      </div>
    </div>
  );
}
