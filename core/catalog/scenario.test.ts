/**
 * Scenario questions (情形) and their rules: the loader refuses rules that reference nothing or
 * unknown things, every error at once with file and JSON path; compose() applies the answers.
 */
import { describe, expect, it } from 'vitest';
import { loadSampleCalendar } from '../../test/support/sample-catalog';
import { buildCatalog, type CatalogError } from './build';
import { allAnswerCombinations, applicableItems, compose, questionsOf } from './compose';
import type { Catalog } from './schema';
import { T, item as baseItem } from './test-entities';

const item = (code: string, materials: object[] = []) =>
  baseItem(code, { name: T(`事项${code}`, `Item ${code}`), materials, fields: ['a.one'], timeLimit: { statutoryDays: null, promisedDays: 2 } });
const yesNo = (id: string) => ({ id, text: T(`${id}?`), options: [{ value: 'yes', label: T('是') }, { value: 'no', label: T('否') }] });
const req = (material: string) => ({ material, form: '原件', necessity: '必要' });
const fragment = (bundleExtra: object) => ({
  file: 'b.json',
  data: {
    departments: [{ code: 'd1', name: T('d1') }],
    stages: [{ code: 's1', lifecycle: '个人', name: T('s1'), icon: 'dot' }],
    fields: [{ key: 'a.one', label: T('a'), type: 'text', sources: [{ type: 'citizen' }] }],
    materials: [
      { code: 'm1', name: T('m1'), sources: [{ type: 'applicant' }] },
      { code: 'm2', name: T('m2'), sources: [{ type: 'applicant' }] },
    ],
    items: [item('X-1', [req('m1')]), item('X-2'), item('X-3')],
    bundles: [
      {
        code: 'b',
        name: T('b'),
        summary: T('b'),
        lifecycle: '个人',
        stage: 's1',
        leadDepartment: 'd1',
        items: [
          { item: 'X-1', optional: false },
          { item: 'X-2', optional: true, dependsOn: ['X-1'] },
          { item: 'X-3', optional: true, dependsOn: ['X-2'] },
        ],
        conditions: [],
        promisedDays: 1,
        ...bundleExtra,
      },
    ],
  },
});

function errorsOf(bundleExtra: object): CatalogError[] {
  const r = buildCatalog([fragment(bundleExtra)], 'v');
  if (r.ok) throw new Error('expected errors, the catalog built');
  return r.error;
}
const at = (path: string, message: string) => ({ file: 'b.json', path: `$.bundles[0].${path}`, message });

describe('loader: scenario questions and rules', () => {
  it('reports every error of the questions and rules at once, with file and JSON path', () => {
    const errors = errorsOf({
      questions: [yesNo('q1'), yesNo('q1'), yesNo('unused'), { id: 'q3', text: T('q3'), options: [{ value: 'a', label: T('a') }, { value: 'a', label: T('a') }] }],
      rules: [
        { when: { q1: ['maybe'] }, excludeItems: ['X-2'] },
        { when: { nosuch: ['yes'] }, excludeItems: ['X-9'] },
        { when: { q1: ['yes'] } },
        { when: {}, requireItems: ['X-2'] },
        { when: { q3: ['a'] }, addMaterials: [{ item: 'X-7', requirement: req('m9') }], waiveMaterials: [{ material: 'm2', item: 'X-1' }, { material: 'zz' }] },
      ],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        at('questions[1].id', 'question "q1" is defined twice in this bundle'),
        at('questions[3].options[1].value', 'option "a" appears twice in question "q3"'),
        at('rules[0].when.q1[0]', '"maybe" is not an option of question "q1"'),
        at('rules[1].when.nosuch', 'rule refers to unknown question "nosuch"'),
        at('rules[1].excludeItems[0]', '"X-9" is not an item of this bundle'),
        at('rules[2]', 'rule references nothing: it neither excludes, requires, adds nor waives anything, and has no note'),
        at('rules[3].when', 'rule has no condition: it would always apply; put its effect in the bundle or item instead'),
        at('rules[4].addMaterials[0].item', '"X-7" is not an item of this bundle'),
        at('rules[4].addMaterials[0].requirement.material', 'unknown material "m9"'),
        at('rules[4].waiveMaterials[0].material', 'waives "m2", which no item concerned asks for'),
        at('rules[4].waiveMaterials[1].material', 'unknown material "zz"'),
        at('questions[2]', 'question "unused" is used by no rule: its answer would change nothing'),
      ]),
    );
    expect(errors).toHaveLength(12);
  });

  it('refuses answers that leave no item, and a misspelt rule key', () => {
    expect(errorsOf({ questions: [yesNo('q')], rules: [{ when: { q: ['no'] }, excludeItems: ['X-1', 'X-2', 'X-3'] }] })).toEqual([
      at('rules', 'with the answers q=no no item of the bundle applies'),
    ]);
    expect(errorsOf({ questions: [yesNo('q')], rules: [{ when: { q: ['no'] }, excludeItem: ['X-1'] }] })).toContainEqual(
      at('rules[0].excludeItem', 'unknown key "excludeItem"'),
    );
  });

  it('requires a note for an illustrative bundle or item', () => {
    expect(errorsOf({ illustrative: true })).toEqual([at('illustrativeNote', 'an illustrative bundle needs an illustrativeNote saying what is not from a published guide')]);
  });
});

describe('compose with answers', () => {
  const built = buildCatalog(
    [
      fragment({
        questions: [yesNo('haveX1'), yesNo('paper')],
        rules: [
          { when: { haveX1: ['yes'] }, excludeItems: ['X-1'], note: T('已办理X-1') },
          { when: { paper: ['yes'] }, addMaterials: [{ item: 'X-2', requirement: req('m2') }], requireItems: ['X-3'] },
          { when: { paper: ['no'] }, waiveMaterials: [{ material: 'm1' }] },
        ],
      }),
    ],
    'v',
  );
  if (!built.ok) throw new Error(JSON.stringify(built.error));
  const catalog: Catalog = built.value;
  const bundle = catalog.bundles[0]!;
  const cal = loadSampleCalendar();
  const known = { card: {}, shared: {}, eLicences: [] };

  it('exposes the questions and every combination of answers', () => {
    expect(questionsOf(bundle).map((q) => q.id)).toEqual(['haveX1', 'paper']);
    expect(allAnswerCombinations(bundle)).toHaveLength(4);
  });

  it('drops excluded items and their dependency edges, and makes required what a rule requires', () => {
    expect(applicableItems(bundle, { haveX1: 'yes', paper: 'yes' })).toEqual([
      { item: 'X-2', optional: true, dependsOn: [] },
      { item: 'X-3', optional: false, dependsOn: ['X-2'] },
    ]);
    const r = compose(catalog, 'b', ['X-2'], known, '2026-11-23', cal, { haveX1: 'yes', paper: 'yes' });
    expect(r.ok ? null : r.error).toMatchObject({ kind: 'required-item-missing', item: 'X-3' });
    const ok = compose(catalog, 'b', ['X-2', 'X-3'], known, '2026-11-23', cal, { haveX1: 'yes', paper: 'yes' });
    if (!ok.ok) throw new Error(JSON.stringify(ok.error));
    expect(ok.value.items.map((i) => [i.item.code, i.dueDate])).toEqual([
      ['X-2', '2026-11-25'],
      ['X-3', '2026-11-27'],
    ]);
    expect(ok.value.materials.map((m) => [m.material.code, m.items])).toEqual([['m2', ['X-2']]]);
    expect(ok.value.excluded).toEqual([{ item: 'X-1', notes: [T('已办理X-1')] }]);
    expect(ok.value.notes).toEqual([T('已办理X-1')]);
  });

  it('waives materials', () => {
    const r = compose(catalog, 'b', ['X-1'], known, '2026-11-23', cal, { haveX1: 'no', paper: 'no' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.materials).toEqual([]);
  });

  it('refuses an excluded item, a missing answer and an answer that is not an option, with reasons', () => {
    const excluded = compose(catalog, 'b', ['X-1'], known, '2026-11-23', cal, { haveX1: 'yes', paper: 'no' });
    expect(excluded.ok ? null : excluded.error).toEqual({
      kind: 'item-not-applicable',
      item: 'X-1',
      reason: { zh: '根据您回答的情形，「事项X-1」不适用，无需办理。', en: 'Given your answers, "Item X-1" does not apply and is not needed.' },
    });
    const missing = compose(catalog, 'b', ['X-1'], known, '2026-11-23', cal, { haveX1: 'no' });
    expect(missing.ok ? null : missing.error).toMatchObject({ kind: 'unanswered-question', question: 'paper' });
    const wrong = compose(catalog, 'b', ['X-1'], known, '2026-11-23', cal, { haveX1: 'no', paper: 'perhaps' });
    expect(wrong.ok ? null : wrong.error).toMatchObject({ kind: 'invalid-answer', question: 'paper', answer: 'perhaps' });
    const stray = compose(catalog, 'b', ['X-1'], known, '2026-11-23', cal, { haveX1: 'no', paper: 'no', extra: 'x' });
    expect(stray.ok ? null : stray.error).toMatchObject({ kind: 'unknown-question', question: 'extra' });
  });
});

describe('choosing items in the sample 身后 bundle', async () => {
  const { loadSampleCatalog } = await import('../../test/support/sample-catalog');
  const { closeChoice, unchoose } = await import('./compose');
  const catalog = loadSampleCatalog();
  const bundle = catalog.bundles.find((b) => b.code === 'after-death')!;
  const answers = { deathPlace: 'hospital', pension: 'yes', property: 'yes', providentFund: 'no' };

  it('adds the required items and the dependencies of what is chosen; drops what does not apply', () => {
    expect(closeChoice(bundle, answers, ['440000-RS-1104', '440000-GJJ-1107'])).toEqual(['440000-WJ-1101', '440000-GA-1102', '440000-MZ-1103', '440000-RS-1104']);
  });

  it('unchooses dependants with an item, and refuses to unchoose a required one', () => {
    const all = closeChoice(bundle, answers, bundle.items.map((bi) => bi.item));
    expect(unchoose(bundle, answers, all, '440000-MZ-1103')).toEqual({ chosen: all.filter((c) => c !== '440000-MZ-1103' && c !== '440000-RS-1104'), refused: null });
    expect(unchoose(bundle, answers, all, '440000-GA-1102').refused?.zh).toBe('该事项为必办事项，不能取消。');
  });
});
