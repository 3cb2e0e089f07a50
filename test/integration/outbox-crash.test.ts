/**
 * The outbox's promise, proven the hard way: ≥100 submissions through the real bridge process while
 * it is killed with SIGKILL at random moments and restarted, with the platform (the contract test
 * server) down for a while in the middle. The full ≥1,000 run is `npm run crash:outbox`.
 */
import { describe, expect, it } from 'vitest';
import { runCrashLoop } from '../support/crash-loop';

describe('outbox crash loop', () => {
  it('every acknowledged submission reaches the platform exactly once, in order per applicant', async () => {
    const report = await runCrashLoop({ submissions: 100, killEveryMs: [0, 5], outageMs: 1500, faults: { error500: 0.1, loseAck: 0.05 } });
    console.log('crash loop:', JSON.stringify({ ...report, contractViolations: report.contractViolations.length }));
    expect(report.problems).toEqual([]);
    expect(report.contractViolations).toEqual([]);
    expect(report.sent).toBeGreaterThanOrEqual(100);
    expect(report.kills).toBeGreaterThanOrEqual(5);
    // Almost all were acknowledged; the ones in flight at a kill may not be.
    expect(report.acked).toBeGreaterThanOrEqual(report.sent - report.kills);
    expect(report.atPlatform).toBeGreaterThanOrEqual(report.acked);
  }, 300_000);
});
