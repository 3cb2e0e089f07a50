/**
 * 公民身份号码 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence, and a
 * check character computed with ISO 7064 MOD 11-2. A typo in any digit changes the check.
 */
import { isIsoDate } from '../calendar/iso-date';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('need exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** An 18-character number with a real birth date and a correct check character ('x' read as 'X'). */
export function isValidIdNumber(id: string): boolean {
  const s = id.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(s)) return false;
  if (!isIsoDate(`${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`)) return false;
  return idNumberCheckChar(s.slice(0, 17)) === s[17];
}
