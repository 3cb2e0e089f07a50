/**
 * Nightly-style fuzz run: every device-parser property with many more inputs than CI, then the kiosk
 * link (test/fuzz/kiosk-link.ts) and the HTTP routes (test/fuzz/http-routes.ts, `factor` × 2,500
 * random requests) against a real bridge process, a fresh seed each time (printed, so a failure can
 * be replayed with FUZZ_SEED=…). `npm run fuzz [-- factor]` (it builds the kiosk UI first: the bridge
 * serves it; factor 20: 2 million kiosk-link messages).
 */
import fc from 'fast-check';
import { properties } from './device-parsers';
import { fuzzHttp, RSS_BOUND_KIB } from './http-routes';
import { fuzzFrames, fuzzMessages, rssOf } from './kiosk-link';
import { startBridge } from '../support/bridge-process';

const factor = Number(process.argv[2] ?? 20);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
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
const linkBridge = await startBridge({ KIOSK_LOG_LEVEL: 'error' });
try {
  const bridge = linkBridge;
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
  await linkBridge.stop();
}
console.log(`all ${total.toLocaleString('en')} inputs passed`);

const bridge = await startBridge({ KIOSK_LOG_LEVEL: 'warn' });
try {
  const requests = 2_500 * factor;
  const r = await fuzzHttp(new URL(bridge.url), bridge.process.pid!, { seed, requests, concurrency: 8 });
  const healthz = (await fetch(new URL('/healthz', bridge.url))).status;
  const grownKiB = r.rssAfterKiB - r.rssBeforeKiB;
  console.log(`http routes              ${requests.toLocaleString('en')} requests  ${r.seconds.toFixed(1)} s  statuses ${JSON.stringify(r.statuses)}`);
  console.log(`  RSS after warm-up ${(r.rssBeforeKiB / 1024).toFixed(0)} MiB, after ${(r.rssAfterKiB / 1024).toFixed(0)} MiB (max ${(r.maxRssKiB / 1024).toFixed(0)} MiB), bound +${RSS_BOUND_KIB / 1024} MiB`);
  const failures = [
    ...(r.internalErrors.length ? [`${r.internalErrors.length} answers were 500: ${r.internalErrors.slice(0, 5).join(' | ')}`] : []),
    ...(healthz !== 200 ? [`/healthz answered ${healthz}`] : []),
    ...(bridge.process.exitCode !== null ? ['the bridge exited'] : []),
    ...(grownKiB >= RSS_BOUND_KIB ? [`RSS grew by ${(grownKiB / 1024).toFixed(0)} MiB`] : []),
  ];
  if (failures.length) {
    console.error(`http fuzz failed (seed ${seed}):\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  } else console.log('http routes passed');
} finally {
  await bridge.stop();
}
