/**
 * Pinyin → hanzi candidates for the on-screen keyboard (拼音输入 with a candidate bar).
 *
 * The data is not ours: simple-keyboard-layouts' Chinese layout ships `layoutCandidates`, 404 pinyin
 * syllables each with its characters in frequency order (taken from the pinyinjs IME tables). It is
 * loaded lazily (`loadPinyinTable`), so it never weighs on the kiosk's initial script.
 *
 * What a citizen types is a run of letters; the longest syllable at its start decides the
 * candidates, and picking one consumes those letters, so "haoran" gives 浩 (hao) and then 然 (ran):
 * several syllables are typed at once and picked one character at a time. A bare prefix ("zh", "x")
 * offers the first characters of every syllable it can begin, so even one letter leads somewhere.
 * `ü` is typed as `v` (lv → 绿), as on every Chinese IME.
 */

export interface PinyinTable {
  readonly syllables: ReadonlyMap<string, readonly string[]>;
  /** Longest syllable, in letters (zhuang = 6). */
  readonly maxLength: number;
}

/** One candidate: the text it adds and how many typed letters it uses up. */
export interface Candidate {
  readonly text: string;
  readonly consumed: number;
}

export function pinyinTable(layoutCandidates: Readonly<Record<string, string>>): PinyinTable {
  const syllables = new Map<string, readonly string[]>();
  let maxLength = 0;
  for (const [syllable, chars] of Object.entries(layoutCandidates)) {
    if (!/^[a-z]+$/.test(syllable)) continue;
    const list = [...new Set(chars.split(/\s+/).filter((c) => c.length > 0))];
    if (list.length === 0) continue;
    syllables.set(syllable, list);
    maxLength = Math.max(maxLength, syllable.length);
  }
  return { syllables, maxLength };
}

let loading: Promise<PinyinTable> | null = null;

/** The table from simple-keyboard-layouts, fetched once (a lazy chunk in the kiosk). */
export function loadPinyinTable(): Promise<PinyinTable> {
  loading ??= import('simple-keyboard-layouts/build/layouts/chinese.js').then(
    (m) => pinyinTable((m.default as unknown as { layoutCandidates: Record<string, string> }).layoutCandidates),
    (e: unknown) => {
      loading = null; // the next keyboard tries again
      throw e;
    },
  );
  return loading;
}

/** Lower case, ü → v, letters only. */
export function normalisePinyin(typed: string): string {
  return typed.toLowerCase().replace(/ü/g, 'v').replace(/[^a-z]/g, '');
}

/** The longest syllable the letters start with, or '' when none does. */
export function leadingSyllable(table: PinyinTable, pinyin: string): string {
  for (let n = Math.min(table.maxLength, pinyin.length); n > 0; n--) {
    const s = pinyin.slice(0, n);
    if (table.syllables.has(s)) return s;
  }
  return '';
}

/**
 * Splits letters into syllables, longest first (for showing "hao'ran"); `rest` is what is not (yet)
 * a syllable, e.g. the "zh" of "haozh".
 */
export function segment(table: PinyinTable, typed: string): { syllables: string[]; rest: string } {
  let pinyin = normalisePinyin(typed);
  const syllables: string[] = [];
  for (;;) {
    const s = leadingSyllable(table, pinyin);
    if (!s) return { syllables, rest: pinyin };
    syllables.push(s);
    pinyin = pinyin.slice(s.length);
  }
}

/** Syllables that start with `prefix` and are longer than it, in the table's order. */
function extensionsOf(table: PinyinTable, prefix: string): string[] {
  const out: string[] = [];
  for (const s of table.syllables.keys()) if (s.length > prefix.length && s.startsWith(prefix)) out.push(s);
  return out;
}

/** Round-robin over several frequency-ordered lists: the commonest of each first. */
function interleave(lists: readonly (readonly string[])[], limit: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < limit && lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length && out.length < limit) out.push(l[i]!);
  return out;
}

/**
 * The candidates for what was typed, best first, without duplicates:
 * 1. the characters of the longest leading syllable (they consume that syllable);
 * 2. when everything typed is itself only the start of longer syllables (zhan → zhang, zh → zhang,
 *    zhe …), their commonest characters, interleaved (they consume all typed letters).
 */
export function candidatesFor(table: PinyinTable, typed: string, limit = 400): Candidate[] {
  const pinyin = normalisePinyin(typed);
  if (!pinyin) return [];
  const seen = new Set<string>();
  const out: Candidate[] = [];
  const add = (text: string, consumed: number) => {
    if (seen.has(text) || out.length >= limit) return;
    seen.add(text);
    out.push({ text, consumed });
  };
  const lead = leadingSyllable(table, pinyin);
  if (lead) for (const c of table.syllables.get(lead)!) add(c, lead.length);
  const longer = extensionsOf(table, pinyin);
  if (longer.length > 0) for (const c of interleave(longer.map((s) => table.syllables.get(s)!), limit)) add(c, pinyin.length);
  return out;
}

/** Can more letters after `typed` still lead to a syllable? Keys that cannot are not worth offering. */
export function canContinue(table: PinyinTable, typed: string): boolean {
  const pinyin = normalisePinyin(typed);
  const { rest } = segment(table, pinyin);
  if (rest === '') return true;
  for (const s of table.syllables.keys()) if (s.startsWith(rest)) return true;
  return false;
}

/** One page of candidates. */
export function candidatePage<T>(all: readonly T[], page: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(all.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: all.slice(p * size, p * size + size), page: p, pages };
}

/**
 * The surnames a form already knows, as one-touch candidates for a newborn's name: the applicant's
 * (from the ID card) and the spouse's (from marriage registration data or the form). Single-character
 * surnames only — a compound surname (欧阳, 司马) is typed like any other name.
 */
export function surnameShortcuts(names: readonly (string | undefined | null)[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const first = n ? [...n.trim()][0] : undefined;
    if (first && /\p{Script=Han}/u.test(first) && !out.includes(first)) out.push(first);
  }
  return out;
}
