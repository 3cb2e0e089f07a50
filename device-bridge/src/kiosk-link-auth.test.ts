import { describe, expect, it } from 'vitest';
import { authorizeKioskUpgrade, cookieValue, linkCookieHeader, makeLinkSecret, secretsEqual } from './kiosk-link-auth';
import { KioskPairing, pairingCodeFromForm, pairingLimits } from './kiosk-link-pairing';

const rules = { allowedHosts: new Set(['127.0.0.1:8080', 'localhost:8080']), secret: 's3cret-value' };
const good = { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080', cookie: 'kiosk_link=s3cret-value' };

describe('authorizeKioskUpgrade', () => {
  it('lets in the kiosk page: its own Host and Origin and the kiosk_link cookie', () => {
    expect(authorizeKioskUpgrade(good, rules)).toEqual({ ok: true });
    expect(authorizeKioskUpgrade({ ...good, host: 'localhost:8080', origin: 'http://localhost:8080', cookie: 'a=1; kiosk_link="s3cret-value"; b=2' }, rules)).toEqual({ ok: true });
  });

  it('refuses a missing Origin, a foreign one, a missing or wrong cookie, and another Host, all with 403', () => {
    const refusal = (headers: Record<string, string | undefined>) => authorizeKioskUpgrade(headers, rules);
    expect(refusal({ ...good, origin: undefined })).toMatchObject({ ok: false, status: 403, reason: 'origin-missing' });
    expect(refusal({ ...good, origin: 'http://evil.example' })).toMatchObject({ ok: false, reason: 'origin' });
    expect(refusal({ ...good, origin: 'https://127.0.0.1:8080' })).toMatchObject({ ok: false, reason: 'origin' });
    expect(refusal({ ...good, origin: 'http://127.0.0.1:8080/x' })).toMatchObject({ ok: false, reason: 'origin' });
    expect(refusal({ ...good, origin: 'null' })).toMatchObject({ ok: false, reason: 'origin' });
    expect(refusal({ ...good, cookie: undefined })).toMatchObject({ ok: false, reason: 'cookie-missing' });
    expect(refusal({ ...good, cookie: 'kiosk_link=' })).toMatchObject({ ok: false, reason: 'cookie' });
    expect(refusal({ ...good, cookie: 'kiosk_link=s3cret-valuE' })).toMatchObject({ ok: false, reason: 'cookie' });
    expect(refusal({ ...good, cookie: 'xkiosk_link=s3cret-value' })).toMatchObject({ ok: false, reason: 'cookie-missing' });
    expect(refusal({ ...good, host: 'evil.example:8080' })).toMatchObject({ ok: false, status: 403, reason: 'host' });
    expect(authorizeKioskUpgrade(good, { ...rules, secret: '' })).toMatchObject({ ok: false, reason: 'cookie' });
  });

  it('compares secrets in constant time over digests, and equal only when equal', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(cookieValue(['a=1', 'kiosk_link=x'], 'kiosk_link')).toBe('x');
  });

  it('takes KIOSK_LINK_SECRET when given, else 32 random bytes per start; the cookie is HttpOnly and SameSite=Strict', () => {
    expect(makeLinkSecret({ KIOSK_LINK_SECRET: 'given' })).toBe('given');
    const a = makeLinkSecret({});
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(makeLinkSecret({})).not.toBe(a);
    expect(linkCookieHeader('v')).toBe('kiosk_link=v; Path=/; HttpOnly; SameSite=Strict');
  });
});

describe('KioskPairing', () => {
  it('is off until started; the code works once and sets the cookie', () => {
    const p = new KioskPairing('the-secret');
    expect(p.enabled).toBe(false);
    expect(p.attempt('00000000')).toMatchObject({ ok: false, status: 404, reason: 'off' });
    const code = p.start();
    expect(code).toMatch(/^\d{8}$/);
    expect(p.attempt(` ${code.slice(0, 4)} ${code.slice(4)} `)).toEqual({ ok: true, setCookie: linkCookieHeader('the-secret') });
    expect(p.attempt(code)).toMatchObject({ ok: false, reason: 'used' });
    expect(pairingCodeFromForm(`code=${code}&x=1`)).toBe(code);
  });

  it('allows 5 tries a minute and turns itself off after 20 wrong codes', () => {
    let now = 0;
    const p = new KioskPairing('s', () => now);
    const code = p.start();
    const wrong = code === '00000000' ? '00000001' : '00000000';
    for (let i = 0; i < pairingLimits.PER_MINUTE; i++) expect(p.attempt(wrong)).toMatchObject({ reason: 'wrong' });
    expect(p.attempt(code)).toMatchObject({ ok: false, status: 429, reason: 'rate-limited' });
    for (let minute = 1; minute < pairingLimits.WRONG_BEFORE_OFF / pairingLimits.PER_MINUTE; minute++) {
      now = minute * 61_000;
      for (let i = 0; i < pairingLimits.PER_MINUTE; i++) p.attempt(wrong);
    }
    now += 61_000;
    expect(p.attempt(code)).toMatchObject({ ok: false, reason: 'off' });
    expect(p.page({ ok: false, status: 404, reason: 'off' })).toContain('配对未开启');
  });
});
