/**
 * The shipped catalog (config/catalog) checked from its data, for every bundle and every combination
 * of 情形 answers (issue 15): a question is never asked again on the form, 必办 items are chosen and
 * cannot be left out, an excluded item is never 必办, a form only asks what the application needs,
 * and the bundle's promised days are what its items add up to.
 */
import { describe, expect, it } from 'vitest';
import { loadSampleCalendar, loadSampleCatalog } from '../../test/support/sample-catalog';
import { compose } from './compose';
import { allAnswerCombinations, applicableItems, closeChoice, excludedItems, unchoose } from './scenario';
import type { Bundle } from './schema';

const catalog = loadSampleCatalog();
const cal = loadSampleCalendar();
const known = { card: { name: '林晓梅', idNumber: '11010519491231002X', birthDate: '1949-12-31', address: '天津市和平区南营门街道1号' }, shared: { 'birth.date': '2026-11-18' }, eLicences: [] };

/** A question's or a field's label without its politeness and punctuation: 您是否为…？ = 是否为… */
const core = (text: string) => text.replace(/[您？?。，,\s]/g, '').replace(/^(请问|是否)/, '');

const cases = catalog.bundles.flatMap((b) => allAnswerCombinations(b).map((answers) => ({ b, answers, label: `${b.code} ${JSON.stringify(answers)}` })));

function composeAll(b: Bundle, answers: Record<string, string>) {
  const r = compose(catalog, b.code, applicableItems(b, answers).map((i) => i.item), known, '2026-11-23', cal, answers);
  if (!r.ok) throw new Error(`${b.code}: ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('every bundle, every combination of answers', () => {
  it.each(cases)('$label: composes, asks no question twice, locks its 必办 items', ({ b, answers }) => {
    const c = composeAll(b, answers);
    const questions = b.questions.map((q) => core(q.text.zh));
    for (const f of c.fields) {
      if (!f.editable) continue;
      expect(questions, `${f.field.key} asks "${f.field.label.zh}" again`).not.toContain(core(f.field.label.zh));
    }
    const applicable = applicableItems(b, answers);
    const required = applicable.filter((i) => !i.optional).map((i) => i.item);
    expect(closeChoice(b, answers, [])).toEqual(expect.arrayContaining(required));
    for (const code of required) expect(unchoose(b, answers, closeChoice(b, answers, []), code).refused).not.toBeNull();
    // An item the answers exclude is not 必办 and not offered.
    for (const x of excludedItems(b, answers)) expect(applicable.some((i) => i.item === x.item)).toBe(false);
    for (const rule of b.rules) for (const r of rule.requireItems) expect(rule.excludeItems).not.toContain(r);
  });
});

describe('the data fixes of issue 15', () => {
  it('does not ask for the credit code of a business this application is registering', () => {
    const restaurant = catalog.bundles.find((b) => b.code === 'restaurant')!;
    for (const entity of ['individual', 'company']) {
      const c = composeAll(restaurant, { entity, largeVenue: 'no', sign: 'no' });
      expect(c.fields.map((f) => f.field.key)).not.toContain('enterprise.creditCode');
    }
    expect(composeAll(restaurant, { entity: 'registered', largeVenue: 'no', sign: 'no' }).fields.map((f) => f.field.key)).toContain('enterprise.creditCode');
  });

  it('asks about the pupil in 教育入学, not about a newborn, and fills in no birth date', () => {
    const edu = catalog.bundles.find((b) => b.code === 'education-enrolment')!;
    for (const answers of allAnswerCombinations(edu)) {
      const c = composeAll(edu, answers);
      for (const f of c.fields) expect(f.field.label.zh).not.toContain('新生儿');
      for (const f of c.fields.filter((x) => x.field.type === 'date')) expect(f.value).toBeNull();
    }
  });

  it('takes an answer already given from the 情形 step (shown, not asked)', () => {
    const retirement = catalog.bundles.find((b) => b.code === 'retirement')!;
    const c = composeAll(retirement, { kind: 'normal', oneChild: 'yes', hukouOutside: 'no', providentFund: 'no' });
    expect(c.fields.find((f) => f.field.key === 'retirement.oneChildParent')).toMatchObject({ value: 'yes', source: 'answer', editable: false });
  });

  it('promises for a bundle what its items take, dependencies one after another', () => {
    for (const b of catalog.bundles) {
      const memo = new Map<string, number>();
      const days = (code: string): number => {
        if (!memo.has(code)) {
          const bi = b.items.find((x) => x.item === code)!;
          memo.set(code, catalog.items.find((i) => i.code === code)!.timeLimit.promisedDays + Math.max(0, ...bi.dependsOn.map(days)));
        }
        return memo.get(code)!;
      };
      expect(b.promisedDays, b.code).toBe(Math.max(...b.items.map((bi) => days(bi.item))));
    }
  });
});
