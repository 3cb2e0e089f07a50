import { describe, expect, it } from 'vitest';
import { StaffAuth, authLimits, hashSecret, verifySecret, type StaffAccounts } from './staff-auth';
import { LoginThrottle, delayAfter } from './login-throttle';
import { BoundedMap } from './bounded-map';

const cheap = { N: 1024, r: 8, p: 1 };

async function setup() {
  const accounts: StaffAccounts = {
    users: [{ name: 'wang.tech', hash: await hashSecret('correct horse', cheap) }],
    pinHash: await hashSecret('246810', cheap),
    sessionTtlS: 600,
  };
  let now = 1_000_000;
  const auth = new StaffAuth({ accounts: () => accounts, sliding: true, now: () => now });
  return { auth, advance: (ms: number) => (now += ms) };
}

describe('staff authentication', () => {
  it('stores secrets as salted scrypt hashes and verifies them', async () => {
    const a = await hashSecret('secret', cheap);
    const b = await hashSecret('secret', cheap);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
    expect(await verifySecret('secret', a)).toBe(true);
    expect(await verifySecret('Secret', a)).toBe(false);
    expect(await verifySecret('secret', 'md5$abc')).toBe(false);
    // A hash asking for more than the bridge will spend (N = 2^20: 1 GiB) is refused, not computed.
    expect(await verifySecret('secret', a.replace('scrypt$1024$', 'scrypt$1048576$'))).toBe(false);
  });

  it('logs in with name and password or with the PIN; sessions expire without use', async () => {
    const { auth, advance } = await setup();
    const lan = await auth.login('10.0.0.5', { user: 'wang.tech', password: 'correct horse' });
    expect(lan).toMatchObject({ ok: true, session: { user: 'wang.tech', via: 'password' } });
    const pin = await auth.login('127.0.0.1', { pin: '246810' });
    expect(pin).toMatchObject({ ok: true, session: { user: 'kiosk-pin', via: 'pin' } });
    if (!lan.ok) throw new Error('unreachable');
    advance(599_000);
    expect(auth.session(lan.session.token)).not.toBeNull(); // use extends it
    advance(599_000);
    expect(auth.session(lan.session.token)).not.toBeNull();
    advance(601_000);
    expect(auth.session(lan.session.token)).toBeNull();
  });

  it('slows an account after repeated failures with a growing, capped delay, never a long lock', async () => {
    const { auth, advance } = await setup();
    const free = authLimits.perAccount.freeFailures;
    // Failures from many addresses (a distributed guesser): the account's own count applies.
    for (let i = 1; i <= free; i++) {
      const r = await auth.login(`10.0.1.${i}`, { user: 'wang.tech', password: 'wrong' });
      expect(r).toMatchObject({ ok: false, reason: 'bad-credentials' });
    }
    const throttled = await auth.login('10.0.2.1', { user: 'wang.tech', password: 'correct horse' });
    expect(throttled).toMatchObject({ ok: false, reason: 'throttled', retryAfterS: 1 });
    advance(1_000);
    // Each further failure doubles the wait ...
    let expected = 2;
    for (let i = 0; i < 12; i++) {
      const r = await auth.login(`10.0.3.${i}`, { user: 'wang.tech', password: 'wrong' });
      expect(r).toMatchObject({ ok: false, reason: 'bad-credentials', retryAfterS: Math.min(expected, authLimits.perAccount.maxDelayMs / 1000) });
      advance(Math.min(expected, 30) * 1000);
      expected *= 2;
    }
    // ... up to the cap (30 s), after which the real user gets in at once with the right password.
    expect(await auth.login('10.0.9.9', { user: 'wang.tech', password: 'correct horse' })).toMatchObject({ ok: true });
  });

  it('a guesser cannot slow down the browser a staff member logged in from before (device cookie)', async () => {
    const { auth } = await setup();
    const first = await auth.login('127.0.0.1', { user: 'wang.tech', password: 'correct horse' });
    if (!first.ok) throw new Error('unreachable');
    // The guesser shares the address (everything on the terminal is 127.0.0.1) and hammers the account.
    for (let i = 0; i < 30; i++) await auth.login('127.0.0.1', { user: 'wang.tech', password: `guess${i}` });
    expect(await auth.login('127.0.0.1', { user: 'wang.tech', password: 'correct horse' })).toMatchObject({ ok: false, reason: 'throttled' });
    expect(await auth.login('127.0.0.1', { user: 'wang.tech', password: 'correct horse' }, first.device)).toMatchObject({ ok: true });
    // A made-up, tampered or other account's device cookie is no device cookie.
    const forged = first.device.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await auth.login('127.0.0.1', { user: 'wang.tech', password: 'correct horse' }, forged)).toMatchObject({ ok: false, reason: 'throttled' });
    expect(await auth.login('127.0.0.1', { pin: '246810' }, first.device)).toMatchObject({ ok: false, reason: 'throttled' });
    // The device's own failures still slow it.
    for (let i = 0; i < authLimits.perAccount.freeFailures; i++) await auth.login('127.0.0.1', { user: 'wang.tech', password: 'typo' }, first.device);
    expect(await auth.login('127.0.0.1', { user: 'wang.tech', password: 'correct horse' }, first.device)).toMatchObject({ ok: false, reason: 'throttled' });
  });

  it('slows one address trying many accounts, and not other addresses', async () => {
    const { auth } = await setup();
    for (let i = 0; i < authLimits.perAddress.freeFailures; i++) await auth.login('10.0.0.7', { user: `u${i}`, password: 'x' });
    expect(await auth.login('10.0.0.7', { user: 'wang.tech', password: 'correct horse' })).toMatchObject({ ok: false, reason: 'throttled' });
    expect(await auth.login('10.0.0.8', { user: 'wang.tech', password: 'correct horse' })).toMatchObject({ ok: true });
  });

  it('answers unknown user names like wrong passwords; made-up names create no entries', async () => {
    const { auth, advance } = await setup();
    expect(await auth.login('10.0.0.1', { user: 'nobody', password: 'x' })).toMatchObject({ ok: false, reason: 'bad-credentials' });
    for (let i = 0; i < 10_000; i++) {
      await auth.login(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, { user: `n${Math.random().toString(36).slice(2)}`, password: 'x' });
      if (i % 100 === 0) advance(1);
    }
    const memory = auth.memory;
    expect(memory.accounts).toBe(1); // every unknown name shares one key
    expect(memory.addresses).toBeLessThanOrEqual(authLimits.MAX_ADDRESSES);
    expect(memory.sessions).toBe(0);
  });

  it('counts attempts sent at once before checking them, so a burst cannot pass the delay', async () => {
    const { auth } = await setup();
    const burst = await Promise.all(Array.from({ length: 20 }, () => auth.login('10.0.0.9', { user: 'wang.tech', password: 'wrong' })));
    expect(burst.filter((r) => !r.ok && r.reason === 'bad-credentials')).toHaveLength(authLimits.perAccount.freeFailures);
    expect(burst.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(20 - authLimits.perAccount.freeFailures);
  });
});

describe('login throttle and bounded maps', () => {
  it('doubles from the base delay up to the cap', () => {
    const rule = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 60_000, forgetMs: 900_000 };
    expect([0, 2, 3, 4, 5, 8, 9, 50].map((n) => delayAfter(rule, n))).toEqual([0, 0, 1000, 2000, 4000, 32_000, 60_000, 60_000]);
  });

  it('forgets a key after its quiet period and never holds more than its cap', () => {
    let now = 0;
    const t = new LoginThrottle({ perAddress: authLimits.perAddress, perAccount: authLimits.perAccount, maxEntries: 100, now: () => now });
    for (let i = 0; i < 10; i++) t.failed('a', 'acct');
    expect(t.waitMs('a', 'acct')).toBeGreaterThan(0);
    now += authLimits.perAccount.forgetMs;
    expect(t.waitMs('a', 'acct')).toBe(0);
    for (let i = 0; i < 10_000; i++) t.failed(`addr${i}`, `acct${i}`);
    expect(t.size).toEqual({ addresses: 100, accounts: 100 });
  });

  it('evicts the least recently used entry', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    m.get('a');
    m.set('c', 3);
    expect([...m.entries()].map(([k]) => k)).toEqual(['a', 'c']);
  });
});
