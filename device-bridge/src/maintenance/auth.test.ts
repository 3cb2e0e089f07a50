import { describe, expect, it } from 'vitest';
import type { MaintenanceConfig } from '../../../core/config/terminal';
import { MaintenanceAuth, authLimits, hashSecret, verifySecret } from './auth';

const cheap = { N: 1024, r: 8, p: 1 };

async function setup() {
  const config: MaintenanceConfig = {
    users: [{ name: 'wang.tech', hash: await hashSecret('correct horse', cheap) }],
    pinHash: await hashSecret('246810', cheap),
    sessionTtlS: 600,
    rollbackWindowS: 10,
  };
  let now = 1_000_000;
  const auth = new MaintenanceAuth(() => config, () => now);
  return { auth, advance: (ms: number) => (now += ms) };
}

describe('maintenance authentication', () => {
  it('stores secrets as salted scrypt hashes and verifies them', async () => {
    const a = await hashSecret('secret', cheap);
    const b = await hashSecret('secret', cheap);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
    expect(await verifySecret('secret', a)).toBe(true);
    expect(await verifySecret('Secret', a)).toBe(false);
    expect(await verifySecret('secret', 'md5$abc')).toBe(false);
  });

  it('logs in with name and password or with the PIN; sessions expire without use', async () => {
    const { auth, advance } = await setup();
    const lan = await auth.login('10.0.0.5', { user: 'wang.tech', password: 'correct horse' });
    expect(lan).toMatchObject({ ok: true, session: { user: 'wang.tech', via: 'lan' } });
    const pin = await auth.login('127.0.0.1', { pin: '246810' });
    expect(pin).toMatchObject({ ok: true, session: { user: 'kiosk-pin', via: 'kiosk' } });
    if (!lan.ok) throw new Error('unreachable');
    advance(599_000);
    expect(auth.session(lan.session.token)).not.toBeNull(); // use extends it
    advance(599_000);
    expect(auth.session(lan.session.token)).not.toBeNull();
    advance(601_000);
    expect(auth.session(lan.session.token)).toBeNull();
  });

  it('locks an account out after repeated failures, even with the right password afterwards', async () => {
    const { auth, advance } = await setup();
    for (let i = 1; i < authLimits.MAX_FAILURES; i++) {
      expect(await auth.login(`10.0.0.${i}`, { user: 'wang.tech', password: 'wrong' })).toMatchObject({ ok: false, reason: 'bad-credentials' });
    }
    expect(await auth.login('10.0.0.9', { user: 'wang.tech', password: 'wrong' })).toMatchObject({ ok: false, reason: 'locked' });
    expect(await auth.login('10.0.0.9', { user: 'wang.tech', password: 'correct horse' })).toMatchObject({ ok: false, reason: 'locked' });
    advance(authLimits.LOCKOUT_MS + 1);
    expect(await auth.login('10.0.0.9', { user: 'wang.tech', password: 'correct horse' })).toMatchObject({ ok: true });
  });

  it('answers unknown user names like wrong passwords', async () => {
    const { auth } = await setup();
    expect(await auth.login('10.0.0.1', { user: 'nobody', password: 'x' })).toMatchObject({ ok: false, reason: 'bad-credentials' });
  });

  it('rate-limits attempts per client address', async () => {
    const { auth, advance } = await setup();
    for (let i = 0; i < authLimits.RATE_LIMIT; i++) await auth.login('10.0.0.7', { user: `u${i}`, password: 'x' });
    expect(await auth.login('10.0.0.7', { user: 'wang.tech', password: 'correct horse' })).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect(await auth.login('10.0.0.8', { user: 'wang.tech', password: 'correct horse' })).toMatchObject({ ok: true });
    advance(authLimits.RATE_WINDOW_MS);
    expect(await auth.login('10.0.0.7', { user: 'wang.tech', password: 'correct horse' })).toMatchObject({ ok: true });
  });
});
