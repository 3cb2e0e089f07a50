/**
 * The log-in throttling figures quoted in README ("HTTP layer"): `npx tsx test/tools/login-figures.ts`.
 *  1. Attempts a guesser gets (passwords actually checked), retrying the moment Retry-After allows,
 *     in the first minute and in an hour: from one address, and from a new address every time
 *     (against one account); with the real `StaffAuth` on a simulated clock.
 *  2. The real bridge process: three rounds of 10,000 failed /hall log-ins with random user names (with a valid
 *     form token, so they reach the check), RSS before and after, and the answers.
 */
import { hashSecret, StaffAuth } from '../../device-bridge/src/auth/staff-auth';
import { rssKiB } from '../fuzz/http-routes';
import { startBridge } from '../support/bridge-process';
import { seededRandom } from '../support/seeded-random';

const cheap = { N: 1024, r: 8, p: 1 };

async function guesser(kind: 'one address' | 'new address each time', target: 'one account' | 'random names'): Promise<{ firstMinute: number; hour: number; longestWaitS: number }> {
  let now = 0;
  const auth = new StaffAuth({ accounts: () => ({ users: [{ name: 'clerk', hash }], sessionTtlS: 3600 }), now: () => now });
  let checked = 0;
  let firstMinute = 0;
  let longestWaitS = 0;
  let i = 0;
  while (now < 3_600_000) {
    const address = kind === 'one address' ? '10.0.0.1' : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const user = target === 'one account' ? 'clerk' : `n${i}`;
    i++;
    const r = await auth.login(address, { user, password: `guess${i}` });
    if (!r.ok && r.reason === 'throttled') {
      longestWaitS = Math.max(longestWaitS, r.retryAfterS ?? 0);
      now += (r.retryAfterS ?? 1) * 1000;
      continue;
    }
    checked++;
    if (now < 60_000) firstMinute++;
    now += 50; // one scrypt check on the reference terminal
  }
  return { firstMinute, hour: checked, longestWaitS };
}

const hash = await hashSecret('the real password', cheap);
console.log('Attempts checked (a guesser retrying as soon as allowed):');
for (const [kind, target] of [
  ['one address', 'one account'],
  ['one address', 'random names'],
  ['new address each time', 'one account'],
] as const) {
  const g = await guesser(kind, target);
  console.log(`  ${kind.padEnd(22)} ${target.padEnd(13)} first minute ${String(g.firstMinute).padStart(3)}, hour ${String(g.hour).padStart(4)}, longest wait ${g.longestWaitS} s`);
}

// What the real clerk meets after ten minutes of a guesser on the shared address (the terminal's 127.0.0.1).
{
  let now = 0;
  const auth = new StaffAuth({ accounts: () => ({ users: [{ name: 'clerk', hash }], sessionTtlS: 3600 }), now: () => now });
  const earlier = await auth.login('127.0.0.1', { user: 'clerk', password: 'the real password' });
  if (!earlier.ok) throw new Error('unreachable');
  let lastGuess = 0;
  for (let i = 0; now < 600_000; i++) {
    const r = await auth.login('127.0.0.1', { user: 'clerk', password: `guess${i}` });
    if (!r.ok && r.reason === 'throttled') now += (r.retryAfterS ?? 1) * 1000;
    else lastGuess = now;
  }
  now = lastGuess + 10_000; // the clerk comes 10 s after the guesser's latest checked attempt
  const without = await auth.login('127.0.0.1', { user: 'clerk', password: 'the real password' });
  const other = await auth.login('10.9.9.9', { user: 'clerk', password: 'the real password' });
  const withCookie = await auth.login('127.0.0.1', { user: 'clerk', password: 'the real password' }, earlier.device);
  const show = (r: Awaited<ReturnType<typeof auth.login>>) => (r.ok ? 'in at once' : `waits ${r.retryAfterS} s`);
  console.log(`After 10 min of guessing from the shared address, the clerk: without the device cookie ${show(without)}, from another address ${show(other)}, at their usual browser (device cookie) ${show(withCookie)}`);
}

const bridge = await startBridge({ KIOSK_LOG_LEVEL: 'warn', KIOSK_HALL_USER: `clerk:${await hashSecret('correct horse battery')}` });
try {
  const page = await fetch(new URL('/hall', bridge.url));
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  const token = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const pid = bridge.process.pid!;
  const random = seededRandom(14);
  const name = () => Array.from({ length: 8 + Math.floor(random() * 56) }, () => 'abcdefghijklmnopqrstuvwxyz0123456789._-'[Math.floor(random() * 39)]).join('');
  const before = rssKiB(pid);
  for (let round = 1; round <= 3; round++) {
  const statuses: Record<number, number> = {};
  const t0 = performance.now();
  for (let i = 0; i < 10_000; i++) {
    const res = await fetch(new URL('/hall/login', bridge.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ name: name(), password: 'x', csrf: token }).toString(),
      redirect: 'manual',
    });
    await res.arrayBuffer();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
  const after = rssKiB(pid);
  console.log(`round ${round}: 10,000 failed /hall log-ins with random names in ${((performance.now() - t0) / 1000).toFixed(1)} s: answers ${JSON.stringify(statuses)}`);
  console.log(`  bridge RSS ${(before / 1024).toFixed(1)} MiB before the first round, ${(after / 1024).toFixed(1)} MiB now (${((after - before) / 1024).toFixed(1)} MiB)`);
  }
} finally {
  await bridge.stop();
}
