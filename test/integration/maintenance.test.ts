/**
 * The maintenance console's API and /metrics on the bridge in-process, over its real HTTP server:
 * log-in with scrypt-hashed credentials, lock-out, a configuration change that the kiosk picks up,
 * the automatic rollback when the kiosk does not come back, the LAN listener's allow-list, audit.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TerminalConfig } from '../../core/config/terminal';
import { createBridge, type Bridge } from '../../device-bridge/src/bridge';
import { applyEnvOverrides } from '../../device-bridge/src/config';
import { createLogger } from '../../device-bridge/src/log';
import { hashSecret } from '../../device-bridge/src/auth/staff-auth';
import { LogRing } from '../../device-bridge/src/maintenance/log-ring';
import pino from 'pino';
import { root } from '../support/bridge-process';
import { kioskSocket as kioskLinkSocket } from '../support/kiosk-socket';

const logRing = new LogRing();
const logger = createLogger({ destination: pino.multistream([{ stream: new Writable({ write: (_c, _e, cb) => cb() }) }, { stream: logRing }]) });
const cheap = { N: 1024, r: 8, p: 1 };

let bridge: Bridge;
let dir: string;
let file: string;
/** One PIN session for the tests (log-ins are rate-limited per address: 10 a minute). */
let pinCookie = '';

async function start() {
  dir = mkdtempSync(join(tmpdir(), 'maint-'));
  file = join(dir, 'terminal.json');
  const base = TerminalConfig.parse(JSON.parse(readFileSync(resolve(root, 'config/terminal.json'), 'utf8')));
  const document: TerminalConfig = {
    ...base,
    maintenance: {
      users: [{ name: 'li.tech', hash: await hashSecret('s3cret-pass', cheap) }],
      pinHash: await hashSecret('135790', cheap),
      sessionTtlS: 600,
      rollbackWindowS: 2,
      lan: { host: '127.0.0.1', port: 0, allow: ['127.0.0.1'] },
    },
  };
  writeFileSync(file, JSON.stringify(document, null, 2));
  const effective = applyEnvOverrides(document, { KIOSK_PORT: '0' });
  if (!effective.ok) throw new Error(effective.error.message);
  return createBridge({ config: effective.value, logger, configFile: file, stateDir: dir, logRing });
}

async function call(base: string, method: string, path: string, body?: unknown, cookie?: string) {
  const res = await fetch(new URL(path, base), {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}), ...(method !== 'GET' ? { 'x-maintenance': '1' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null, headers: res.headers };
}

function kioskSocket(b: Bridge) {
  const ws = kioskLinkSocket(b.url, b.linkSecret);
  const events: any[] = [];
  let closeCode: number | null = null;
  ws.on('message', (d) => events.push(JSON.parse(String(d))));
  ws.on('close', (code) => (closeCode = code));
  return { ws, events, closed: () => closeCode, open: new Promise((r) => ws.once('open', r)) };
}

beforeAll(async () => {
  bridge = await start();
});
afterAll(async () => {
  await bridge.close();
});

describe('maintenance console API', () => {
  it('needs a session for everything but log-in', async () => {
    expect((await call(bridge.url, 'GET', '/maintenance/api/status')).status).toBe(401);
    expect((await call(bridge.url, 'PUT', '/maintenance/api/config', {})).status).toBe(401);
  });

  it('logs in with the PIN on the terminal, with name and password on the LAN, never the PIN from the LAN', async () => {
    const pin = await call(bridge.url, 'POST', '/maintenance/api/login', { pin: '135790' });
    expect(pin.status).toBe(200);
    pinCookie = pin.cookie!;
    for (const attribute of ['HttpOnly', 'SameSite=Strict', 'Max-Age=600', 'Path=/maintenance']) expect(pin.headers.get('set-cookie')).toContain(attribute);
    const lanUrl = bridge.lan!.url.replace(/maintenance$/, '');
    expect((await call(lanUrl, 'POST', '/maintenance/api/login', { pin: '135790' })).status).toBe(403);
    const lan = await call(lanUrl, 'POST', '/maintenance/api/login', { user: 'li.tech', password: 's3cret-pass' });
    expect(lan.status).toBe(200);
    const status = await call(lanUrl, 'GET', '/maintenance/api/status', undefined, lan.cookie!);
    expect(status.status).toBe(200);
    expect(status.body.health.devices.printer.state).toBe('idle');
    expect(status.body.config).toMatchObject({ state: 'good' });
    // The LAN listener serves only the console's routes.
    expect((await call(lanUrl, 'GET', '/sim/printer/jobs')).status).toBe(404);
    expect((await call(lanUrl, 'GET', '/api/catalog')).status).toBe(404);
    // Without the x-maintenance header a change is refused (a cross-site form cannot set it).
    const res = await fetch(new URL('/maintenance/api/test/camera', lanUrl), { method: 'POST', headers: { cookie: lan.cookie! } });
    expect(res.status).toBe(403);
  });

  it('slows the account after five wrong passwords (never a long lock), and audits it without personal data', async () => {
    for (let i = 0; i < 5; i++) expect((await call(bridge.url, 'POST', '/maintenance/api/login', { user: 'li.tech', password: `wrong${i}` })).status).toBe(401);
    const throttled = await call(bridge.url, 'POST', '/maintenance/api/login', { user: 'li.tech', password: 's3cret-pass' });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('throttled');
    expect(throttled.body.error.retryAfterS).toBeLessThanOrEqual(30);
    expect(Number(throttled.headers.get('retry-after'))).toBe(throttled.body.error.retryAfterS);
    // The delay is a second after five failures: the technician with the right password gets in after it.
    await new Promise((r) => setTimeout(r, throttled.body.error.retryAfterS * 1000 + 100));
    expect((await call(bridge.url, 'POST', '/maintenance/api/login', { user: 'li.tech', password: 's3cret-pass' })).status).toBe(200);
    const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"action":"login","outcome":"refused"');
    expect(audit).toContain('"reason":"throttled"');
    expect(audit).not.toContain('wrong');
  });

  it('applies a configuration change atomically; the kiosk reconnects and gets the new idle timeout', async () => {
    const kiosk = kioskSocket(bridge);
    await kiosk.open;
    const cookie = pinCookie;
    // Off-schema: refused with the field named; nothing changes.
    const bad = await call(bridge.url, 'PUT', '/maintenance/api/config', { session: { idleTimeoutS: 3 } }, cookie!);
    expect(bad.status).toBe(400);
    expect(bad.body.error.path).toBe('session.idleTimeoutS');
    const unknownBundle = await call(bridge.url, 'PUT', '/maintenance/api/config', { services: ['no-such-bundle'] }, cookie!);
    expect(unknownBundle.status).toBe(400);

    // A second kiosk page stands in for the reconnecting one (a real page reconnects by itself).
    const changing = call(bridge.url, 'PUT', '/maintenance/api/config', { session: { idleTimeoutS: 45 } }, cookie!);
    for (let i = 0; i < 50 && kiosk.closed() === null; i++) await new Promise((r) => setTimeout(r, 20));
    expect(kiosk.closed()).toBe(4001);
    const again = kioskSocket(bridge);
    await again.open;
    const result = await changing;
    expect(result.status).toBe(200);
    expect(result.body.changed).toEqual(['session.idleTimeoutS']);
    const hello = again.events.find((e) => e.type === 'hello');
    expect(hello.terminal.idleTimeoutMs).toBe(45_000);
    expect(JSON.parse(readFileSync(file, 'utf8')).session.idleTimeoutS).toBe(45);
    expect(JSON.parse(readFileSync(join(dir, 'terminal.last-good.json'), 'utf8')).session.idleTimeoutS).toBe(45);
    again.ws.close();
  });

  it('rolls back by itself when the kiosk does not come back within the window', async () => {
    const kiosk = kioskSocket(bridge);
    await kiosk.open;
    const cookie = pinCookie;
    const result = await call(bridge.url, 'PUT', '/maintenance/api/config', { session: { idleTimeoutS: 200 } }, cookie!);
    expect(result.status).toBe(409);
    expect(result.body.error.code).toBe('rolled-back');
    expect(JSON.parse(readFileSync(file, 'utf8')).session.idleTimeoutS).toBe(45);
    const status = await call(bridge.url, 'GET', '/maintenance/api/status', undefined, cookie!);
    expect(status.body.config.state).toBe('rolled-back');
    expect(status.body.config.lastRollback.reason).toMatch(/did not reconnect/);
    const audit = await call(bridge.url, 'GET', '/maintenance/api/audit', undefined, cookie!);
    expect(audit.body.entries[0]).toMatchObject({ actor: 'kiosk-pin', action: 'config.change', outcome: 'rolled-back' });
  });

  it('prints a test page and records device history when the paper runs out', async () => {
    const cookie = pinCookie;
    const printed = await call(bridge.url, 'POST', '/maintenance/api/test/print', undefined, cookie!);
    expect(printed.body).toMatchObject({ ok: true });
    const jobs = await call(bridge.url, 'GET', '/sim/printer/jobs');
    expect(jobs.body.jobs.at(-1).text).toContain('打印测试页');
    await call(bridge.url, 'POST', '/sim/printer/state', { paper: 'out' });
    const status = await call(bridge.url, 'GET', '/maintenance/api/status', undefined, cookie!);
    expect(status.body.history[0]).toMatchObject({ device: 'printer', fault: 'no-paper' });
    const failed = await call(bridge.url, 'POST', '/maintenance/api/test/print', undefined, cookie!);
    expect(failed.body.ok).toBe(false);
    await call(bridge.url, 'POST', '/sim/printer/state', { paper: 'ok' });
  });

  it('shows and downloads the log, censored, with recent errors', async () => {
    logger.error({ idNumber: '110101199003071234' }, 'reader trouble while reading 110101199003071234');
    const status = await call(bridge.url, 'GET', '/maintenance/api/status', undefined, pinCookie);
    expect(status.body.recentErrors[0].msg).toBe('reader trouble while reading 110101********1234');
    const logs = await call(bridge.url, 'GET', '/maintenance/api/logs', undefined, pinCookie);
    expect(logs.body.captured).toBe(true);
    const download = await call(bridge.url, 'GET', '/maintenance/api/logs/download', undefined, pinCookie);
    expect(download.headers.get('content-disposition')).toMatch(/attachment; filename="HP-24H-001-bridge-log.ndjson"/);
    expect(download.body).toContain('110101********1234');
    expect(download.body).not.toContain('110101199003071234');
    expect(download.body).toContain('configuration applied');
  });

  it('exposes Prometheus metrics without personal data', async () => {
    const res = await call(bridge.url, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/kiosk_device_faults_total\{device="printer",fault="no-paper"\} 1/);
    expect(res.body).toMatch(/kiosk_print_jobs_total\{kind="test",result="printed"\} 1/);
    expect(res.body).toMatch(/kiosk_print_jobs_total\{kind="test",result="failed"\} 1/);
    expect(res.body).toMatch(/kiosk_outbox_backlog \d+/);
    expect(res.body).toMatch(/kiosk_config_applies_total\{source="console",result="rolled-back"\} 1/);
    expect(res.body).toContain('kiosk_sessions_total');
    expect(res.body).toContain('kiosk_ratings_total');
  });

  it('refuses LAN clients that are not on the allow-list', async () => {
    // Same machine, but the allow-list names only another network.
    const dir2 = mkdtempSync(join(tmpdir(), 'maint-'));
    const file2 = join(dir2, 'terminal.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.maintenance.lan.allow = ['10.20.0.0/16'];
    writeFileSync(file2, JSON.stringify(doc));
    const eff = applyEnvOverrides(TerminalConfig.parse(doc), { KIOSK_PORT: '0' });
    if (!eff.ok) throw new Error('bad');
    const b = await createBridge({ config: eff.value, logger, configFile: file2, stateDir: dir2 });
    try {
      const res = await call(b.lan!.url.replace(/maintenance$/, ''), 'GET', '/maintenance');
      expect(res.status).toBe(403);
    } finally {
      await b.close();
    }
  });
});

describe('LAN listener Host check', () => {
  it('answers an IP address, refuses a DNS name (rebinding)', async () => {
    const lanUrl = new URL(bridge.lan!.url);
    const { request } = await import('node:http');
    const status = (host: string) =>
      new Promise<number>((r) => request({ host: '127.0.0.1', port: lanUrl.port, path: '/maintenance/api/status', headers: { host } }, (res) => (res.resume(), r(res.statusCode ?? 0))).end());
    expect(await status(`127.0.0.1:${lanUrl.port}`)).toBe(401);
    expect(await status(`evil.example:${lanUrl.port}`)).toBe(421);
  });
});
