/**
 * The bridge in-process, over its real HTTP server and WebSocket: bad input gets a clear error that
 * names the field and loses nothing; submissions are re-checked against the catalog; the session
 * is wiped when the kiosk goes away.
 */
import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TerminalConfig } from '../../core/config/terminal';
import { createBridge, type Bridge } from '../../device-bridge/src/bridge';
import { loadTerminalConfig } from '../../device-bridge/src/config';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';
import { createLogger } from '../../device-bridge/src/log';
import { api, root } from '../support/bridge-process';
import { kioskSocket } from '../support/kiosk-socket';

const mother = identityPresets.resident;
let logged = '';
const logger = createLogger({ destination: new Writable({ write: (chunk, _e, cb) => ((logged += chunk), cb()) }) });

async function testConfig(): Promise<TerminalConfig> {
  const loaded = await loadTerminalConfig(resolve(root, 'config/terminal.json'), { KIOSK_PORT: '0' });
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

/** A kiosk-side WebSocket client that collects events and correlates replies. */
class TestKiosk {
  readonly events: { type: string; [k: string]: unknown }[] = [];
  private nextId = 1;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.events.push(JSON.parse(String(d))));
  }
  static async open(bridge: Bridge): Promise<TestKiosk> {
    const ws = kioskSocket(bridge.url, bridge.linkSecret);
    const kiosk = new TestKiosk(ws);
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    await kiosk.waitFor((e) => e.type === 'hello');
    return kiosk;
  }
  async waitFor(pred: (e: { type: string; [k: string]: unknown }) => boolean, timeout = 5000) {
    const start = Date.now();
    for (;;) {
      const found = this.events.find(pred);
      if (found) return found;
      if (Date.now() - start > timeout) throw new Error(`timed out; events: ${JSON.stringify(this.events.map((e) => e.type))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  raw(text: string) {
    this.ws.send(text);
  }
  async request(body: Record<string, unknown>) {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ ...body, id }));
    return (await this.waitFor((e) => e.type === 'reply' && e.id === id)) as unknown as { ok: boolean; result?: any; error?: { code: string; message: string; path?: string } };
  }
  close() {
    this.ws.close();
  }
}

const fakeJpeg = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]).toString('base64')}`;
const newbornItems = ['440000-WJ-0101', '440000-WJ-0102', '440000-GA-0201', '440000-YB-0301', '440000-RS-0401'];
const citizenValues = { 'child.name': '张小满', 'applicant.relation': 'mother', 'household.registerWith': 'mother' };

async function identified(bridge: Bridge): Promise<TestKiosk> {
  const kiosk = await TestKiosk.open(bridge);
  expect((await kiosk.request({ type: 'session.start' })).ok).toBe(true);
  await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' });
  await kiosk.waitFor((e) => e.type === 'card.inserted');
  const face = await kiosk.request({ type: 'face.verify', frame: fakeJpeg });
  expect(face.result).toEqual({ match: true, realComparison: false, verifier: 'embedded-accept-any-frame' });
  return kiosk;
}

describe('device bridge', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await createBridge({ config: await testConfig(), logger, dataDir: mkdtempSync(join(tmpdir(), 'kiosk-data-')) });
  });
  afterAll(async () => {
    await bridge.close();
  });

  it('answers an off-schema WebSocket message with an error naming the field, and stays up', async () => {
    const kiosk = await TestKiosk.open(bridge);
    kiosk.raw('not json');
    expect(await kiosk.waitFor((e) => e.type === 'error')).toMatchObject({ error: { code: 'bad-json' } });
    const bad = await kiosk.request({ type: 'submit', bundle: 'newborn' });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatchObject({ code: 'bad-message', path: 'idempotencyKey' });
    const unknown = await kiosk.request({ type: 'format-disk' });
    expect(unknown.error?.code).toBe('bad-message');
    expect(unknown.error?.path).toBe('type');
    const rating = await kiosk.request({ type: 'rating.submit', acceptanceNumber: null, level: 9, reasons: [] });
    expect(rating.error?.path).toBe('level');
    // Still serving.
    expect((await kiosk.request({ type: 'session.start' })).ok).toBe(true);
    kiosk.close();
  });

  it('refuses to submit for a citizen who has not been identified', async () => {
    const kiosk = await TestKiosk.open(bridge);
    await kiosk.request({ type: 'session.start' });
    const r = await kiosk.request({ type: 'submit', idempotencyKey: crypto.randomUUID(), bundle: 'newborn', items: newbornItems, values: citizenValues, delivery: { method: 'pickup' } });
    expect(r.error?.code).toBe('not-identified');
    kiosk.close();
  });

  it('re-checks a submission against the catalog: missing fields, broken dependencies, unknown fields', async () => {
    const kiosk = await identified(bridge);
    const base = { type: 'submit', bundle: 'newborn', delivery: { method: 'pickup' } };
    const missing = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), items: newbornItems, values: { 'applicant.relation': 'mother', 'household.registerWith': 'mother' } });
    expect(missing.error).toMatchObject({ code: 'invalid-field', path: 'values.child.name' });
    const broken = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), items: ['440000-WJ-0101', '440000-YB-0301'], values: citizenValues });
    expect(broken.error?.code).toBe('dependency-missing');
    expect(broken.error?.message).toContain('出生登记');
    const extra = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), items: newbornItems, values: { ...citizenValues, 'evil.field': 'x' } });
    expect(extra.error).toMatchObject({ code: 'unknown-field', path: 'values.evil.field' });
    kiosk.close();
  });

  it('re-runs the scenario answers and material choices of an enterprise bundle, refusing what does not match', async () => {
    const kiosk = await identified(bridge);
    const items = ['440000-SC-1407', '440000-SC-1402'];
    const answers = { entity: 'individual', largeVenue: 'no', sign: 'no' };
    const values = {
      'applicant.phone': '13800138000',
      'enterprise.name': '中山市石岐区小满餐饮店',
      'enterprise.address': '广东省中山市石岐街道孙文中路2号',
      'enterprise.businessScope': '餐饮服务',
      'food.category': 'hot',
      'store.area': '80',
    };
    const base = { type: 'submit', bundle: 'restaurant', items, values, delivery: { method: 'pickup' } };
    const unanswered = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), answers: { entity: 'individual' } });
    expect(unanswered.error).toMatchObject({ code: 'unanswered-question', path: 'answers.largeVenue' });
    const company = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), answers: { ...answers, entity: 'company' } });
    expect(company.error).toMatchObject({ code: 'item-not-applicable' });
    expect(company.error?.message).toContain('个体工商户设立登记');
    // The ID cards are 免提交 (the resident holds the 居民身份证 e-licence), the business licence is produced by 1407.
    const choices = { 'premises-proof': 'commitment', 'food-safety-rules': 'provided', 'premises-layout': 'provided' };
    const noCommitment = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), answers, materials: { ...choices, 'food-safety-rules': 'commitment' } });
    expect(noCommitment.error).toMatchObject({ code: 'invalid-materials', path: 'materials.food-safety-rules' });
    const coveredChoice = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), answers, materials: { ...choices, 'business-licence': 'provided' } });
    expect(coveredChoice.error).toMatchObject({ code: 'invalid-materials', path: 'materials.business-licence' });
    // 告知承诺 chosen: the applicant signs for it (issue 5), or the submission is refused.
    const unsigned = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), answers, materials: choices });
    expect(unsigned.error).toMatchObject({ code: 'signature-required', path: 'commitment' });
    const signature = [[[0.1, 0.5, 0], [0.4, 0.45, 40]]];
    const ok = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), answers, materials: choices, commitment: { materials: ['premises-proof'], signature } });
    expect(ok.error).toBeUndefined();
    expect(ok.result.items.map((i: { code: string }) => i.code)).toEqual(items);
    kiosk.close();
  });

  it('takes card data from the card, never from the message, and accepts a key only once', async () => {
    const kiosk = await identified(bridge);
    const before = bridge.localPlatform!.received().length;
    const key = crypto.randomUUID();
    const body = { type: 'submit', idempotencyKey: key, bundle: 'newborn', items: newbornItems, values: { ...citizenValues, 'applicant.idNumber': '110101199003071234' }, delivery: { method: 'pickup' } };
    const first = await kiosk.request(body);
    // A card value that differs from the card is refused, not silently used.
    expect(first.ok).toBe(false);
    expect(first.error?.path).toBe('values.applicant.idNumber');
    const ok1 = await kiosk.request({ ...body, values: citizenValues });
    const ok2 = await kiosk.request({ ...body, values: citizenValues });
    expect(ok1.ok).toBe(true);
    expect(ok2.result).toEqual(ok1.result);
    await bridge.worker.drained();
    expect(bridge.localPlatform!.received().length).toBe(before + 1);
    const stored = bridge.outbox.get(key)!.payload;
    expect(stored.kind === 'submission' && stored.submission.values['applicant.idNumber']).toBe(mother.idNumber);
    expect(ok1.result.items.map((i: { code: string }) => i.code)).toEqual(newbornItems);
    kiosk.close();
  });

  it('wipes the citizen when the kiosk connection drops', async () => {
    const kiosk = await identified(bridge);
    expect(bridge.link.session.identity?.idNumber).toBe(mother.idNumber);
    kiosk.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(bridge.link.session.isEmpty()).toBe(true);
  });

  it('ignores a card placed when no citizen session is active', async () => {
    const kiosk = await TestKiosk.open(bridge);
    await api(bridge.url, 'DELETE', '/sim/id-card');
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'father' });
    await new Promise((r) => setTimeout(r, 100));
    expect(kiosk.events.some((e) => e.type === 'card.inserted')).toBe(false);
    expect(bridge.link.session.identity).toBeNull();
    kiosk.close();
  });

  it('answers a request only on the connection that asked: a reply still in flight when a new connection replaces the old is dropped', async () => {
    await api(bridge.url, 'DELETE', '/sim/id-card');
    const first = await TestKiosk.open(bridge);
    await first.request({ type: 'session.start' });
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' });
    await first.waitFor((e) => e.type === 'card.inserted');
    // A platform that answers slowly (a test seam for a slow network: the delay is the only change),
    // so the applicant's progress query is still in flight when the new connection arrives.
    const platform = bridge.platform as { status: typeof bridge.platform.status };
    const realStatus = platform.status;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    platform.status = async (query) => (await held, realStatus.call(bridge.platform, query));
    try {
      first.raw(JSON.stringify({ type: 'progress.query', id: 4242, by: { kind: 'applicant' } }));
      await new Promise((r) => setTimeout(r, 100));
      const second = await TestKiosk.open(bridge);
      release();
      await second.request({ type: 'session.start' });
      await new Promise((r) => setTimeout(r, 300));
      expect(second.events.filter((e) => e.type === 'reply' && e.id === 4242)).toEqual([]);
      expect(JSON.stringify(second.events)).not.toContain(mother.idNumber);
      expect(bridge.link.session.identity).toBeNull();
      second.close();
    } finally {
      platform.status = realStatus;
      release();
      first.close();
    }
  });

  it("reads another person's card for the form when asked (card.other), without changing the applicant", async () => {
    const kiosk = await TestKiosk.open(bridge);
    await api(bridge.url, 'DELETE', '/sim/id-card');
    // Not outside a session, and not before the applicant is identified.
    expect((await kiosk.request({ type: 'card.other', expect: true })).error?.code).toBe('no-session');
    await kiosk.request({ type: 'session.start' });
    expect((await kiosk.request({ type: 'card.other', expect: true })).error?.code).toBe('not-identified');
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'rare-name' });
    await kiosk.waitFor((e) => e.type === 'card.inserted');
    expect((await kiosk.request({ type: 'card.other', expect: true })).ok).toBe(true);
    await api(bridge.url, 'DELETE', '/sim/id-card');
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' });
    const other = await kiosk.waitFor((e) => e.type === 'card.other');
    expect(other).toEqual({ type: 'card.other', person: { name: mother.name, idNumber: mother.idNumber, address: mother.address } });
    expect(bridge.link.session.identity?.idNumber).toBe(identityPresets['rare-name'].idNumber);
    expect(bridge.link.session.expectOther).toBe(false);
    expect(logged).not.toContain(mother.idNumber);
    await kiosk.request({ type: 'session.end', reason: 'exit' });
    kiosk.close();
  });

  it("keeps the verified applicant: their own card again changes nothing, another person's card is refused", async () => {
    await api(bridge.url, 'DELETE', '/sim/id-card');
    const kiosk = await identified(bridge);
    const resident = identityPresets.resident;
    // The applicant puts their card back on the reader mid-form: still verified, still them.
    await api(bridge.url, 'DELETE', '/sim/id-card');
    const before = kiosk.events.length;
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' });
    await kiosk.waitFor((e) => e.type === 'card.inserted' && kiosk.events.indexOf(e) >= before);
    expect(bridge.link.session.faceVerified).toBe(true);
    // Someone else's card, not asked for (card.other): refused, nothing of it reaches the page.
    await api(bridge.url, 'DELETE', '/sim/id-card');
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'father' });
    expect(await kiosk.waitFor((e) => e.type === 'card.error')).toEqual({ type: 'card.error', reason: 'another-person' });
    expect(bridge.link.session.identity?.idNumber).toBe(resident.idNumber);
    expect(bridge.link.session.faceVerified).toBe(true);
    const cardsOnPage = kiosk.events.filter((e) => e.type === 'card.inserted' || e.type === 'card.other').map((e) => JSON.stringify(e.identity ?? e.person));
    expect(cardsOnPage.length).toBe(2);
    expect(cardsOnPage.some((c) => c.includes(identityPresets.father.idNumber))).toBe(false);
    expect(logged).not.toContain(identityPresets.father.idNumber);
    // And the application still goes in under the verified applicant.
    const submit = await kiosk.request({ type: 'submit', idempotencyKey: crypto.randomUUID(), bundle: 'newborn', items: newbornItems, values: citizenValues, delivery: { method: 'pickup' } });
    expect(submit.ok, JSON.stringify(submit.error)).toBe(true);
    await api(bridge.url, 'DELETE', '/sim/id-card');
    await kiosk.request({ type: 'session.end', reason: 'exit' });
    kiosk.close();
  });

  it('refuses an expired card with a clear status', async () => {
    const kiosk = await TestKiosk.open(bridge);
    await kiosk.request({ type: 'session.start' });
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'expired' });
    expect(await kiosk.waitFor((e) => e.type === 'card.error')).toMatchObject({ reason: 'read-failed' });
    expect(bridge.link.session.identity).toBeNull();
    kiosk.close();
  });

  it('answers bad simulator requests with 400 and a message that names the problem', async () => {
    expect(await api(bridge.url, 'POST', '/sim/id-card', { preset: 'nobody' })).toMatchObject({ status: 400, body: { error: { path: 'preset' } } });
    expect((await api(bridge.url, 'POST', '/sim/printer/state', { paper: 'lots' })).status).toBe(400);
    expect((await api(bridge.url, 'POST', '/sim/printer/state', {})).status).toBe(400);
    // Only JSON bodies: a text/plain body (what a page on another origin can post without asking) is a 415.
    const plain = await fetch(new URL('/sim/qr', bridge.url), { method: 'POST', body: '{"data":"x"}' });
    expect(plain.status).toBe(415);
    const notJson = await fetch(new URL('/sim/qr', bridge.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toMatch(/body is not JSON/);
    expect((await api(bridge.url, 'GET', '/sim/nothing')).status).toBe(404);
  });

  it('refuses requests whose Host header is not the terminal (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((r) => {
      const req = request(new URL('/healthz', bridge.url), { headers: { host: 'evil.example:80' } }, (res) => r(res.statusCode!));
      req.end();
    });
    expect(status).toBe(421);
  });

  it('reports each device, the catalog version and the outbox in /healthz; an unplugged reader is a fault', async () => {
    await api(bridge.url, 'POST', '/sim/id-card/connection', { connected: false });
    const { body } = await api<any>(bridge.url, 'GET', '/healthz');
    expect(body.devices.idcard).toEqual({ state: 'error', type: 'disconnected' });
    expect(body.faults).toContain('idcard:disconnected');
    expect(body.catalog.version).toMatch(/^[0-9a-f]{12}$/);
    expect(body.outbox).toMatchObject({ backlog: 0, available: true, fault: null, platform: 'local' });
    await api(bridge.url, 'POST', '/sim/id-card/connection', { connected: true });
    expect((await api<any>(bridge.url, 'GET', '/healthz')).body.devices.idcard).toEqual({ state: 'ready' });
  });

  it('never writes an ID number or a name to its log', () => {
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).not.toContain(mother.idNumber);
    expect(logged).not.toContain(mother.name);
    logger.info({ identity: mother }, `masked ${mother.idNumber}`);
    expect(logged).not.toContain(mother.idNumber);
    expect(logged).toContain('120101********0026');
  });
});

describe('bridge start-up with bad configuration or catalog', () => {
  it('refuses an invalid terminal configuration, naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-config-'));
    const file = join(dir, 'terminal.json');
    const good = JSON.parse(JSON.stringify((await testConfig()) as unknown));
    writeFileSync(file, JSON.stringify({ ...good, session: { ...good.session, idleTimeoutS: 2 } }));
    const r = await loadTerminalConfig(file, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ file, path: 'session.idleTimeoutS' });
    writeFileSync(file, '{ broken');
    const r2 = await loadTerminalConfig(file, {});
    expect(!r2.ok && r2.error.message).toMatch(/cannot read configuration/);
    const r3 = await loadTerminalConfig(resolve(root, 'config/terminal.json'), { KIOSK_DEVICE_PRINTER: 'usb-magic' });
    expect(!r3.ok && r3.error.path).toBe('KIOSK_DEVICE_PRINTER');
    const r4 = await loadTerminalConfig(resolve(root, 'config/terminal.json'), { KIOSK_DEVICE_PRINTER: 'tcp:10.0.0.5:9100', KIOSK_PORT: '9000' });
    expect(r4.ok && [r4.value.devices.printer, r4.value.bridge.port]).toEqual(['tcp:10.0.0.5:9100', 9000]);
  });

  it('keeps serving with a broken catalog and says why in /healthz', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-catalog-'));
    cpSync(resolve(root, 'config/catalog'), dir, { recursive: true });
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ bundles: [{ code: 'x' }] }));
    const b = await createBridge({ config: await testConfig(), logger, catalogDir: dir, dataDir: mkdtempSync(join(tmpdir(), 'kiosk-data-')) });
    try {
      const { status, body } = await api<any>(b.url, 'GET', '/healthz');
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.faults).toContain('catalog:errors');
      expect(body.catalog.errors[0]).toMatchObject({ file: 'broken.json' });
      expect((await api(b.url, 'GET', '/api/catalog')).status).toBe(503);
    } finally {
      await b.close();
    }
  });
});
