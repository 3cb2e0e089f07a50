/**
 * Who may be the kiosk: only the page the bridge launched. The bridge makes a secret per start
 * (`KIOSK_LINK_SECRET` when the environment gives one) and hands it only to the Chromium it launches,
 * as the HttpOnly, SameSite=Strict cookie `kiosk_link` (set through the DevTools protocol before the
 * page loads; never in a URL). A WebSocket upgrade is refused (403, before any WebSocket exists)
 * without that cookie, without an allowed Host, or without an allowed Origin — a missing Origin too:
 * a browser always sends one, a local process pretending to be the kiosk may not.
 *
 * Pure functions, no I/O: the HTTP layer (node:http today, Fastify tomorrow) calls them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const KIOSK_LINK_COOKIE = 'kiosk_link';

/** The secret for this start: the environment's `KIOSK_LINK_SECRET` when set, else 32 random bytes. */
export function makeLinkSecret(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.KIOSK_LINK_SECRET?.trim();
  return given ? given : randomBytes(32).toString('base64url');
}

/** The value of one cookie in a `Cookie` header, or null (the first one of that name). */
export function cookieValue(header: string | string[] | undefined, name: string): string | null {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return null;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return value;
  }
  return null;
}

/** Constant-time equality of two strings (digests first, so the length leaks nothing either). */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

export type UpgradeRefusal = 'host' | 'origin-missing' | 'origin' | 'cookie-missing' | 'cookie';

export type UpgradeDecision = { ok: true } | { ok: false; status: 403; reason: UpgradeRefusal };

export interface KioskUpgradeRules {
  /** `host:port` forms the bridge answers to (127.0.0.1:8080, localhost:8080, [::1]:8080, …). */
  allowedHosts: ReadonlySet<string>;
  secret: string;
}

type Headers = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * Whether a WebSocket upgrade to /ws may become the kiosk link. Host and Origin must be the bridge's
 * own (a page elsewhere, or DNS rebinding, is refused); the `kiosk_link` cookie must hold the secret.
 */
export function authorizeKioskUpgrade(headers: Headers, rules: KioskUpgradeRules): UpgradeDecision {
  const host = one(headers.host) ?? '';
  if (!rules.allowedHosts.has(host)) return { ok: false, status: 403, reason: 'host' };
  const origin = one(headers.origin);
  if (!origin) return { ok: false, status: 403, reason: 'origin-missing' };
  const m = /^http:\/\/([^/]+)$/.exec(origin);
  if (!m || !rules.allowedHosts.has(m[1]!)) return { ok: false, status: 403, reason: 'origin' };
  const cookie = cookieValue(headers.cookie, KIOSK_LINK_COOKIE);
  if (cookie === null) return { ok: false, status: 403, reason: 'cookie-missing' };
  if (!rules.secret || !secretsEqual(cookie, rules.secret)) return { ok: false, status: 403, reason: 'cookie' };
  return { ok: true };
}

/** The Set-Cookie header that hands the secret to a browser (the /pair page; the launched Chromium gets it through CDP). */
export function linkCookieHeader(secret: string): string {
  return `${KIOSK_LINK_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Strict`;
}
