/**
 * The outbox on real SQLite files: durability across reopen, encryption at rest (the bytes of the
 * database, WAL included, hold no ID number, name or phone), order per applicant, backoff with
 * jitter, exactly-once by key, purge, and the faults that stop submission (a real full tmpfs when
 * this runs as root and mount works; otherwise the free-space seam, said so in the test's name).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ok, err } from '../../../core/result';
import { createLogger } from '../log';
import type { Platform, PlatformSubmission } from '../platform/platform';
import { backoffDelay, DeliveryWorker } from './delivery';
import { Outbox } from './outbox';

const logger = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const ID_A = '120101199203150026';
const ID_B = '120101199005204513';
const NAME = '王芳';
const PHONE = '13812345678';

function submission(key: string, idNumber: string, n: string): PlatformSubmission {
  return {
    idempotencyKey: key,
    acceptanceNumber: n,
    terminalId: 'T-001',
    bundle: 'newborn',
    bundleName: { zh: '新生儿出生一件事', en: 'Newborn' },
    items: [{ code: 'X-1', name: { zh: '事项', en: 'Item' }, department: { zh: '卫健委', en: 'Health' }, dueDate: '2026-12-03', instant: false }],
    promisedDate: '2026-12-03',
    applicantIdNumber: idNumber,
    applicantName: NAME,
    values: { 'contact.phone': PHONE, 'child.name': '张小满' },
    delivery: { method: 'mail', address: '天津市和平区南京路128号3门501' },
    submittedAt: new Date().toISOString(),
  };
}

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'outbox-test-'));
}

function open(d: string, extra: Partial<ConstructorParameters<typeof Outbox>[0]> = {}) {
  return new Outbox({ file: join(d, 'outbox.sqlite'), keyFile: join(d, 'outbox.key'), retentionMs: 60_000, minFreeBytes: 0, ...extra });
}

function put(o: Outbox, key: string, idNumber: string) {
  return o.enqueue({ key, applicantIdNumber: idNumber, build: (seq) => ({ reference: `SL${seq}`, payload: { kind: 'submission', submission: submission(key, idNumber, `SL${seq}`) } }) });
}

/** A platform double that records what it receives (the real ones are tested in platform/). */
class RecordingPlatform implements Platform {
  readonly name = 'recording';
  received: string[] = [];
  down = false;
  async submit(s: PlatformSubmission) {
    if (this.down) return err({ kind: 'unavailable' as const, message: 'down' });
    this.received.push(s.idempotencyKey);
    return ok({ acceptanceNumber: s.acceptanceNumber });
  }
  async rate() {
    return ok(undefined);
  }
  async status() {
    return ok([]);
  }
  async results() {
    return ok([]);
  }
  async lookupKnownData() {
    return { shared: {}, eLicences: [] };
  }
  async resolveQrIdentity() {
    return err({ kind: 'not-found' as const, message: 'none' });
  }
  async helpCall() {
    return ok({ callId: '1' });
  }
  async helpCallState() {
    return ok('open' as const);
  }
  async withdrawHelpCall() {
    return ok('withdrawn' as const);
  }
}

describe('outbox', () => {
  it('commits durably, survives reopen, and a repeated key returns the first entry', () => {
    const d = dir();
    const o = open(d);
    const first = put(o, 'k1', ID_A);
    expect(first).toMatchObject({ ok: true, value: { seq: 1, reference: 'SL1', duplicate: false } });
    expect(put(o, 'k1', ID_A)).toMatchObject({ ok: true, value: { seq: 1, duplicate: true } });
    o.close();
    const again = open(d);
    expect(again.status().backlog).toBe(1);
    const entry = again.get('k1')!;
    expect(entry.payload.kind === 'submission' && entry.payload.submission.applicantIdNumber).toBe(ID_A);
    expect(again.db_pragmas()).toEqual({ journal_mode: 'wal', synchronous: 2 });
    again.close();
  });

  it('keeps material photos (bytes) sealed and gives them back as bytes', () => {
    const d = dir();
    const o = open(d);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('PHOTO-OF-HUKOU-PAGE-0001'), 0xff, 0xd9]);
    const s = { ...submission('ph1', ID_A, 'SL1'), attachments: [{ material: 'household-register', jpeg }] };
    o.enqueue({ key: 'ph1', applicantIdNumber: ID_A, build: () => ({ reference: 'SL1', payload: { kind: 'submission', submission: s } }) });
    const back = o.get('ph1')!.payload;
    expect(back.kind === 'submission' && back.submission.attachments![0]!.jpeg).toEqual(jpeg);
    expect(back.kind === 'submission' && back.submission.attachments![0]!.jpeg).toBeInstanceOf(Uint8Array);
    for (const f of readdirSync(d).filter((x) => x.startsWith('outbox.sqlite'))) {
      expect(readFileSync(join(d, f)).includes(Buffer.from('PHOTO-OF-HUKOU-PAGE'))).toBe(false);
    }
  });

  it('creates the key file 0600 and refuses one that others can read', () => {
    const d = dir();
    open(d).close();
    expect(statSync(join(d, 'outbox.key')).mode & 0o777).toBe(0o600);
    const d2 = dir();
    writeFileSync(join(d2, 'outbox.key'), 'ab'.repeat(32), { mode: 0o644 });
    const o = open(d2);
    expect(o.status()).toMatchObject({ available: false, fault: 'key' });
  });

  it('holds no ID number, name, phone or address in plain text anywhere in its files', () => {
    const d = dir();
    const o = open(d);
    for (let i = 0; i < 20; i++) put(o, `k${i}`, i % 2 ? ID_A : ID_B);
    const needles = [ID_A, ID_B, NAME, PHONE, '南京路', '张小满'];
    const scan = (open: boolean) => {
      const files = readdirSync(d).filter((f) => f.startsWith('outbox.sqlite'));
      // While open, the recent commits sit in the WAL file: scan it too.
      if (open) expect(files).toContain('outbox.sqlite-wal');
      for (const f of files) {
        const bytes = readFileSync(join(d, f));
        for (const needle of needles) {
          expect(bytes.includes(Buffer.from(needle, 'utf8')), `${needle} in ${f}`).toBe(false);
          expect(bytes.includes(Buffer.from(needle, 'utf16le')), `${needle} (utf16) in ${f}`).toBe(false);
        }
      }
    };
    scan(true);
    o.close();
    scan(false);
  });

  it('delivers in order per applicant; one applicant waiting does not block another', async () => {
    const d = dir();
    let now = 1_000_000;
    const o = open(d, { now: () => now });
    put(o, 'a1', ID_A);
    put(o, 'a2', ID_A);
    put(o, 'b1', ID_B);
    // Only the head of each applicant's queue is due.
    expect(o.due().map((e) => e.key)).toEqual(['a1', 'b1']);
    o.markRetry(o.get('a1')!.seq, now + 5000, 'unavailable: down');
    expect(o.due().map((e) => e.key)).toEqual(['b1']);
    o.markDelivered(o.get('b1')!.seq);
    expect(o.due()).toEqual([]);
    now += 5000;
    expect(o.due().map((e) => e.key)).toEqual(['a1']);
    o.markDelivered(o.get('a1')!.seq);
    expect(o.due().map((e) => e.key)).toEqual(['a2']);
  });

  it('a rating linked to an application waits behind it, even when nobody is identified', () => {
    const d = dir();
    const o = open(d);
    put(o, 'app1', ID_A);
    o.enqueue({
      key: 'rate1',
      applicantIdNumber: null,
      after: 'SL1',
      build: () => ({ reference: 'SL1', payload: { kind: 'rating', rating: { idempotencyKey: 'rate1', acceptanceNumber: 'SL1', terminalId: 'T', level: 5, reasons: [], comment: '', ratedAt: new Date().toISOString() } } }),
    });
    expect(o.due().map((e) => e.key)).toEqual(['app1']);
    o.markDelivered(o.get('app1')!.seq);
    expect(o.due().map((e) => e.key)).toEqual(['rate1']);
  });

  it('backs off exponentially with jitter, capped', () => {
    const policy = { baseMs: 1000, maxMs: 30_000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 1)).toBe(4000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(3000);
    expect(backoffDelay(20, policy, () => 1)).toBe(30_000);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(4, policy)));
    expect(spread.size).toBeGreaterThan(10);
    for (const v of spread) {
      expect(v).toBeGreaterThanOrEqual(4000);
      expect(v).toBeLessThanOrEqual(8000);
    }
  });

  it('a kick never delivers in the caller\'s turn: the citizen\'s reply goes out before the platform is called', async () => {
    const o = open(dir());
    const platform = new RecordingPlatform();
    const worker = new DeliveryWorker(o, platform, logger, { retry: { baseMs: 20, maxMs: 80 } });
    worker.start();
    await worker.drained(10_000);
    put(o, 'now', ID_A);
    worker.kick();
    expect(platform.received).toEqual([]); // nothing ran synchronously, nor in this turn's microtasks
    await Promise.resolve();
    expect(platform.received).toEqual([]);
    await worker.drained(10_000);
    worker.stop();
    expect(platform.received).toEqual(['now']);
  });

  it('the worker drains the backlog after the platform comes back, in order, with no duplicates', async () => {
    const d = dir();
    const o = open(d);
    const platform = new RecordingPlatform();
    platform.down = true;
    const worker = new DeliveryWorker(o, platform, logger, { retry: { baseMs: 20, maxMs: 80 } });
    worker.start();
    const keys = Array.from({ length: 30 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    keys.forEach((k, i) => put(o, k, i % 3 === 0 ? ID_A : ID_B));
    worker.kick();
    await new Promise((r) => setTimeout(r, 200));
    expect(platform.received).toEqual([]);
    expect(o.status().backlog).toBe(30);
    expect(o.status().lastError).toContain('unavailable');
    platform.down = false;
    await worker.drained(10_000);
    worker.stop();
    expect(new Set(platform.received).size).toBe(30);
    expect(platform.received.length).toBe(30);
    const order = (id: string) => keys.filter((_, i) => (i % 3 === 0 ? ID_A : ID_B) === id);
    expect(platform.received.filter((k) => order(ID_A).includes(k))).toEqual(order(ID_A));
    expect(platform.received.filter((k) => order(ID_B).includes(k))).toEqual(order(ID_B));
  });

  it('resumes after a restart: a new worker on the reopened file delivers what was left', async () => {
    const d = dir();
    const o = open(d);
    put(o, 'r1', ID_A);
    put(o, 'r2', ID_B);
    o.close();
    const o2 = open(d);
    const platform = new RecordingPlatform();
    const worker = new DeliveryWorker(o2, platform, logger, { retry: { baseMs: 20, maxMs: 80 } });
    worker.start();
    await worker.drained();
    worker.stop();
    expect(platform.received.sort()).toEqual(['r1', 'r2']);
  });

  it('entries sealed with another key are set aside and reported, never dropped, and go out once the key is back', async () => {
    const d = dir();
    const o = open(d);
    put(o, 'old1', ID_A);
    o.close();
    const original = readFileSync(join(d, 'outbox.key'));
    writeFileSync(join(d, 'outbox.key'), 'cd'.repeat(32) + '\n', { mode: 0o600 });
    const o2 = open(d);
    put(o2, 'new1', ID_B);
    // The same citizen again: under the new key her tag differs, so the terminal cannot tell (order per
    // applicant holds within one key; replacing the key is an operator error that /healthz reports).
    put(o2, 'old1-later', ID_A);
    const platform = new RecordingPlatform();
    const worker = new DeliveryWorker(o2, platform, logger, { retry: { baseMs: 20, maxMs: 80 } });
    worker.start();
    await worker.drained();
    worker.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(platform.received).toEqual(['new1', 'old1-later']);
    expect(o2.status()).toMatchObject({ backlog: 1, unreadable: 1, available: true });
    o2.close();
    writeFileSync(join(d, 'outbox.key'), original, { mode: 0o600 });
    const o3 = open(d);
    const w3 = new DeliveryWorker(o3, platform, logger, { retry: { baseMs: 20, maxMs: 80 } });
    w3.start();
    await w3.drained();
    w3.stop();
    expect(platform.received).toEqual(['new1', 'old1-later', 'old1']);
    expect(o3.status()).toMatchObject({ backlog: 0, unreadable: 0 });
  });

  it('purges delivered entries after the retention window and zeroes them on disk', () => {
    const d = dir();
    let now = 5_000_000;
    const o = open(d, { now: () => now, retentionMs: 1000 });
    put(o, 'p1', ID_A);
    const tag = o.get('p1')!.applicant;
    o.markDelivered(o.get('p1')!.seq);
    expect(o.purge()).toBe(0);
    now += 1000;
    expect(o.purge()).toBe(1);
    expect(o.get('p1')).toBeNull();
    const bytes = Buffer.concat(readdirSync(d).filter((f) => f.startsWith('outbox.sqlite')).map((f) => readFileSync(join(d, f))));
    // Nothing left that links to the citizen: neither the key, nor the applicant tag, nor the number.
    expect(bytes.includes(Buffer.from('p1'))).toBe(false);
    expect(bytes.includes(Buffer.from(tag))).toBe(false);
    expect(bytes.includes(Buffer.from('SL1'))).toBe(false);
  });

  it('a corrupt database file makes the outbox unavailable, with the reason', () => {
    const d = dir();
    writeFileSync(join(d, 'outbox.sqlite'), Buffer.alloc(8192, 0x5a));
    const o = open(d);
    expect(o.status()).toMatchObject({ available: false, fault: 'corrupt' });
    expect(put(o, 'c1', ID_A)).toMatchObject({ ok: false });
  });

  it('an unwritable directory makes the outbox unavailable (a path below a regular file)', () => {
    const d = dir();
    writeFileSync(join(d, 'not-a-dir'), 'x');
    const o = new Outbox({ file: join(d, 'not-a-dir', 'outbox.sqlite'), keyFile: join(d, 'outbox.key'), retentionMs: 1, minFreeBytes: 0 });
    expect(o.status()).toMatchObject({ available: false, fault: 'unwritable' });
  });

  it('too little free space (free-space seam) refuses new entries and recovers when space returns', () => {
    const d = dir();
    let free = 10 * 1024 * 1024;
    const o = open(d, { minFreeBytes: 50 * 1024 * 1024, freeBytes: () => free });
    expect(put(o, 'f1', ID_A)).toMatchObject({ ok: false, error: { fault: 'disk-full' } });
    expect(o.status()).toMatchObject({ available: false, fault: 'disk-full' });
    free = 100 * 1024 * 1024;
    expect(o.recheck()).toBe(true);
    expect(put(o, 'f1', ID_A).ok).toBe(true);
  });

  const root = process.getuid?.() === 0;
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts) execFileSync('umount', ['-l', m]);
  });
  function tryMount(options: string): string | null {
    if (!root) return null;
    const m = dir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', m], { stdio: 'ignore' });
      mounts.push(m);
      return m;
    } catch {
      return null;
    }
  }

  it('a really full disk (a 1 MiB tmpfs filled up) refuses the entry and says disk-full', (ctx) => {
    const m = tryMount('size=1m');
    if (!m) return ctx.skip('needs root and mount(8) for a real tmpfs; the free-space seam test above covers the logic');
    const o = open(m);
    expect(put(o, 'before', ID_A).ok).toBe(true);
    // Fill the file system, then try to commit a submission.
    try {
      writeFileSync(join(m, 'filler'), Buffer.alloc(2 * 1024 * 1024));
    } catch {
      // ENOSPC: the disk is now full
    }
    const results = Array.from({ length: 50 }, (_, i) => put(o, `full${i}`, ID_A));
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, error: { fault: 'disk-full' } });
    expect(o.status()).toMatchObject({ available: false, fault: 'disk-full' });
    // What was committed before is still there.
    expect(o.get('before')).not.toBeNull();
  });

  it('a read-only file system (a tmpfs mounted ro) makes the outbox unwritable', (ctx) => {
    const m = tryMount('size=1m,ro');
    if (!m) return ctx.skip('needs root and mount(8); the path-below-a-file test above covers unwritable');
    mkdirSync(join(m), { recursive: true });
    const o = new Outbox({ file: join(m, 'outbox.sqlite'), keyFile: join(dir(), 'outbox.key'), retentionMs: 1, minFreeBytes: 0 });
    expect(o.status()).toMatchObject({ available: false, fault: 'unwritable' });
  });
});
