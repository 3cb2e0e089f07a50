/**
 * Nightly-style fuzz run: every device-parser property with many more inputs than CI, then the kiosk
 * link (test/fuzz/kiosk-link.ts) against a real bridge process, a fresh seed each time (printed, so a
 * failure can be replayed with FUZZ_SEED=…). `npm run fuzz [-- factor]` (factor 20: 2 million messages).
 */
import fc from 'fast-check';
import { properties } from './device-parsers';
import { fuzzFrames, fuzzMessages, rssOf } from './kiosk-link';
import { startBridge } from '../support/bridge-process';

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

// The kiosk link: the bridge process must stay up, answer /healthz and keep its memory.
const bridge = await startBridge({ KIOSK_LOG_LEVEL: 'error' });
try {
  const rss0 = rssOf(bridge.process.pid!);
  let t0 = performance.now();
  const messages = await fuzzMessages(bridge.url, bridge.linkSecret, { batches: 200 * factor, perBatch: 500, seed });
  console.log(`${'kiosk-link messages'.padEnd(24)} ${messages.toLocaleString('en')} inputs  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const { frames, codes } = await fuzzFrames(bridge.url, bridge.linkSecret, { connections: 1000 * factor, maxFrames: 24, seed });
  console.log(`${'kiosk-link frames'.padEnd(24)} ${frames.toLocaleString('en')} inputs  ${((performance.now() - t0) / 1000).toFixed(1)} s  close codes ${JSON.stringify([...codes].sort())}`);
  const health = await fetch(new URL('/healthz', bridge.url));
  if (health.status !== 200 || bridge.process.exitCode !== null) throw new Error('the bridge is not up after the kiosk-link fuzz');
  const rss1 = rssOf(bridge.process.pid!);
  console.log(`bridge RSS ${(rss0 / 2 ** 20).toFixed(0)} → ${(rss1 / 2 ** 20).toFixed(0)} MiB, /healthz ${health.status}`);
  total += messages + frames;
} finally {
  await bridge.stop();
}
console.log(`all ${total.toLocaleString('en')} inputs passed`);
