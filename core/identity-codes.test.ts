import { describe, expect, it } from 'vitest';
import { isNationCode, nationNames, sexNames } from './identity-codes';

describe('identity code tables', () => {
  it('has the 56 nations of GB 3304 plus 97 and 98', () => {
    expect(Object.keys(nationNames)).toHaveLength(58);
    expect(nationNames['01']).toBe('汉');
    expect(nationNames['05']).toBe('维吾尔');
    expect(nationNames['56']).toBe('基诺');
    expect(nationNames['98']).toBe('外国血统中国籍人士');
    expect(isNationCode('57')).toBe(false);
  });
  it('has the GB/T 2261.1 sex codes', () => {
    expect(Object.keys(sexNames).sort()).toEqual(['0', '1', '2', '9']);
    expect(sexNames['2']!.zh).toBe('女');
  });
});
