/**
 * When an end-to-end test fails, print the tail of its bridge's log (already free of personal
 * data: the bridge's logger censors it), so that a failure in CI says what the bridge saw.
 */
import { afterEach } from 'vitest';
import type { RunningBridge } from './bridge-process';

export function showBridgeLogOnFailure(bridge: () => RunningBridge | undefined, chars = 6000): void {
  afterEach((context) => {
    if (context.task.result?.state !== 'fail') return;
    const out = bridge()?.output() ?? '';
    console.error(`--- bridge log (last ${chars} characters) for "${context.task.name}" ---\n${out.slice(-chars)}\n--- end of bridge log ---`);
  });
}
