/**
 * Every sample bundle composes, for every combination of its scenario answers (enumerated), both
 * with every applicable item chosen and with only what is required; and the catalog is as large
 * and as varied as the issue asks.
 */
import { describe, expect, it } from 'vitest';
import { loadSampleCalendar, loadSampleCatalog } from '../../test/support/sample-catalog';
import { addDays } from '../calendar/iso-date';
import { allAnswerCombinations, applicableItems, compose, questionsOf, type Composition, type KnownApplicant } from './compose';

const catalog = loadSampleCatalog();
const cal = loadSampleCalendar();
const nobody: KnownApplicant = { card: {}, shared: {}, eLicences: [] };
const everything: KnownApplicant = {
  card: { name: '林晓梅', sex: '女', idNumber: '11010519491231002X', address: '广东省中山市石岐街道孙文中路1号', birthDate: '1949-12-31', nation: '汉' },
  shared: { 'contact.phone': '13800138000', 'marriage.spouseName': '陈志强', 'realEstate.ownership': 'yes', 'enterprise.creditCode': '91442000MA0000000X' },
  eLicences: ['居民身份证', '居民户口簿', '结婚证', '营业执照'],
};

/** The smallest choice the bundle accepts: required items and everything they depend on. */
function minimalChoice(bundle: (typeof catalog.bundles)[number], answers: Record<string, string>): string[] {
  const applicable = applicableItems(bundle, answers);
  const chosen = new Set(applicable.filter((bi) => !bi.optional).map((bi) => bi.item));
  if (chosen.size === 0) chosen.add(applicable[0]!.item);
  for (let grew = true; grew; ) {
    grew = false;
    for (const bi of applicable) {
      if (!chosen.has(bi.item)) continue;
      for (const d of bi.dependsOn) if (!chosen.has(d)) (chosen.add(d), (grew = true));
    }
  }
  return [...chosen];
}

function check(c: Composition) {
  const keys = c.fields.map((f) => f.field.key);
  expect(new Set(keys).size).toBe(keys.length);
  const codes = c.materials.map((m) => m.material.code);
  expect(new Set(codes).size).toBe(codes.length);
  // Every field of every item, except a value an item of this application creates (issuedBy).
  const issuedHere = (key: string) => catalog.fields.find((f) => f.key === key)?.issuedBy?.some((code) => c.items.some((i) => i.item.code === code)) ?? false;
  for (const { item } of c.items) for (const key of item.fields) if (!issuedHere(key)) expect(keys).toContain(key);
  const order = c.items.map((i) => i.item.code);
  const applicable = applicableItems(c.bundle, c.answers);
  for (const code of order) {
    for (const dep of applicable.find((bi) => bi.item === code)!.dependsOn) {
      if (order.includes(dep)) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(code));
    }
  }
  for (const i of c.items) expect(cal.isWorkingDay(i.dueDate), `${i.item.code} ${i.dueDate}`).toBe(true);
  expect(c.toBring.every((m) => m.covered === null)).toBe(true);
}

describe('the sample catalog', () => {
  it('has at least 12 bundles and 60 items, individual and enterprise', () => {
    expect(catalog.bundles.length).toBeGreaterThanOrEqual(12);
    expect(catalog.items.length).toBeGreaterThanOrEqual(60);
    expect(catalog.bundles.filter((b) => b.lifecycle === '个人').length).toBeGreaterThanOrEqual(6);
    expect(catalog.bundles.filter((b) => b.lifecycle === '企业').length).toBeGreaterThanOrEqual(5);
  });

  it('includes the bundles the issue names', () => {
    const names = catalog.bundles.map((b) => b.name.zh);
    for (const n of ['新生儿出生', '教育入学', '退休', '残疾人服务', '二手房转移登记', '身后', '社保卡居民服务', '结婚落户', '企业开办', '开办餐饮店', '企业信息变更', '水电气网联合报装', '企业注销']) {
      expect(names.some((x) => x.includes(n)), n).toBe(true);
    }
  });

  it('says why wherever a composition is illustrative', () => {
    for (const x of [...catalog.bundles, ...catalog.items]) if (x.illustrative) expect(x.illustrativeNote?.zh, x.code).toBeTruthy();
  });
});

describe('every sample bundle composes for every combination of answers', () => {
  for (const bundle of catalog.bundles) {
    const combos = allAnswerCombinations(bundle);
    it(`${bundle.code}: ${combos.length} combination(s) of ${questionsOf(bundle).length} question(s)`, () => {
      for (const answers of combos) {
        const all = applicableItems(bundle, answers).map((bi) => bi.item);
        expect(all.length, JSON.stringify(answers)).toBeGreaterThan(0);
        for (const [chosen, known] of [
          [all, nobody],
          [all, everything],
          [minimalChoice(bundle, answers), nobody],
        ] as const) {
          const r = compose(catalog, bundle.code, chosen, known, '2026-12-28', cal, answers);
          if (!r.ok) throw new Error(`${bundle.code} ${JSON.stringify(answers)} ${JSON.stringify(chosen)}: ${JSON.stringify(r.error)}`);
          check(r.value);
        }
      }
    });
  }
});

describe('bundle promises', () => {
  // 新生儿出生: the Zhongshan guide promises "as short as 5 working days"; 生育医疗费用报销 (10) is outside it.
  const exceptions: Record<string, string> = { newborn: '440000-YB-0302' };
  const workingDaysBetween = (from: string, to: string) => {
    let n = 0;
    for (let d = from; d < to; ) if (cal.isWorkingDay((d = addDays(d, 1)))) n++;
    return n;
  };
  for (const bundle of catalog.bundles) {
    it(`${bundle.code}: every answer combination is done within the bundle's ${bundle.promisedDays} promised working days`, () => {
      for (const answers of allAnswerCombinations(bundle)) {
        const chosen = applicableItems(bundle, answers).map((bi) => bi.item).filter((code) => code !== exceptions[bundle.code]);
        const r = compose(catalog, bundle.code, chosen, nobody, '2026-11-23', cal, answers);
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        expect(workingDaysBetween('2026-11-23', r.value.promisedDate), JSON.stringify(answers)).toBeLessThanOrEqual(bundle.promisedDays);
      }
    });
  }
});
