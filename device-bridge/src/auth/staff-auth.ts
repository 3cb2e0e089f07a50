/**
 * The one authentication module for staff pages: the maintenance console (/maintenance/api) and the
 * service-hall page (/hall). Accounts are scrypt hashes from the configuration; a session is an
 * opaque random token kept only in memory (a size-capped map); guessing is slowed per address and
 * per account by `LoginThrottle` (growing delays, never a long lock), and a browser that logged in
 * before presents a signed device cookie that gives it its own throttle key; scrypt checks run at most
 * `MAX_CONCURRENT_CHECKS` at a time (each takes ~40 ms and 32 MiB), further ones wait in a short
 * queue or are answered 503; every attempt can be audited (the audit callback gets account names and
 * outcomes, never a secret).
 */
import { createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { BoundedMap } from './bounded-map';
import { LoginThrottle, UNKNOWN_ACCOUNT, type ThrottleRule } from './login-throttle';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password.normalize('NFKC'), salt, keylen, options, (e, key) => (e ? reject(e) : resolve(key))));

/** N=2^15, r=8, p=1: ~40 ms and 32 MiB per check on the reference terminal. */
export const scryptParams = { N: 32768, r: 8, p: 1 };

export async function hashSecret(secret: string, params = scryptParams): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(secret, salt, 32, { ...params, maxmem: 128 * params.N * params.r * 2 });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Hashes come from the configuration (validated), but never spend more than 64 MiB on one.
  if (!(N >= 2 && N <= 2 ** 17 && r >= 1 && r <= 16 && p >= 1 && p <= 4)) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await scrypt(secret, salt, expected.length, { N, r, p, maxmem: 128 * N * r * 2 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A stand-in hash so an unknown user name costs the same time as a known one. */
let dummyHash: Promise<string> | null = null;

/**
 * Checks a secret against an account's stored hash; an unknown account (no hash) is checked
 * against a stand-in, so the answer takes as long and never says which names exist.
 */
export async function verifyAccount(secret: string, hash: string | undefined): Promise<boolean> {
  dummyHash ??= hashSecret('not a password');
  const good = await verifySecret(secret, hash ?? (await dummyHash));
  return good && hash !== undefined;
}

/** The limits, named: README's "HTTP layer" section quotes them. */
export const authLimits = {
  perAddress: { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 60_000, forgetMs: 15 * 60_000 } satisfies ThrottleRule,
  perAccount: { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 30_000, forgetMs: 15 * 60_000 } satisfies ThrottleRule,
  /** Addresses remembered per page (LRU). */
  MAX_ADDRESSES: 4096,
  /** Sessions held per page (LRU: the oldest-used is dropped). */
  MAX_SESSIONS: 256,
  /** scrypt checks at once, and how many more may wait for one before the answer is 503. */
  MAX_CONCURRENT_CHECKS: 2,
  MAX_WAITING_CHECKS: 16,
};

export interface StaffAccounts {
  users: { name: string; hash: string }[];
  /** The maintenance PIN (typed on the terminal's own screen). */
  pinHash?: string;
  sessionTtlS: number;
  /** Failures on an account before delays begin (hall.lockout.attempts); default authLimits. */
  freeFailures?: number;
  /** How long failures are remembered (hall.lockout.minutes); default authLimits. */
  forgetMs?: number;
}

export interface StaffSession {
  token: string;
  user: string;
  /** 'password': name + password; 'pin': the maintenance PIN on the terminal itself. */
  via: 'password' | 'pin';
  expiresAt: number;
}

export type Credentials = { user: string; password: string } | { pin: string };

export type LoginResult =
  | { ok: true; session: StaffSession; /** For the device cookie: this browser's own throttle key from now on. */ device: string }
  | { ok: false; reason: 'bad-credentials' | 'throttled' | 'busy' | 'not-configured'; retryAfterS?: number };

export interface AuthAuditEntry {
  /** The account name as typed, made safe for a log (or `kiosk-pin`). */
  actor: string;
  address: string;
  outcome: 'ok' | 'refused';
  reason?: string;
}

export interface StaffAuthOptions {
  accounts: () => StaffAccounts | undefined;
  /** Sliding expiry: each use of a session extends it (maintenance); otherwise a fixed lifetime (hall). */
  sliding?: boolean;
  audit?: (entry: AuthAuditEntry) => void | Promise<void>;
  now?: () => number;
}

export const PIN_ACCOUNT = '#pin';
export const safeActor = (name: string) => name.replace(/[^a-z0-9._-]/g, '?').slice(0, 32);

export class StaffAuth {
  private readonly sessions = new BoundedMap<string, StaffSession>(authLimits.MAX_SESSIONS);
  private readonly throttle: LoginThrottle;
  private readonly now: () => number;
  /** Signs device cookies; a new one each start (browsers then log in once as untrusted). */
  private readonly deviceKey = randomBytes(32);
  private checking = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: StaffAuthOptions) {
    this.now = options.now ?? Date.now;
    const a = options.accounts();
    this.throttle = new LoginThrottle({
      perAddress: authLimits.perAddress,
      perAccount: {
        ...authLimits.perAccount,
        ...(a?.freeFailures ? { freeFailures: a.freeFailures } : {}),
        ...(a?.forgetMs ? { forgetMs: a.forgetMs } : {}),
      },
      maxEntries: authLimits.MAX_ADDRESSES,
      now: this.now,
    });
  }

  /**
   * `device` is the device cookie a browser got at an earlier successful log-in to this account (or
   * undefined). With a valid one, the attempt is throttled only by that browser's own failures, not
   * by the address's or the account's: a guesser elsewhere (or on the same address) cannot slow down
   * the staff member at their usual browser. Without one, the shared address and account keys apply.
   */
  async login(address: string, credentials: Credentials, device?: string): Promise<LoginResult> {
    const accounts = this.options.accounts();
    const isPin = 'pin' in credentials;
    const actor = isPin ? 'kiosk-pin' : safeActor(credentials.user);
    const refuse = (reason: 'bad-credentials' | 'throttled' | 'busy' | 'not-configured', retryAfterS?: number): LoginResult => {
      void this.options.audit?.({ actor, address, outcome: 'refused', reason });
      return { ok: false, reason, ...(retryAfterS !== undefined ? { retryAfterS } : {}) };
    };
    const hash = isPin ? accounts?.pinHash : accounts?.users.find((u) => u.name === credentials.user)?.hash;
    if (!accounts || (isPin && !hash)) return refuse('not-configured');
    // Names that are not accounts share one key: an attacker's made-up names create no entries.
    const accountKey = isPin ? PIN_ACCOUNT : hash ? `user:${credentials.user}` : UNKNOWN_ACCOUNT;
    const trusted = hash ? this.deviceId(device, accountKey) : null;
    const [addressKey, account] = trusted ? [`device:${trusted}`, `device:${trusted}`] : [address, accountKey];
    const wait = this.throttle.waitMs(addressKey, account);
    if (wait > 0) return refuse('throttled', Math.ceil(wait / 1000));

    // Counted as a failure before the check, so attempts sent at once cannot all pass the wait.
    this.throttle.failed(addressKey, account);
    if (!(await this.acquire())) return refuse('busy', 1);
    let good: boolean;
    try {
      good = await verifyAccount(isPin ? credentials.pin : credentials.password, hash);
    } finally {
      this.release();
    }
    if (!good) {
      const next = this.throttle.waitMs(address, account);
      return refuse('bad-credentials', next > 0 ? Math.ceil(next / 1000) : undefined);
    }
    this.throttle.succeeded(addressKey, account);
    const session: StaffSession = {
      token: randomBytes(32).toString('base64url'),
      user: isPin ? 'kiosk-pin' : credentials.user,
      via: isPin ? 'pin' : 'password',
      expiresAt: this.now() + accounts.sessionTtlS * 1000,
    };
    this.sessions.set(session.token, session);
    void this.options.audit?.({ actor: session.user, address, outcome: 'ok' });
    return { ok: true, session, device: this.deviceToken(trusted ?? randomBytes(12).toString('base64url'), accountKey) };
  }

  /** The session of this token (extended on use when sliding); null when absent or expired. */
  session(token: string | undefined): StaffSession | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(token);
      return null;
    }
    if (this.options.sliding) session.expiresAt = this.now() + (this.options.accounts()?.sessionTtlS ?? 900) * 1000;
    return session;
  }

  logout(token: string | undefined): void {
    if (token) this.sessions.delete(token);
  }

  /** `id.mac`: a device id bound to one account, signed with this process's key. */
  private deviceToken(id: string, accountKey: string): string {
    return `${id}.${createHmac('sha256', this.deviceKey).update(`${id}\u0000${accountKey}`).digest('base64url')}`;
  }

  private deviceId(token: string | undefined, accountKey: string): string | null {
    const m = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
    if (!m) return null;
    const expected = Buffer.from(this.deviceToken(m[1]!, accountKey));
    const given = Buffer.from(token!);
    return expected.length === given.length && timingSafeEqual(expected, given) ? m[1]! : null;
  }

  /** Entries held in memory (figures, tests). */
  get memory(): { sessions: number; addresses: number; accounts: number } {
    return { sessions: this.sessions.size, ...this.throttle.size };
  }

  private acquire(): Promise<boolean> {
    if (this.checking < authLimits.MAX_CONCURRENT_CHECKS) {
      this.checking++;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= authLimits.MAX_WAITING_CHECKS) return Promise.resolve(false);
    return new Promise((resolve) => this.waiting.push(() => resolve(true)));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.checking--;
  }
}
