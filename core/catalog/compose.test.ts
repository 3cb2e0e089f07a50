import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSampleCatalog } from '../../test/support/sample-catalog';
import { WorkingCalendarData } from '../calendar/schema';
import { makeCalendar } from '../calendar/working-days';
import { compose, validateSubmission, type Composition, type KnownApplicant } from './compose';
import type { Catalog } from './schema';

const configDir = new URL('../../config/', import.meta.url);
const cal = makeCalendar(WorkingCalendarData.parse(JSON.parse(readFileSync(new URL('calendar/cn-2025-2026.json', configDir), 'utf8'))));
const catalog: Catalog = loadSampleCatalog();

const NEWBORN = {
  birthCert: '440000-WJ-0101',
  vaccination: '440000-WJ-0102',
  hukou: '440000-GA-0201',
  insurance: '440000-YB-0301',
  ssCard: '440000-RS-0401',
  maternity: '440000-YB-0302',
};
const allNewborn = Object.values(NEWBORN);

const mother: KnownApplicant = {
  card: { name: '林晓梅', sex: '女', idNumber: '11010519491231002X', address: '广东省中山市石岐街道孙文中路1号', birthDate: '1949-12-31' },
  shared: { 'marriage.spouseName': '陈志强' },
  eLicences: ['居民身份证', '结婚证'],
};

function composed(bundle: string, chosen: string[], known: KnownApplicant = mother, today = '2026-11-23', answers: Record<string, string> = {}): Composition {
  const r = compose(catalog, bundle, chosen, known, today, cal, answers);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('compose: newborn with all items', () => {
  const c = composed('newborn', allNewborn);

  it('asks each field once, in first-appearance order, listing the items that need it', () => {
    const keys = c.fields.map((f) => f.field.key);
    expect(new Set(keys).size).toBe(keys.length);
    const expected = [...new Set(c.items.flatMap((i) => i.item.fields))];
    expect(keys).toEqual(expected);
    expect(c.fields.find((f) => f.field.key === 'applicant.name')?.items).toEqual(allNewborn);
    expect(c.fields.find((f) => f.field.key === 'household.registerWith')?.items).toEqual([NEWBORN.hukou]);
  });

  it('pre-fills card fields with source card, shared fields with source shared, and leaves the rest to the citizen', () => {
    const f = (key: string) => c.fields.find((x) => x.field.key === key)!;
    expect(f('applicant.name')).toMatchObject({ source: 'card', value: '林晓梅', editable: false });
    expect(f('applicant.idNumber')).toMatchObject({ source: 'card', value: '11010519491231002X', editable: false });
    expect(f('applicant.address')).toMatchObject({ source: 'card', value: mother.card.address });
    expect(f('spouse.name')).toMatchObject({ source: 'shared', value: '陈志强', editable: true });
    expect(f('applicant.phone')).toMatchObject({ source: 'citizen', value: null, editable: true });
    expect(f('child.name')).toMatchObject({ source: 'citizen', value: null });
  });

  it('orders items so that dependencies come first, in bundle order otherwise', () => {
    const order = c.items.map((i) => i.item.code);
    expect(order).toEqual(allNewborn);
    const bundle = catalog.bundles.find((b) => b.code === 'newborn')!;
    for (const bi of bundle.items) {
      for (const dep of bi.dependsOn) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(bi.item));
    }
  });

  it('lists each material once with the items that need it, merged to the strongest requirement', () => {
    const codes = c.materials.map((m) => m.material.code);
    expect(new Set(codes).size).toBe(codes.length);
    const m = (code: string) => c.materials.find((x) => x.material.code === code)!;
    expect(m('household-register').items).toEqual([NEWBORN.hukou, NEWBORN.insurance, NEWBORN.ssCard]);
    expect(m('parents-id-card').items).toEqual([NEWBORN.birthCert, NEWBORN.hukou]);
    // 非必要 for 0101, 必要 with commitment for 0201: 必要, and no commitment since 0101 does not allow it.
    expect(m('marriage-certificate')).toMatchObject({ necessity: '必要', commitmentAllowed: false });
    expect(m('child-photo').notes).toEqual([{ zh: '未满16周岁可不加载照片', en: 'Optional under 16' }]);
  });

  it('marks the birth certificate 免提交 because item 0101 of this application produces it', () => {
    const cert = c.materials.find((x) => x.material.code === 'birth-medical-certificate')!;
    expect(cert.items).toEqual([NEWBORN.vaccination, NEWBORN.hukou, NEWBORN.insurance]);
    expect(cert.covered).toEqual({ by: 'e-licence', name: '出生医学证明', producedBy: NEWBORN.birthCert });
  });

  it('marks held e-licences 免提交 and tells everything else at once', () => {
    const m = (code: string) => c.materials.find((x) => x.material.code === code)!;
    expect(m('parents-id-card').covered).toEqual({ by: 'e-licence', name: '居民身份证' });
    expect(m('marriage-certificate').covered).toEqual({ by: 'e-licence', name: '结婚证' });
    expect(c.toBring.map((x) => x.material.code)).toEqual(['household-register', 'child-photo', 'maternity-invoices', 'bank-card']);
  });

  it('covers a material from shared data', () => {
    const withBank = composed('newborn', allNewborn, { ...mother, shared: { 'bank.account': '6222020200112233445' } });
    expect(withBank.materials.find((x) => x.material.code === 'bank-card')?.covered).toEqual({ by: 'shared', name: 'bank.account' });
    expect(withBank.fields.find((x) => x.field.key === 'applicant.bankAccount')).toMatchObject({ source: 'shared', value: '6222020200112233445' });
  });

  it('sums fees and lists departments in item order', () => {
    expect(c.feesYuan).toBe(0);
    expect(c.departments).toEqual(['weijian', 'jikong', 'gongan', 'yibao', 'renshe']);
  });
});

describe('compose: due dates', () => {
  it('chains dependent items and runs the others in parallel, never landing on a holiday', () => {
    // Accepted the day before National Day 2026.
    const c = composed('newborn', allNewborn, mother, '2026-09-30');
    const due = Object.fromEntries(c.items.map((i) => [i.item.code, i.dueDate]));
    expect(due).toEqual({
      [NEWBORN.birthCert]: '2026-10-08', // 1 working day after 9/30: the holiday week is skipped
      [NEWBORN.vaccination]: '2026-10-08', // 即办 once the certificate exists
      [NEWBORN.hukou]: '2026-10-12', // 3 after 10/08: 10/09, Sat 10/10 (make-up), Mon 10/12
      [NEWBORN.insurance]: '2026-10-13',
      [NEWBORN.ssCard]: '2026-10-13',
      [NEWBORN.maternity]: '2026-10-20', // 10 from 9/30, in parallel
    });
    expect(c.promisedDate).toBe('2026-10-20');
    expect(c.provisional).toBe(false);
    for (const i of c.items) expect(cal.isWorkingDay(i.dueDate), i.item.code).toBe(true);
  });

  it('never promises a day of the 2026 Spring Festival', () => {
    for (const today of ['2026-02-12', '2026-02-13', '2026-02-14', '2026-02-16']) {
      const c = composed('newborn', allNewborn, mother, today);
      for (const i of c.items) expect(cal.holiday(i.dueDate), `${today} ${i.item.code} → ${i.dueDate}`).toBeNull();
      expect(cal.isWorkingDay(c.promisedDate)).toBe(true);
    }
  });

  it('marks dates that run into an uncovered year as provisional, and their dependants too', () => {
    const c = composed('newborn', [NEWBORN.birthCert, NEWBORN.hukou, NEWBORN.insurance], mother, '2026-12-30');
    expect(c.items.map((i) => [i.dueDate, i.provisional])).toEqual([
      ['2026-12-31', false],
      ['2027-01-05', true],
      ['2027-01-06', true],
    ]);
    expect(c.provisional).toBe(true);
  });
});

describe('compose: refusals', () => {
  it('refuses 户口登记 without 出生医学证明, naming both', () => {
    const r = compose(catalog, 'newborn', [NEWBORN.hukou], mother, '2026-11-23', cal);
    expect(r).toEqual({
      ok: false,
      error: {
        kind: 'dependency-missing',
        item: NEWBORN.hukou,
        dependsOn: NEWBORN.birthCert,
        reason: {
          zh: '办理「出生登记（户口登记）」需要先办理「出生医学证明签发」，请一并选择「出生医学证明签发」。',
          en: '"Birth registration in the household register" needs "Issue of the medical certificate of birth" first; please choose "Issue of the medical certificate of birth" too.',
        },
      },
    });
  });

  it('refuses to leave out a required item', () => {
    const r = compose(catalog, 'newborn', [NEWBORN.maternity], mother, '2026-11-23', cal);
    expect(!r.ok && r.error).toMatchObject({ kind: 'required-item-missing', item: NEWBORN.birthCert });
    expect(!r.ok && r.error.kind === 'required-item-missing' && r.error.reason.zh).toContain('出生医学证明签发');
  });

  it('refuses an unknown bundle, an item of another bundle and an empty choice', () => {
    expect(compose(catalog, 'wedding', [NEWBORN.birthCert], mother, '2026-11-23', cal)).toEqual({ ok: false, error: { kind: 'unknown-bundle' } });
    expect(compose(catalog, 'newborn', [NEWBORN.birthCert, '440000-RS-0501'], mother, '2026-11-23', cal)).toEqual({
      ok: false,
      error: { kind: 'unknown-item', item: '440000-RS-0501' },
    });
    expect(compose(catalog, 'newborn', [], mother, '2026-11-23', cal)).toEqual({ ok: false, error: { kind: 'nothing-chosen' } });
  });

  it('refuses 退休提取公积金 without 个人账户封存', () => {
    const answers = { kind: 'normal', oneChild: 'no', hukouOutside: 'no', providentFund: 'yes' };
    const r = compose(catalog, 'retirement', ['440000-RS-0501', '440000-GJJ-0602'], mother, '2026-11-23', cal, answers);
    expect(!r.ok && r.error).toMatchObject({ kind: 'dependency-missing', item: '440000-GJJ-0602', dependsOn: '440000-GJJ-0601' });
  });
});

describe('compose: the other sample bundles', () => {
  it('enterprise start: the business licence issued by the registration is not asked for again', () => {
    const all = catalog.bundles.find((b) => b.code === 'enterprise-start')!.items.map((bi) => bi.item);
    const c = composed('enterprise-start', all);
    const licence = c.materials.find((m) => m.material.code === 'business-licence')!;
    expect(licence.covered).toEqual({ by: 'e-licence', name: '营业执照', producedBy: '440000-SC-0701' });
    expect(licence.items).toHaveLength(5);
    expect(c.promisedDate).toBe('2026-11-24'); // registration 即办, the rest the next working day
    expect(c.fields.filter((f) => f.field.key.startsWith('enterprise.')).length).toBe(8);
  });

  it('disability services: the new certificate covers the subsidies, and dibao status comes from shared data', () => {
    const chosen = ['440000-CL-0801', '440000-MZ-0802', '440000-MZ-0803'];
    const c = composed('disability-services', chosen, { ...mother, shared: { 'civilAffairs.dibaoHousehold': '440000-2024-001' } }, '2026-11-23', { lowIncome: 'yes', severe: 'yes' });
    const m = (code: string) => c.materials.find((x) => x.material.code === code)!;
    expect(m('disability-certificate').covered).toMatchObject({ producedBy: '440000-CL-0801' });
    expect(m('low-income-proof').covered).toEqual({ by: 'shared', name: 'civilAffairs.dibaoHousehold' });
    expect(c.toBring.map((x) => x.material.code)).toEqual(['household-register', 'applicant-photo']);
    expect(c.items.find((i) => i.item.code === '440000-MZ-0803')?.item.illustrative).toBeTruthy();
  });

  it('does not count on a licence from an item that runs in parallel', () => {
    // Same catalog, but the vaccination record no longer waits for the certificate.
    const parallel: Catalog = {
      ...catalog,
      bundles: catalog.bundles.map((b) =>
        b.code !== 'newborn' ? b : { ...b, items: b.items.map((bi) => (bi.item === NEWBORN.vaccination ? { ...bi, dependsOn: [] } : bi)) },
      ),
    };
    const r = compose(parallel, 'newborn', [NEWBORN.birthCert, NEWBORN.vaccination], mother, '2026-11-23', cal);
    expect(r.ok && r.value.materials.find((x) => x.material.code === 'birth-medical-certificate')?.covered).toBeNull();
  });

  it('reorders an item listed before the item it depends on, and adds up fees', () => {
    const withOrder: Catalog = {
      ...catalog,
      items: catalog.items.map((i) =>
        i.code === NEWBORN.ssCard ? { ...i, fee: { type: 'charged', amountYuan: 20.1, basis: '工本费' } } : i.code === NEWBORN.maternity ? { ...i, fee: { type: 'charged', amountYuan: 0.2, basis: 'x' } } : i,
      ),
      bundles: [
        {
          ...catalog.bundles.find((b) => b.code === 'newborn')!,
          code: 'reordered',
          items: [
            { item: NEWBORN.hukou, optional: true, dependsOn: [NEWBORN.birthCert] },
            { item: NEWBORN.maternity, optional: true, dependsOn: [] },
            { item: NEWBORN.birthCert, optional: false, dependsOn: [] },
            { item: NEWBORN.ssCard, optional: true, dependsOn: [NEWBORN.hukou] },
          ],
        },
      ],
    };
    const r = compose(withOrder, 'reordered', [NEWBORN.ssCard, NEWBORN.hukou, NEWBORN.birthCert, NEWBORN.maternity], mother, '2026-11-23', cal);
    expect(r.ok && r.value.items.map((i) => i.item.code)).toEqual([NEWBORN.maternity, NEWBORN.birthCert, NEWBORN.hukou, NEWBORN.ssCard]);
    expect(r.ok && r.value.feesYuan).toBe(20.3);
  });
});

describe('validateSubmission', () => {
  const c = composed('newborn', allNewborn);
  const good: Record<string, string> = {
    'applicant.relation': 'mother',
    'applicant.phone': '13800138000',
    'applicant.bankAccount': '6222020200112233445',
    'spouse.idNumber': '442000202001010016',
    'child.name': '陈小满',
    'child.sex': '2',
    'child.birthDate': '2026-11-20',
    'child.birthPlace': '中山市博爱医院',
    'household.registerWith': 'father',
  };

  it('accepts a complete submission, taking pre-filled values as given', () => {
    expect(validateSubmission(c, good)).toEqual([]);
  });

  it('catches a bad phone number with the field hint', () => {
    expect(validateSubmission(c, { ...good, 'applicant.phone': '1380013800' })).toEqual([
      { key: 'applicant.phone', message: { zh: '「联系电话」格式不正确：11位手机号码。', en: '"Phone number" is not in the right form: 11-digit mobile number.' } },
    ]);
  });

  it('catches a wrong ID check digit', () => {
    const problems = validateSubmission(c, { ...good, 'spouse.idNumber': '442000202001010018' });
    expect(problems.map((p) => p.key)).toEqual(['spouse.idNumber']);
    expect(problems[0].message.zh).toBe('「配偶公民身份号码」不是有效的公民身份号码，请核对。');
  });

  it('catches missing fields, values outside the options, impossible dates and changed card data, one problem per field', () => {
    const { 'child.name': _omitted, ...withoutName } = good;
    const problems = validateSubmission(c, {
      ...withoutName,
      'applicant.name': '王五',
      'child.sex': '3',
      'child.birthDate': '2026-02-30',
    });
    expect(problems.map((p) => p.key)).toEqual(['applicant.name', 'child.name', 'child.sex', 'child.birthDate']);
    expect(problems[0].message.zh).toContain('不能修改');
  });

  it('checks every field the citizen must type, even where a source could have filled it', () => {
    const noCard = composed('newborn', [NEWBORN.birthCert], { card: {}, shared: {}, eLicences: [] });
    const problems = validateSubmission(noCard, { ...good, 'applicant.name': '林晓梅', 'applicant.idNumber': '11010519491231002X' });
    expect(problems.map((p) => p.key)).toEqual(['spouse.name']);
  });
});
