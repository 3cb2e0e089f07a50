import { describe, expect, it } from 'vitest';
import { loadSampleCalendar, loadSampleCatalog } from '../../test/support/sample-catalog';
import { compose, fieldOriginLabel, noticeLines, oneTimeNotice, validateMaterialChoices, type Composition } from './compose';

const catalog = loadSampleCatalog();
const cal = loadSampleCalendar();
const known = { card: { name: '林晓梅', idNumber: '11010519491231002X' }, shared: {}, eLicences: ['居民身份证'] };

function composed(bundle: string, items: string[], answers: Record<string, string>): Composition {
  const r = compose(catalog, bundle, items, known, '2026-11-23', cal, answers);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('一次性告知 and material choices (second-hand home with a mortgage)', () => {
  const items = ['440000-ZJ-1001', '440000-SW-1002', '440000-BDC-1003', '440000-GD-1004', '440000-RQ-1006'];
  const c = composed('second-hand-home', items, { mortgage: 'yes', gas: 'yes' });

  it('lists each material to bring once, with the items needing it and its 容缺/承诺 options', () => {
    const n = oneTimeNotice(c);
    const codes = n.entries.map((e) => e.material);
    expect(new Set(codes).size).toBe(codes.length);
    // The seller's ID card is an e-licence the applicant holds: 免提交, not on the notice.
    expect(codes).not.toContain('seller-id-card');
    // The tax certificate is produced by an item this application waits for.
    expect(c.materials.find((m) => m.material.code === 'tax-payment-proof')?.covered).toEqual({ by: 'e-licence', name: '完税证明', producedBy: '440000-SW-1002' });
    const contract = n.entries.find((e) => e.material === 'sale-contract')!;
    expect(contract.items.map((i) => i.zh)).toEqual(['存量房买卖合同网签备案', '存量房交易税费申报缴纳', '房屋所有权转移登记（二手房）']);
    expect(codes).toContain('mortgage-cancellation'); // added by the scenario
    const settlement = n.entries.find((e) => e.material === 'utility-settlement')!;
    expect(settlement.options).toEqual(['deferred']);
    expect(n.feesYuan).toBe(80);
    expect(noticeLines(n, 'zh')[0]).toBe('一次性告知：二手房转移登记及水电气网联动过户一件事');
    expect(noticeLines(n, 'zh')).toContain('   可容缺受理，事后补交');
  });

  it('accepts complete choices and refuses a missing required material, a wrong 容缺 or 承诺, and a 免提交 one', () => {
    const all = Object.fromEntries(c.toBring.map((m) => [m.material.code, 'provided' as const]));
    expect(validateMaterialChoices(c, all)).toEqual([]);
    expect(validateMaterialChoices(c, { ...all, 'utility-settlement': 'deferred' })).toEqual([]);
    const problems = validateMaterialChoices(c, { ...all, 'sale-contract': 'commitment', 'property-certificate': 'deferred', 'mortgage-cancellation': 'none', 'seller-id-card': 'provided' });
    expect(problems.map((p) => [p.material, p.message.zh])).toEqual([
      ['seller-id-card', '「卖方居民身份证」已免提交。'],
      ['sale-contract', '「存量房买卖合同」不能以告知承诺代替。'],
      ['property-certificate', '「不动产权证书（房产证）」不适用容缺受理。'],
      ['mortgage-cancellation', '缺少必要材料「抵押权注销登记证明」。'],
    ]);
  });

  it('names the source of every field: 身份证, 共享数据 or 本人填写', () => {
    expect(c.fields.find((f) => f.field.key === 'applicant.name')?.source).toBe('card');
    expect(fieldOriginLabel.card.zh).toBe('身份证');
    expect(fieldOriginLabel.shared.zh).toBe('共享数据');
    expect(fieldOriginLabel.citizen.zh).toBe('本人填写');
  });

  it('runs the utilities in parallel after the registration and sums the fees', () => {
    const due = Object.fromEntries(c.items.map((i) => [i.item.code, i.dueDate]));
    expect(due['440000-BDC-1003']).toBe('2026-11-24');
    expect(due['440000-GD-1004']).toBe('2026-11-24'); // 即办 once registered
    expect(due['440000-RQ-1006']).toBe('2026-11-25');
    expect(c.promisedDate).toBe('2026-11-25');
    expect(c.fees).toEqual([{ item: '440000-BDC-1003', amountYuan: 80, basis: expect.stringContaining('发改价格规〔2016〕2559号') }]);
    expect(c.departments).toEqual(['zhujian', 'shuiwu', 'budongchan', 'gongdian', 'ranqi']);
    expect(c.hallVisits).toBe(1);
  });
});
