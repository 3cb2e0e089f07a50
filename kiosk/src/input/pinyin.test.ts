import { beforeAll, describe, expect, it } from 'vitest';
import { canContinue, candidatePage, candidatesFor, leadingSyllable, loadPinyinTable, pinyinTable, segment, surnameShortcuts, type PinyinTable } from './pinyin';

let table: PinyinTable;
beforeAll(async () => {
  table = await loadPinyinTable();
});

describe('the pinyin table from simple-keyboard-layouts', () => {
  it('holds the syllables of Mandarin with frequency-ordered characters', () => {
    expect(table.syllables.size).toBeGreaterThan(400);
    expect(table.maxLength).toBe(6);
    expect(table.syllables.get('zhang')!.slice(0, 3)).toEqual(['长', '张', '章']);
    expect(table.syllables.get('lv')).toContain('绿');
  });

  it('drops duplicates and blanks from a table', () => {
    const t = pinyinTable({ ma: '妈  马 妈', 'x-y': '无', nu: '' });
    expect([...t.syllables.entries()]).toEqual([['ma', ['妈', '马']]]);
  });
});

describe('candidates for what was typed', () => {
  it('gives the characters of a whole syllable, consuming it', () => {
    const c = candidatesFor(table, 'wang');
    expect(c[0]).toEqual({ text: '王', consumed: 4 });
    expect(c.every((x) => x.consumed === 4)).toBe(true);
  });

  it('takes the longest syllable first and leaves the rest for the next pick (several syllables at once)', () => {
    expect(leadingSyllable(table, 'haoran')).toBe('hao');
    expect(segment(table, 'haoran')).toEqual({ syllables: ['hao', 'ran'], rest: '' });
    const first = candidatesFor(table, 'haoran');
    expect(first.find((c) => c.text === '浩')).toEqual({ text: '浩', consumed: 3 });
    expect(candidatesFor(table, 'ran').map((c) => c.text)).toContain('然');
  });

  it('offers characters of longer syllables for a prefix (zh → 张, 这 …), consuming all typed letters', () => {
    const c = candidatesFor(table, 'zh');
    expect(c.length).toBeGreaterThan(20);
    expect(c.every((x) => x.consumed === 2)).toBe(true);
    expect(c.map((x) => x.text)).toContain('长');
    // A syllable that is also a prefix: its own characters first, then those of zhang, zhan…g.
    const zhan = candidatesFor(table, 'zhan');
    expect(zhan[0]!.consumed).toBe(4);
    expect(zhan.map((x) => x.text)).toContain('张');
    expect(new Set(zhan.map((x) => x.text)).size).toBe(zhan.length);
  });

  it('reads ü as v, ignores case and non-letters', () => {
    expect(candidatesFor(table, 'LÜ')[0]).toEqual(candidatesFor(table, 'lv')[0]);
    expect(candidatesFor(table, "xi'an")).toEqual(candidatesFor(table, 'xian'));
  });

  it('has nothing for letters no syllable starts with, and says so', () => {
    expect(candidatesFor(table, '')).toEqual([]);
    expect(candidatesFor(table, 'v')).toEqual([]);
    expect(canContinue(table, 'v')).toBe(false);
    expect(canContinue(table, 'zh')).toBe(true);
    expect(canContinue(table, 'haozh')).toBe(true);
    expect(canContinue(table, 'haoq')).toBe(true);
    expect(canContinue(table, 'haoqq')).toBe(false);
  });

  it('pages the candidates', () => {
    const all = candidatesFor(table, 'yi');
    const p0 = candidatePage(all, 0, 8);
    expect(p0.items).toEqual(all.slice(0, 8));
    expect(p0.pages).toBe(Math.ceil(all.length / 8));
    expect(candidatePage(all, 999, 8).page).toBe(p0.pages - 1);
    expect(candidatePage([], 3, 8)).toEqual({ items: [], page: 0, pages: 1 });
  });
});

describe('surname shortcuts', () => {
  it('takes the first character of known names, once each, only hanzi', () => {
    expect(surnameShortcuts(['王芳', '张伟', undefined, '王五', 'MARTIN, MARIA', ''])).toEqual(['王', '张']);
  });
});
