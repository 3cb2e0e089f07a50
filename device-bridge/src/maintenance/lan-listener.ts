/**
 * The maintenance console on the LAN: a second listener, only when `maintenance.lan` is configured,
 * that answers only clients whose address is on the allow-list and only the console's routes
 * (/maintenance, its API and assets, /metrics). The kiosk's own routes stay on 127.0.0.1.
 */
import type { MaintenanceConfig } from '../../../core/config/terminal';
import { createHttpApp, sendError, type HttpApp } from '../http/app';
import type { Logger } from '../log';

function ipv4ToInt(ip: string): number | null {
  const m = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** Whether `ip` (IPv4, or IPv4-mapped IPv6) is in one of the addresses or CIDR blocks. */
export function addressAllowed(ip: string, allow: string[]): boolean {
  const addr = ipv4ToInt(ip);
  if (addr === null) return false;
  return allow.some((entry) => {
    const [base, bitsText] = entry.split('/');
    const net = ipv4ToInt(base ?? '');
    if (net === null) return false;
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (bits === 0) return true;
    const mask = (~0 << (32 - bits)) >>> 0;
    return (addr & mask) === (net & mask);
  });
}

export interface LanListener {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Whether the Host header names this listener: an IPv4 address, its configured host, or one of its names. */
export function lanHostAllowed(host: string | undefined, lan: NonNullable<MaintenanceConfig['lan']>): boolean {
  const hostname = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  return ipv4ToInt(hostname) !== null || hostname === lan.host || (lan.hostnames ?? []).includes(hostname);
}

export async function startLanListener(
  lan: NonNullable<MaintenanceConfig['lan']>,
  logger: Logger,
  register: (app: HttpApp) => Promise<void>,
): Promise<LanListener> {
  const app = await createHttpApp({
    logger,
    admit: (request, reply) => {
      const client = request.ip;
      if (!addressAllowed(client, lan.allow)) {
        logger.warn({ client }, 'maintenance listener: address not on the allow-list');
        return sendError(reply, 403, 'this address may not use the maintenance console');
      }
      // Addressed by IP or by a configured name only: a page elsewhere must not reach the console by DNS rebinding.
      if (!lanHostAllowed(request.headers.host, lan)) return sendError(reply, 421, 'unexpected Host header');
    },
  });
  await register(app);
  await app.listen({ port: lan.port, host: lan.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : lan.port;
  logger.info({ host: lan.host, port, allow: lan.allow }, 'maintenance console listening on the LAN');
  return {
    url: `http://${lan.host}:${port}/maintenance`,
    port,
    close: () => app.close(),
  };
}
