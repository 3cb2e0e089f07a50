/**
 * The terminal has no physical keyboard: an on-screen keyboard for pinyin, pinyin initials
 * (企业开办 → qykb), Chinese characters from the pinyin candidates, and handwriting (手写). Keys are ≥ 15 mm; each press sends the whole new query, so the statechart holds
 * what was typed (and wipes it with the session).
 */
import { useEffect, useState } from 'preact/hooks';
import { catalogStrings } from '../i18n-catalog';
import { HandwritingPad } from '../input/handwriting-pad';
import { inputStrings } from '../input/i18n-input';
import { candidatePage, candidatesFor, loadPinyinTable, type Candidate, type PinyinTable } from '../input/pinyin';
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

/** The latin letters at the end of the query: what the candidate bar turns into characters. */
export function trailingPinyin(query: string): string {
  return /[a-z]+$/i.exec(query)?.[0].toLowerCase() ?? '';
}

const PAGE = 8;

/**
 * 可输入汉字: letters go into the query as they are (full pinyin and initials search by
 * themselves), and the candidate bar offers the characters of the letters at its end; a candidate
 * replaces the letters it stands for (shehui → 社hui → 社会). 手写 opens the handwriting pad, whose
 * character is added to the query.
 */
export function SearchKeyboard({ query, lang, onChange }: { query: string; lang: Lang; onChange: (q: string) => void }) {
  const s = catalogStrings[lang];
  const si = inputStrings[lang];
  const [hand, setHand] = useState(false);
  const [page, setPage] = useState(0);
  const [table, setTable] = useState<PinyinTable | null>(null);
  useEffect(() => {
    let live = true;
    void loadPinyinTable().then((t) => live && setTable(t), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  const tail = trailingPinyin(query);
  const head = query.slice(0, query.length - tail.length);
  const all: Candidate[] = tail && table ? candidatesFor(table, tail) : [];
  const { items, pages, page: current } = candidatePage(all, page, PAGE);
  const change = (q: string) => {
    setPage(0);
    onChange(q);
  };
  return (
    // A latin layout: its rows never mirror, whatever the page direction (Uyghur is right to left).
    <div class="keyboard search-keyboard" role="group" aria-label={s.keyboard} dir="ltr" data-testid="search-keyboard">
      {hand ? (
        <HandwritingPad lang={lang} label={s.searchLabel} onPick={(t) => change(query + t)} />
      ) : (
        <div class="candidate-bar" role="group" aria-label={si.candidates} data-testid="search-candidates">
          {pages > 1 && (
            <button type="button" class="btn key candidate-nav" aria-label={si.prevPage} data-key="prev" disabled={current === 0} onClick={() => setPage(current - 1)}>
              ‹
            </button>
          )}
          {items.map((c) => (
            <button key={c.text} type="button" class="btn key candidate" data-candidate={c.text} onClick={() => change(head + c.text + tail.slice(c.consumed))}>
              {c.text}
            </button>
          ))}
          {pages > 1 && (
            <button type="button" class="btn key candidate-nav" aria-label={si.nextPage} data-key="next" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
              ›
            </button>
          )}
        </div>
      )}
      {!hand && <LetterKeys onKey={(k) => change(query + k)} />}
      <div class="keyboard-row">
        <button type="button" class="btn key key-wide" data-key="handwriting" aria-pressed={hand} onClick={() => setHand(!hand)}>
          ✍ {si.handwriting}
        </button>
        <button type="button" class="btn key key-wide" onClick={() => change(query + ' ')}>
          {s.space}
        </button>
        <button type="button" class="btn key key-wide" data-key="backspace" disabled={!query} onClick={() => change([...query].slice(0, -1).join(''))}>
          ⌫ {s.backspace}
        </button>
        <button type="button" class="btn key key-wide" data-key="clear" disabled={!query} onClick={() => change('')}>
          {s.clear}
        </button>
      </div>
    </div>
  );
}
