/**
 * Area `outbox`: the durable outbox's cost and throughput.
 * - outbox.submit_p50_ms / p95: a submission through the bridge's WebSocket, from the kiosk's
 *   request to the bridge's acknowledgement — re-composition, validation, and the durable commit
 *   (SQLite WAL, synchronous=FULL, AES-256-GCM) that must happen before the reply.
 * - outbox.commit_p50_ms / p95: the commit alone (Outbox.enqueue with its fsync).
 * - outbox.drain_per_s: a backlog of 1,000 entries delivered by the worker through the http adapter
 *   to the local contract-enforcing test server, after the platform comes back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { createBridge } from '../../device-bridge/src/bridge';
import { loadTerminalConfig } from '../../device-bridge/src/config';
import { createLogger } from '../../device-bridge/src/log';
import { DeliveryWorker } from '../../device-bridge/src/outbox/delivery';
import { Outbox } from '../../device-bridge/src/outbox/outbox';
import { HttpPlatform } from '../../device-bridge/src/platform/http-platform';
import type { PlatformSubmission } from '../../device-bridge/src/platform/platform';
import { root } from '../support/bridge-process';
import { PlatformServer } from '../support/platform-server';
import { percentile, round, type BenchModule, type Figure } from './figures';
import { kioskSocket } from '../support/kiosk-socket';

const silent = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const newbornItems = ['440000-WJ-0101', '440000-WJ-0102', '440000-GA-0201', '440000-YB-0301', '440000-RS-0401'];
const citizenValues = { 'child.name': '张小满', 'applicant.relation': 'mother', 'household.registerWith': 'mother' };
const fakeJpeg = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]).toString('base64')}`;

async function submitLatency(n: number): Promise<number[]> {
  const platform = new PlatformServer();
  const url = await platform.start();
  const loaded = await loadTerminalConfig(resolve(root, 'config/terminal.json'), { KIOSK_PORT: '0', KIOSK_PLATFORM_URL: url });
  if (!loaded.ok) throw new Error(loaded.error.message);
  const bridge = await createBridge({ config: loaded.value, logger: silent, dataDir: mkdtempSync(join(tmpdir(), 'bench-outbox-')) });
  const ws = kioskSocket(bridge.url, bridge.linkSecret);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const waiting = new Map<number, (m: any) => void>();
  const events: any[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    if (m.type === 'reply') waiting.get(m.id)?.(m);
    else events.push(m);
  });
  let id = 1;
  const request = (body: Record<string, unknown>) =>
    new Promise<any>((res) => {
      const i = id++;
      waiting.set(i, res);
      ws.send(JSON.stringify({ ...body, id: i }));
    });
  const samples: number[] = [];
  await request({ type: 'session.start' });
  bridge.devices.sim.idcard!.place((await import('../../device-bridge/src/devices/idcard/presets')).identityPresets.resident);
  while (!events.some((e) => e.type === 'card.inserted')) await new Promise((r) => setTimeout(r, 5));
  await request({ type: 'face.verify', frame: fakeJpeg });
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const reply = await request({ type: 'submit', idempotencyKey: crypto.randomUUID(), bundle: 'newborn', items: newbornItems, values: citizenValues, delivery: { method: 'pickup' } });
    samples.push(performance.now() - t0);
    if (!reply.ok) throw new Error(`submit failed: ${JSON.stringify(reply.error)}`);
  }
  await bridge.worker.drained(60_000);
  if (platform.applications.size !== n) throw new Error(`platform has ${platform.applications.size} of ${n}`);
  ws.close();
  await bridge.close();
  await platform.close();
  return samples;
}

function submission(i: number): PlatformSubmission {
  return {
    idempotencyKey: crypto.randomUUID(),
    acceptanceNumber: `SL20261201B001${String(i).padStart(6, '0')}`,
    terminalId: 'BENCH-1',
    bundle: 'newborn',
    bundleName: { zh: '新生儿出生一件事', en: 'Newborn' },
    items: [{ code: 'X-1', name: { zh: '事项', en: 'Item' }, department: { zh: '卫健委', en: 'Health' }, dueDate: '2026-12-03', instant: false }],
    promisedDate: '2026-12-03',
    applicantIdNumber: `1201011990010${String(i % 1000).padStart(4, '0')}1`,
    applicantName: '测试',
    values: { 'child.name': '张小满', 'contact.phone': '13800000000' },
    delivery: { method: 'pickup' },
    commitment: null,
    submittedAt: new Date().toISOString(),
  };
}

async function commitAndDrain(n: number): Promise<{ commits: number[]; drainMs: number; concurrency: number }[]> {
  const out: { commits: number[]; drainMs: number; concurrency: number }[] = [];
  for (const concurrency of [1, 4]) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-drain-'));
    const outbox = new Outbox({ file: join(dir, 'outbox.sqlite'), keyFile: join(dir, 'outbox.key'), retentionMs: 3_600_000, minFreeBytes: 0 });
    const commits: number[] = [];
    for (let i = 1; i <= n; i++) {
      const t0 = performance.now();
      const r = outbox.enqueue({ key: crypto.randomUUID(), applicantIdNumber: `1201011990010${String(i % 1000).padStart(4, '0')}1`, build: (seq) => ({ reference: `SL${seq}`, payload: { kind: 'submission', submission: submission(seq) } }) });
      commits.push(performance.now() - t0);
      if (!r.ok) throw new Error(r.error.message);
    }
    // The platform was unreachable while these piled up; now it is back.
    const platform = new PlatformServer();
    const url = await platform.start();
    const worker = new DeliveryWorker(outbox, new HttpPlatform({ baseUrl: url, timeoutMs: 5000, retries: 2, terminalId: 'BENCH-1' }), silent, { retry: { baseMs: 50, maxMs: 1000 }, concurrency });
    const t0 = performance.now();
    worker.start();
    await worker.drained(300_000);
    const drainMs = performance.now() - t0;
    worker.stop();
    if (platform.applications.size !== n || platform.contractViolations.length) throw new Error(`drained ${platform.applications.size}/${n}, violations ${platform.contractViolations.length}`);
    await platform.close();
    outbox.close();
    out.push({ commits, drainMs, concurrency });
  }
  return out;
}

export const outboxBench: BenchModule = {
  area: 'outbox',
  async run(): Promise<Figure[]> {
    const submits = await submitLatency(200);
    const runs = await commitAndDrain(1000);
    const commits = runs.flatMap((r) => r.commits);
    const seq = runs.find((r) => r.concurrency === 1)!;
    const par = runs.find((r) => r.concurrency === 4)!;
    return [
      { name: 'outbox.submit_p50_ms', value: round(percentile(submits, 50)), unit: 'ms', note: '200 submissions over the WebSocket: request → acknowledgement, durable commit included' },
      { name: 'outbox.submit_p95_ms', value: round(percentile(submits, 95)), unit: 'ms', budget: 100 },
      { name: 'outbox.commit_p50_ms', value: round(percentile(commits, 50), 2), unit: 'ms', note: 'Outbox.enqueue alone: one WAL transaction with synchronous=FULL and AES-256-GCM' },
      { name: 'outbox.commit_p95_ms', value: round(percentile(commits, 95), 2), unit: 'ms' },
      { name: 'outbox.drain_per_s', value: round((1000 / seq.drainMs) * 1000), unit: '/s', better: 'higher', budget: 50, note: `1,000-entry backlog to the local test server over HTTP, one at a time (as configured); with 4 at once: ${round((1000 / par.drainMs) * 1000)}/s` },
    ];
  },
};
