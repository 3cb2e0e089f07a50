import { describe, expect, it } from 'vitest';
import { bridgeDelays, reconnectDelay } from './bridge-client';

describe('the kiosk page’s reconnect backoff', () => {
  it('doubles from RECONNECT_MS per failed attempt up to RECONNECT_MAX_MS', () => {
    const top = (attempt: number) => reconnectDelay(attempt, () => 1);
    expect(top(0)).toBe(bridgeDelays.RECONNECT_MS);
    expect(top(1)).toBe(2 * bridgeDelays.RECONNECT_MS);
    expect(top(2)).toBe(4 * bridgeDelays.RECONNECT_MS);
    expect(top(10)).toBe(bridgeDelays.RECONNECT_MAX_MS);
    expect(top(1000)).toBe(bridgeDelays.RECONNECT_MAX_MS);
  });

  it('draws each wait from 50–100 % of its ceiling (jitter)', () => {
    expect(reconnectDelay(0, () => 0)).toBe(bridgeDelays.RECONNECT_MS / 2);
    expect(reconnectDelay(20, () => 0)).toBe(bridgeDelays.RECONNECT_MAX_MS / 2);
    const waits = new Set(Array.from({ length: 50 }, () => reconnectDelay(3)));
    expect(waits.size).toBeGreaterThan(1);
    for (const w of waits) {
      expect(w).toBeGreaterThanOrEqual(4 * bridgeDelays.RECONNECT_MS);
      expect(w).toBeLessThanOrEqual(8 * bridgeDelays.RECONNECT_MS);
    }
  });
});
