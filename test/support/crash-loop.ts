/**
 * The crash loop: submissions through the real bridge process (WebSocket, simulated card reader,
 * live-photo step, submit) while the bridge is killed with SIGKILL at random moments and restarted
 * on the same data directory. The platform is the contract-enforcing test server, which may also be
 * unreachable for a while. Afterwards it checks that:
 *   - every submission acknowledged to the "citizen" reached the platform exactly once, with the
 *     acceptance number the citizen was given;
 *   - the platform holds nothing that was never sent, and no acceptance number twice;
 *   - each applicant's submissions arrived in the order they were committed;
 *   - the outbox's backlog drained to zero.
 * Unacknowledged submissions (in flight at the kill) may or may not have been committed; if one was,
 * it is delivered like any other — the citizen was not told, and the terminal still owes it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { api, startBridge, type RunningBridge } from './bridge-process';
import { PlatformServer } from './platform-server';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';
import { kioskSocket } from './kiosk-socket';

const presets = ['resident', 'father'] as const;
const newbornItems = ['440000-WJ-0101', '440000-WJ-0102', '440000-GA-0201', '440000-YB-0301', '440000-RS-0401'];
/**
 * What the citizen types. Shared data would pre-fill the spouse, birth and bank fields, but while the
 * platform is unreachable there is none, so the "citizen" types them too (as the form would ask).
 */
const valuesFor = (preset: 'resident' | 'father') => {
  const mother = preset === 'resident';
  const spouse = identityPresets[mother ? 'father' : 'resident'];
  return {
    'child.name': '张小满',
    'applicant.relation': mother ? 'mother' : 'father',
    'household.registerWith': mother ? 'mother' : 'father',
    'spouse.name': spouse.name,
    'spouse.idNumber': spouse.idNumber,
    'child.sex': '2',
    'child.birthDate': '2026-11-18',
    'child.birthPlace': '天津市和平区妇产科医院',
    'applicant.phone': '13812345678',
  };
};
const fakeJpeg = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]).toString('base64')}`;

export interface CrashLoopOptions {
  submissions: number;
  /**
   * When to kill: after a random number in [min, max] of the session's submissions have been sent
   * (default [0, 9]), a random delay in [minMs, maxMs] later — so the kill lands at a random moment
   * of the submissions in flight, and a run of N submissions has at least N / (max + 1 + what the
   * delay lets through) kills whatever the machine's speed.
   */
  killEveryMs: [number, number];
  killAfterSubmissions?: [number, number];
  /** For a while in the middle, the platform answers 503 to everything. */
  outageMs?: number;
  /** Faults the platform injects throughout (500s, lost acknowledgements …). */
  faults?: Partial<import('./platform-server').Faults>;
  log?: (line: string) => void;
  random?: () => number;
}

export interface CrashLoopReport {
  sent: number;
  acked: number;
  kills: number;
  restarts: number;
  atPlatform: number;
  committedButUnacked: number;
  platformAttempts: number;
  duplicateAcks: number;
  contractViolations: string[];
  problems: string[];
  elapsedMs: number;
}

class Client {
  private nextId = 1;
  private readonly waiting = new Map<number, (m: any) => void>();
  private readonly events: any[] = [];
  closed = false;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'reply') this.waiting.get(m.id)?.(m);
      else this.events.push(m);
    });
    ws.on('close', () => {
      this.closed = true;
      for (const w of this.waiting.values()) w({ ok: false, error: { code: 'connection-closed' } });
    });
    ws.on('error', () => {});
  }
  static async open(url: string): Promise<Client> {
    const ws = kioskSocket(url);
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    return new Client(ws);
  }
  request(body: Record<string, unknown>, timeoutMs = 10_000): Promise<any> {
    if (this.closed) return Promise.resolve({ ok: false, error: { code: 'connection-closed' } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve({ ok: false, error: { code: 'timeout' } }), timeoutMs);
      this.waiting.set(id, (m) => (clearTimeout(t), this.waiting.delete(id), resolve(m)));
      this.ws.send(JSON.stringify({ ...body, id }));
    });
  }
  async waitEvent(type: string, timeoutMs = 5000): Promise<any> {
    const start = Date.now();
    while (Date.now() - start < timeoutMs && !this.closed) {
      const i = this.events.findIndex((e) => e.type === type);
      if (i >= 0) return this.events.splice(i, 1)[0];
      await new Promise((r) => setTimeout(r, 5));
    }
    return null;
  }
  close() {
    this.ws.terminate();
  }
}

export async function runCrashLoop(options: CrashLoopOptions): Promise<CrashLoopReport> {
  const log = options.log ?? (() => {});
  const random = options.random ?? Math.random;
  const started = Date.now();
  const platform = new PlatformServer();
  Object.assign(platform.faults, options.faults ?? {});
  const platformUrl = await platform.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-crash-'));
  const env = { KIOSK_DATA_DIR: dataDir, KIOSK_PLATFORM_URL: platformUrl, KIOSK_PLATFORM_TIMEOUT_MS: '1000', KIOSK_OUTBOX_RETRY_BASE_MS: '50', KIOSK_OUTBOX_RETRY_MAX_MS: '400', KIOSK_LOG_LEVEL: 'warn' };
  const sent = new Map<string, { preset: string; n: number }>();
  const acked = new Map<string, string>();
  let kills = 0;
  let restarts = 0;
  let bridge: RunningBridge = await startBridge(env);
  // If this process is stopped, the bridge it started must not outlive it.
  const killBridge = () => bridge.process.kill('SIGKILL');
  process.once('exit', killBridge);
  let stopKiller = false;
  /** True while a session is set up and submitting: kills land during submissions, not during start-up. */
  let submitting = false;
  /** Submissions sent in the current session (since `submitting` became true). */
  let sessionSent = 0;
  let outageDone = !options.outageMs;

  const killer = (async () => {
    while (!stopKiller) {
      const [lo, hi] = options.killEveryMs;
      const [minS, maxS] = options.killAfterSubmissions ?? [0, 9];
      const after = minS + Math.floor(random() * (maxS - minS + 1));
      while (!stopKiller && !(submitting && sessionSent > after)) await new Promise((r) => setTimeout(r, 2));
      await new Promise((r) => setTimeout(r, lo + random() * (hi - lo)));
      if (stopKiller) break;
      bridge.process.kill('SIGKILL');
      submitting = false;
      kills += 1;
      await new Promise<void>((r) => (bridge.process.exitCode !== null || bridge.process.signalCode ? r() : bridge.process.once('exit', () => r())));
      if (!outageDone && kills === 2) {
        platform.faults.down = true;
        log(`platform down for ${options.outageMs} ms`);
        setTimeout(() => {
          platform.faults.down = false;
          outageDone = true;
        }, options.outageMs);
      }
      bridge = await startBridge(env);
      restarts += 1;
      log(`kill ${kills}: restarted; sent ${sent.size}, acked ${acked.size}, at platform ${platform.applications.size}`);
    }
  })();

  // One identified session per connection (a citizen may file several applications in one visit):
  // after each kill the kiosk reconnects, starts a session, the next preset's card is placed and the
  // live photo taken again. (The simulated reader models real card timing, so a card per submission
  // would make the loop slow without testing more.)
  let client: Client | null = null;
  let preset: 'resident' | 'father' = 'resident';
  let sessions = 0;
  while (sent.size < options.submissions) {
    if (!client || client.closed) {
      client?.close();
      client = null;
      try {
        const c = await Client.open(bridge.url);
        preset = presets[sessions++ % presets.length]!;
        if (!(await c.request({ type: 'session.start' })).ok) throw new Error('session');
        await api(bridge.url, 'DELETE', '/sim/id-card');
        await api(bridge.url, 'POST', '/sim/id-card', { preset });
        if (!(await c.waitEvent('card.inserted', 10_000))) throw new Error('card');
        if (!(await c.request({ type: 'face.verify', frame: fakeJpeg })).ok) throw new Error('face');
        client = c;
        sessionSent = 0;
        submitting = true;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
    }
    const key = crypto.randomUUID();
    sent.set(key, { preset, n: sent.size });
    sessionSent += 1;
    const reply = await client.request({ type: 'submit', idempotencyKey: key, bundle: 'newborn', items: newbornItems, values: valuesFor(preset), delivery: { method: 'pickup' } });
    if (reply.ok) acked.set(key, reply.result.acceptanceNumber);
    else if (!['connection-closed', 'timeout'].includes(reply.error?.code)) log(`submit refused: ${JSON.stringify(reply.error)}`);
  }
  stopKiller = true;
  await killer;
  client?.close();
  platform.faults = { error500: 0, hang: 0, loseAck: 0, slowMs: 0, down: false };

  // Let the last bridge drain the backlog.
  const drainStart = Date.now();
  let backlog = -1;
  while (Date.now() - drainStart < 60_000) {
    const h = await api<any>(bridge.url, 'GET', '/healthz').catch(() => null);
    backlog = h?.body.outbox.backlog ?? -1;
    if (backlog === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await bridge.stop();
  process.off('exit', killBridge);
  await platform.close();

  const problems: string[] = [];
  if (backlog !== 0) problems.push(`backlog did not drain: ${backlog}`);
  for (const [key, number] of acked) {
    const got = platform.applications.get(key);
    if (!got) problems.push(`acknowledged ${number} never reached the platform`);
    else if (got.acceptanceNumber !== number) problems.push(`acknowledged ${number} arrived as ${got.acceptanceNumber}`);
  }
  for (const key of platform.applications.keys()) if (!sent.has(key)) problems.push(`platform holds ${key}, never sent`);
  const numbers = [...platform.applications.values()].map((a) => a.acceptanceNumber);
  if (new Set(numbers).size !== numbers.length) problems.push('an acceptance number was given twice');
  // Order per applicant: arrival order follows the outbox sequence (the last 6 digits).
  const byApplicant = new Map<string, { order: number; seq: number }[]>();
  for (const a of platform.applications.values()) {
    const list = byApplicant.get(a.applicantIdNumber) ?? [];
    list.push({ order: a.order, seq: Number(a.acceptanceNumber.slice(-6)) });
    byApplicant.set(a.applicantIdNumber, list);
  }
  for (const [id, list] of byApplicant) {
    const seqs = list.sort((x, y) => x.order - y.order).map((x) => x.seq);
    if (seqs.some((s, i) => i > 0 && s < seqs[i - 1]!)) problems.push(`applicant ${id.slice(-4)}: out of order ${seqs.join(',')}`);
  }
  return {
    sent: sent.size,
    acked: acked.size,
    kills,
    restarts,
    atPlatform: platform.applications.size,
    committedButUnacked: [...platform.applications.keys()].filter((k) => !acked.has(k)).length,
    platformAttempts: platform.attempts,
    duplicateAcks: platform.duplicates,
    contractViolations: platform.contractViolations,
    problems,
    elapsedMs: Date.now() - started,
  };
}
