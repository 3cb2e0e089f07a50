import { describe, expect, it } from 'vitest';
import { loadSampleCatalog } from '../../test/support/sample-catalog';
import { buildSearchIndex, fuzzyMatcher, matchSyllables, search, searchIndexFor, syllablesOf } from './search';
import type { Catalog } from './schema';

const catalog: Catalog = loadSampleCatalog();
const index = buildSearchIndex(catalog);
const first = (q: string) => search(index, q)[0];
const names = (q: string) => search(index, q).map((h) => h.name.zh);

describe('pinyin of names', () => {
  it('gives one toneless syllable per character and keeps latin runs as one token', () => {
    expect(syllablesOf('新生儿出生')).toEqual(['xin', 'sheng', 'er', 'chu', 'sheng']);
    expect(syllablesOf('ETC卡办理')).toEqual(['etc', 'ka', 'ban', 'li']);
  });

  it('spells runs of syllables in full, by initials or mixed', () => {
    const syl = syllablesOf('企业开办一件事');
    expect(matchSyllables('qykb', syl)).toBe(0);
    expect(matchSyllables('qiyekaiban', syl)).toBe(0);
    expect(matchSyllables('qiyekb', syl)).toBe(0);
    expect(matchSyllables('kbyj', syl)).toBe(2);
    expect(matchSyllables('qykx', syl)).toBe(-1);
    // "xian" is one syllable or two: backtracking tries both.
    expect(matchSyllables('xian', syllablesOf('西安'))).toBe(0);
    expect(matchSyllables('xian', syllablesOf('先'))).toBe(0);
  });

  it('finds a pattern with at most one edit (substitution, insertion, deletion)', () => {
    const t = (p: string, s: string) => fuzzyMatcher(p)(s) >= 0;
    expect(t('tuixiu', 'tuixiu')).toBe(true);
    expect(t('tuixou', 'tuixiu')).toBe(true); // substitution
    expect(t('tuixiuu', 'tuixiu')).toBe(true); // insertion in the query
    expect(t('tuxiu', 'tuixiu')).toBe(true); // deletion in the query
    expect(t('tuxou', 'tuixiu')).toBe(false); // two edits
    expect(t('企开办', '企业开办一件事')).toBe(true);
  });
});

describe('catalog search', () => {
  it('finds bundles by pinyin initials', () => {
    expect(first('qykb')).toMatchObject({ kind: 'bundle', code: 'enterprise-start', match: 'pinyin' });
    expect(first('xsecs')).toMatchObject({ kind: 'bundle', code: 'newborn', match: 'pinyin' });
    expect(first('cjr')).toMatchObject({ kind: 'bundle', code: 'disability-services' });
  });

  it('finds by full pinyin, with or without spaces, and while still typing', () => {
    expect(first('tuixiu')).toMatchObject({ kind: 'bundle', code: 'retirement' });
    expect(first('qiye kaiban')).toMatchObject({ kind: 'bundle', code: 'enterprise-start' });
    expect(first('tuix')).toMatchObject({ code: 'retirement' });
    // Items whose names contain the syllables come too, after the bundle.
    expect(names('tuixiu')).toContain('退休提取住房公积金');
  });

  it('finds by Chinese words, exact name first', () => {
    expect(first('退休')).toMatchObject({ kind: 'bundle', code: 'retirement', match: 'name' });
    expect(first('发票申领')).toMatchObject({ kind: 'item', match: 'name', score: expect.any(Number) });
    expect(names('公积金')).toEqual(expect.arrayContaining(['住房公积金个人账户封存', '退休提取住房公积金', '住房公积金单位缴存登记']));
  });

  it('forgives one typo in pinyin, initials or characters', () => {
    // 儿 is "er": "xsr" is one letter off the initials "xse" of 新生儿. (It spells 新生入学 exactly,
    // which therefore comes first when the catalog has it.)
    const xsr = search(index, 'xsr');
    expect(xsr.filter((h) => h.match !== 'fuzzy').every((h) => h.name.zh.includes('新生入学') || h.match === 'pinyin')).toBe(true);
    expect(xsr.slice(0, 3)).toContainEqual(expect.objectContaining({ code: 'newborn', match: 'fuzzy' }));
    expect(first('xse')).toMatchObject({ code: 'newborn', match: 'pinyin' });
    expect(first('tuixou')).toMatchObject({ code: 'retirement', match: 'fuzzy' });
    expect(first('qiyekaibna')).toMatchObject({ code: 'enterprise-start' });
    expect(first('qykv')).toMatchObject({ code: 'enterprise-start', match: 'fuzzy' });
    // A wrong character: 企叶开办 (叶 for 业).
    expect(first('企叶开办')).toMatchObject({ code: 'enterprise-start' });
  });

  it('matches a homophone typed in characters by its sound', () => {
    // 推休 sounds like 退休.
    expect(first('推休')).toMatchObject({ code: 'retirement', match: 'pinyin' });
  });

  it('finds by English words and by department', () => {
    const retirement = catalog.bundles.find((b) => b.code === 'retirement')!;
    expect(first(retirement.name.en.split(' ')[0]!)).toMatchObject({ code: 'retirement', match: 'name' });
    // Codes are matched too, ranked below names.
    expect(first('newborn')).toMatchObject({ code: 'newborn', match: 'other' });
    const dept = catalog.departments.find((d) => catalog.items.some((i) => i.department === d.code))!;
    expect(search(index, dept.name.zh).length).toBeGreaterThan(0);
  });

  it('returns nothing for nonsense and for an empty query, and respects the limit', () => {
    expect(search(index, 'zzzzqqqq')).toEqual([]);
    expect(search(index, '   ')).toEqual([]);
    expect(search(index, 'x', 2)).toHaveLength(2);
  });

  it('builds the index once per catalog version', () => {
    const a = searchIndexFor(catalog);
    expect(searchIndexFor(catalog)).toBe(a);
    const b = searchIndexFor({ ...catalog, version: 'other' });
    expect(b).not.toBe(a);
    expect(b.entries).toHaveLength(catalog.items.length + catalog.bundles.length);
  });
});
