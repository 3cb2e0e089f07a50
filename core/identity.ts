/**
 * The identity a card reader (or an e-ID QR code) yields. It lives in the kiosk's session state and
 * in the bridge's session memory only; it is never logged, never written to disk (the encrypted
 * outbox excepted) and is wiped when the session ends.
 */
import { z } from 'zod';

export const CardType = z.enum(['resident', 'hk-mo-tw-residence', 'foreign-permanent']);
export type CardType = z.infer<typeof CardType>;

const ymd = z.string().regex(/^\d{8}$/, 'expected YYYYMMDD');

export const Identity = z.object({
  cardType: CardType,
  name: z.string().min(1).max(60),
  /** GB/T 2261.1: 0 unknown, 1 男, 2 女, 9 unspecified. */
  sex: z.enum(['0', '1', '2', '9']),
  /** GB 3304 two-digit nation code, e.g. 01 汉. Empty for cards that do not carry it. */
  nation: z.string().regex(/^(\d{2})?$/),
  birthDate: ymd,
  address: z.string().max(120),
  idNumber: z.string().min(6).max(36),
  issuer: z.string().max(60),
  validFrom: ymd,
  /** YYYYMMDD or 长期 (long-term). */
  validTo: z.union([ymd, z.literal('长期')]),
  /** 外国人永久居留身份证: the English name (the card's name field holds the Chinese name, if any). */
  englishName: z.string().max(80).optional(),
  /** 外国人永久居留身份证: ISO 3166-1 alpha-3 nationality, e.g. CAN. */
  nationality: z.string().regex(/^[A-Z]{3}$/).optional(),
  /** 港澳台居民居住证: the 通行证 (travel permit) number. */
  passNumber: z.string().max(20).optional(),
});
export type Identity = z.infer<typeof Identity>;

/** 110101199003071234 → 110101********1234 (design.md: the only form an ID number may take in logs). */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** 张三丰 → 张**; a name is shown masked on anything that leaves the session (receipts). */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** True when the card's validity has ended before `today` (YYYY-MM-DD). */
export function isExpired(identity: Pick<Identity, 'validTo'>, today: string): boolean {
  if (identity.validTo === '长期') return false;
  return identity.validTo < today.replaceAll('-', '');
}
