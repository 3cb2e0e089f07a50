/**
 * The fleet agent against a real Mosquitto on loopback: signed configuration and catalog applied and
 * reported; unsigned, tampered, wrongly signed, replayed, mistargeted and off-schema documents all
 * refused with the terminal unchanged; commands with request ids; broker restart and network loss
 * followed by reconnect and re-sync; the last-will marks a killed terminal offline.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerminalConfig } from '../../core/config/terminal';
import { createBridge, type Bridge } from '../../device-bridge/src/bridge';
import { applyEnvOverrides } from '../../device-bridge/src/config';
import { catalogVersion, loadCatalogDir } from '../../device-bridge/src/catalog/catalog-store';
import { connectOperator, listTerminals, makeDocument, publishDocument, sendCommand } from '../../device-bridge/src/fleet/operator';
import { generateFleetKeys, signDocument, type FleetCommand } from '../../device-bridge/src/fleet/signed-document';
import { createLogger } from '../../device-bridge/src/log';
import { hashSecret } from '../../device-bridge/src/auth/staff-auth';
import { startPtyPair, type PtyPair } from '../support/pty';
import { startBridge } from '../support/bridge-process';
import { freePort, startMosquitto, type Broker } from '../support/mosquitto';
import { root } from '../support/bridge-process';
import { kioskSocket } from '../support/kiosk-socket';

const logger = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const keys = generateFleetKeys();
const otherKeys = generateFleetKeys();
const prefix = 'gov-kiosk/test';
const id = 'HP-24H-001';
/** A maintenance account, so the same change can be tried from the console (cheap scrypt: tests only). */
const techHash = await hashSecret('s3cret-pass', { N: 1024, r: 8, p: 1 });

/** A TCP relay between the agent and the broker whose "cable" the test can pull. */
class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: number,
  ) {}
  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = netConnect(this.target, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => (client.destroy(), upstream.destroy(), this.sockets.delete(client), this.sockets.delete(upstream));
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', () => r()));
  }
  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
  }
}

let broker: Broker;
let relay: Relay;
let bridge: Bridge;
let operator: MqttClient;
let dir: string;
let configFile: string;

function fleetDocument(url: string): TerminalConfig {
  const base = TerminalConfig.parse(JSON.parse(readFileSync(resolve(root, 'config/terminal.json'), 'utf8')));
  return {
    ...base,
    maintenance: { users: [{ name: 'li.tech', hash: techHash }], sessionTtlS: 600, rollbackWindowS: 2 },
    fleet: { url, prefix, group: 'heping', protocolVersion: 5, publicKey: keys.publicKeyPem },
  };
}

const readConfig = () => TerminalConfig.parse(JSON.parse(readFileSync(configFile, 'utf8')));

async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The latest retained `reported` of the terminal, as the operator sees it. */
const reported: { current: any } = { current: null };
const statuses: any[] = [];

beforeAll(async () => {
  broker = await startMosquitto();
  relay = new Relay(await freePort(), broker.port);
  await relay.up();
  dir = mkdtempSync(join(tmpdir(), 'fleet-'));
  configFile = join(dir, 'terminal.json');
  const document = fleetDocument(`mqtt://127.0.0.1:${relay.port}`);
  writeFileSync(configFile, JSON.stringify(document, null, 2));
  process.env.KIOSK_MQTT_RECONNECT_MS = '300';
  const effective = applyEnvOverrides(document, { KIOSK_PORT: '0' });
  if (!effective.ok) throw new Error(effective.error.message);
  bridge = await createBridge({ config: effective.value, logger, configFile, stateDir: dir });
  operator = await connectOperator(broker.url, { reconnectPeriod: 300 });
  operator.on('message', (topic, payload) => {
    if (topic === `${prefix}/${id}/reported` && payload.length) reported.current = JSON.parse(payload.toString());
    if (topic === `${prefix}/${id}/status` && payload.length) statuses.push(JSON.parse(payload.toString()));
  });
  await operator.subscribeAsync([`${prefix}/${id}/reported`, `${prefix}/${id}/status`], { qos: 1 });
  await waitFor('the terminal online', () => statuses.at(-1)?.online === true);
});

afterAll(async () => {
  await bridge?.close();
  await operator?.endAsync();
  await relay?.down();
  await broker?.dispose();
  delete process.env.KIOSK_MQTT_RECONNECT_MS;
});

const terminalTopic = `${prefix}/${id}/config`;
const resultOn = (topic: string, version: number) => () => {
  const r = reported.current?.results?.[topic];
  return r && r.version === version ? r : undefined;
};

describe('fleet agent against Mosquitto', () => {
  it('publishes a retained online status with versions', async () => {
    const status = statuses.at(-1);
    expect(status).toMatchObject({ terminal: id, online: true, group: 'heping', config: bridge.configStore!.version(), catalog: bridge.catalog.status().version, health: 'ok' });
  });

  it('applies a signed configuration and reports it (device shadow)', async () => {
    await publishDocument(operator, prefix, makeDocument(keys.privateKeyPem, 'config', `terminal:${id}`, 1, { session: { idleTimeoutS: 120 } }));
    const result = await waitFor('applied v1', resultOn(terminalTopic, 1));
    expect(result.outcome).toBe('applied');
    expect(readConfig().session.idleTimeoutS).toBe(120);
    expect(bridge.health().config?.version).toBe(reported.current.config.version);
    expect(reported.current.applied[`config:terminal:${id}`]).toBe(1);
  });

  it('refuses unsigned, tampered, wrongly signed, replayed, mistargeted and off-schema documents, terminal unchanged', async () => {
    const before = readFileSync(configFile, 'utf8');
    await publishDocument(operator, prefix, makeDocument(keys.privateKeyPem, 'config', `terminal:${id}`, 2, { session: { idleTimeoutS: 150 } }));
    await waitFor('applied v2', resultOn(terminalTopic, 2));
    const good = readFileSync(configFile, 'utf8');
    expect(good).not.toBe(before);

    const cases: [string, Record<string, unknown>, RegExp][] = [];
    const unsigned = makeDocument(keys.privateKeyPem, 'config', `terminal:${id}`, 3, { session: { idleTimeoutS: 33 } }) as unknown as Record<string, unknown>;
    delete unsigned.signature;
    cases.push(['unsigned', unsigned, /^unsigned/]);
    const tampered = makeDocument(keys.privateKeyPem, 'config', `terminal:${id}`, 4, { session: { idleTimeoutS: 600 } });
    cases.push(['tampered', { ...tampered, payload: { session: { idleTimeoutS: 3000 } } }, /^bad-signature/]);
    cases.push(['wrong key', makeDocument(otherKeys.privateKeyPem, 'config', `terminal:${id}`, 5, { session: { idleTimeoutS: 70 } }), /^wrong-key/]);
    cases.push(['replayed', makeDocument(keys.privateKeyPem, 'config', `terminal:${id}`, 1, { session: { idleTimeoutS: 120 } }), /^replayed/]);
    cases.push(['off-schema', makeDocument(keys.privateKeyPem, 'config', `terminal:${id}`, 6, { session: { idleTimeoutS: 1 } }), /^invalid: .*session\.idleTimeoutS/]);
    cases.push(['protected', makeDocument(keys.privateKeyPem, 'config', `terminal:${id}`, 7, { fleet: { publicKey: otherKeys.publicKeyPem } }), /^invalid: fleet cannot be changed/]);
    cases.push(['mistargeted', makeDocument(keys.privateKeyPem, 'config', 'terminal:OTHER-002', 8, { session: { idleTimeoutS: 80 } }), /^wrong-target/]);
    cases.push(['not JSON', { raw: true }, /^not-json|^unsigned/]);

    for (const [name, doc, reason] of cases) {
      const previous = reported.current.results[terminalTopic];
      if (name === 'not JSON') await operator.publishAsync(terminalTopic, 'this is not json {', { qos: 1, retain: true });
      else await publishDocument(operator, prefix, doc, terminalTopic);
      const result = await waitFor(`refusal of ${name}`, () => {
        const r = reported.current?.results?.[terminalTopic];
        return r && r !== previous && r.outcome === 'refused' && r.at !== previous?.at ? r : undefined;
      });
      expect(result.reason, name).toMatch(reason);
      expect(readFileSync(configFile, 'utf8'), `${name} left the terminal unchanged`).toBe(good);
    }
    expect(reported.current.applied[`config:terminal:${id}`]).toBe(2);
  });

  it('applies fleet-wide and group documents too, each with its own version line', async () => {
    await publishDocument(operator, prefix, makeDocument(keys.privateKeyPem, 'config', 'all', 1, { session: { doneScreenS: 20 } }));
    await waitFor('fleet-wide applied', resultOn(`${prefix}/_fleet/config`, 1));
    await publishDocument(operator, prefix, makeDocument(keys.privateKeyPem, 'config', 'group:heping', 1, { terminal: { hours: { zh: '8:00–20:00', en: '8:00–20:00' } } }));
    await waitFor('group applied', resultOn(`${prefix}/_group/heping/config`, 1));
    const config = readConfig();
    expect(config.session.doneScreenS).toBe(20);
    expect(config.terminal.hours.zh).toBe('8:00–20:00');
    expect(config.terminal.id).toBe(id);
  });

  it('applies a signed catalog and refuses a broken one', async () => {
    const shipped = resolve(root, 'config/catalog');
    const fragments: Record<string, unknown> = {};
    for (const f of readdirSync(shipped).filter((n) => n.endsWith('.json'))) fragments[f] = JSON.parse(readFileSync(join(shipped, f), 'utf8'));
    const loaded = await loadCatalogDir(shipped);
    if (!loaded.ok) throw new Error('shipped catalog broken');
    const catalogTopic = `${prefix}/${id}/catalog`;
    await publishDocument(operator, prefix, makeDocument(keys.privateKeyPem, 'catalog', `terminal:${id}`, 1, { fragments }));
    expect((await waitFor('catalog applied', resultOn(catalogTopic, 1))).outcome).toBe('applied');
    expect(reported.current.catalog.version).toBe(catalogVersion(loaded.value));

    const broken = structuredClone(fragments) as Record<string, { bundles?: { items?: string[] }[] }>;
    const withBundles = Object.values(broken).find((f) => f.bundles?.length)!;
    withBundles.bundles![0]!.items = ['NO-SUCH-ITEM'];
    await publishDocument(operator, prefix, makeDocument(keys.privateKeyPem, 'catalog', `terminal:${id}`, 2, { fragments: broken }));
    const refused = await waitFor('broken catalog refused', resultOn(catalogTopic, 2));
    expect(refused.outcome).toBe('refused');
    expect(bridge.catalog.status().version).toBe(catalogVersion(loaded.value));
  });

  it('answers signed commands by request id, and refuses unsigned or replayed ones', async () => {
    const diagnosis = await sendCommand(operator, prefix, keys.privateKeyPem, id, 'diagnose');
    expect(diagnosis).toMatchObject({ ok: true, command: 'diagnose', result: { health: { terminal: id } } });
    const printed = await sendCommand(operator, prefix, keys.privateKeyPem, id, 'print-test-page');
    expect(printed).toMatchObject({ ok: true });
    const logs = await sendCommand(operator, prefix, keys.privateKeyPem, id, 'collect-logs');
    expect(logs).toMatchObject({ ok: true, result: { captured: false } });

    const replies: any[] = [];
    const onMessage = (topic: string, payload: Buffer) => topic.endsWith('/command/reply') && replies.push(JSON.parse(payload.toString()));
    operator.on('message', onMessage);
    const cmd = signDocument<FleetCommand>({ kind: 'command', target: `terminal:${id}`, requestId: 'req-replay-1', command: 'diagnose', issuedAt: new Date().toISOString() }, keys.privateKeyPem);
    await operator.publishAsync(`${prefix}/${id}/command`, JSON.stringify(cmd), { qos: 1 });
    await operator.publishAsync(`${prefix}/${id}/command`, JSON.stringify(cmd), { qos: 1 });
    const { signature: _s, ...unsignedCmd } = { ...cmd, requestId: 'req-unsigned-1' };
    await operator.publishAsync(`${prefix}/${id}/command`, JSON.stringify(unsignedCmd), { qos: 1 });
    await waitFor('three replies', () => replies.length >= 3);
    operator.removeListener('message', onMessage);
    expect(replies.map((r) => [r.requestId, r.ok, r.error?.code ?? null])).toEqual([
      ['req-replay-1', true, null],
      ['req-replay-1', false, 'replayed'],
      ['req-unsigned-1', false, 'unsigned'],
    ]);
  });

  it('reconnects after network loss and re-syncs the desired state published meanwhile', async () => {
    const connects = bridge.fleet!.connects;
    await relay.down();
    await waitFor('agent notices', () => !bridge.fleet!.connected);
    await publishDocument(operator, prefix, makeDocument(keys.privateKeyPem, 'config', `terminal:${id}`, 9, { session: { idleTimeoutS: 95 } }));
    await new Promise((r) => setTimeout(r, 500));
    expect(readConfig().session.idleTimeoutS).toBe(150);
    await relay.up();
    await waitFor('re-synced v9', resultOn(terminalTopic, 9));
    expect(readConfig().session.idleTimeoutS).toBe(95);
    expect(bridge.fleet!.connects).toBeGreaterThan(connects);
  });

  it('reconnects after a broker restart; retained documents already applied are not applied again', async () => {
    const connects = bridge.fleet!.connects;
    const applies = reported.current.results[terminalTopic].at;
    await broker.stop();
    await waitFor('agent notices', () => !bridge.fleet!.connected);
    await broker.start();
    await operator.reconnect();
    await waitFor('agent back', () => bridge.fleet!.connects > connects && bridge.fleet!.connected);
    await waitFor('online again', () => statuses.at(-1)?.online === true);
    // The retained v9 came again and was recognised, not re-applied.
    await new Promise((r) => setTimeout(r, 300));
    expect(reported.current.results[terminalTopic]).toMatchObject({ version: 9, at: applies });
    await publishDocument(operator, prefix, makeDocument(keys.privateKeyPem, 'config', `terminal:${id}`, 10, { session: { idleTimeoutS: 100 } }));
    await waitFor('applied v10', resultOn(terminalTopic, 10));
    expect(readConfig().session.idleTimeoutS).toBe(100);
    const rows = await listTerminals(operator, prefix, 300);
    expect(rows.find((r) => r.terminal === id)).toMatchObject({ online: true, config: reported.current.config.version });
  });

  it('rolls a fleet configuration back when the kiosk page does not come back, and reports why', async () => {
    // A kiosk page that goes away for good when told to reconnect (a broken page would look like this).
    const ws = kioskSocket(bridge.url, bridge.linkSecret);
    await new Promise((r) => ws.once('open', r));
    const before = readFileSync(configFile, 'utf8');
    await publishDocument(operator, prefix, makeDocument(keys.privateKeyPem, 'config', `terminal:${id}`, 11, { session: { idleTimeoutS: 333 } }));
    const result = await waitFor('rolled back v11', resultOn(terminalTopic, 11), 15_000);
    expect(result).toMatchObject({ outcome: 'rolled-back' });
    expect(result.reason).toMatch(/did not reconnect/);
    expect(readFileSync(configFile, 'utf8')).toBe(before);
    expect(bridge.configStore!.status()).toMatchObject({ state: 'rolled-back', lastRollback: { reason: expect.stringMatching(/did not reconnect/) } });
    ws.close();
  });

  it('the last-will marks a killed terminal offline', async () => {
    const killedDir = mkdtempSync(join(tmpdir(), 'fleet-kill-'));
    const file = join(killedDir, 'terminal.json');
    const doc = fleetDocument(broker.url);
    doc.terminal.id = 'KILL-ME-01';
    writeFileSync(file, JSON.stringify(doc));
    const seen: any[] = [];
    const onMessage = (topic: string, payload: Buffer) => topic === `${prefix}/KILL-ME-01/status` && payload.length && seen.push(JSON.parse(payload.toString()));
    operator.on('message', onMessage);
    await operator.subscribeAsync(`${prefix}/KILL-ME-01/status`, { qos: 1 });
    const child = await startBridge({ KIOSK_CONFIG: file, KIOSK_STATE_DIR: killedDir });
    try {
      await waitFor('killed terminal online', () => seen.at(-1)?.online === true).catch((e) => {
        throw new Error(`${(e as Error).message}\n${child.output()}`);
      });
      child.process.kill('SIGKILL');
      const offline = await waitFor('last will', () => (seen.at(-1)?.online === false ? seen.at(-1) : undefined));
      expect(offline).toMatchObject({ terminal: 'KILL-ME-01', online: false, reason: 'connection lost' });
    } finally {
      await child.stop();
      operator.removeListener('message', onMessage);
    }
  });
});

/** The console's PUT /maintenance/api/config, logged in as the maintenance account. */
async function consoleChange(change: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const login = await fetch(new URL('maintenance/api/login', bridge.url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-maintenance': '1' }, body: JSON.stringify({ user: 'li.tech', password: 's3cret-pass' }) });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const res = await fetch(new URL('maintenance/api/config', bridge.url), { method: 'PUT', headers: { 'content-type': 'application/json', cookie, 'x-maintenance': '1' }, body: JSON.stringify(change) });
  return { status: res.status, body: await res.json() };
}

describe('fleet changes are validated as strictly as the console', () => {
  let version = 20;
  /** Publishes a signed change to this terminal and waits for its outcome in `reported`. */
  async function publishChange(payload: Record<string, unknown>) {
    version += 1;
    await publishDocument(operator, prefix, makeDocument(keys.privateKeyPem, 'config', `terminal:${id}`, version, payload));
    return waitFor(`outcome of v${version}`, resultOn(terminalTopic, version), 20_000);
  }

  it('refuses a signed change that names a bundle the catalog does not have, and reports it', async () => {
    const before = readFileSync(configFile, 'utf8');
    for (const services of [['NO-SUCH-BUNDLE'], ['newborn', 'no-such-bundle']]) {
      const result = await publishChange({ services });
      expect(result.outcome, JSON.stringify(services)).toBe('refused');
      expect(result.reason).toMatch(/^invalid: services/);
      expect(result.reason).toContain(services.at(-1));
      expect(readFileSync(configFile, 'utf8')).toBe(before);
    }
    expect(bridge.health().faults).not.toContain('catalog:no-services');
  });

  it('rolls back a device path that does not open, with the reason in reported; keeps one that opens', async () => {
    const before = readFileSync(configFile, 'utf8');
    const missing = join(dir, 'no-such-tty');
    const result = await publishChange({ devices: { printer: `serial:${missing}@9600` } });
    expect(result.outcome).toBe('rolled-back');
    expect(result.reason).toMatch(/devices\.printer/);
    expect(result.reason).toContain(missing);
    expect(readFileSync(configFile, 'utf8')).toBe(before);
    expect(bridge.configStore!.status().lastRollback?.reason).toContain(missing);

    const pty: PtyPair = await startPtyPair();
    try {
      const kept = await publishChange({ devices: { printer: `serial:${pty.a}@9600` } });
      expect(kept.outcome).toBe('applied');
      expect(kept.restartRequired).toEqual(['devices.printer']);
      expect(readConfig().devices.printer).toBe(`serial:${pty.a}@9600`);
      expect((await publishChange({ devices: { printer: 'simulated' } })).outcome).toBe('applied');
    } finally {
      await pty.stop();
    }
  });

  it('refuses from the fleet the restart-only fields it cannot test (platform, outbox, browser)', async () => {
    const before = readFileSync(configFile, 'utf8');
    for (const [field, payload] of [
      ['platform', { platform: { type: 'http', baseUrl: 'http://127.0.0.1:9/' } }],
      ['outbox', { outbox: { file: '/tmp/elsewhere.sqlite' } }],
      ['browser', { browser: { executablePath: '/no/such/chromium' } }],
    ] as const) {
      const result = await publishChange(payload);
      expect(result.outcome, field).toBe('refused');
      expect(result.reason).toMatch(new RegExp(`^invalid: ${field}\\S* cannot be changed by a fleet document`));
      expect(readFileSync(configFile, 'utf8')).toBe(before);
    }
  });

  it('refuses a 5 MB string with an error naming the field; nothing reaches terminal.json or the hello', async () => {
    const before = readFileSync(configFile, 'utf8');
    const result = await publishChange({ terminal: { hours: { zh: '长'.repeat(5 * 1024 * 1024 / 3), en: 'x' } } });
    expect(result.outcome).toBe('refused');
    expect(result.reason).toMatch(/^invalid: .*terminal\.hours\.zh.*200/);
    expect(result.reason.length).toBeLessThan(500);
    expect(readFileSync(configFile, 'utf8')).toBe(before);
  });

  it('refuses a signed catalog that has none of the bundles the terminal offers (an empty home screen)', async () => {
    const shipped = resolve(root, 'config/catalog');
    const fragments: Record<string, unknown> = {};
    for (const f of readdirSync(shipped).filter((n) => n.endsWith('.json'))) {
      const { bundles: _b, ...rest } = JSON.parse(readFileSync(join(shipped, f), 'utf8'));
      fragments[f] = rest;
    }
    const catalogTopic = `${prefix}/${id}/catalog`;
    const before = bridge.catalog.status().version;
    await publishDocument(operator, prefix, makeDocument(keys.privateKeyPem, 'catalog', `terminal:${id}`, 3, { fragments }));
    const refused = await waitFor('bundle-less catalog refused', resultOn(catalogTopic, 3));
    expect(refused).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/^invalid: catalog has none of the bundles this terminal offers/) });
    expect(bridge.catalog.status().version).toBe(before);
    expect(bridge.health().faults).not.toContain('catalog:no-services');
  });

  it('the console and the fleet refuse the same changes with the same reasons (one validation)', async () => {
    const cases: Record<string, unknown>[] = [{ services: ['no-such-bundle'] }, { hours: { zh: 'x'.repeat(201), en: 'x' } }];
    const asFleet = (c: Record<string, unknown>) => ('hours' in c ? { terminal: { hours: c.hours } } : c);
    for (const change of cases) {
      const viaConsole = await consoleChange(change);
      expect(viaConsole.status, JSON.stringify(change).slice(0, 80)).toBe(400);
      const consoleMessage: string = viaConsole.body.error.message;
      const viaFleet = await publishChange(asFleet(change));
      expect(viaFleet.outcome).toBe('refused');
      expect(viaFleet.reason).toBe(`invalid: ${consoleMessage}`);
    }
  });
});
