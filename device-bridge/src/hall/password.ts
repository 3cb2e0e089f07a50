/** scrypt password hashes for /hall staff accounts: `scrypt$<salt hex>$<key hex>` (N=16384, r=8, p=1, 64 bytes). */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  return `scrypt$${salt.toString('hex')}$${scryptSync(password, salt, 64).toString('hex')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const m = /^scrypt\$([0-9a-f]{32})\$([0-9a-f]{128})$/.exec(stored);
  if (!m) return false;
  const expected = Buffer.from(m[2]!, 'hex');
  const actual = scryptSync(password, Buffer.from(m[1]!, 'hex'), 64);
  return timingSafeEqual(expected, actual);
}
