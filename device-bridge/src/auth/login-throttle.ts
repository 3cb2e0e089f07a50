/**
 * Slows password guessing without handing an attacker a way to lock staff out.
 *
 * Failures are counted per client address and per account. After `freeFailures` failures on a
 * key, the next attempt on that key is answered only after a delay that doubles with every further
 * failure, from `baseDelayMs` up to `maxDelayMs`: until then the bridge refuses at once (429 with
 * Retry-After) without checking the password (no scrypt work). Refused attempts are not failures,
 * so they do not lengthen the delay. A key is forgotten `forgetMs` after its last failure, and a
 * successful log-in clears the account's and the address's counts.
 *
 * There is never a long hard lock: the worst a guesser can do to a real account is keep it at
 * `maxDelayMs` (30 s for staff accounts), not 15 minutes. All unknown account names share one
 * key, so names chosen by an attacker never create entries; and both maps are size-capped and
 * evict the least recently used key.
 */
import { BoundedMap } from './bounded-map';

export interface ThrottleRule {
  /** Failures on a key before delays begin. */
  freeFailures: number;
  /** The first delay; each further failure doubles it. */
  baseDelayMs: number;
  /** The longest delay. */
  maxDelayMs: number;
  /** A key with no failure for this long is forgotten. */
  forgetMs: number;
}

export interface ThrottleOptions {
  perAddress: ThrottleRule;
  perAccount: ThrottleRule;
  /** Cap of each map (addresses; accounts are bounded anyway: known names + one shared key). */
  maxEntries?: number;
  now?: () => number;
}

interface Failures {
  count: number;
  last: number;
}

/** The key all names that are not accounts share. */
export const UNKNOWN_ACCOUNT = '\u0000unknown';

export function delayAfter(rule: ThrottleRule, failures: number): number {
  if (failures < rule.freeFailures) return 0;
  return Math.min(rule.baseDelayMs * 2 ** (failures - rule.freeFailures), rule.maxDelayMs);
}

export class LoginThrottle {
  private readonly addresses: BoundedMap<string, Failures>;
  private readonly accounts: BoundedMap<string, Failures>;
  private readonly now: () => number;

  constructor(private readonly options: ThrottleOptions) {
    this.addresses = new BoundedMap(options.maxEntries ?? 4096);
    this.accounts = new BoundedMap(options.maxEntries ?? 4096);
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until an attempt for this account from this address is answered; 0 = now. */
  waitMs(address: string, account: string): number {
    return Math.max(this.wait(this.addresses, address, this.options.perAddress), this.wait(this.accounts, account, this.options.perAccount));
  }

  failed(address: string, account: string): void {
    const now = this.now();
    for (const [map, key, rule] of [
      [this.addresses, address, this.options.perAddress],
      [this.accounts, account, this.options.perAccount],
    ] as const) {
      const f = this.current(map, key, rule);
      map.set(key, { count: (f?.count ?? 0) + 1, last: now });
    }
  }

  succeeded(address: string, account: string): void {
    this.addresses.delete(address);
    this.accounts.delete(account);
  }

  /** Entries held (for the memory figures and tests). */
  get size(): { addresses: number; accounts: number } {
    return { addresses: this.addresses.size, accounts: this.accounts.size };
  }

  private current(map: BoundedMap<string, Failures>, key: string, rule: ThrottleRule): Failures | undefined {
    const f = map.get(key);
    if (f && this.now() - f.last >= rule.forgetMs) {
      map.delete(key);
      return undefined;
    }
    return f;
  }

  private wait(map: BoundedMap<string, Failures>, key: string, rule: ThrottleRule): number {
    const f = this.current(map, key, rule);
    if (!f) return 0;
    return Math.max(0, f.last + delayAfter(rule, f.count) - this.now());
  }
}
