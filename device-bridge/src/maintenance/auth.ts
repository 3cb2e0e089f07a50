/**
 * Authentication for the maintenance console: per-terminal credentials stored as scrypt hashes,
 * sessions that expire (an opaque random token in an HttpOnly cookie, kept only in memory),
 * a rate limit per client address, and a lock-out of an account (or of the PIN) after repeated
 * failures. Times come from an injected clock so tests step through the lock-out without sleeping.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { MaintenanceConfig } from '../../../core/config/terminal';

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
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await scrypt(secret, salt, expected.length, { N, r, p, maxmem: 128 * N * r * 2 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const authLimits = {
  /** Failed attempts on one account (or the PIN) before it is locked. */
  MAX_FAILURES: 5,
  LOCKOUT_MS: 15 * 60_000,
  /** Login attempts per client address per window, successful or not. */
  RATE_LIMIT: 10,
  RATE_WINDOW_MS: 60_000,
};

export interface MaintenanceSession {
  token: string;
  user: string;
  /** 'lan': name + password from another machine; 'kiosk': hidden gesture + PIN on the terminal itself. */
  via: 'lan' | 'kiosk';
  expiresAt: number;
}

export type LoginResult =
  | { ok: true; session: MaintenanceSession }
  | { ok: false; reason: 'bad-credentials' | 'locked' | 'rate-limited' | 'not-configured'; retryAfterS?: number };

/** A stand-in hash so an unknown user name costs the same time as a known one. */
let dummyHash: Promise<string> | null = null;

/**
 * Checks a secret against an account's stored hash; an unknown account (no hash) is checked
 * against a stand-in, so the answer takes as long and never says which names exist.
 * Used by the maintenance console and by the /hall staff page.
 */
export async function verifyAccount(secret: string, hash: string | undefined): Promise<boolean> {
  dummyHash ??= hashSecret('not a password');
  const good = await verifySecret(secret, hash ?? (await dummyHash));
  return good && hash !== undefined;
}

export class MaintenanceAuth {
  private readonly sessions = new Map<string, MaintenanceSession>();
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly config: () => MaintenanceConfig | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async login(client: string, credentials: { user: string; password: string } | { pin: string }): Promise<LoginResult> {
    const limited = this.rateLimited(client);
    if (limited) return { ok: false, reason: 'rate-limited', retryAfterS: limited };
    const config = this.config();
    const account = 'pin' in credentials ? '#pin' : credentials.user;
    const locked = this.lockedFor(account);
    if (locked) return { ok: false, reason: 'locked', retryAfterS: locked };

    let hash: string | undefined;
    if ('pin' in credentials) hash = config?.pinHash;
    else hash = config?.users.find((u) => u.name === credentials.user)?.hash;
    if (!config || (!hash && 'pin' in credentials)) return { ok: false, reason: 'not-configured' };

    const secret = 'pin' in credentials ? credentials.pin : credentials.password;
    if (!(await verifyAccount(secret, hash))) {
      const entry = this.failures.get(account) ?? { count: 0, lockedUntil: 0 };
      entry.count += 1;
      if (entry.count >= authLimits.MAX_FAILURES) {
        entry.lockedUntil = this.now() + authLimits.LOCKOUT_MS;
        entry.count = 0;
      }
      this.failures.set(account, entry);
      return entry.lockedUntil > this.now() ? { ok: false, reason: 'locked', retryAfterS: Math.ceil(authLimits.LOCKOUT_MS / 1000) } : { ok: false, reason: 'bad-credentials' };
    }
    this.failures.delete(account);
    for (const [token, s] of this.sessions) if (s.expiresAt <= this.now()) this.sessions.delete(token);
    const session: MaintenanceSession = {
      token: randomBytes(32).toString('base64url'),
      user: 'pin' in credentials ? 'kiosk-pin' : credentials.user,
      via: 'pin' in credentials ? 'kiosk' : 'lan',
      expiresAt: this.now() + config.sessionTtlS * 1000,
    };
    this.sessions.set(session.token, session);
    return { ok: true, session };
  }

  /** The session of this token, extended on use (sliding expiry); null when absent or expired. */
  session(token: string | undefined): MaintenanceSession | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(token);
      return null;
    }
    session.expiresAt = this.now() + (this.config()?.sessionTtlS ?? 900) * 1000;
    return session;
  }

  logout(token: string | undefined): void {
    if (token) this.sessions.delete(token);
  }

  /** Seconds until the account unlocks, or 0. */
  lockedFor(account: string): number {
    const entry = this.failures.get(account);
    if (!entry || entry.lockedUntil <= this.now()) return 0;
    return Math.ceil((entry.lockedUntil - this.now()) / 1000);
  }

  private rateLimited(client: string): number {
    const now = this.now();
    const recent = (this.attempts.get(client) ?? []).filter((t) => t > now - authLimits.RATE_WINDOW_MS);
    if (recent.length >= authLimits.RATE_LIMIT) {
      this.attempts.set(client, recent);
      return Math.ceil((recent[0]! + authLimits.RATE_WINDOW_MS - now) / 1000);
    }
    recent.push(now);
    this.attempts.set(client, recent);
    return 0;
  }
}
