import { describe, expect, it } from 'vitest';
import { addressText, digitGroups, editorKind, fieldFormat, maxLengthOf, patternLength, punctuationFor } from './field-input';
import { addPoint, canBeginStroke, type Point } from './handwriting';

describe('which on-screen editor a field gets', () => {
  it('goes by the semantic type, and numeric text patterns get the numeric pad', () => {
    expect(editorKind({ type: 'phone' })).toBe('numpad');
    expect(editorKind({ type: 'idNumber' })).toBe('numpad');
    expect(editorKind({ type: 'bankAccount' })).toBe('numpad');
    expect(editorKind({ type: 'date' })).toBe('date');
    expect(editorKind({ type: 'address' })).toBe('address');
    expect(editorKind({ type: 'select' })).toBe('select');
    expect(editorKind({ type: 'name' })).toBe('pinyin');
    expect(editorKind({ type: 'text' })).toBe('pinyin');
    expect(editorKind({ type: 'text', pattern: '^[1-9][0-9]{0,5}(\\.[0-9]{1,2})?$' })).toBe('numpad');
    expect(editorKind({ type: 'text', pattern: '^[0-9]{10,13}$' })).toBe('numpad');
    // Letters allowed (户号, 统一社会信用代码): the keyboard, whose latin mode types them.
    expect(editorKind({ type: 'text', pattern: '^[0-9A-Za-z]{6,16}$' })).toBe('pinyin');
    expect(editorKind({ type: 'text', pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' })).toBe('pinyin');
    expect(maxLengthOf({ type: 'phone' })).toBe(11);
    expect(maxLengthOf({ type: 'idNumber' })).toBe(18);
    expect(maxLengthOf({ type: 'bankAccount' })).toBe(19);
  });
});

describe('the written address from picked divisions', () => {
  it('leaves out the tables’ placeholders and repeated names', () => {
    expect(
      addressText(
        [
          { code: '12', name: '天津市' },
          { code: '1201', name: '市辖区' },
          { code: '120101', name: '和平区' },
          { code: '120101005', name: '南营门街道' },
        ],
        '128号3门501',
      ),
    ).toBe('天津市和平区南营门街道128号3门501');
    expect(
      addressText(
        [
          { code: '44', name: '广东省' },
          { code: '4420', name: '中山市' },
          { code: '442000', name: '中山市' },
        ],
        '',
      ),
    ).toBe('广东省中山市');
    expect(addressText([], '')).toBe('');
  });
});

describe('digits shown in groups', () => {
  it('splits phones 3-4-4, ID numbers 6-8-4 and bank cards by four, partial input too', () => {
    expect(digitGroups('phone', '13812345678')).toEqual(['138', '1234', '5678']);
    expect(digitGroups('phone', '13812')).toEqual(['138', '12']);
    expect(digitGroups('idNumber', '12010119920315002X')).toEqual(['120101', '19920315', '002X']);
    expect(digitGroups('bankAccount', '6217001234567890123')).toEqual(['6217', '0012', '3456', '7890', '123']);
    expect(digitGroups('text', '128号')).toEqual(['128号']);
    expect(digitGroups('phone', '')).toEqual([]);
  });
});

describe('a keyboard and a shown format per field kind', () => {
  it('gives a postcode the numeric pad of six digits, and a numeric pattern its own length', () => {
    expect(editorKind({ type: 'text', key: 'delivery.postcode' })).toBe('numpad');
    expect(editorKind({ type: 'text', key: 'applicant.code', label: { zh: '邮政编码', en: 'Postcode' } })).toBe('numpad');
    expect(maxLengthOf({ type: 'text', key: 'delivery.postcode' })).toBe(6);
    expect(maxLengthOf({ type: 'text', pattern: '^[0-9]{10,13}$' })).toBe(13);
    expect(maxLengthOf({ type: 'text', pattern: '^[1-9][0-9]{0,5}(\\.[0-9]{1,2})?$' })).toBe(9);
    expect(patternLength('^[0-9]{1,6}$')).toEqual({ min: 1, max: 6 });
    expect(patternLength('^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$')).toEqual({ min: 18, max: 18 });
    expect(patternLength('^(a|b)$')).toBeNull();
    expect(patternLength('^[0-9]+$')).toBeNull();
  });

  it('says under every typed field what it takes', () => {
    expect(fieldFormat({ type: 'idNumber' }, 'zh')).toBe('18位，末位可为X');
    expect(fieldFormat({ type: 'text', key: 'delivery.postcode' }, 'zh')).toBe('6位数字');
    expect(fieldFormat({ type: 'phone' }, 'zh')).toBe('11位手机号码');
    expect(fieldFormat({ type: 'bankAccount' }, 'zh')).toBe('16至19位数字');
    expect(fieldFormat({ type: 'text', pattern: '^[1-9][0-9]{0,5}(\\.[0-9]{1,2})?$' }, 'zh')).toBe('数字，最多2位小数');
    expect(fieldFormat({ type: 'text', pattern: '^[0-9]{10,13}$' }, 'zh')).toBe('10至13位数字');
    expect(fieldFormat({ type: 'text', pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' }, 'zh')).toBe('18位字母或数字');
    expect(fieldFormat({ type: 'name' }, 'zh')).toContain('·');
    expect(fieldFormat({ type: 'select' }, 'zh')).toBe('');
    for (const type of ['text', 'name', 'idNumber', 'phone', 'date', 'address', 'bankAccount'] as const) {
      expect(fieldFormat({ type }, 'en')).not.toBe('');
      expect(fieldFormat({ type }, 'ug' as 'zh')).not.toBe('');
    }
  });

  it('has punctuation where text needs it: the middle dot for names, Chinese marks for text, none for numbers', () => {
    expect(punctuationFor('name')).toEqual(['·']);
    expect(punctuationFor('text')).toEqual(expect.arrayContaining(['，', '。', '、', '·', '（', '）', '—']));
    expect(punctuationFor('phone')).toEqual([]);
    expect(punctuationFor('idNumber')).toEqual([]);
  });
});

describe('handwriting strokes stay within the protocol bounds', () => {
  it('drops points closer than a step and stops at 500 points a stroke, 40 strokes', () => {
    const strokes: Point[][] = [[[0, 0]]];
    expect(addPoint(strokes, [1, 1])).toBe(false);
    expect(addPoint(strokes, [10, 0])).toBe(true);
    for (let i = 0; i < 600; i++) addPoint(strokes, [20 + i * 5, 0]);
    expect(strokes[0]!.length).toBe(500);
    const many: Point[][] = Array.from({ length: 40 }, () => [[0, 0]]);
    expect(canBeginStroke(many)).toBe(false);
    expect(canBeginStroke(many.slice(1))).toBe(true);
  });
});
