/**
 * The kiosk-link fuzz (test/fuzz/kiosk-link.ts) in CI: ≥ 100,000 inputs against the real bridge
 * process — random JSON messages near and off the KioskRequest schema over one connection, and random
 * WebSocket frame sequences over raw TCP, one connection each — then the bridge is still up, answers
 * /healthz and its resident memory grew by less than a stated bound. `npm run fuzz` runs many more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showBridgeLogOnFailure } from '../support/bridge-log';
import { api, startBridge, type RunningBridge } from '../support/bridge-process';
import { fuzzFrames, fuzzMessages, rssOf } from '../fuzz/kiosk-link';

/** Resident memory may grow by at most this much over the run (allocator high-water marks included). */
const RSS_GROWTH_BOUND = 150 * 1024 * 1024;
const seed = Number(process.env.FUZZ_SEED ?? 20261202);

describe('kiosk link fuzz (CI size)', () => {
  let bridge: RunningBridge;
  showBridgeLogOnFailure(() => bridge);
  beforeAll(async () => {
    bridge = await startBridge({ KIOSK_LOG_LEVEL: 'error' });
  });
  afterAll(async () => {
    await bridge?.stop();
  });

  it('survives 100,000+ random messages and frames, answers /healthz, memory bounded', async () => {
    const before = rssOf(bridge.process.pid!);
    const messages = await fuzzMessages(bridge.url, bridge.linkSecret, { batches: 200, perBatch: 500, seed });
    const { frames, codes } = await fuzzFrames(bridge.url, bridge.linkSecret, { connections: 1000, maxFrames: 24, seed });
    const after = rssOf(bridge.process.pid!);
    console.log(
      `kiosk-link fuzz: ${messages.toLocaleString('en')} messages, ${frames.toLocaleString('en')} frames over 1,000 connections; ` +
        `close codes ${JSON.stringify([...codes].sort())}; RSS ${(before / 2 ** 20).toFixed(0)} → ${(after / 2 ** 20).toFixed(0)} MiB`,
    );
    expect(messages + frames).toBeGreaterThanOrEqual(100_000);
    expect(bridge.process.exitCode).toBeNull();
    const health = await api<{ status: string }>(bridge.url, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(after - before).toBeLessThan(RSS_GROWTH_BOUND);
  });
});
