/**
 * The outbox and the platform through the bridge (in-process, real HTTP and WebSocket, real SQLite):
 * - e-ID QR login → submit → 进度查询 by the receipt's QR → self-print of a 秒批 result → rating
 *   delivered like a submission;
 * - a corrupt outbox or a full disk: the kiosk is told submission is unavailable, /healthz names the
 *   fault, guides and queries still work; when space returns, submission comes back;
 * - /hall: password, lock-out, moving an item.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBridge, type Bridge } from '../../device-bridge/src/bridge';
import { loadTerminalConfig } from '../../device-bridge/src/config';
import { hashSecret } from '../../device-bridge/src/auth/staff-auth';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';
import { createLogger } from '../../device-bridge/src/log';
import { api, root } from '../support/bridge-process';
import { PlatformServer } from '../support/platform-server';
import { kioskSocket } from '../support/kiosk-socket';

let logged = '';
const logger = createLogger({ destination: new Writable({ write: (chunk, _e, cb) => ((logged += chunk), cb()) }) });
const mother = identityPresets.resident;
const newbornItems = ['440000-WJ-0101', '440000-WJ-0102', '440000-GA-0201', '440000-YB-0301', '440000-RS-0401'];
const citizenValues = { 'child.name': '张小满', 'applicant.relation': 'mother', 'household.registerWith': 'mother' };
const fakeJpeg = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]).toString('base64')}`;
const bridges: Bridge[] = [];
afterAll(async () => {
  for (const b of bridges) await b.close();
});

async function start(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'kiosk-data-'))): Promise<Bridge> {
  const loaded = await loadTerminalConfig(resolve(root, 'config/terminal.json'), { KIOSK_PORT: '0', ...env });
  if (!loaded.ok) throw new Error(loaded.error.message);
  const b = await createBridge({ config: loaded.value, logger, dataDir });
  bridges.push(b);
  return b;
}

type Msg = { type: string; [k: string]: any };
class Kiosk {
  readonly events: Msg[] = [];
  private id = 1;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.events.push(JSON.parse(String(d))));
  }
  static async open(b: Bridge) {
    const ws = kioskSocket(b.url, b.linkSecret);
    const k = new Kiosk(ws);
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    await k.waitFor((e) => e.type === 'hello');
    return k;
  }
  async waitFor(pred: (e: Msg) => boolean, timeout = 8000): Promise<Msg> {
    const t0 = Date.now();
    for (;;) {
      const f = this.events.find(pred);
      if (f) return f;
      if (Date.now() - t0 > timeout) throw new Error(`timed out; events ${JSON.stringify(this.events.map((e) => e.type))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  async request(body: Record<string, unknown>): Promise<{ ok: boolean; result?: any; error?: { code: string; message: string } }> {
    const id = this.id++;
    this.ws.send(JSON.stringify({ ...body, id }));
    return (await this.waitFor((e) => e.type === 'reply' && e.id === id)) as any;
  }
  lastStatus() {
    return [...this.events].reverse().find((e) => e.type === 'submission.status')?.status;
  }
}

describe('outbox and platform through the bridge', () => {
  it('e-ID QR login, submit, progress by the receipt QR, self-print a 秒批 result, rate', async () => {
    const b = await start();
    const k = await Kiosk.open(b);
    expect(k.lastStatus()).toEqual({ available: true, reason: null });
    await k.request({ type: 'session.start' });
    const codes = await api<{ codes: { preset: string; code: string }[] }>(b.url, 'GET', '/sim/eid-codes');
    const code = codes.body.codes.find((c) => c.preset === 'resident')!.code;
    await api(b.url, 'POST', '/sim/qr', { data: code });
    const inserted = await k.waitFor((e) => e.type === 'card.inserted');
    expect(inserted.identity.idNumber).toBe(mother.idNumber);
    // The e-ID code is a credential: it is not forwarded to the page as a scan.
    expect(k.events.some((e) => e.type === 'qr.scanned')).toBe(false);
    // Without the live photo step, no submission.
    const early = await k.request({ type: 'submit', idempotencyKey: crypto.randomUUID(), bundle: 'newborn', items: newbornItems, values: citizenValues, delivery: { method: 'pickup' } });
    expect(early.error?.code).toBe('not-verified');
    expect((await k.request({ type: 'face.verify', frame: fakeJpeg })).ok).toBe(true);
    const signature = [[[0.1, 0.5, 0], [0.3, 0.4, 40], [0.6, 0.6, 90]]];
    // A commitment for a material this application does not let her replace is refused, naming it.
    const wrongCommitment = await k.request({ type: 'submit', idempotencyKey: crypto.randomUUID(), bundle: 'newborn', items: newbornItems, values: citizenValues, delivery: { method: 'pickup' }, commitment: { materials: ['company-articles'], signature } });
    expect(wrongCommitment.error).toMatchObject({ code: 'invalid-commitment', path: 'commitment.materials[0]' });
    const key = crypto.randomUUID();
    const submitted = await k.request({ type: 'submit', idempotencyKey: key, bundle: 'newborn', items: newbornItems, values: citizenValues, delivery: { method: 'pickup' }, commitment: null });
    expect(submitted.ok).toBe(true);
    const n = submitted.result.acceptanceNumber as string;
    expect(n).toMatch(/^SL\d{8}H001000001$/); // terminal HP-24H-001, outbox entry 1
    // Committed before the reply: it is in the outbox (sealed), with the signature strokes.
    const entry = b.outbox.get(key)!;
    expect(entry.payload.kind === 'submission' && entry.payload.submission.commitment).toBeNull();
    await b.worker.drained();
    // The e-ID code is one-time: scanning it again does nothing.
    await k.request({ type: 'session.end', reason: 'done' });
    await k.request({ type: 'session.start' });
    await api(b.url, 'POST', '/sim/qr', { data: code });
    await k.waitFor((e) => e.type === 'card.error');
    await api(b.url, 'POST', '/sim/qr', { data: codes.body.codes.find((c) => c.preset === 'resident')!.code.replace(/.$/, 'x') });

    // 进度查询 by scanning the receipt's QR code (the tracking URL).
    const progress = await k.request({ type: 'progress.query', by: { kind: 'acceptanceNumber', acceptanceNumber: `${submitted.result.trackUrl}` } });
    expect(progress.ok).toBe(true);
    const app = progress.result.applications[0];
    expect(app.acceptanceNumber).toBe(n);
    expect(app.items.find((i: any) => i.code === '440000-WJ-0102')).toMatchObject({ stage: '已办结', printable: true });
    expect(app.items.find((i: any) => i.code === '440000-GA-0201')).toMatchObject({ stage: '已提交', printable: false });
    // Printing a result needs the applicant identified in this session.
    const anon = await k.request({ type: 'result.print', acceptanceNumber: n, itemCode: '440000-WJ-0102' });
    expect(anon.error?.code).toBe('not-identified');
    await api(b.url, 'POST', '/sim/id-card', { preset: 'resident' });
    await k.waitFor((e) => e.type === 'card.inserted' && e.identity.idNumber === mother.idNumber && k.events.indexOf(e) > k.events.findIndex((x) => x.type === 'card.error'));
    const mine = await k.request({ type: 'progress.query', by: { kind: 'applicant' } });
    expect(mine.result.applications.map((a: any) => a.acceptanceNumber)).toContain(n);
    const printed = await k.request({ type: 'result.print', acceptanceNumber: n, itemCode: '440000-WJ-0102' });
    expect(printed.result).toEqual({ printed: true });
    const jobs = b.devices.sim.printer!.jobs();
    const job = jobs.at(-1)!;
    const results = await b.localPlatform!.results(n, mother.idNumber);
    const vcode = results.ok ? results.value[0]!.verificationCode : 'none';
    expect(job.text).toContain(vcode);
    expect(job.text).toContain('预防接种电子档案申领');
    expect(job.text).not.toContain(mother.idNumber);
    expect(job.qrCodes[0]).toContain(encodeURIComponent(vcode));

    // 好差评 from 进度查询: stored in the outbox, delivered, linked to the number.
    const rated = await k.request({ type: 'rating.submit', acceptanceNumber: n, level: 5, reasons: [], comment: '', idempotencyKey: crypto.randomUUID() });
    expect(rated.ok).toBe(true);
    await b.worker.drained();
    expect(b.localPlatform!.ratingsReceived()).toEqual([{ acceptanceNumber: n, level: 5 }]);
    // 一次性告知 and help call.
    expect((await k.request({ type: 'notice.print', bundle: 'newborn', items: newbornItems })).result).toEqual({ printed: true });
    expect(b.devices.sim.printer!.jobs().at(-1)!.text).toContain('一次性告知书');
    expect((await k.request({ type: 'help.call', context: 'progress' })).ok).toBe(true);
    expect(b.localPlatform!.helpCalls()[0]).toMatchObject({ context: 'progress', handled: false });
    expect(logged).not.toContain(mother.idNumber);
    expect(logged).not.toContain(code);
  });

  it('platform unreachable: submissions are still taken, shown as 已提交 from the outbox, and delivered in order when it returns', async () => {
    const platform = new PlatformServer();
    const url = await platform.start();
    try {
      const b = await start({ KIOSK_PLATFORM_URL: url, KIOSK_PLATFORM_TIMEOUT_MS: '300', KIOSK_OUTBOX_RETRY_BASE_MS: '50', KIOSK_OUTBOX_RETRY_MAX_MS: '200' });
      const k = await Kiosk.open(b);
      await k.request({ type: 'session.start' });
      await api(b.url, 'POST', '/sim/id-card', { preset: 'resident' });
      await k.waitFor((e) => e.type === 'card.inserted');
      await k.request({ type: 'face.verify', frame: fakeJpeg });
      platform.faults.down = true;
      const numbers: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await k.request({ type: 'submit', idempotencyKey: crypto.randomUUID(), bundle: 'newborn', items: newbornItems, values: citizenValues, delivery: { method: 'pickup' } });
        expect(r.ok).toBe(true);
        numbers.push(r.result.acceptanceNumber);
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(platform.applications.size).toBe(0);
      expect((await api<any>(b.url, 'GET', '/healthz')).body.outbox).toMatchObject({ backlog: 3, available: true });
      const progress = await k.request({ type: 'progress.query', by: { kind: 'applicant' } });
      expect(progress.result.platformReachable).toBe(false);
      expect(progress.result.applications.map((a: any) => a.acceptanceNumber).sort()).toEqual([...numbers].sort());
      expect(progress.result.applications[0].items.every((i: any) => i.stage === '已提交')).toBe(true);
      platform.faults.down = false;
      await b.worker.drained(10_000);
      expect([...platform.applications.values()].sort((x, y) => x.order - y.order).map((a) => a.acceptanceNumber)).toEqual(numbers);
      expect(platform.duplicates).toBe(0);
      const after = await k.request({ type: 'progress.query', by: { kind: 'acceptanceNumber', acceptanceNumber: numbers[0]! } });
      expect(after.result).toMatchObject({ platformReachable: true, applications: [{ acceptanceNumber: numbers[0] }] });
    } finally {
      await platform.close();
    }
  });

  it('a signed 告知承诺 (vector strokes) is stored, sealed, with the submission and reaches the back office', async () => {
    const b = await start();
    const k = await Kiosk.open(b);
    await k.request({ type: 'session.start' });
    await api(b.url, 'POST', '/sim/id-card', { preset: 'resident' });
    await k.waitFor((e) => e.type === 'card.inserted');
    await k.request({ type: 'face.verify', frame: fakeJpeg });
    const signature = [[[0.1, 0.5, 0], [0.3, 0.4, 40], [0.6, 0.6, 90]], [[0.2, 0.7, 300], [0.8, 0.7, 420]]];
    const key = crypto.randomUUID();
    const values = { 'enterprise.name': '天津市和平区满园餐饮有限公司', 'enterprise.type': 'llc', 'enterprise.address': '天津市和平区南京路200号', 'enterprise.registeredCapital': '50', 'enterprise.businessScope': '餐饮服务', 'enterprise.legalRepresentative': '王芳' };
    const r = await k.request({ type: 'submit', idempotencyKey: key, bundle: 'enterprise-start', items: ['440000-SC-0701'], values, delivery: { method: 'pickup' }, commitment: { materials: ['premises-proof'], signature } });
    expect(r.error).toBeUndefined();
    const entry = b.outbox.get(key)!;
    expect(entry.payload.kind === 'submission' && entry.payload.submission.commitment).toMatchObject({ materials: ['premises-proof'], signature });
    await b.worker.drained();
    expect(b.localPlatform!.hallApplications()[0]!.commitment).toEqual({ materials: ['premises-proof'], strokes: 2 });
  });

  it('a corrupt outbox: the kiosk stops offering submission, /healthz names it, guides and queries still work', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-data-'));
    writeFileSync(join(dataDir, 'outbox.sqlite'), Buffer.alloc(16384, 0x42));
    const b = await start({}, dataDir);
    const k = await Kiosk.open(b);
    expect(k.lastStatus()).toEqual({ available: false, reason: 'corrupt' });
    const health = (await api<any>(b.url, 'GET', '/healthz')).body;
    expect(health.status).toBe('degraded');
    expect(health.faults).toContain('outbox:corrupt');
    expect(health.outbox).toMatchObject({ available: false, fault: 'corrupt' });
    expect((await api(b.url, 'GET', '/api/catalog')).status).toBe(200);
    await k.request({ type: 'session.start' });
    await api(b.url, 'POST', '/sim/id-card', { preset: 'resident' });
    await k.waitFor((e) => e.type === 'card.inserted');
    await k.request({ type: 'face.verify', frame: fakeJpeg });
    const r = await k.request({ type: 'submit', idempotencyKey: crypto.randomUUID(), bundle: 'newborn', items: newbornItems, values: citizenValues, delivery: { method: 'pickup' } });
    expect(r.error?.code).toBe('outbox-unavailable');
    expect((await k.request({ type: 'progress.query', by: { kind: 'applicant' } })).ok).toBe(true);
  });

  it('a full disk: submission is refused and offered again once space returns', async (ctx) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-data-'));
    let mounted = false;
    if (process.getuid?.() === 0) {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dataDir], { stdio: 'ignore' });
        mounted = true;
      } catch {
        mounted = false;
      }
    }
    if (!mounted) return ctx.skip('needs root and mount(8) for a real small tmpfs (the outbox unit tests cover the free-space seam)');
    try {
      // minFreeMb 1: the outbox refuses below 1 MiB free on a 2 MiB tmpfs.
      const b = await start({ KIOSK_OUTBOX_MIN_FREE_MB: '1' }, dataDir);
      const k = await Kiosk.open(b);
      expect(k.lastStatus()).toEqual({ available: true, reason: null });
      await k.request({ type: 'session.start' });
      await api(b.url, 'POST', '/sim/id-card', { preset: 'resident' });
      await k.waitFor((e) => e.type === 'card.inserted');
      await k.request({ type: 'face.verify', frame: fakeJpeg });
      try {
        writeFileSync(join(dataDir, 'filler'), Buffer.alloc(2 * 1024 * 1024));
      } catch {
        // ENOSPC: full
      }
      const r = await k.request({ type: 'submit', idempotencyKey: crypto.randomUUID(), bundle: 'newborn', items: newbornItems, values: citizenValues, delivery: { method: 'pickup' } });
      expect(r.error?.code).toBe('outbox-unavailable');
      const down = await k.waitFor((e) => e.type === 'submission.status' && e.status.available === false);
      expect(k.lastStatus()).toEqual({ available: false, reason: 'disk-full' });
      const downAt = k.events.indexOf(down);
      expect((await api<any>(b.url, 'GET', '/healthz')).body.faults).toContain('outbox:disk-full');
      rmSync(join(dataDir, 'filler'));
      await k.waitFor((e) => e.type === 'submission.status' && e.status.available === true && k.events.indexOf(e) > downAt, 12_000);
      const again = await k.request({ type: 'submit', idempotencyKey: crypto.randomUUID(), bundle: 'newborn', items: newbornItems, values: citizenValues, delivery: { method: 'pickup' } });
      expect(again.ok).toBe(true);
      await b.close();
      bridges.splice(bridges.indexOf(b), 1);
    } finally {
      execFileSync('umount', ['-l', dataDir]);
    }
  });

  it('/hall: staff log in with a scrypt password and the form token, are slowed after repeated failures, move items', async () => {
    const b = await start({ KIOSK_HALL_USER: `clerk:${await hashSecret('correct horse battery')}` });
    // The log-in form carries a CSRF token; its secret is an HttpOnly cookie (Path=/hall).
    const page = await fetch(new URL('/hall', b.url));
    const pageText = await page.text();
    expect(pageText).toContain('工作人员登录');
    const csrfCookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const loginToken = /name="csrf" value="([^"]+)"/.exec(pageText)![1]!;
    const form = (o: Record<string, string>, cookie = csrfCookie) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams(o).toString(), redirect: 'manual' as const });
    const wrong = await fetch(new URL('/hall/login', b.url), form({ name: 'clerk', password: 'nope', csrf: loginToken }));
    expect(wrong.status).toBe(401);
    const good = await fetch(new URL('/hall/login', b.url), form({ name: 'clerk', password: 'correct horse battery', csrf: loginToken }));
    expect(good.status).toBe(303);
    const sessionCookie = good.headers.get('set-cookie')!.split(';')[0]!;
    for (const attribute of ['HttpOnly', 'SameSite=Strict', 'Path=/hall']) expect(good.headers.get('set-cookie')).toContain(attribute);
    const cookie = `${sessionCookie}; ${csrfCookie}`;
    // Put an application in.
    const k = await Kiosk.open(b);
    await k.request({ type: 'session.start' });
    await api(b.url, 'POST', '/sim/id-card', { preset: 'resident' });
    await k.waitFor((e) => e.type === 'card.inserted');
    await k.request({ type: 'face.verify', frame: fakeJpeg });
    const s = await k.request({ type: 'submit', idempotencyKey: crypto.randomUUID(), bundle: 'newborn', items: newbornItems, values: citizenValues, delivery: { method: 'pickup' } });
    await b.worker.drained();
    const dash = await (await fetch(new URL('/hall', b.url), { headers: { cookie } })).text();
    expect(dash).toContain(s.result.acceptanceNumber);
    expect(dash).toContain('王* 120101********0026');
    expect(dash).not.toContain(mother.idNumber);
    const csrf = /name="csrf" value="([^"]+)"/.exec(dash)![1]!;
    const noToken = await fetch(new URL('/hall/move', b.url), form({ acceptanceNumber: s.result.acceptanceNumber, itemCode: '440000-GA-0201', stage: '需补正', reason: 'x' }, cookie));
    expect(noToken.status).toBe(403);
    const moved = await fetch(new URL('/hall/move', b.url), form({ csrf, acceptanceNumber: s.result.acceptanceNumber, itemCode: '440000-GA-0201', stage: '需补正', reason: '请补充出生医学证明' }, cookie));
    expect(moved.status).toBe(303);
    const progress = await k.request({ type: 'progress.query', by: { kind: 'acceptanceNumber', acceptanceNumber: s.result.acceptanceNumber } });
    expect(progress.result.applications[0].items.find((i: any) => i.code === '440000-GA-0201')).toMatchObject({ stage: '需补正', reason: '请补充出生医学证明' });
    // After 5 failures the next answer waits (a second, doubling, at most 30 s): no long lock-out.
    for (let i = 0; i < 5; i++) await fetch(new URL('/hall/login', b.url), form({ name: 'clerk', password: `bad${i}`, csrf: loginToken }));
    const slowed = await fetch(new URL('/hall/login', b.url), form({ name: 'clerk', password: 'correct horse battery', csrf: loginToken }));
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(await slowed.text()).toMatch(/请 \d+ 秒后再试/);
  });
});
