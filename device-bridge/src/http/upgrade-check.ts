/**
 * Who may open the kiosk link (/ws): the check runs in the route's onRequest hook, before the
 * WebSocket upgrade, and refuses with a plain HTTP answer. Today: the Host must be one of the
 * terminal's own names (DNS rebinding: 421), and an Origin, when sent, must be the terminal's own
 * page (403). It is one function over the request's headers so that a stricter check (a link secret
 * as a cookie, Origin required: `kiosk-link-auth.ts`) replaces it in one line.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type UpgradeDecision = { ok: true } | { ok: false; status: 403 | 421; message: string };

export function authorizeUpgrade(headers: IncomingHttpHeaders, hosts: ReadonlySet<string>): UpgradeDecision {
  if (!hosts.has(headers.host ?? '')) return { ok: false, status: 421, message: 'unexpected Host header' };
  const origin = headers.origin;
  if (origin && !hosts.has(origin.replace(/^https?:\/\//, ''))) return { ok: false, status: 403, message: 'unexpected Origin' };
  return { ok: true };
}
