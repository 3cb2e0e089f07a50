/**
 * The policy's promise (一表申请、一套材料), measured on the sample catalog. For each bundle, in the
 * answer combination that applies the most items and with every applicable item chosen:
 *   - fields the citizen must type in the merged form, vs the sum of the fields of the items' own
 *     forms (what separate applications would ask);
 *   - materials the citizen must bring, vs the sum of the items' own material lists (after the
 *     scenario's additions and waivers).
 * The applicant is identified by ID card and holds the common e-licences (居民身份证, 居民户口簿,
 * 结婚证) and a phone number in shared data; enterprises' business licences are e-licences.
 * Also: compose() p95 over every answer combination of every bundle.
 *
 *   npx tsx test/bench/run.ts --only catalog      (figures)
 *   npx tsx test/bench/catalog.ts                 (the markdown table for the notes)
 */
import { pathToFileURL } from 'node:url';
import { allAnswerCombinations, applicableItems, compose, type KnownApplicant } from '../../core/catalog/compose';
import { matchingRules, scenarioMaterials } from '../../core/catalog/scenario';
import type { Bundle, Catalog } from '../../core/catalog/schema';
import type { WorkingCalendar } from '../../core/calendar/working-days';
import { loadSampleCalendar, loadSampleCatalog } from '../support/sample-catalog';
import { percentile, round, type BenchModule, type Figure } from './figures';

const applicant: KnownApplicant = {
  card: { name: '林晓梅', sex: '女', nation: '汉', birthDate: '1990-03-07', address: '广东省中山市石岐街道孙文中路1号', idNumber: '11010519491231002X' },
  shared: { 'contact.phone': '13800138000' },
  eLicences: ['居民身份证', '居民户口簿', '结婚证', '营业执照'],
};
const TODAY = '2026-11-23';

export interface BundleRow {
  bundle: string;
  name: string;
  items: number;
  fieldsTyped: number;
  fieldsSum: number;
  materialsToBring: number;
  materialsSum: number;
}

/** The answers under which the most items apply (ties: the first in enumeration order). */
function widest(bundle: Bundle): Record<string, string> {
  let best: Record<string, string> = {};
  let most = -1;
  for (const answers of allAnswerCombinations(bundle)) {
    const n = applicableItems(bundle, answers).length;
    if (n > most) (most = n), (best = answers);
  }
  return best;
}

export function measureBundles(catalog: Catalog, cal: WorkingCalendar): BundleRow[] {
  return catalog.bundles.map((bundle) => {
    const answers = widest(bundle);
    const chosen = applicableItems(bundle, answers).map((bi) => bi.item);
    const r = compose(catalog, bundle.code, chosen, applicant, TODAY, cal, answers);
    if (!r.ok) throw new Error(`${bundle.code}: ${JSON.stringify(r.error)}`);
    const c = r.value;
    const rules = matchingRules(bundle, answers);
    return {
      bundle: bundle.code,
      name: bundle.name.zh,
      items: c.items.length,
      fieldsTyped: c.fields.filter((f) => f.value === null).length,
      fieldsSum: c.items.reduce((n, { item }) => n + item.fields.length, 0),
      materialsToBring: c.toBring.length,
      materialsSum: c.items.reduce((n, { item }) => n + scenarioMaterials(item.code, item.materials, rules).length, 0),
    };
  });
}

/** compose() durations in ms over every answer combination of every bundle, `rounds` times. */
export function composeTimes(catalog: Catalog, cal: WorkingCalendar, rounds = 50): number[] {
  const cases = catalog.bundles.flatMap((b) => allAnswerCombinations(b).map((answers) => ({ b, answers, chosen: applicableItems(b, answers).map((bi) => bi.item) })));
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const { b, answers, chosen } of cases) {
      const t0 = performance.now();
      const r = compose(catalog, b.code, chosen, applicant, TODAY, cal, answers);
      times.push(performance.now() - t0);
      if (!r.ok) throw new Error(`${b.code}: ${JSON.stringify(r.error)}`);
    }
  }
  return times;
}

export function markdownTable(rows: BundleRow[]): string {
  const pct = (a: number, b: number) => (b === 0 ? '–' : `${Math.round((1 - a / b) * 100)}%`);
  const lines = [
    '| bundle | items | fields typed | Σ items\' fields | saved | materials to bring | Σ items\' materials | saved |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} (\`${r.bundle}\`) | ${r.items} | ${r.fieldsTyped} | ${r.fieldsSum} | ${pct(r.fieldsTyped, r.fieldsSum)} | ${r.materialsToBring} | ${r.materialsSum} | ${pct(r.materialsToBring, r.materialsSum)} |`),
  ];
  const total = (k: keyof BundleRow) => rows.reduce((n, r) => n + (r[k] as number), 0);
  lines.push(`| **all ${rows.length} bundles** | ${total('items')} | ${total('fieldsTyped')} | ${total('fieldsSum')} | ${pct(total('fieldsTyped'), total('fieldsSum'))} | ${total('materialsToBring')} | ${total('materialsSum')} | ${pct(total('materialsToBring'), total('materialsSum'))} |`);
  return lines.join('\n');
}

export const catalogBench: BenchModule = {
  area: 'catalog',
  async run(): Promise<Figure[]> {
    const catalog = loadSampleCatalog();
    const cal = loadSampleCalendar();
    const rows = measureBundles(catalog, cal);
    const figures: Figure[] = rows.flatMap((r) => [
      { name: `catalog.${r.bundle}.fields_typed`, value: r.fieldsTyped, unit: 'fields', note: `${r.name}: ${r.fieldsTyped} typed vs ${r.fieldsSum} over ${r.items} items' own forms` },
      { name: `catalog.${r.bundle}.fields_sum`, value: r.fieldsSum, unit: 'fields' },
      { name: `catalog.${r.bundle}.materials_to_bring`, value: r.materialsToBring, unit: 'materials', note: `${r.name}: ${r.materialsToBring} to bring vs ${r.materialsSum} over the items' own lists` },
      { name: `catalog.${r.bundle}.materials_sum`, value: r.materialsSum, unit: 'materials' },
    ]);
    const times = composeTimes(catalog, cal);
    figures.push({
      name: 'catalog.compose_p95_ms',
      value: round(percentile(times, 95), 3),
      unit: 'ms',
      budget: 5,
      note: `compose() over ${times.length} runs (every answer combination of ${catalog.bundles.length} bundles, all applicable items)`,
    });
    return figures;
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const catalog = loadSampleCatalog();
  const cal = loadSampleCalendar();
  console.log(markdownTable(measureBundles(catalog, cal)));
  const times = composeTimes(catalog, cal);
  console.log(`\ncompose() p50 ${round(percentile(times, 50), 3)} ms, p95 ${round(percentile(times, 95), 3)} ms over ${times.length} runs`);
}
