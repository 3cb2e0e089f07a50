/**
 * The http adapter against a real local HTTP server that enforces the API contract and injects
 * faults (test/support/platform-server.ts): 500s, answers that never come, slow answers, lost
 * acknowledgements (duplicate acks on retry), a platform that is down, answers off contract.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformServer } from '../../../test/support/platform-server';
import { seededRandom } from '../../../test/support/seeded-random';
import { HttpPlatform } from './http-platform';
import type { PlatformSubmission } from './platform';

const submission = (n = 1): PlatformSubmission => ({
  idempotencyKey: crypto.randomUUID(),
  acceptanceNumber: `SL20261201T001${String(n).padStart(6, '0')}`,
  terminalId: 'T-001',
  bundle: 'newborn',
  bundleName: { zh: '新生儿出生一件事', en: 'Newborn' },
  items: [{ code: 'X-1', name: { zh: '事项', en: 'Item' }, department: { zh: '卫健委', en: 'Health' }, dueDate: '2026-12-03', instant: false }],
  promisedDate: '2026-12-03',
  applicantIdNumber: '120101199203150026',
  applicantName: '王芳',
  values: { 'child.name': '张小满' },
  delivery: { method: 'pickup' },
  commitment: null,
  submittedAt: new Date().toISOString(),
});

let server: PlatformServer;
let seq = 0;
async function setup(faults: Partial<PlatformServer['faults']> = {}, opts: { timeoutMs?: number; retries?: number; seed?: number } = {}) {
  server = new PlatformServer(opts.seed === undefined ? undefined : seededRandom(opts.seed));
  Object.assign(server.faults, faults);
  const url = await server.start();
  return new HttpPlatform({ baseUrl: url, timeoutMs: opts.timeoutMs ?? 500, retries: opts.retries ?? 2, terminalId: 'T-001', retryDelayMs: 10 });
}
afterEach(async () => {
  await server?.close();
});

describe('http platform adapter', () => {
  it('submits within the contract, and the same key twice is one application', async () => {
    const p = await setup();
    const s = submission(++seq);
    expect(await p.submit(s)).toEqual({ ok: true, value: { acceptanceNumber: s.acceptanceNumber } });
    expect(await p.submit(s)).toEqual({ ok: true, value: { acceptanceNumber: s.acceptanceNumber } });
    expect(server.applications.size).toBe(1);
    expect(server.duplicates).toBe(1);
    expect(server.contractViolations).toEqual([]);
  });

  it('sends material photos as base64 JPEG within the contract', async () => {
    const p = await setup();
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    const s = { ...submission(++seq), attachments: [{ material: 'household-register', jpeg }] };
    expect((await p.submit(s)).ok).toBe(true);
    expect(server.contractViolations).toEqual([]);
    expect(server.applications.get(s.idempotencyKey)!.body.attachments).toEqual([{ material: 'household-register', jpegBase64: Buffer.from(jpeg).toString('base64') }]);
  });

  it('retries a 500 and gets through; a platform that keeps failing is unavailable', async () => {
    let p = await setup({ error500: 1 });
    expect(await p.submit(submission(++seq))).toMatchObject({ ok: false, error: { kind: 'unavailable', message: 'HTTP 500' } });
    expect(server.attempts).toBe(3);
    expect(server.applications.size).toBe(0);
    await server.close();
    // Half the requests fail, in a fixed pseudo-random order: with Math.random a long run of 500s
    // meant backoff up to 10·2⁹ ms and, once in a while, a test over its time limit.
    p = await setup({ error500: 0.5 }, { retries: 10, seed: 7 });
    for (let i = 0; i < 5; i++) expect((await p.submit(submission(++seq))).ok).toBe(true);
    expect(server.applications.size).toBe(5);
    expect(server.attempts).toBeGreaterThan(5); // some 500s were retried
  });

  it('gives up on an answer that never comes after its timeout', async () => {
    const p = await setup({ hang: 1 }, { timeoutMs: 200, retries: 1 });
    const t0 = Date.now();
    const r = await p.submit(submission(++seq));
    expect(r).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(r.ok === false && r.error.message).toContain('no answer within 200 ms');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
  });

  it('a slow answer within the timeout is fine; beyond it, unavailable', async () => {
    let p = await setup({ slowMs: 100 }, { timeoutMs: 1000 });
    expect((await p.submit(submission(++seq))).ok).toBe(true);
    await server.close();
    p = await setup({ slowMs: 400 }, { timeoutMs: 150, retries: 0 });
    expect(await p.submit(submission(++seq))).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });

  it('a lost acknowledgement is retried with the same key: a duplicate ack, still one application', async () => {
    const p = await setup({ loseAck: 1 });
    const s = submission(++seq);
    // Every first answer is lost after the commit; the retry hits the stored application.
    expect(await p.submit(s)).toEqual({ ok: true, value: { acceptanceNumber: s.acceptanceNumber } });
    expect(server.applications.size).toBe(1);
    expect(server.duplicates).toBe(1);
  });

  it('4xx answers are final: rejected and not-found are not retried', async () => {
    const p = await setup();
    const s = submission(++seq);
    await p.submit(s);
    const other = { ...submission(seq), idempotencyKey: crypto.randomUUID() };
    expect(await p.submit(other)).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    expect(await p.status({ acceptanceNumber: 'SL00000000X000000' })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(await p.resolveQrIdentity('EID1:nope-nope-nope')).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('reads status by number and by applicant (ID number in the body, never in the URL), rates, resolves e-ID', async () => {
    const p = await setup();
    const s = submission(++seq);
    await p.submit(s);
    const byNumber = await p.status({ acceptanceNumber: s.acceptanceNumber });
    expect(byNumber.ok && byNumber.value[0]!.items[0]!.stage).toBe('已受理');
    const byApplicant = await p.status({ applicantIdNumber: s.applicantIdNumber });
    expect(byApplicant.ok && byApplicant.value.map((a) => a.acceptanceNumber)).toEqual([s.acceptanceNumber]);
    expect(await p.rate({ idempotencyKey: crypto.randomUUID(), acceptanceNumber: s.acceptanceNumber, terminalId: 'T-001', level: 5, reasons: [], comment: '', ratedAt: new Date().toISOString() })).toEqual({ ok: true, value: undefined });
    const id = await p.resolveQrIdentity('EID1:test-known-code');
    expect(id.ok && id.value.name).toBe('测试');
    expect((await p.lookupKnownData('120101199203150026')).eLicences).toContain('结婚证');
    expect(server.contractViolations).toEqual([]);
  });

  it('an answer off contract is not taken as success', async () => {
    const bad = createServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: 'yes' }));
    });
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r));
    const p = new HttpPlatform({ baseUrl: `http://127.0.0.1:${(bad.address() as AddressInfo).port}/`, timeoutMs: 500, retries: 0, terminalId: 'T' });
    const r = await p.submit(submission(++seq));
    expect(r).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(r.ok === false && r.error.message).toContain('off contract');
    bad.close();
  });

  it('a platform that is down (503) is unavailable; the outbox waits', async () => {
    const p = await setup({ down: true }, { retries: 0 });
    expect(await p.submit(submission(++seq))).toMatchObject({ ok: false, error: { kind: 'unavailable', message: 'HTTP 503' } });
  });
});
