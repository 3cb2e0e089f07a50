/**
 * The CI-sized HTTP fuzz run (test/fuzz/http-routes.ts) against the real bridge process: 3,000
 * random requests (FUZZ_SEED=… replays one); the bridge stays up, never answers 500, answers
 * /healthz afterwards, and its RSS grows by less than RSS_BOUND_KIB. `npm run fuzz` runs many more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzHttp, RSS_BOUND_KIB } from '../fuzz/http-routes';
import { showBridgeLogOnFailure } from '../support/bridge-log';
import { startBridge, type RunningBridge } from '../support/bridge-process';

const seed = Number(process.env.FUZZ_SEED ?? 20261202);

describe('HTTP routes under random requests', () => {
  let bridge: RunningBridge;
  showBridgeLogOnFailure(() => bridge);
  beforeAll(async () => {
    bridge = await startBridge({ KIOSK_LOG_LEVEL: 'warn' });
  });
  afterAll(() => bridge?.stop());

  it(`stays up, never answers 500, and stays within ${RSS_BOUND_KIB / 1024} MiB of RSS growth (seed ${seed})`, async () => {
    const result = await fuzzHttp(new URL(bridge.url), bridge.process.pid!, { seed, requests: 3_000, concurrency: 8 });
    console.log(`http fuzz: ${JSON.stringify({ ...result, internalErrors: result.internalErrors.length })}`);
    expect(result.internalErrors).toEqual([]);
    expect(bridge.process.exitCode).toBeNull();
    expect((await fetch(new URL('/healthz', bridge.url))).status).toBe(200);
    expect(result.rssAfterKiB - result.rssBeforeKiB).toBeLessThan(RSS_BOUND_KIB);
    // The run reached the routes: refused media types, bad bodies, unknown paths, good answers.
    for (const status of ['200', '400', '404', '415']) expect(result.statuses[status] ?? 0, status).toBeGreaterThan(0);
  }, 90_000);
});
