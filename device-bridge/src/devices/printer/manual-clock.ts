/**
 * A clock that moves only when told to, for driver tests: time-outs and polls fire on
 * `advance()`, never by waiting. Port traffic stays on the real event loop (setImmediate), which is
 * why `settle` lets that run before moving time on.
 */
import type { Clock } from './escpos-printer';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  private now = 0;
  private nextId = 1;
  private timers: Timer[] = [];

  get elapsed(): number {
    return this.now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.now + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Moves time forward, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.callback();
    }
    this.now = target;
  }

  /** Moves time to the next timer, if any. */
  advanceToNextTimer(): boolean {
    const next = this.timers.reduce<Timer | undefined>((a, t) => (!a || t.at < a.at ? t : a), undefined);
    if (!next) return false;
    this.advance(next.at - this.now);
    return true;
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Resolves `promise`, letting port traffic (setImmediate) finish before each step of time, so a
 * reply that is on its way is never overtaken by a time-out. Fails instead of hanging.
 */
export async function settle<T>(promise: Promise<T>, clock: ManualClock, maxTimerSteps = 1000): Promise<T> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let step = 0; step <= maxTimerSteps; step++) {
    for (let k = 0; k < 100 && !done; k++) await turn();
    if (done) return promise;
    if (!clock.advanceToNextTimer()) throw new Error('settle: nothing left to wait for, but the promise is still pending');
  }
  throw new Error(`settle: still pending after ${maxTimerSteps} timer steps`);
}
