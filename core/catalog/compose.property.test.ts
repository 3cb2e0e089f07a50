/**
 * Property-based tests of the composition engine (fast-check). Random bundles are generated over
 * the sample catalog's fields and materials: random items, a random dependency DAG, random
 * scenario questions and rules, random choices and random days of 2025–2027. Whatever comes out:
 * no field or material twice, every field and material of every chosen item present, dependencies
 * before their dependants, due dates on working days only, and a choice that breaks a required
 * dependency refused with a reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/iso-date';
import { loadSampleCalendar, loadSampleCatalog } from '../../test/support/sample-catalog';
import { applicableItems, compose, type KnownApplicant } from './compose';
import { scenarioMaterials, matchingRules } from './scenario';
import type { Bundle, Catalog, Item, MaterialRequirement, ScenarioQuestion, ScenarioRule } from './schema';

const sample = loadSampleCatalog();
const cal = loadSampleCalendar();
const fieldKeys = sample.fields.map((f) => f.key);
const materialCodes = sample.materials.map((m) => m.code);

const requirement = (material: string): fc.Arbitrary<MaterialRequirement> =>
  fc.record({
    material: fc.constant(material),
    form: fc.constantFrom('原件' as const, '复印件' as const, '电子' as const),
    copies: fc.integer({ min: 0, max: 3 }),
    necessity: fc.constantFrom('必要' as const, '非必要' as const, '容缺' as const),
    commitmentAllowed: fc.boolean(),
  });

const template = sample.items[0]!;
const itemArb = (code: string): fc.Arbitrary<Item> =>
  fc
    .record({
      fields: fc.uniqueArray(fc.constantFrom(...fieldKeys), { minLength: 0, maxLength: 8 }),
      materials: fc.uniqueArray(fc.constantFrom(...materialCodes), { minLength: 0, maxLength: 5 }).chain((codes) => fc.tuple(...codes.map(requirement))),
      promisedDays: fc.integer({ min: 0, max: 40 }),
      department: fc.constantFrom(...sample.departments.map((d) => d.code)),
      fee: fc.oneof(fc.constant({ type: 'free' as const }), fc.integer({ min: 0, max: 500 }).map((n) => ({ type: 'charged' as const, amountYuan: n, basis: 'test' }))),
      eLicence: fc.boolean(),
    })
    .map((r) => ({
      ...template,
      code,
      department: r.department,
      fields: r.fields,
      materials: r.materials,
      fee: r.fee,
      timeLimit: { statutoryDays: null, promisedDays: r.promisedDays },
      result: { name: { zh: r.eLicence ? '营业执照（电子证照）' : '结果', en: 'result' }, type: r.eLicence ? ('e-licence' as const) : ('approval' as const) },
    }));

interface World {
  catalog: Catalog;
  bundle: Bundle;
}

/** A bundle of n random items with dependencies only on earlier items (a DAG), and 0–2 questions with rules. */
const worldArb: fc.Arbitrary<World> = fc.integer({ min: 1, max: 8 }).chain((n) => {
  const codes = Array.from({ length: n }, (_, i) => `T-${i}`);
  const bundleItems = fc.tuple(
    ...codes.map((code, i) =>
      fc.record({
        item: fc.constant(code),
        optional: fc.boolean(),
        dependsOn: i === 0 ? fc.constant([] as string[]) : fc.uniqueArray(fc.constantFrom(...codes.slice(0, i)), { maxLength: 3 }),
      }),
    ),
  );
  const questions = fc.integer({ min: 0, max: 2 }).chain((q) =>
    fc.tuple(
      ...Array.from({ length: q }, (_, i) =>
        fc.integer({ min: 2, max: 3 }).map(
          (k): ScenarioQuestion => ({
            id: `q${i}`,
            text: { zh: `问题${i}`, en: `Question ${i}` },
            options: Array.from({ length: k }, (_, j) => ({ value: `o${j}`, label: { zh: `选项${j}`, en: `Option ${j}` } })),
          }),
        ),
      ),
    ),
  );
  return fc.tuple(fc.tuple(...codes.map(itemArb)), bundleItems, questions).chain(([items, bis, qs]) => {
    const rules: fc.Arbitrary<ScenarioRule[]> =
      qs.length === 0
        ? fc.constant([])
        : fc.array(
            fc.record({
              q: fc.constantFrom(...qs),
              exclude: fc.uniqueArray(fc.constantFrom(...codes), { maxLength: 2 }),
              require: fc.uniqueArray(fc.constantFrom(...codes), { maxLength: 2 }),
              add: fc.array(fc.tuple(fc.constantFrom(...codes), fc.constantFrom(...materialCodes).chain(requirement)), { maxLength: 2 }),
              waive: fc.array(fc.record({ material: fc.constantFrom(...materialCodes) }), { maxLength: 1 }),
              pick: fc.nat(),
            }),
            { maxLength: 4 },
          ).map((raw) =>
            raw.map((r) => ({
              when: { [r.q.id]: [r.q.options[r.pick % r.q.options.length]!.value] },
              excludeItems: r.exclude,
              requireItems: r.require,
              addMaterials: r.add.map(([item, requirement]) => ({ item, requirement })),
              waiveMaterials: r.waive,
            })),
          );
    return rules.map((rs): World => {
      const bundle: Bundle = {
        ...sample.bundles[0]!,
        code: 'generated',
        items: bis,
        questions: qs,
        rules: rs,
      };
      return { catalog: { ...sample, items: [...sample.items, ...items], bundles: [bundle] }, bundle };
    });
  });
});

const answersArb = (bundle: Bundle) =>
  fc.tuple(...bundle.questions.map((q) => fc.constantFrom(...q.options.map((o) => o.value)))).map((vals) =>
    Object.fromEntries(bundle.questions.map((q, i) => [q.id, vals[i]!])),
  );

/** A random subset of the applicable items, closed so that the engine must accept it. */
function closedChoice(bundle: Bundle, answers: Record<string, string>, pick: boolean[]): string[] {
  const applicable = applicableItems(bundle, answers);
  const chosen = new Set(applicable.filter((bi, i) => !bi.optional || pick[i % pick.length]).map((bi) => bi.item));
  if (chosen.size === 0 && applicable.length) chosen.add(applicable[0]!.item);
  for (let grew = true; grew; ) {
    grew = false;
    for (const bi of applicable) if (chosen.has(bi.item)) for (const d of bi.dependsOn) if (!chosen.has(d)) (chosen.add(d), (grew = true));
  }
  return [...chosen];
}

const dayArb = fc.integer({ min: 0, max: 3 * 365 - 60 }).map((n) => addDays('2025-01-01', n));
const knownArb: fc.Arbitrary<KnownApplicant> = fc.record({
  card: fc.constant({ name: '林晓梅', idNumber: '11010519491231002X' }),
  shared: fc.constantFrom<Record<string, string>>({}, { 'contact.phone': '13800138000', 'bank.account': '6222020200112233445' }),
  eLicences: fc.subarray(['居民身份证', '居民户口簿', '结婚证', '营业执照']),
});

const scenario = worldArb.chain((w) =>
  fc.record({ world: fc.constant(w), answers: answersArb(w.bundle), pick: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), today: dayArb, known: knownArb }),
);

describe('compose: properties over random bundles', () => {
  it('merges without duplicates, keeps every required field and material, orders by dependency, dates on working days', () => {
    fc.assert(
      fc.property(scenario, ({ world, answers, pick, today, known }) => {
        const chosen = closedChoice(world.bundle, answers, pick);
        fc.pre(chosen.length > 0);
        const r = compose(world.catalog, world.bundle.code, chosen, known, today, cal, answers);
        expect(r.ok, JSON.stringify(r)).toBe(true);
        if (!r.ok) return;
        const c = r.value;
        const keys = c.fields.map((f) => f.field.key);
        expect(new Set(keys).size).toBe(keys.length);
        const codes = c.materials.map((m) => m.material.code);
        expect(new Set(codes).size).toBe(codes.length);
        expect(new Set(c.items.map((i) => i.item.code))).toEqual(new Set(chosen));
        const rules = matchingRules(world.bundle, answers);
        for (const { item } of c.items) {
          for (const key of item.fields) expect(c.fields.find((f) => f.field.key === key)?.items).toContain(item.code);
          for (const req of scenarioMaterials(item.code, item.materials, rules)) {
            expect(c.materials.find((m) => m.material.code === req.material)?.items).toContain(item.code);
          }
        }
        const order = c.items.map((i) => i.item.code);
        const applicable = applicableItems(world.bundle, answers);
        for (const ci of c.items) {
          const deps = applicable.find((bi) => bi.item === ci.item.code)!.dependsOn;
          for (const d of deps) {
            expect(order.indexOf(d)).toBeLessThan(order.indexOf(ci.item.code));
            expect(ci.dueDate >= c.items.find((x) => x.item.code === d)!.dueDate).toBe(true);
          }
          expect(cal.isWorkingDay(ci.dueDate), `${ci.dueDate}`).toBe(true);
          expect(cal.holiday(ci.dueDate)).toBeNull();
          expect(ci.dueDate >= today).toBe(true);
          expect(c.promisedDate >= ci.dueDate).toBe(true);
        }
        expect(cal.isWorkingDay(c.promisedDate)).toBe(true);
        expect(c.feesYuan).toBe(c.items.reduce((s, { item }) => s + (item.fee.type === 'charged' ? item.fee.amountYuan : 0), 0));
        expect(c.toBring).toEqual(c.materials.filter((m) => m.covered === null));
        expect(new Set(c.departments)).toEqual(new Set(c.items.map((i) => i.item.department)));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses, with a reason, a choice that leaves out a dependency of a chosen item', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ world, answers, pick, today, known }, k) => {
        const chosen = closedChoice(world.bundle, answers, pick);
        const applicable = applicableItems(world.bundle, answers);
        const needed = chosen.filter((code) => applicable.some((bi) => chosen.includes(bi.item) && bi.dependsOn.includes(code)));
        fc.pre(needed.length > 0);
        const dropped = needed[k % needed.length]!;
        const r = compose(world.catalog, world.bundle.code, chosen.filter((c) => c !== dropped), known, today, cal, answers);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(['dependency-missing', 'required-item-missing', 'nothing-chosen']).toContain(r.error.kind);
        if (r.error.kind === 'dependency-missing') {
          expect(r.error.reason.zh).toContain('需要先办理');
          expect(applicable.find((bi) => bi.item === (r.error as { item: string }).item)!.dependsOn).toContain(r.error.dependsOn);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an item the scenario excludes, and unanswered questions', () => {
    fc.assert(
      fc.property(scenario, ({ world, answers, today, known }) => {
        const excluded = world.bundle.items.map((bi) => bi.item).filter((code) => !applicableItems(world.bundle, answers).some((bi) => bi.item === code));
        if (excluded.length > 0) {
          const r = compose(world.catalog, world.bundle.code, [excluded[0]!], known, today, cal, answers);
          expect(r.ok ? null : r.error.kind).toBe('item-not-applicable');
        }
        if (world.bundle.questions.length > 0) {
          const r = compose(world.catalog, world.bundle.code, [world.bundle.items[0]!.item], known, today, cal, {});
          expect(r.ok ? null : r.error.kind).toBe('unanswered-question');
        }
      }),
      { numRuns: 200 },
    );
  });
});
