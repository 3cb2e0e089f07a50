import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, isValidIdNumber } from './id-number';

describe('isValidIdNumber', () => {
  it('accepts the example number of GB 11643 and its lower-case x', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
  });

  it('accepts a number whose check digit is a digit', () => {
    // Σ digit × weight = 116; 116 mod 11 = 6 → '6'.
    expect(idNumberCheckChar('44200020200101001')).toBe('6');
    expect(isValidIdNumber('442000202001010016')).toBe(true);
    expect(isValidIdNumber('442000202001010018')).toBe(false);
  });

  it('rejects a wrong check character, a transposed digit and a bad birth date', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491321002X')).toBe(false); // month 13
    expect(isValidIdNumber('110105194912130021')).toBe(false);
    expect(isValidIdNumber('440000202302290017')).toBe(false); // 2023-02-29 does not exist
  });

  it('rejects wrong lengths and characters', () => {
    expect(isValidIdNumber('')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('11010519491231002XX')).toBe(false);
    expect(isValidIdNumber('A1010519491231002X')).toBe(false);
  });
});
