/**
 * Issue 14 (hardening) on the real bridge process: what a page on another local origin, or a
 * guesser, could do to the terminal before, and cannot now.
 *  - /sim/* and both staff log-ins take only JSON / form bodies: a text/plain "simple request"
 *    (which any web page may send cross-origin without asking) is a 415 and changes nothing;
 *  - the /hall log-in form carries a CSRF token: a cross-site form post is a 403 and does not count
 *    as a failure, so it cannot lock the clerk out; repeated wrong passwords slow the account by
 *    seconds (Retry-After), never lock it for 15 minutes;
 *  - huge made-up user names are refused by the body limit and do not grow the bridge's memory;
 *  - GET /maintenance/api/config shows no password or PIN hash (the hall's included);
 *  - /api/speech answers 503 with Retry-After when its queue is full, and the bridge stays up;
 *  - every answer carries the security headers; the SQLite files are 0600;
 *  - the kiosk link refuses a foreign Origin or Host before the upgrade.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hashSecret } from '../../device-bridge/src/auth/staff-auth';
import { showBridgeLogOnFailure } from '../support/bridge-log';
import { startBridge, type RunningBridge } from '../support/bridge-process';
import { editedTerminalConfig } from '../support/kiosk-under-test';

const cheap = { N: 1024, r: 8, p: 1 };
let bridge: RunningBridge;
let dataDir: string;

const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
const post = (path: string, body: string, headers: Record<string, string>) => fetch(new URL(path, bridge.url), { method: 'POST', headers, body, redirect: 'manual' });

/** The /hall log-in page: its CSRF cookie and the token of its form. */
async function hallLoginForm(): Promise<{ cookie: string; token: string }> {
  const page = await fetch(new URL('/hall', bridge.url));
  const html = await page.text();
  return { cookie: page.headers.get('set-cookie')?.split(';')[0] ?? '', token: /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

describe('HTTP hardening (issue 14)', () => {
  showBridgeLogOnFailure(() => bridge);
  beforeAll(async () => {
    const maintenance = { users: [{ name: 'li.tech', hash: await hashSecret('s3cret-pass', cheap) }], pinHash: await hashSecret('135790', cheap), sessionTtlS: 600, rollbackWindowS: 5 };
    const hallUser = { name: 'clerk', hash: await hashSecret('correct horse battery', cheap) };
    const env = await editedTerminalConfig((doc) => {
      doc.maintenance = maintenance;
      (doc.hall as { users: unknown[] }).users = [hallUser];
    })();
    dataDir = env.KIOSK_STATE_DIR!;
    bridge = await startBridge({ ...env, KIOSK_DATA_DIR: dataDir });
  });
  afterAll(() => bridge?.stop());

  it('refuses text/plain bodies on /sim/* with 415 and changes nothing', async () => {
    const before = await (await fetch(new URL('/sim/printer/state', bridge.url))).json();
    expect(before.state.paper).toBe('ok');
    for (const [path, body] of [
      ['/sim/printer/state', '{"paper":"out"}'],
      ['/sim/id-card', '{"preset":"resident"}'],
      ['/sim/qr', '{"data":"EID1:abcdefgh"}'],
    ] as const) {
      const res = await post(path, body, { 'content-type': 'text/plain;charset=UTF-8' });
      expect(res.status, path).toBe(415);
    }
    // Nor as an HTML form (a cross-site <form> posts these): only /hall takes forms.
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect((await post('/sim/printer/state', 'paper=out', { 'content-type': type })).status, type).toBe(415);
      expect((await post('/maintenance/api/login', 'pin=135790', { 'content-type': type, 'x-maintenance': '1' })).status, type).toBe(415);
    }
    expect((await (await fetch(new URL('/sim/printer/state', bridge.url))).json()).state.paper).toBe('ok');
    const health = await (await fetch(new URL('/healthz', bridge.url))).json();
    expect(health.devices.idcard.state).toBe('ready');
  });

  it('refuses text/plain log-ins on both staff pages with 415', async () => {
    expect((await post('/maintenance/api/login', '{"pin":"135790"}', { 'content-type': 'text/plain', 'x-maintenance': '1' })).status).toBe(415);
    expect((await post('/hall/login', 'name=clerk&password=correct+horse+battery', { 'content-type': 'text/plain' })).status).toBe(415);
    // A JSON log-in without the header a cross-origin page cannot send is refused too.
    expect((await post('/maintenance/api/login', '{"pin":"135790"}', { 'content-type': 'application/json' })).status).toBe(403);
  });

  it('refuses a cross-site /hall log-in (no form token) without counting it: the clerk still gets in', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await post('/hall/login', new URLSearchParams({ name: 'clerk', password: `guess${i}` }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
      expect(res.status).toBe(403);
    }
    const { cookie, token } = await hallLoginForm();
    const good = await post('/hall/login', new URLSearchParams({ name: 'clerk', password: 'correct horse battery', csrf: token }).toString(), { 'content-type': 'application/x-www-form-urlencoded', cookie });
    expect(good.status).toBe(303);
  });

  it('slows repeated wrong /hall passwords by seconds, never a 15-minute lock, and lets the clerk in after the wait', async () => {
    const { cookie, token } = await hallLoginForm();
    const attempt = (password: string) =>
      post('/hall/login', new URLSearchParams({ name: 'clerk', password, csrf: token }).toString(), { 'content-type': 'application/x-www-form-urlencoded', cookie });
    let waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await attempt(`wrong${i}`);
      expect([401, 429]).toContain(res.status);
      const text = await res.text();
      expect(text).not.toContain('锁定');
      if (res.status === 429) waits.push(Number(res.headers.get('retry-after')));
    }
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThanOrEqual(30);
    // After the (short) wait the right password works.
    const slowed = await attempt('correct horse battery');
    const wait = slowed.status === 429 ? Number(slowed.headers.get('retry-after')) : 0;
    await new Promise((r) => setTimeout(r, wait * 1000 + 200));
    expect((await attempt('correct horse battery')).status).toBe(303);
    waits = [];
  });

  it('a guesser on the same address cannot slow the clerk at the browser they logged in from', async () => {
    const { cookie, token } = await hallLoginForm();
    const attempt = (password: string, extraCookie = '') =>
      post('/hall/login', new URLSearchParams({ name: 'clerk', password, csrf: token }).toString(), { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie}${extraCookie}` });
    const first = await attempt('correct horse battery');
    expect(first.status).toBe(303);
    const device = /hall_device=[^;]+/.exec(first.headers.get('set-cookie') ?? '')![0];
    for (let i = 0; i < 12; i++) await attempt(`guess${i}`);
    expect((await attempt('correct horse battery')).status).toBe(429); // a browser without the cookie waits
    expect((await attempt('correct horse battery', `; ${device}`)).status).toBe(303); // the clerk's does not
  });

  it('does not grow its memory on huge made-up user names (body limit 413)', async () => {
    const { cookie, token } = await hallLoginForm();
    const pid = bridge.process.pid!;
    const before = rssKiB(pid);
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const name = `${i}-${'x'.repeat(512 * 1024)}`;
      const res = await post('/hall/login', new URLSearchParams({ name, password: 'x', csrf: token }).toString(), { 'content-type': 'application/x-www-form-urlencoded', cookie });
      statuses.add(res.status);
      await res.arrayBuffer();
    }
    // 200 × 512 KiB names kept as map keys (as before) would be +100 MiB.
    expect(rssKiB(pid) - before).toBeLessThan(48 * 1024);
    expect([...statuses]).toEqual([413]);
    expect((await fetch(new URL('/healthz', bridge.url))).status).toBe(200);
  });

  it('never shows a password or PIN hash in GET /maintenance/api/config', async () => {
    const login = await post('/maintenance/api/login', JSON.stringify({ user: 'li.tech', password: 's3cret-pass' }), { 'content-type': 'application/json', 'x-maintenance': '1' });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const res = await fetch(new URL('/maintenance/api/config', bridge.url), { headers: { cookie } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain('scrypt$');
    const doc = JSON.parse(text).document;
    expect(doc.hall.users).toEqual([{ name: 'clerk', hash: '[hidden]' }]);
    expect(doc.maintenance.users[0].hash).toBe('[hidden]');
    expect(doc.maintenance.pinHash).toBe('[hidden]');
  });

  it('answers /api/speech with 503 and Retry-After when its queue is full, and stays up', async () => {
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => fetch(new URL(`/api/speech?${new URLSearchParams({ lang: 'en', text: `queue test label ${i} ${Date.now()}` })}`, bridge.url))),
    );
    const busy = answers.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.headers.get('retry-after')).toBe('1');
    expect(await busy[0]!.json()).toEqual({ error: { message: 'speech is busy: try again in a moment' } });
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    await Promise.all(answers.map((r) => r.arrayBuffer().catch(() => undefined)));
    expect((await fetch(new URL('/healthz', bridge.url))).status).toBe(200);
  });

  it('sends the security headers on JSON, the kiosk page, the hall page and errors', async () => {
    const common = (h: Headers, what: string) => {
      expect(h.get('x-content-type-options'), what).toBe('nosniff');
      expect(h.get('x-frame-options'), what).toBe('DENY');
      expect(h.get('referrer-policy'), what).toBe('no-referrer');
      expect(h.get('content-security-policy'), what).toContain("frame-ancestors 'none'");
    };
    const health = await fetch(new URL('/healthz', bridge.url));
    common(health.headers, '/healthz');
    expect(health.headers.get('cache-control')).toBe('no-store');
    const page = await fetch(new URL('/', bridge.url));
    common(page.headers, '/');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const hall = await fetch(new URL('/hall', bridge.url));
    common(hall.headers, '/hall');
    expect(hall.headers.get('content-security-policy')).toContain("default-src 'none'");
    const missing = await fetch(new URL('/no/such/file', bridge.url));
    expect(missing.status).toBe(404);
    common(missing.headers, '404');
    const refused = await post('/sim/qr', 'x', { 'content-type': 'text/plain' });
    common(refused.headers, '415');
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps the outbox and the local back office (and their -wal/-shm) 0600', async () => {
    const files = readdirSync(dataDir).filter((f) => /\.(db|sqlite)(-wal|-shm)?$/.test(f));
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) expect((statSync(join(dataDir, f)).mode & 0o777).toString(8), f).toBe('600');
  });

  it('refuses a kiosk link from a foreign Origin (403) or Host (421) before the upgrade', async () => {
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`${bridge.url.replace('http', 'ws')}ws`, { headers });
        ws.on('unexpected-response', (_req, res) => (resolve(res.statusCode ?? 0), ws.terminate()));
        ws.on('open', () => (resolve(101), ws.close()));
        ws.on('error', reject);
      });
    const url = new URL(bridge.url);
    expect(await status({ origin: 'http://evil.example' })).toBe(403);
    expect(await status({ host: `evil.example:${url.port}` })).toBe(421);
    // Plain HTTP with a foreign Host: 421 as well.
    const plain = await new Promise<number>((r) => request({ host: '127.0.0.1', port: url.port, path: '/healthz', headers: { host: 'evil.example' } }, (res) => (res.resume(), r(res.statusCode ?? 0))).end());
    expect(plain).toBe(421);
  });
});
