/**
 * `npm run bench`: runs every benchmark module (one file per area in test/bench/), prints a table of
 * figures and, with `--json FILE`, writes `{"figures": [{name, value, unit, budget}, …]}`.
 * Budgets are reported, never asserted: the exit code is 0 even when a figure is over budget (such
 * rows say OVER); it is 1 only when a benchmark could not be measured at all.
 *
 *   npx tsx test/bench/run.ts [--json FILE] [--only AREA[,AREA…]]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bootBench } from './boot';
import { catalogBench } from './catalog';
import { devicesBench } from './devices';
import { fleetBench } from './fleet';
import { overBudget, type BenchModule, type Figure } from './figures';
import { searchBench } from './search';
import { sizeBench } from './size';
import { soakBench } from './soak';
import { uiBench } from './ui';
import { outboxBench } from './outbox';
import { typingBench } from './typing';
import { handwritingBench } from './handwriting';
import { voiceBench } from './voice';
import { printBench } from './print';

export type { BenchModule, Figure } from './figures';

/** Every benchmark area, in the order they run. Add a module here to add its figures. */
export const modules: BenchModule[] = [sizeBench, bootBench, uiBench, catalogBench, searchBench, devicesBench, outboxBench];
modules.push(fleetBench);
modules.push(typingBench);
modules.push(voiceBench);
modules.push(handwritingBench);
modules.push(soakBench);
modules.push(printBench);

export class BenchFailures extends Error {
  constructor(
    readonly figures: Figure[],
    readonly failures: { area: string; error: unknown }[],
  ) {
    super(`benchmarks failed: ${failures.map((f) => f.area).join(', ')}`);
  }
}

/** Runs the modules one after another and collects their figures; throws BenchFailures (holding the figures measured) if any failed. */
export async function runBench(selected: BenchModule[] = modules): Promise<Figure[]> {
  const figures: Figure[] = [];
  const failures: { area: string; error: unknown }[] = [];
  for (const m of selected) {
    const started = performance.now();
    process.stdout.write(`▶ ${m.area}\n`);
    try {
      figures.push(...(await m.run()));
      process.stdout.write(`  ${m.area}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      failures.push({ area: m.area, error });
      console.error(`✗ ${m.area}:`, error);
    }
  }
  if (failures.length) throw new BenchFailures(figures, failures);
  return figures;
}

export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [f.name, String(f.value), f.unit, f.budget === undefined ? '–' : `${f.better === 'higher' ? '≥' : '≤'} ${f.budget}`, f.budget === undefined ? '' : overBudget(f) ? 'OVER' : 'ok']);
  const header = ['name', 'value', 'unit', 'budget', 'status'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const notes = figures.filter((f) => f.note).map((f) => `  ${f.name}: ${f.note}`);
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', 'notes:', ...notes].join('\n');
}

/** The JSON contract: name, value, unit, and budget where one is set. */
export function toJson(figures: Figure[]): string {
  return JSON.stringify({ figures: figures.map(({ name, value, unit, budget }) => ({ name, value, unit, ...(budget === undefined ? {} : { budget }) })) }, null, 2) + '\n';
}

function parseArgs(argv: string[]): { json?: string; only?: string[] } {
  const out: { json?: string; only?: string[] } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') out.json = value();
    else if (a.startsWith('--json=')) out.json = a.slice('--json='.length);
    else if (a === '--only') out.only = value().split(',');
    else if (a.startsWith('--only=')) out.only = a.slice('--only='.length).split(',');
    else throw new Error(`unknown argument ${a} (usage: run.ts [--json FILE] [--only AREA,…])`);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const selected = args.only ? modules.filter((m) => args.only!.includes(m.area)) : modules;
  if (selected.length === 0) throw new Error(`no benchmark area matches ${args.only?.join(', ')}; areas: ${modules.map((m) => m.area).join(', ')}`);
  const started = performance.now();
  let figures: Figure[];
  let failed = false;
  try {
    figures = await runBench(selected);
  } catch (e) {
    if (!(e instanceof BenchFailures)) throw e;
    figures = e.figures;
    failed = true;
  }
  console.log(`\n${formatTable(figures)}\n\n${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  const over = figures.filter(overBudget);
  if (over.length) console.log(`over budget (reported, not enforced): ${over.map((f) => f.name).join(', ')}`);
  if (args.json) {
    const file = resolve(args.json);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, toJson(figures));
    console.log(`figures written to ${file}`);
  }
  if (failed) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
