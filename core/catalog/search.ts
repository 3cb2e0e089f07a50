/**
 * Search over the catalog's items (单项事项) and bundles (一件事): by Chinese words, by full pinyin
 * ("tuixiu"), by pinyin initials ("qykb"), by any mix of the two ("qiyekb"), by English words, and
 * forgiving one typo. The kiosk has no keyboard, only an on-screen latin one, so initials are the
 * main way in.
 *
 * The index is built once per catalog version (pinyin of every name, computed by pinyin-pro); a
 * query then costs a scan with cheap string work, a few milliseconds for a province-sized catalog
 * of 10,000 items (measured in test/bench/search.ts). Pure: no I/O, shared by kiosk and tools.
 */
import { pinyin } from 'pinyin-pro';
import type { Catalog, LocalText } from './schema';

export type SearchKind = 'bundle' | 'item';

/** How a hit matched, strongest first; the kiosk may show it. */
export type MatchKind = 'name' | 'pinyin' | 'other' | 'fuzzy';

export interface SearchHit {
  kind: SearchKind;
  code: string;
  name: LocalText;
  match: MatchKind;
  score: number;
}

interface Entry {
  kind: SearchKind;
  code: string;
  name: LocalText;
  /** Chinese name, as typed by a citizen with a Chinese keyboard. */
  zh: string;
  /** Lower-case pinyin syllables of the Chinese name (latin runs and digits kept as tokens). */
  syllables: string[];
  /** First letters of the syllables, e.g. 企业开办 → "qykb". */
  initials: string;
  /** The syllables joined, e.g. "qiyekaiban". */
  full: string;
  /**
   * Character masks (bit = code unit mod 32) of `full`, `initials`, `zh`, `en` and `other`: a
   * text lacking a bit of the query cannot contain it, so most names are skipped without a scan.
   */
  fullBits: number;
  initialBits: number;
  zhBits: number;
  enBits: number;
  otherBits: number;
  /** English name, lower case. */
  en: string;
  /** Department, stage, summary and code: matched, but ranked below the name. */
  other: string;
}

export interface SearchIndex {
  /** The catalog version the index was built from. */
  version: string;
  entries: readonly Entry[];
}

type Indexable = Pick<Catalog, 'version' | 'items' | 'bundles' | 'departments' | 'stages'>;

/** Syllables of a text: one per Chinese character, latin/digit runs as one token each. */
export function syllablesOf(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter((s) => s.length > 0);
}

export function buildSearchIndex(catalog: Indexable): SearchIndex {
  const dept = new Map(catalog.departments.map((d) => [d.code, d.name]));
  const stage = new Map(catalog.stages.map((s) => [s.code, s.name]));
  const entries: Entry[] = [];
  const add = (kind: SearchKind, code: string, name: LocalText, other: (LocalText | undefined)[]) => {
    const syllables = syllablesOf(name.zh);
    const initials = syllables.map((s) => s[0]).join('');
    const full = syllables.join('');
    const en = name.en.toLowerCase();
    const otherText = [code, ...other.flatMap((t) => (t ? [t.zh, t.en.toLowerCase()] : []))].join(' ');
    entries.push({
      kind,
      code,
      name,
      zh: name.zh,
      syllables,
      initials,
      full,
      fullBits: charMask(full),
      initialBits: charMask(initials),
      zhBits: charMask(name.zh),
      enBits: charMask(en),
      otherBits: charMask(otherText),
      en,
      other: otherText,
    });
  };
  for (const b of catalog.bundles) add('bundle', b.code, b.name, [b.summary, stage.get(b.stage), dept.get(b.leadDepartment)]);
  for (const i of catalog.items) add('item', i.code, i.name, [dept.get(i.department)]);
  return { version: catalog.version, entries };
}

const cache = new Map<string, SearchIndex>();

/** The index for this catalog version, built on first use (a new version replaces the old). */
export function searchIndexFor(catalog: Indexable): SearchIndex {
  let index = cache.get(catalog.version);
  if (!index) {
    cache.clear();
    index = buildSearchIndex(catalog);
    cache.set(catalog.version, index);
  }
  return index;
}

/** Bit (code point mod 32) set for each character: a Bloom-style filter for characters. */
function charMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= 1 << (text.charCodeAt(i) & 31);
  return mask;
}

/** How many characters of the query are surely missing from a text with this character mask. */
function charsMissing(query: string, mask: number): number {
  let missing = 0;
  for (let i = 0; i < query.length; i++) if ((mask & (1 << (query.charCodeAt(i) & 31))) === 0) missing++;
  return missing;
}

/** Can a text with this mask contain every character of the query? */
const covers = (mask: number, queryMask: number) => (queryMask & ~mask) === 0;

/**
 * Pigeonhole filter for one edit: split the pattern in two; an edit touches at most one half, so
 * the other occurs exactly. Returns the halves (for patterns of 2+ units).
 */
function halves(pattern: string): [string, string] {
  const mid = pattern.length >> 1;
  return [pattern.slice(0, mid), pattern.slice(mid)];
}

const HAN = /[\u3400-\u9fff]/;

/**
 * Does the latin query spell a run of consecutive syllables, each written in full or by a prefix
 * (at least its first letter)? "qykb", "qiyekaiban", "qiyekb", "tuix" all match 企业开办/退休.
 * Returns the first syllable index of the match, -1 if none.
 */
export function matchSyllables(query: string, syllables: readonly string[]): number {
  for (let start = 0; start < syllables.length; start++) {
    if (syllables[start]![0] !== query[0]) continue;
    if (spell(query, 0, syllables, start)) return start;
  }
  return -1;
}

function spell(q: string, qi: number, syl: readonly string[], si: number): boolean {
  if (qi === q.length) return true;
  if (si === syl.length) return false;
  const s = syl[si]!;
  let k = 0;
  while (k < s.length && qi + k < q.length && q.charCodeAt(qi + k) === s.charCodeAt(k)) k++;
  // Prefer the longest spelling of this syllable, fall back to shorter ones ("xian" vs "xi an").
  for (let j = k; j >= 1; j--) if (spell(q, qi + j, syl, si + 1)) return true;
  return false;
}

/**
 * Approximate substring search with at most one edit (substitution, insertion or deletion):
 * Wu–Manber's bit-parallel bitap, for patterns of 1–31 UTF-16 units. The pattern's masks are built
 * once per query; the returned function gives the end index of the first match in a text, or -1.
 */
export function fuzzyMatcher(pattern: string): (text: string) => number {
  const m = pattern.length;
  if (m === 0 || m > 31) return () => -1;
  // ASCII in a typed array (the common case: pinyin), anything else (汉字) in a map.
  const ascii = new Int32Array(128);
  const other = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const c = pattern.charCodeAt(i);
    if (c < 128) ascii[c]! |= 1 << i;
    else other.set(c, (other.get(c) ?? 0) | (1 << i));
  }
  const goal = 1 << (m - 1);
  return (text) => {
    let r0 = 0; // states reached exactly
    let r1 = 1; // states reached with one edit (a leading pattern character already skipped)
    for (let j = 0; j < text.length; j++) {
      const c = text.charCodeAt(j);
      const mask = c < 128 ? ascii[c]! : (other.get(c) ?? 0);
      const old0 = r0;
      r0 = ((r0 << 1) | 1) & mask;
      // match | substitution | insertion (an extra text character) | deletion (a pattern character skipped)
      r1 = (((r1 << 1) | 1) & mask) | ((old0 << 1) | 1) | old0 | ((r0 << 1) | 1);
      if ((r1 & goal) !== 0) return j;
    }
    return -1;
  };
}

/** Normalises what the citizen typed: lower case, no spaces, no apostrophes ("xi'an"). */
export function normaliseQuery(query: string): string {
  return query.toLowerCase().replace(/[\s'’·]+/g, '');
}

export function search(index: SearchIndex, rawQuery: string, limit = 20): SearchHit[] {
  if (limit <= 0) return [];
  const query = normaliseQuery(rawQuery);
  if (query.length === 0) return [];
  const han = HAN.test(query);
  const latin = !han && /^[a-z0-9]+$/.test(query);
  const enQuery = rawQuery.trim().toLowerCase();
  const otherQuery = enQuery.length >= 2 ? enQuery : query;
  // A query in characters also matches by sound: a homophone typed by mistake still finds the name.
  const soundQuery = han ? syllablesOf(query).join('') : '';
  const queryBits = charMask(query);
  const soundBits = charMask(soundQuery);
  const enBits = charMask(enQuery);
  const otherBits = charMask(otherQuery);
  // A spelling starts with a syllable's first letter.
  const firstBit = charMask(query[0]!);
  // The best `limit` hits so far, best first: a province-sized catalog can give thousands of hits
  // for one letter, and sorting them all would cost more than finding them.
  const top: { e: Entry; score: number; match: MatchKind }[] = [];
  let found = 0;
  const consider = (e: Entry, base: number, match: MatchKind) => {
    found++;
    const score = rank(base, e);
    if (top.length === limit && !better(score, e, top[limit - 1]!)) return;
    let at = top.length;
    while (at > 0 && better(score, e, top[at - 1]!)) at--;
    top.splice(at, 0, { e, score, match });
    if (top.length > limit) top.pop();
  };
  const missed: Entry[] = [];

  for (const e of index.entries) {
    let score = 0;
    let match: MatchKind = 'other';
    if (han) {
      const at = covers(e.zhBits, queryBits) ? e.zh.indexOf(query) : -1;
      if (at >= 0) {
        score = e.zh === query ? 1000 : at === 0 ? 900 : 800 - Math.min(at, 50);
        match = 'name';
      } else if (soundQuery && covers(e.fullBits, soundBits) && e.full.includes(soundQuery)) {
        score = 650;
        match = 'pinyin';
      } else if (covers(e.otherBits, queryBits) && e.other.includes(query)) {
        score = 400;
      }
    } else {
      if (latin && covers(e.fullBits, queryBits) && covers(e.initialBits, firstBit)) {
        const start = matchSyllables(query, e.syllables);
        if (start >= 0) {
          score = (start === 0 ? 700 : 600) + (query === e.full || query === e.initials ? 50 : 0);
          match = 'pinyin';
        }
      }
      if (score === 0 && enQuery.length >= 2 && covers(e.enBits, enBits)) {
        const at = e.en.indexOf(enQuery);
        if (at === 0 || (at > 0 && e.en[at - 1] === ' ')) {
          score = 550;
          match = 'name';
        }
      }
      if (score === 0 && query.length >= 2 && covers(e.otherBits, otherBits) && e.other.includes(otherQuery)) score = 400;
    }
    if (score > 0) consider(e, score, match);
    else missed.push(e);
  }

  // Typo tolerance: one edit, only when the exact pass found little, and only for queries long
  // enough that one edit still says something (3+ letters or 2+ characters).
  if (found < limit && (latin ? query.length >= 3 : han && query.length >= 2)) {
    const find = fuzzyMatcher(query);
    const [a, b] = halves(query);
    const aBits = charMask(a);
    const bBits = charMask(b);
    // One half occurs exactly in any text within one edit of the query.
    const maybe = (text: string, bits: number) => (covers(bits, aBits) && text.includes(a)) || (covers(bits, bBits) && text.includes(b));
    for (const e of missed) {
      let score = 0;
      if (latin) {
        const initialsEnd = maybe(e.initials, e.initialBits) ? find(e.initials) : -1;
        if (initialsEnd >= 0) score = initialsEnd - query.length + 1 <= 0 ? 260 : 220;
        else if (query.length >= 4 && maybe(e.full, e.fullBits) && find(e.full) >= 0) score = 200;
      } else if (maybe(e.zh, e.zhBits) && find(e.zh) >= 0) {
        score = 240;
      }
      if (score > 0) consider(e, score, 'fuzzy');
    }
  }
  return top.map(({ e, score, match }) => ({ kind: e.kind, code: e.code, name: e.name, match, score }));
}

/** Higher score first; among equals, the shorter name, then the code (a stable order). */
function better(score: number, e: Entry, than: { e: Entry; score: number }): boolean {
  if (score !== than.score) return score > than.score;
  if (e.zh.length !== than.e.zh.length) return e.zh.length < than.e.zh.length;
  return e.code < than.e.code;
}

/** Bundles first among equals (one visit does more); shorter names are closer matches. */
function rank(score: number, e: Entry): number {
  return score + (e.kind === 'bundle' ? 20 : 0) - Math.min(e.zh.length, 19) / 20;
}
