/** The embedded back office on a real SQLite file: stages by time rules and by staff, 秒批, e-ID codes. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identityPresets } from '../devices/idcard/presets';
import { LocalPlatform, verificationCode } from './local-platform';
import type { PlatformSubmission } from './platform';

const mother = identityPresets.resident;

function make(now: { t: number }, stages = { acceptAfterS: 60, reviewAfterS: 600, doneAfterS: 3600 }) {
  const d = mkdtempSync(join(tmpdir(), 'backoffice-'));
  return { d, p: new LocalPlatform({ file: join(d, 'backoffice.sqlite'), keyFile: join(d, 'backoffice.key'), stages, now: () => now.t }) };
}

const sub = (n: string, method: 'pickup' | 'mail' = 'pickup'): PlatformSubmission => ({
  idempotencyKey: crypto.randomUUID(),
  acceptanceNumber: n,
  terminalId: 'T-001',
  bundle: 'newborn',
  bundleName: { zh: '新生儿出生一件事', en: 'Newborn' },
  items: [
    { code: 'A', name: { zh: '出生登记', en: 'Birth' }, department: { zh: '公安局', en: 'Police' }, dueDate: '2026-12-03', instant: false },
    { code: 'B', name: { zh: '预防接种电子档案申领', en: 'Vaccination' }, department: { zh: '卫健委', en: 'Health' }, dueDate: '2026-12-01', instant: true },
  ],
  promisedDate: '2026-12-03',
  applicantIdNumber: mother.idNumber,
  applicantName: mother.name,
  values: { 'contact.phone': '13812345678' },
  delivery: method === 'mail' ? { method: 'mail', address: '天津市和平区南京路128号' } : { method: 'pickup' },
  commitment: null,
  submittedAt: new Date(0).toISOString(),
});

describe('local back office', () => {
  it('moves items by the time rules; 秒批 items are decided at once with a printable result', async () => {
    const now = { t: 1_000_000 };
    const { p } = make(now);
    await p.submit(sub('SL20261201T001000001', 'mail'));
    const stageOf = async (code: string) => {
      const r = await p.status({ acceptanceNumber: 'SL20261201T001000001' });
      return r.ok ? r.value[0]!.items.find((i) => i.code === code)!.stage : null;
    };
    expect(await stageOf('A')).toBe('已提交');
    expect(await stageOf('B')).toBe('已办结');
    now.t += 60_000;
    expect(await stageOf('A')).toBe('已受理');
    now.t += 600_000;
    expect(await stageOf('A')).toBe('审查中');
    now.t += 2_950_000;
    expect(await stageOf('A')).toBe('已办结');
    now.t += 60_000;
    expect(await stageOf('A')).toBe('已邮寄');
    const results = await p.results('SL20261201T001000001', mother.idNumber);
    expect(results.ok && results.value.map((r) => r.itemCode)).toEqual(['B']);
    expect(results.ok && results.value[0]!.verificationCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(results.ok && results.value[0]!.lines.join()).not.toContain(mother.idNumber);
    // Results are for the applicant only.
    expect(await p.results('SL20261201T001000001', identityPresets.father.idNumber)).toMatchObject({ ok: false, error: { kind: 'rejected' } });
  });

  it('finds applications by applicant, keeps a key once, and staff moves need a reason for 需补正/不予受理', async () => {
    const now = { t: 1_000_000 };
    const { p } = make(now);
    const s = sub('SL20261201T001000002');
    await p.submit(s);
    await p.submit(s);
    expect(p.received()).toEqual([{ acceptanceNumber: s.acceptanceNumber, idempotencyKey: s.idempotencyKey, deliveries: 2 }]);
    const mine = await p.status({ applicantIdNumber: mother.idNumber });
    expect(mine.ok && mine.value.map((a) => a.acceptanceNumber)).toEqual([s.acceptanceNumber]);
    expect(p.move(s.acceptanceNumber, 'A', '需补正', '')).toEqual({ ok: false, error: '需补正 and 不予受理 need a reason' });
    expect(p.move(s.acceptanceNumber, 'A', '需补正', '出生医学证明照片不清晰')).toEqual({ ok: true, value: 1 });
    now.t += 10_000_000; // time rules no longer touch an item staff have moved
    const r = await p.status({ acceptanceNumber: s.acceptanceNumber });
    expect(r.ok && r.value[0]!.items[0]).toMatchObject({ stage: '需补正', reason: '出生医学证明照片不清晰' });
    expect(p.hallApplications()[0]!.applicantMasked).toBe('王* 120101********0026');
  });

  it('e-ID QR codes are one-time and expire', async () => {
    const now = { t: 1_000_000 };
    const { p } = make(now);
    const code = p.issueEidCode('resident');
    expect(code).toMatch(/^EID1:/);
    const first = await p.resolveQrIdentity(code);
    expect(first.ok && first.value.idNumber).toBe(mother.idNumber);
    expect(await p.resolveQrIdentity(code)).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    const late = p.issueEidCode('father');
    now.t += 11 * 60_000;
    expect(await p.resolveQrIdentity(late)).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    expect(await p.resolveQrIdentity('EID1:forged-forged')).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('keeps name, ID number and form values sealed in its file', async () => {
    const { p, d } = make({ t: 1 });
    await p.submit(sub('SL20261201T001000003', 'mail'));
    p.close();
    for (const f of readdirSync(d).filter((x) => x.startsWith('backoffice.sqlite'))) {
      const bytes = readFileSync(join(d, f));
      for (const needle of [mother.idNumber, mother.name, '13812345678', '南京路']) expect(bytes.includes(Buffer.from(needle))).toBe(false);
    }
  });

  it('verification codes are random', () => {
    expect(new Set(Array.from({ length: 100 }, verificationCode)).size).toBe(100);
  });
});
