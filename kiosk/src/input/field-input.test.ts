import { describe, expect, it } from 'vitest';
import { addressText, digitGroups, editorKind, maxLengthOf } from './field-input';

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
