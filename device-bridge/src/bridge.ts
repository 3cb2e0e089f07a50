/**
 * The composition root: devices, catalog, platform, the kiosk link and the HTTP server in one Node
 * process. `createBridge` is what `npm start` runs and what the end-to-end tests start.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import type { TerminalConfig } from '../../core/config/terminal';
import { makeCalendar } from '../../core/calendar/working-days';
import { describeCalendarErrors, loadCalendar } from './catalog/calendar-loader';
import type { TerminalInfo } from '../../core/protocol/messages';
import { guideBaseFromTrackUrl } from '../../core/receipt/guide-receipt';
import { CatalogStore } from './catalog/catalog-store';
import { projectRoot } from './config';
import { createDevices, type Devices } from './devices/devices';
import { handleSim } from './http/sim-api';
import { sendError, sendJson } from './http/routes';
import { loadStaticFiles, type StaticFile } from './http/static-files';
import { KioskLink } from './kiosk-link';
import type { Logger } from './log';
import { LocalPlatform } from './platform/local-platform';
import { ApplicationService } from './services/applications';
import { EmbeddedAcceptingVerifier } from './verifier/identity-verifier';

export const softwareVersion = '0.1.0';

export interface BridgeOptions {
  config: TerminalConfig;
  logger: Logger;
  distDir?: string;
  catalogDir?: string;
  calendarFile?: string;
  now?: () => Date;
}

export interface Bridge {
  url: string;
  port: number;
  devices: Devices;
  link: KioskLink;
  platform: LocalPlatform;
  catalog: CatalogStore;
  health(): Health;
  close(): Promise<void>;
}

export interface Health {
  status: 'ok' | 'degraded';
  terminal: string;
  version: string;
  uptimeS: number;
  devices: ReturnType<Devices['statuses']>;
  catalog: { version: string | null; loadedAt: string | null; errors: { file: string; path: string; message: string }[] };
  outbox: { backlog: number };
  kiosk: { connected: boolean; sessionActive: boolean };
  faults: string[];
}

const CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export async function createBridge(options: BridgeOptions): Promise<Bridge> {
  const { config, logger } = options;
  const started = Date.now();
  const distDir = options.distDir ?? resolve(projectRoot, 'dist/kiosk');

  const catalog = new CatalogStore(options.catalogDir ?? resolve(projectRoot, 'config/catalog'), logger);
  const loaded = await catalog.load();
  if (!loaded.ok) logger.error({ errors: loaded.errors.slice(0, 20), count: loaded.errors.length }, 'service catalog has errors');

  // A file or the directory of calendar files (one per notice period), merged.
  const calendarFile = options.calendarFile ?? resolve(projectRoot, 'config/calendar');
  const calendarData = await loadCalendar(calendarFile);
  if (!calendarData.ok) throw new Error(`working-day calendar ${calendarFile} is invalid:\n${describeCalendarErrors(calendarData.error)}`);
  const calendar = makeCalendar(calendarData.value);

  let files: Map<string, StaticFile>;
  try {
    files = await loadStaticFiles(distDir);
  } catch {
    logger.error({ distDir }, 'the kiosk UI is not built: run `npm run build` (npm start does it)');
    files = new Map();
  }

  const devices = await createDevices(config, logger);
  const platform = new LocalPlatform();
  const applications = new ApplicationService({ config, catalog, calendar, platform, devices, logger, now: options.now });
  const verifier = new EmbeddedAcceptingVerifier();
  const anySimulated = Object.values(devices.sim).some(Boolean);
  const terminal = (): TerminalInfo => ({
    id: config.terminal.id,
    name: config.terminal.name,
    hours: config.terminal.hours,
    open24h: config.terminal.open24h,
    idleTimeoutMs: config.session.idleTimeoutS * 1000,
    idleWarningMs: config.session.idleWarningS * 1000,
    devDock: config.devDock === 'auto' && anySimulated,
    pxPerMm: config.display.pxPerMm,
    hallPhone: config.terminal.hallPhone,
    pickupPlace: config.terminal.pickupPlace,
    guideBaseUrl: guideBaseFromTrackUrl(config.receipt.trackBaseUrl),
    bundles: config.services,
    identityVerifier: { name: verifier.name, realComparison: verifier.realComparison },
  });
  const link = new KioskLink({ terminal, devices, catalog, platform, applications, verifier, logger, now: options.now });

  const health = (): Health => {
    const d = devices.statuses();
    const faults: string[] = [];
    if (d.idcard.state === 'error') faults.push(`idcard:${d.idcard.type}`);
    if (d.printer.state !== 'idle') faults.push(`printer:${d.printer.state === 'error' ? d.printer.type : d.printer.state}`);
    else if (d.printer.paper === 'near-end') faults.push('printer:paper-near-end');
    if (d.qr.state === 'error') faults.push(`qr:${d.qr.type}`);
    const c = catalog.status();
    if (c.errors.length) faults.push('catalog:errors');
    if (!c.version) faults.push('catalog:missing');
    return {
      status: faults.length ? 'degraded' : 'ok',
      terminal: config.terminal.id,
      version: softwareVersion,
      uptimeS: Math.round((Date.now() - started) / 1000),
      devices: d,
      catalog: { version: c.version, loadedAt: c.loadedAt, errors: c.errors.slice(0, 50) },
      outbox: { backlog: platform.backlog() },
      kiosk: { connected: link.connected, sessionActive: link.session.active },
      faults,
    };
  };

  const allowedHosts = (port: number) => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${config.bridge.host}:${port}`]);
  let hosts = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Refuse other Host headers: a page elsewhere must not reach the bridge by DNS rebinding.
    if (!hosts.has(req.headers.host ?? '')) return sendError(res, 421, 'unexpected Host header');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/healthz') return sendJson(res, 200, health());
    if (path === '/api/catalog') {
      const current = catalog.current();
      if (!current) return sendError(res, 503, 'the service catalog is not loaded');
      return sendJson(res, 200, { catalog: current, calendar: calendarData.value });
    }
    if (path.startsWith('/sim/')) {
      if (await handleSim(req, res, path, devices)) return;
      return sendError(res, 404, 'no such simulator route');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'method not allowed');
    const file = files.get(path === '/' ? '/index.html' : path);
    if (!file) return sendError(res, 404, 'not found');
    const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'content-type': file.type,
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      ...(file.type.startsWith('text/html') ? { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : gzip ? file.gzip : file.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      logger.error({ err: e.message, url: req.url }, 'request failed');
      if (!res.headersSent) sendError(res, 500, 'internal error');
      else res.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 6_000_000 /* a submission may carry material photos (MAX_PHOTOS × MAX_PHOTO_CHARS) */ });
  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/ws' || !hosts.has(req.headers.host ?? '') || (origin && !hosts.has(origin.replace(/^https?:\/\//, '')))) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => link.attach(ws));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(config.bridge.port, config.bridge.host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.bridge.port;
  hosts = allowedHosts(port);
  const url = `http://${config.bridge.host.includes(':') ? `[${config.bridge.host}]` : config.bridge.host}:${port}/`;

  return {
    url,
    port,
    devices,
    link,
    platform,
    catalog,
    health,
    async close() {
      link.close();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await devices.close();
    },
  };
}
