/**
 * Nightly-style fuzz run: every device-parser property with many more inputs than CI, a fresh seed
 * each time (printed, so a failure can be replayed with FUZZ_SEED=…). `npm run fuzz [-- factor]`.
 */
import fc from 'fast-check';
import { properties } from './device-parsers';

const factor = Number(process.argv[2] ?? 20);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 2 ** 31);
console.log(`fuzz: seed ${seed}, ${factor}× the CI runs`);
let total = 0;
for (const [name, { property, ciRuns }] of Object.entries(properties)) {
  const numRuns = ciRuns * factor;
  const t0 = performance.now();
  fc.assert(property, { numRuns, seed });
  const s = (performance.now() - t0) / 1000;
  total += numRuns;
  console.log(`${name.padEnd(24)} ${numRuns.toLocaleString('en')} inputs  ${s.toFixed(1)} s`);
}
console.log(`all ${total.toLocaleString('en')} inputs passed`);
