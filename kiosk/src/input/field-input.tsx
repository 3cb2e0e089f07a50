/**
 * Input without typing (issue 7): the terminal has no keyboard, so every form field gets an
 * on-screen editor chosen by its semantic type (core/catalog/schema.ts FieldType):
 * - phone, bank account, ID number (with X), numeric text → a numeric pad;
 * - name, free text → the pinyin keyboard with a candidate bar (data: simple-keyboard-layouts), or
 *   手写 on the handwriting pad (recognised by the bridge's zinnia); names get the middle dot ·,
 *   text the Chinese punctuation;
 * - postcode (by key or label) → the numeric pad, 6 digits; every field shows its format (fieldFormat);
 * - date → picked by touch (year steppers, month and day grids), never typed;
 * - address → province → city → district → street from the bridge's division data
 *   (GET /api/regions), then only the house number on a pad with 号/栋/单元/室 keys.
 * Everything the editors hold (the active field, typed pinyin, candidate page, picked divisions)
 * lives in the statechart's `values` under `~` keys (`SET_VALUE`), so it is wiped with the session;
 * those keys are never submitted (the submission carries only the composition's fields).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FormField } from '../../../core/catalog/schema';
import type { Lang } from '../machine/kiosk-machine';
import { localText } from '../languages';
import { LetterKeys } from '../ui/search-keyboard';
import { inputStrings } from './i18n-input';
import { HandwritingPad } from './handwriting-pad';
import { isSensitive, MaskedNumber, maskSensitive } from './masked-number';
import { canContinue, candidatePage, candidatesFor, loadPinyinTable, segment, type Candidate, type PinyinTable } from './pinyin';

/** Keys in `values` that hold the editors' state (never a catalog field: those have no `~`). */
export const ime = {
  field: '~ime.field',
  pinyin: '~ime.pinyin',
  page: '~ime.page',
  mode: '~ime.mode',
  /** The road name's pad inside the address picker: pinyin or handwriting. */
  roadMode: '~ime.roadMode',
  addrPath: (key: string) => `~addr.${key}`,
  addrDetail: (key: string) => `~addr.${key}.detail`,
} as const;

export type EditorKind = 'numpad' | 'pinyin' | 'date' | 'address' | 'select';

/** A 邮政编码 field, by its key or its label (the catalog has no type of its own for it). */
export function isPostcode(field: Partial<Pick<FormField, 'key' | 'label'>>): boolean {
  return /post(al)?code|zipcode/i.test(field.key ?? '') || /邮编|邮政编码/.test(field.label?.zh ?? '');
}

/**
 * The shortest and longest text a simple field pattern admits (`^[0-9]{6,16}$` → 6‥16,
 * `^[1-9][0-9]{0,5}(\.[0-9]{1,2})?$` → 1‥9), or null for what it cannot read.
 */
export function patternLength(pattern: string): { min: number; max: number } | null {
  const src = pattern.replace(/^\^/, '').replace(/\$$/, '');
  let i = 0;
  const seq = (): { min: number; max: number } | null => {
    let min = 0;
    let max = 0;
    while (i < src.length && src[i] !== ')') {
      let atom: { min: number; max: number } | null;
      const c = src[i]!;
      if (c === '(') {
        i++;
        if (src.startsWith('?:', i)) i += 2;
        atom = seq();
        if (src[i] !== ')' || !atom) return null;
        i++;
      } else if (c === '[') {
        const end = src.indexOf(']', i + 1);
        if (end < 0) return null;
        i = end + 1;
        atom = { min: 1, max: 1 };
      } else if (c === '\\') {
        i += 2;
        atom = { min: 1, max: 1 };
      } else if ('|*+'.includes(c)) {
        return null;
      } else {
        i++;
        atom = { min: 1, max: 1 };
      }
      const q = /^(\{(\d+)(,(\d*))?\}|\?)/.exec(src.slice(i));
      let lo = 1;
      let hi = 1;
      if (q) {
        i += q[0].length;
        if (q[0] === '?') lo = 0;
        else {
          lo = Number(q[2]);
          hi = q[3] === undefined ? lo : q[4] === '' ? Infinity : Number(q[4]);
        }
      }
      min += atom.min * lo;
      max += atom.max * hi;
    }
    return { min, max };
  };
  const out = seq();
  return out && i === src.length && Number.isFinite(out.max) ? out : null;
}

/** A text field whose pattern admits no letters (户号, 面积, 容量 …) gets the numeric pad, as does a postcode. */
export function editorKind(field: Pick<FormField, 'type' | 'pattern'> & Partial<Pick<FormField, 'key' | 'label'>>): EditorKind {
  if (field.type === 'text' && isPostcode(field)) return 'numpad';
  switch (field.type) {
    case 'phone':
    case 'bankAccount':
    case 'idNumber':
      return 'numpad';
    case 'date':
      return 'date';
    case 'address':
      return 'address';
    case 'select':
      return 'select';
    case 'text':
      return field.pattern && !/[A-Za-z]/.test(field.pattern.replace(/\\[.dDsSwW]/g, '')) && /\[0-9\]|\[1-9\]|\\d/.test(field.pattern) ? 'numpad' : 'pinyin';
    default:
      return 'pinyin';
  }
}

/** How many characters a numeric field takes (a text field: as many as its pattern admits). */
export function maxLengthOf(field: Pick<FormField, 'type'> & Partial<Pick<FormField, 'key' | 'label' | 'pattern'>>): number {
  if (field.type === 'phone') return 11;
  if (field.type === 'idNumber') return 18;
  if (field.type === 'bankAccount') return 19;
  if (isPostcode(field)) return 6;
  return (field.pattern && patternLength(field.pattern)?.max) || 20;
}

/** The format shown under a field ("18位，末位可为X", "6位数字"); '' for a choice. */
export function fieldFormat(field: Pick<FormField, 'type' | 'pattern'> & Partial<Pick<FormField, 'key' | 'label'>>, lang: Lang): string {
  const f = inputStrings[lang].format;
  switch (field.type) {
    case 'idNumber':
      return f.idNumber;
    case 'phone':
      return f.phone;
    case 'bankAccount':
      return f.bankAccount;
    case 'date':
      return f.date;
    case 'address':
      return f.address;
    case 'name':
      return f.name;
    case 'select':
      return '';
    case 'text': {
      if (isPostcode(field)) return f.postcode;
      const length = field.pattern ? patternLength(field.pattern) : null;
      if (!field.pattern || !length) return f.text;
      const decimals = /\\\.(?:\[0-9\]|\\d)\{(?:\d+,)?(\d+)\}/.exec(field.pattern);
      if (decimals) return f.amount(Number(decimals[1]));
      return editorKind(field) === 'numpad' ? f.digits(length.min, length.max) : f.code(length.min, length.max);
    }
    default:
      return '';
  }
}

/**
 * Groups of digits as they are read aloud and checked by eye: a phone 3-4-4, an ID number 6-8-4
 * (region, birth date, sequence and check), a bank card by fours. Shown with gaps, never stored.
 */
export function digitGroups(type: FormField['type'], value: string): string[] {
  const sizes = type === 'phone' ? [3, 4, 4] : type === 'idNumber' ? [6, 8, 4] : type === 'bankAccount' ? [4, 4, 4, 4, 4] : [];
  if (sizes.length === 0) return [value];
  const out: string[] = [];
  let at = 0;
  for (const n of sizes) {
    if (at >= value.length) break;
    out.push(value.slice(at, at + n));
    at += n;
  }
  if (at < value.length) out.push(value.slice(at));
  return out;
}

export interface FieldInputProps {
  field: Pick<FormField, 'key' | 'type' | 'pattern' | 'label'>;
  value: string;
  values: Readonly<Record<string, string>>;
  setValue: (value: string) => void;
  setIme: (patch: Record<string, string>) => void;
  onDone: () => void;
  lang: Lang;
  today: string;
  /** One-touch surnames (a newborn's name: the parents' surnames), shown before anything is typed. */
  surnames?: readonly string[];
  /** The address on the citizen's ID card, offered as a one-touch address. */
  cardAddress?: string | null;
  id: string;
}

/**
 * Where the finger was: the field row touched last and its top before the touch changed anything
 * (a capture listener runs before the row's own handler).
 */
let lastTap: { key: string; top: number } | null = null;
if (typeof document !== 'undefined') {
  document.addEventListener(
    'click',
    (e) => {
      const row = (e.target as Element | null)?.closest?.<HTMLElement>('[data-field-row]');
      lastTap = row ? { key: row.dataset.fieldRow ?? '', top: row.getBoundingClientRect().top } : null;
    },
    true,
  );
}

/**
 * No jump, no slide: the field touched stays where the finger was when its editor opens. An
 * editor closing above it would pull it up; the screen's scroller is moved back by as much, and
 * where it cannot scroll that far the form gets the missing space above (kept while the form is up).
 */
function keepWhereTouched(el: HTMLElement | null, key: string): void {
  const tap = lastTap;
  lastTap = null;
  const row = el?.closest<HTMLElement>('[data-field-row]');
  const main = el?.closest<HTMLElement>('.main');
  if (!tap || !row || !main || tap.key !== key) return;
  const shift = row.getBoundingClientRect().top - tap.top;
  if (Math.abs(shift) < 0.5) return;
  main.scrollTop += shift;
  const rest = row.getBoundingClientRect().top - tap.top;
  if (rest < -0.5) {
    const holder = row.closest<HTMLElement>('form') ?? main;
    holder.style.paddingTop = `${(parseFloat(holder.style.paddingTop) || 0) - rest}px`;
  }
}

export function FieldInput(props: FieldInputProps) {
  const kind = editorKind(props.field);
  const ref = useRef<HTMLDivElement | null>(null);
  useLayoutEffect(() => keepWhereTouched(ref.current, props.field.key), [props.field.key]);
  return (
    <div ref={ref} class="ime-host">
      {kind === 'numpad' ? <NumericPad {...props} /> : kind === 'date' ? <DatePicker {...props} /> : kind === 'address' ? <AddressPicker {...props} /> : <PinyinPad {...props} />}
    </div>
  );
}

const chars = (s: string) => [...s];

function Actions({ lang, onBackspace, onClear, onDone, canDelete, extra }: { lang: Lang; onBackspace: () => void; onClear: () => void; onDone: () => void; canDelete: boolean; extra?: preact.ComponentChildren }) {
  const s = inputStrings[lang];
  return (
    <div class="keyboard-row ime-actions">
      {extra}
      <button type="button" class="btn key key-wide" data-key="backspace" disabled={!canDelete} onClick={onBackspace}>
        ⌫ {s.backspace}
      </button>
      <button type="button" class="btn key key-wide" data-key="clear" disabled={!canDelete} onClick={onClear}>
        {s.clear}
      </button>
      <button type="button" class="btn btn-primary key key-wide" data-key="done" onClick={onDone}>
        {s.done}
      </button>
    </div>
  );
}

/** Digits in a 3 × 4 grid with backspace, clear and a visible display of what was typed. */
export function NumericPad({ field, value, setValue, onDone, lang, id, extraKeys = [], children }: FieldInputProps & { extraKeys?: readonly string[]; children?: preact.ComponentChildren }) {
  const s = inputStrings[lang];
  const max = maxLengthOf(field);
  const full = chars(value).length >= max;
  const dot = field.type === 'text' && (field.pattern ?? '').includes('\\.');
  // The ID number's check character X comes only in the 18th place.
  const last = field.type === 'idNumber' ? 'X' : dot ? '.' : null;
  const lastEnabled = field.type === 'idNumber' ? value.length === 17 : dot ? value.length > 0 && !value.includes('.') : false;
  const press = (k: string) => !full && setValue(value + k);
  return (
    <div class="ime ime-numpad" id={id} role="group" aria-label={s.numpad(localText(field.label, lang))}>
      <output class="ime-display" aria-live="polite" aria-label={s.typed} data-testid="ime-display">
        {value
          ? digitGroups(field.type, isSensitive(field.type) ? maskSensitive(field.type, value) : value).map((g, i) => (
              <span key={i} class="ime-group">
                {g}
              </span>
            ))
          : '\u00a0'}
        <span class="ime-caret" aria-hidden="true" />
      </output>
      {isSensitive(field.type) && value && <MaskedNumber type={field.type} value={value} lang={lang} compact />}
      {children}
      <div class="numpad" dir="ltr">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((k) => (
          <button key={k} type="button" class="btn key numkey" data-key={k} disabled={full} onClick={() => press(k)}>
            {k}
          </button>
        ))}
        {last ? (
          <button type="button" class="btn key numkey" data-key={last} disabled={!lastEnabled || full} onClick={() => press(last)}>
            {last}
          </button>
        ) : (
          <span aria-hidden="true" />
        )}
        <button type="button" class="btn key numkey" data-key="0" disabled={full} onClick={() => press('0')}>
          0
        </button>
        <span aria-hidden="true" />
      </div>
      {extraKeys.length > 0 && (
        <div class="keyboard-row" dir="ltr">
          {extraKeys.map((k) => (
            <button key={k} type="button" class="btn key" data-key={k} disabled={full} onClick={() => press(k)}>
              {k}
            </button>
          ))}
        </div>
      )}
      <Actions lang={lang} canDelete={value.length > 0} onBackspace={() => setValue(chars(value).slice(0, -1).join(''))} onClear={() => setValue('')} onDone={onDone} />
    </div>
  );
}

const PAGE = 8;

// Fetch the pinyin table with this chunk (preloaded after start-up), not when a keyboard first shows.
void loadPinyinTable().catch(() => undefined);

function usePinyinTable(): PinyinTable | null {
  const [table, setTable] = useState<PinyinTable | null>(null);
  useEffect(() => {
    let live = true;
    void loadPinyinTable().then((t) => live && setTable(t));
    return () => {
      live = false;
    };
  }, []);
  return table;
}

/**
 * Pinyin with a candidate bar: letters collect in `~ime.pinyin`; a candidate adds its character and
 * uses up its syllable. Before anything is typed the bar offers the surnames on hand. A latin mode
 * types letters and digits as they are (credit codes, account numbers).
 */
export function PinyinPad({ field, value, values, setValue, setIme, onDone, lang, id, surnames = [], unitKeys = [], noLatin = false }: FieldInputProps & { unitKeys?: readonly string[]; noLatin?: boolean }) {
  const s = inputStrings[lang];
  const table = usePinyinTable();
  const pinyin = values[ime.pinyin] ?? '';
  const latin = values[ime.mode] === 'latin';
  const hand = values[ime.mode] === 'hand';
  const marks = punctuationFor(field.type);
  const page = Number(values[ime.page] ?? '0') || 0;
  const all: Candidate[] = pinyin && table ? candidatesFor(table, pinyin) : [];
  const shortcuts: Candidate[] = !pinyin && value === '' ? surnames.map((t) => ({ text: t, consumed: 0 })) : [];
  const shown = pinyin ? all : shortcuts;
  const { items, pages, page: current } = candidatePage(shown, page, PAGE);
  const pick = (c: Candidate) => {
    setValue(value + c.text);
    setIme({ [ime.pinyin]: pinyin.slice(c.consumed), [ime.page]: '0' });
  };
  const typeLetter = (k: string) => (latin ? setValue(value + k) : setIme({ [ime.pinyin]: pinyin + k, [ime.page]: '0' }));
  const seg = table && pinyin ? segment(table, pinyin) : null;
  const composing = seg ? [...seg.syllables, ...(seg.rest ? [seg.rest] : [])].join("'") : pinyin;
  return (
    <div class="ime ime-pinyin" id={id} role="group" aria-label={s.pinyinPad(localText(field.label, lang))}>
      <output class="ime-display" dir="ltr" aria-live="polite" aria-label={s.typed} data-testid="ime-display">
        {value || (pinyin ? '' : '\u00a0')}
        {pinyin && (
          <span class="ime-composing" data-testid="ime-composing">
            {composing}
          </span>
        )}
        <span class="ime-caret" aria-hidden="true" />
      </output>
      {hand ? (
        <HandwritingPad lang={lang} label={localText(field.label, lang)} onPick={(t) => setValue(value + t)} />
      ) : (
      <div class="candidate-bar" dir="ltr" role="group" aria-label={shortcuts.length && !pinyin ? s.surnames : s.candidates} data-testid="candidates">
        {!pinyin && shortcuts.length > 0 && <span class="candidate-label">{s.surnames}</span>}
        {pinyin && table && all.length === 0 && <span class="candidate-label" role="status">{s.noCandidates}</span>}
        {pages > 1 && (
          <button type="button" class="btn key candidate-nav" aria-label={s.prevPage} data-key="prev" disabled={current === 0} onClick={() => setIme({ [ime.page]: String(current - 1) })}>
            ‹
          </button>
        )}
        {items.map((c) => (
          <button key={c.text} type="button" class="btn key candidate" data-candidate={c.text} onClick={() => pick(c)}>
            {c.text}
          </button>
        ))}
        {pages > 1 && (
          <button type="button" class="btn key candidate-nav" aria-label={s.nextPage} data-key="next" disabled={current >= pages - 1} onClick={() => setIme({ [ime.page]: String(current + 1) })}>
            ›
          </button>
        )}
      </div>
      )}
      <div class="keyboard" dir="ltr">
        {!hand && <LetterKeys upper={latin} onKey={typeLetter} disabled={(k) => !latin && table !== null && !canContinue(table, pinyin + k)} />}
        {!hand && field.type !== 'name' && (
          <div class="keyboard-row">
            {['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((k) => (
              <button key={k} type="button" class="btn key" data-key={k} disabled={pinyin !== ''} onClick={() => setValue(value + k)}>
                {k}
              </button>
            ))}
          </div>
        )}
        {marks.length > 0 && (
          <div class="keyboard-row punctuation-row" role="group" aria-label={s.punctuation}>
            {marks.map((k) => (
              <button key={k} type="button" class="btn key" data-key={k} disabled={pinyin !== ''} onClick={() => setValue(value + k)}>
                {k}
              </button>
            ))}
          </div>
        )}
        {unitKeys.length > 0 && (
          <div class="keyboard-row">
            {unitKeys.map((k) => (
              <button key={k} type="button" class="btn key" data-key={k} disabled={pinyin !== ''} onClick={() => setValue(value + k)}>
                {k}
              </button>
            ))}
          </div>
        )}
        <Actions
          lang={lang}
          canDelete={value.length > 0 || pinyin.length > 0}
          onBackspace={() => (pinyin ? setIme({ [ime.pinyin]: pinyin.slice(0, -1), [ime.page]: '0' }) : setValue(chars(value).slice(0, -1).join('')))}
          onClear={() => {
            setIme({ [ime.pinyin]: '', [ime.page]: '0' });
            setValue('');
          }}
          onDone={() => {
            setIme({ [ime.pinyin]: '', [ime.page]: '0', [ime.mode]: '' });
            onDone();
          }}
          extra={
            <>
              <button type="button" class="btn key key-wide" data-key="handwriting" aria-pressed={hand} onClick={() => setIme({ [ime.mode]: hand ? '' : 'hand', [ime.pinyin]: '', [ime.page]: '0' })}>
                ✍ {s.handwriting}
              </button>
              {!noLatin && (
                <button type="button" class="btn key key-wide" data-key="mode" aria-pressed={latin} onClick={() => setIme({ [ime.mode]: latin ? '' : 'latin', [ime.pinyin]: '', [ime.page]: '0' })}>
                  {latin ? s.chineseMode : s.latinMode}
                </button>
              )}
            </>
          }
        />
      </div>
    </div>
  );
}

/**
 * Punctuation a field's text needs: a name only the middle dot of minority names (阿依古丽·买买提);
 * free text the Chinese marks. Numbers, dates and codes have none.
 */
export function punctuationFor(type: FormField['type']): readonly string[] {
  return type === 'name' ? ['·'] : type === 'text' ? ['，', '。', '、', '·', '（', '）', '—'] : [];
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A date by touch: year steppers (±1, ±10), a month grid and a day grid. Starts at today. */
export function DatePicker({ field, value, setValue, onDone, lang, id, today }: FieldInputProps) {
  const s = inputStrings[lang];
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(today)!;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const maxYear = Number(today.slice(0, 4)) + 5;
  const set = (ny: number, nm: number, nd: number) => {
    const yy = Math.min(Math.max(ny, 1900), maxYear);
    setValue(`${yy}-${pad2(nm)}-${pad2(Math.min(nd, daysIn(yy, nm)))}`);
  };
  return (
    <div class="ime ime-date" id={id} role="group" aria-label={s.datePicker(localText(field.label, lang))}>
      <output class="ime-display" aria-live="polite" data-testid="ime-display">
        {s.dateShown(y, mo, d)}
      </output>
      <div class="date-year" role="group" aria-label={s.year}>
        {[-10, -1].map((n) => (
          <button key={n} type="button" class="btn key" data-key={`year${n}`} aria-label={`${n} ${s.year}`} onClick={() => set(y + n, mo, d)}>
            {n}
          </button>
        ))}
        <span class="date-year-value">
          {y}
          {lang === 'zh' ? s.year : ''}
        </span>
        {[1, 10].map((n) => (
          <button key={n} type="button" class="btn key" data-key={`year+${n}`} aria-label={`+${n} ${s.year}`} disabled={y + n > maxYear} onClick={() => set(y + n, mo, d)}>
            +{n}
          </button>
        ))}
      </div>
      <div class="date-grid date-months" dir="ltr" role="group" aria-label={s.month}>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((n) => (
          <button key={n} type="button" class="btn key" data-month={n} aria-pressed={n === mo} onClick={() => set(y, n, d)}>
            {lang === 'zh' ? `${n}月` : n}
          </button>
        ))}
      </div>
      <div class="date-grid date-days" dir="ltr" role="group" aria-label={s.day}>
        {Array.from({ length: daysIn(y, mo) }, (_, i) => i + 1).map((n) => (
          <button key={n} type="button" class="btn key" data-day={n} aria-pressed={n === d} onClick={() => set(y, mo, n)}>
            {n}
          </button>
        ))}
      </div>
      <div class="keyboard-row ime-actions">
        <button type="button" class="btn key key-wide" data-key="today" onClick={() => setValue(today)}>
          {s.today}
        </button>
        <button
          type="button"
          class="btn btn-primary key key-wide"
          data-key="done"
          onClick={() => {
            if (!value) setValue(`${y}-${pad2(mo)}-${pad2(d)}`);
            onDone();
          }}
        >
          {s.done}
        </button>
      </div>
    </div>
  );
}

export interface Region {
  code: string;
  name: string;
}
type Level = 'province' | 'city' | 'district' | 'street';
type RegionList = { level: Level | null; regions: Region[] };

const regionCache = new Map<string, Promise<RegionList>>();

/** One level of the administrative divisions from the bridge (cached: it is public data). */
export function fetchRegions(parent: string): Promise<RegionList> {
  let p = regionCache.get(parent);
  if (!p) {
    p = fetch(`/api/regions?parent=${encodeURIComponent(parent)}`).then(async (res) => {
      const body = (await res.json()) as RegionList & { error?: { message: string } };
      if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
      return { level: body.level, regions: body.regions };
    });
    p.catch(() => regionCache.delete(parent));
    regionCache.set(parent, p);
  }
  return p;
}

/** Placeholders of the division tables that are not part of a written address. */
const silentNames = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** The written address: the picked divisions (without placeholders or repeats) and the detail. */
export function addressText(path: readonly Region[], detail: string): string {
  let out = '';
  let previous = '';
  for (const r of path) {
    if (silentNames.has(r.name) || r.name === previous) continue;
    out += r.name;
    previous = r.name;
  }
  return out + detail;
}

function readPath(values: Readonly<Record<string, string>>, key: string): Region[] {
  try {
    const v = JSON.parse(values[ime.addrPath(key)] ?? '[]') as unknown;
    return Array.isArray(v) ? (v as Region[]) : [];
  } catch {
    return [];
  }
}

/**
 * Province → city → district → street by touch from the bridge's data, then the house number on a
 * numeric pad with 号/栋/单元/室 (or pinyin for a road name). A level with a single division
 * (天津市 → 市辖区) is taken at once.
 */
export function AddressPicker(props: FieldInputProps) {
  const { field, values, setValue, setIme, onDone, lang, id, cardAddress } = props;
  const s = inputStrings[lang];
  const key = field.key;
  const path = readPath(values, key);
  const detail = values[ime.addrDetail(key)] ?? '';
  const [list, setList] = useState<RegionList | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const parent = path.length ? path[path.length - 1]!.code : '';
  const picking = path.length < 4 && values[`${ime.addrPath(key)}.done`] !== '1';
  useEffect(() => {
    if (!picking) return;
    let live = true;
    setList(null);
    setFailed(false);
    fetchRegions(parent).then(
      (l) => live && setList(l),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [parent, picking, attempt]);

  const store = (nextPath: Region[], nextDetail: string, done: boolean) => {
    setIme({ [ime.addrPath(key)]: JSON.stringify(nextPath), [ime.addrDetail(key)]: nextDetail, [`${ime.addrPath(key)}.done`]: done ? '1' : '' });
    setValue(addressText(nextPath, nextDetail));
  };
  const pick = async (r: Region) => {
    const next = [...path, r];
    // Take single-division levels at once (直辖市 → 市辖区, 东莞市 → 东莞市).
    for (;;) {
      if (next.length >= 4) break;
      let l: RegionList;
      try {
        l = await fetchRegions(next[next.length - 1]!.code);
      } catch {
        break;
      }
      if (l.level === null || l.regions.length === 0) {
        store(next, detail, true);
        return;
      }
      if (l.regions.length !== 1) break;
      next.push(l.regions[0]!);
    }
    store(next, detail, next.length >= 4);
  };
  const setDetail = (d: string) => {
    setIme({ [ime.addrDetail(key)]: d });
    setValue(addressText(path, d));
  };

  return (
    <div class="ime ime-address" id={id} role="group" aria-label={s.addressPicker(localText(field.label, lang))}>
      <output class="ime-display" aria-live="polite" data-testid="ime-display">
        {addressText(path, detail) || '\u00a0'}
      </output>
      {path.length > 0 && (
        <div class="option-row address-path">
          {path
            .filter((r) => !silentNames.has(r.name))
            .map((r) => (
              <button key={r.code} type="button" class="btn" data-region-back={r.code} onClick={() => store(path.slice(0, path.indexOf(r)), '', false)}>
                {s.pickAgain(r.name)}
              </button>
            ))}
        </div>
      )}
      {picking ? (
        <>
          {path.length === 0 && cardAddress && (
            <button
              type="button"
              class="btn btn-block"
              data-key="same-as-card"
              onClick={() => {
                setIme({ [ime.addrPath(key)]: '[]', [ime.addrDetail(key)]: '' });
                setValue(cardAddress);
                onDone();
              }}
            >
              {s.sameAsCard}
            </button>
          )}
          <h3 class="ime-step">{list?.level ? s.pickLevel[list.level] : s.pickLevel.province}</h3>
          {failed && (
            <>
              <p class="notice notice-danger" role="alert">
                {s.regionsFailed}
              </p>
              <button type="button" class="btn" data-key="retry" onClick={() => setAttempt(attempt + 1)}>
                {s.retry}
              </button>
            </>
          )}
          {!list && !failed && <p class="muted">{s.loading}</p>}
          {list && (
            <div class="region-grid" role="group" aria-label={list.level ? s.pickLevel[list.level] : ''}>
              {list.regions.map((r) => (
                <button key={r.code} type="button" class="btn region" data-region={r.code} onClick={() => void pick(r)}>
                  {r.name}
                </button>
              ))}
              {list.level === 'street' && (
                <button type="button" class="btn region" data-key="no-street" onClick={() => store(path, detail, true)}>
                  {s.noStreet}
                </button>
              )}
            </div>
          )}
        </>
      ) : (
        <>
          <h3 class="ime-step">{s.detail}</h3>
          <p class="muted">{s.detailHint}</p>
          {values[ime.mode] === 'road' ? (
            <PinyinPad
              {...props}
              id={`${id}-road`}
              value={detail}
              setValue={setDetail}
              unitKeys={['号', '路', '街', '巷', '村', '组']}
              values={{ ...values, [ime.mode]: values[ime.roadMode] ?? '' }}
              noLatin
              setIme={(patch) => {
                const { [ime.mode]: mode, ...rest } = patch;
                setIme(mode === undefined ? rest : { ...rest, [ime.roadMode]: mode });
              }}
              onDone={() => {
                setIme({ [ime.mode]: '', [ime.roadMode]: '' });
                onDone();
              }}
            />
          ) : (
            <NumericPad {...props} id={`${id}-detail`} field={{ ...field, type: 'text', pattern: undefined }} value={detail} setValue={setDetail} extraKeys={['号', '栋', '单元', '室', '楼', '-']}>
              <button type="button" class="btn btn-block" data-key="road" onClick={() => setIme({ [ime.mode]: 'road' })}>
                {s.roadByPinyin}
              </button>
            </NumericPad>
          )}
        </>
      )}
    </div>
  );
}
