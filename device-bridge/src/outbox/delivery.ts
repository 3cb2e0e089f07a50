/**
 * The delivery worker: sends the outbox's backlog to the platform, oldest first, one applicant's
 * entries strictly in order. A platform that is unavailable gets exponential backoff with jitter per
 * entry; a rejection (the platform refused the content) is final and recorded; exactly once comes
 * from the idempotency key — an entry delivered but not yet marked when the process died is sent
 * again and the platform answers with the same acknowledgement.
 * After a restart the worker simply starts again: the outbox is the only state.
 */
import type { Logger } from '../log';
import type { Platform } from '../platform/platform';
import type { Outbox, OutboxEntry } from './outbox';

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
}

export interface DeliveryOptions {
  retry: RetryPolicy;
  /** Entries sent at once (different applicants only). */
  concurrency?: number;
  /** How often to purge and to re-check a faulted outbox. */
  housekeepingMs?: number;
  random?: () => number;
  now?: () => number;
}

/** Delay before attempt n+1 after n failures: base·2^(n−1), capped, with "equal jitter" (half fixed, half random). */
export function backoffDelay(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private housekeeping: NodeJS.Timeout | null = null;
  private running = false;
  private starting = false;
  private again = false;
  private stopped = true;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly outbox: Outbox,
    private readonly platform: Platform,
    private readonly logger: Logger,
    private readonly options: DeliveryOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  start(): void {
    this.stopped = false;
    const every = this.options.housekeepingMs ?? 60_000;
    this.housekeeping = setInterval(() => this.housekeep(), every);
    this.housekeeping.unref();
    this.housekeep();
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.housekeeping) clearInterval(this.housekeeping);
    this.timer = this.housekeeping = null;
  }

  /** Called after each delivery attempt round (for /healthz pushes and tests). */
  onProgress(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private housekeep(): void {
    const wasAvailable = this.outbox.available;
    if (!wasAvailable && this.outbox.recheck()) this.logger.info('outbox available again');
    try {
      const purged = this.outbox.purge();
      if (purged) this.logger.info({ purged }, 'delivered outbox entries purged after the retention window');
    } catch (e) {
      this.logger.error({ err: (e as Error).message }, 'outbox purge failed');
    }
    if (wasAvailable !== this.outbox.available) this.listeners.forEach((l) => l());
    this.kick();
  }

  /**
   * Run a delivery round soon (after an enqueue, or when the platform is known to be back): in the
   * next turn of the event loop, never in the caller's, so the reply telling the citizen the entry
   * is committed goes out first (a round writes the platform and the outbox, each write synced).
   */
  kick(): void {
    if (this.stopped) return;
    if (this.running || this.starting) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.starting = true;
    setImmediate(() => {
      this.starting = false;
      if (!this.stopped) void this.round();
    });
  }

  /** Resolves when nothing is pending (tests, bench). */
  async drained(timeoutMs = 30_000): Promise<void> {
    const start = Date.now();
    while (this.outbox.status().backlog - this.outbox.status().unreadable > 0) {
      if (Date.now() - start > timeoutMs) throw new Error(`outbox not drained after ${timeoutMs} ms (backlog ${this.outbox.status().backlog})`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async round(): Promise<void> {
    this.running = true;
    try {
      for (;;) {
        this.again = false;
        const due = this.outbox.due(Math.max(1, this.options.concurrency ?? 1) * 4);
        if (due.length === 0) break;
        const width = Math.max(1, this.options.concurrency ?? 1);
        for (let i = 0; i < due.length && !this.stopped; i += width) {
          await Promise.all(due.slice(i, i + width).map((e) => this.deliver(e)));
        }
        this.listeners.forEach((l) => l());
        if (this.stopped) break;
      }
    } catch (e) {
      this.logger.error({ err: (e as Error).message }, 'delivery round failed');
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    if (this.again) return this.kick();
    const next = this.outbox.nextDueAt();
    if (next !== null) {
      this.timer = setTimeout(() => this.kick(), Math.max(5, next - this.now()));
      this.timer.unref();
    }
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    const p = entry.payload;
    const result = p.kind === 'submission' ? await this.platform.submit(p.submission) : await this.platform.rate(p.rating);
    if (this.stopped && !this.outbox.available) return;
    try {
      if (result.ok) {
        this.outbox.markDelivered(entry.seq);
        this.logger.info({ seq: entry.seq, kind: entry.kind, reference: entry.reference, attempts: entry.attempts + 1 }, 'outbox entry delivered');
      } else if (result.error.kind === 'rejected') {
        this.outbox.markRejected(entry.seq, result.error.message);
        this.logger.warn({ seq: entry.seq, kind: entry.kind, reference: entry.reference, reason: result.error.message }, 'platform rejected an outbox entry');
      } else {
        const delay = backoffDelay(entry.attempts + 1, this.options.retry, this.random);
        this.outbox.markRetry(entry.seq, this.now() + delay, `${result.error.kind}: ${result.error.message}`);
        this.logger.warn({ seq: entry.seq, attempts: entry.attempts + 1, retryInMs: delay, err: result.error.message }, 'platform unavailable; will retry');
      }
    } catch (e) {
      this.logger.error({ seq: entry.seq, err: (e as Error).message }, 'outbox could not record a delivery result');
    }
  }
}
