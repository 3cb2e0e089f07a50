/**
 * The composition root: devices, catalog, platform, the kiosk link and the HTTP server in one Node
 * process. `createBridge` is what `npm start` runs and what the end-to-end tests start.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isAbsolute, resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import type { TerminalConfig } from '../../core/config/terminal';
import { makeCalendar } from '../../core/calendar/working-days';
import { describeCalendarErrors, loadCalendar } from './catalog/calendar-loader';
import type { TerminalInfo } from '../../core/protocol/messages';
import { guideBaseFromTrackUrl } from '../../core/receipt/guide-receipt';
import { CatalogStore, loadCatalogDir } from './catalog/catalog-store';
import { dataDirFrom, projectRoot } from './config';
import { createDevices, type Devices } from './devices/devices';
import { handleSim } from './http/sim-api';
import { sendError, sendJson } from './http/routes';
import { loadStaticFiles, type StaticFile } from './http/static-files';
import { KioskLink } from './kiosk-link';
import { RegionIndex } from './regions/regions';
import type { Logger } from './log';
import { LocalPlatform } from './platform/local-platform';
import { HttpPlatform } from './platform/http-platform';
import type { Platform } from './platform/platform';
import { Outbox, type OutboxStatus } from './outbox/outbox';
import { DeliveryWorker } from './outbox/delivery';
import { HallPage } from './hall/hall';
import { ApplicationService } from './services/applications';
import { EmbeddedAcceptingVerifier } from './verifier/identity-verifier';
import { TerminalConfig as TerminalConfigSchema } from '../../core/config/terminal';
import { applyEnvOverrides } from './config';
import { AuditLog } from './maintenance/audit-log';
import { MaintenanceAuth } from './maintenance/auth';
import { TerminalConfigStore, type ProbeResult } from './maintenance/config-store';
import { DeviceHistory } from './maintenance/device-history';
import { startLanListener, type LanListener } from './maintenance/lan-listener';
import type { LogRing } from './maintenance/log-ring';
import { MaintenanceApi } from './maintenance/maintenance-api';
import { BridgeMetrics } from './maintenance/metrics';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { FleetAgent } from './fleet/agent';
import { bridgeAgentHost, fleetCatalogLink } from './fleet/bridge-host';
import { SpeechRoute } from './speech/speech-route';

export const softwareVersion = '0.1.0';

export interface BridgeOptions {
  config: TerminalConfig;
  logger: Logger;
  distDir?: string;
  catalogDir?: string;
  calendarFile?: string;
  /** Outbox, its key and the local back office; default KIOSK_DATA_DIR or ./var. */
  dataDir?: string;
  now?: () => Date;
  /** The configuration file: with it, the maintenance console and the fleet agent can change the configuration (atomically, with rollback). */
  configFile?: string;
  /** The latest log lines (already censored), for the maintenance console. */
  logRing?: LogRing;
  /** Restarts the kiosk browser; false when the bridge launched none. */
  restartBrowser?: () => Promise<boolean>;
  /** Where the audit log and fleet state are kept (default: var/ in the project). */
  stateDir?: string;
}

export interface Bridge {
  url: string;
  port: number;
  devices: Devices;
  link: KioskLink;
  platform: Platform;
  /** The embedded back office, when the platform is 'local'. */
  localPlatform: LocalPlatform | null;
  outbox: Outbox;
  worker: DeliveryWorker;
  catalog: CatalogStore;
  metrics: BridgeMetrics;
  configStore: TerminalConfigStore | null;
  maintenance: MaintenanceApi;
  /** The maintenance console's LAN listener, when configured. */
  lan: LanListener | null;
  /** The fleet agent, when a broker is configured. */
  fleet: FleetAgent | null;
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
  outbox: Pick<OutboxStatus, 'available' | 'fault' | 'message' | 'backlog' | 'unreadable' | 'oldestPendingAgeS' | 'delivered' | 'rejected' | 'lastDeliveryAt' | 'lastError'> & { platform: string };
  kiosk: { connected: boolean; sessionActive: boolean };
  faults: string[];
  /** The configuration in use and whether it is on trial after a change (maintenance). */
  config?: { version: string | null; state: string | null; lastGoodVersion: string | null };
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
  const stateDir = options.stateDir ?? process.env.KIOSK_STATE_DIR ?? resolve(projectRoot, 'var');

  // The configuration as a changeable document (maintenance console, fleet). The running parts keep
  // a reference to `config`, so a change is switched to by replacing its fields in place.
  const replaceConfig = (next: TerminalConfig) => {
    for (const key of Object.keys(config)) if (!(key in next)) delete (config as Record<string, unknown>)[key];
    Object.assign(config, next);
  };
  let switchTo: (effective: TerminalConfig) => Promise<void> = async (effective) => replaceConfig(effective);
  let probe: (windowMs: number) => Promise<ProbeResult> = async () => ({ healthy: true });
  let configStore: TerminalConfigStore | null = null;
  if (options.configFile) {
    const document = TerminalConfigSchema.parse(JSON.parse(await readFile(options.configFile, 'utf8')));
    configStore = await TerminalConfigStore.open(
      { file: options.configFile, logger, switchTo: (c) => switchTo(c), probe: (ms) => probe(ms) },
      document,
    );
    if (configStore.status().state === 'rolled-back') {
      const effective = applyEnvOverrides(configStore.document());
      if (effective.ok) replaceConfig({ ...effective.value, bridge: config.bridge });
    }
  }
  const distDir = options.distDir ?? resolve(projectRoot, 'dist/kiosk');

  // A catalog received from the fleet (signed) takes the place of the one shipped in config/catalog.
  const fleetCatalog = fleetCatalogLink(stateDir);
  const catalog = new CatalogStore(options.catalogDir ?? resolve(projectRoot, 'config/catalog'), logger, {
    loadDir: (dir) => loadCatalogDir(!options.catalogDir && existsSync(fleetCatalog) ? fleetCatalog : dir),
  });
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
  // The outbox and the back office live with the rest of the terminal's state unless told otherwise.
  const dataDir = options.dataDir ?? options.stateDir ?? (process.env.KIOSK_DATA_DIR ? dataDirFrom() : stateDir);
  const inData = (file: string) => (isAbsolute(file) ? file : resolve(dataDir, file));
  const localPlatform =
    config.platform.type === 'local'
      ? new LocalPlatform({ file: inData(config.platform.file), keyFile: inData('backoffice.key'), stages: config.platform.stages })
      : null;
  const platform: Platform =
    localPlatform ??
    new HttpPlatform({
      baseUrl: (config.platform as { baseUrl: string }).baseUrl,
      timeoutMs: (config.platform as { timeoutMs: number }).timeoutMs,
      retries: (config.platform as { retries: number }).retries,
      terminalId: config.terminal.id,
      logger,
    });
  const outbox = new Outbox({
    file: inData(config.outbox.file),
    keyFile: inData(config.outbox.keyFile),
    retentionMs: config.outbox.retentionHours * 3_600_000,
    minFreeBytes: config.outbox.minFreeMb * 1024 * 1024,
  });
  if (!outbox.available) logger.error({ fault: outbox.status().fault, message: outbox.status().message }, 'the outbox is unavailable: the kiosk will not offer submission');
  const worker = new DeliveryWorker(outbox, platform, logger, { retry: config.outbox.retry, housekeepingMs: 5_000 });
  const metrics = new BridgeMetrics({
    backlog: () => outbox.status().backlog,
    devices: () => devices.statuses(),
    uptimeS: () => Math.round((Date.now() - started) / 1000),
  });
  const history = new DeviceHistory(devices, metrics, options.now);
  const applications = new ApplicationService({ config, catalog, calendar, platform, devices, logger, outbox, worker, now: options.now, metrics });
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
    ...(config.languages ? { languages: config.languages } : {}),
    ...(config.accessibility ? { accessibility: config.accessibility } : {}),
    reach: { screenBottomMm: config.display.reach?.screenBottomMm ?? 1000, maxReachMm: config.display.reach?.maxReachMm ?? 1220 },
  });
  const submissionStatus = () => {
    const o = outbox.status();
    return { available: o.available, reason: o.fault };
  };
  const helpPollMs = Number(process.env.KIOSK_HELP_POLL_MS) || undefined;
  const link = new KioskLink({ terminal, devices, catalog, platform, applications, verifier, logger, submissionStatus, now: options.now, metrics, helpPollMs });
  applications.onAvailabilityChange = () => link.notifySubmissionStatus();
  worker.onProgress(() => link.notifySubmissionStatus());
  worker.start();
  const hall = localPlatform ? new HallPage(localPlatform, config, logger) : null;
  let kioskAttaches = 0;

  switchTo = async (effective) => {
    // A configuration change reconnects the kiosk page; never in the middle of a citizen's session.
    for (let waited = 0; link.session.active && waited < 300_000; waited += 500) await new Promise((r) => setTimeout(r, 500));
    replaceConfig({ ...effective, bridge: config.bridge });
    setTimeout(() => fleet?.refresh(), 0);
  };
  probe = async (windowMs) => {
    // Healthy = the kiosk page that was showing comes back and is served the new configuration.
    const expectKiosk = link.connected;
    const before = kioskAttaches;
    link.reloadKiosk('configuration changed');
    if (!catalog.current()) return { healthy: false, reason: 'no service catalog loaded' };
    if (!expectKiosk) return { healthy: true };
    const deadline = Date.now() + windowMs;
    while (Date.now() < deadline) {
      if (kioskAttaches > before && link.connected) return { healthy: true };
      await new Promise((r) => setTimeout(r, 100));
    }
    return { healthy: false, reason: `the kiosk page did not reconnect within ${Math.round(windowMs / 1000)} s` };
  };

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
    const o = outbox.status();
    if (o.fault) faults.push(`outbox:${o.fault}`);
    if (o.oldestPendingAgeS !== null && o.oldestPendingAgeS > 3600) faults.push('outbox:undelivered-1h');
    if (o.unreadable > 0) faults.push('outbox:unreadable');
    return {
      status: faults.length ? 'degraded' : 'ok',
      terminal: config.terminal.id,
      version: softwareVersion,
      uptimeS: Math.round((Date.now() - started) / 1000),
      devices: d,
      catalog: { version: c.version, loadedAt: c.loadedAt, errors: c.errors.slice(0, 50) },
      outbox: {
        platform: platform.name,
        available: o.available,
        fault: o.fault,
        message: o.message,
        backlog: o.backlog,
        unreadable: o.unreadable,
        oldestPendingAgeS: o.oldestPendingAgeS,
        delivered: o.delivered,
        rejected: o.rejected,
        lastDeliveryAt: o.lastDeliveryAt,
        lastError: o.lastError,
      },
      kiosk: { connected: link.connected, sessionActive: link.session.active },
      faults,
      config: configStore
        ? { version: configStore.status().version, state: configStore.status().state, lastGoodVersion: configStore.status().lastGoodVersion }
        : { version: null, state: null, lastGoodVersion: null },
    };
  };

  let fleet: FleetAgent | null = null;
  const audit = new AuditLog(resolve(stateDir, 'audit.jsonl'), options.now);
  await audit.loadRecent();
  const auth = new MaintenanceAuth(() => config.maintenance);
  const maintenance = new MaintenanceApi({
    auth,
    audit,
    store: configStore,
    config: () => config,
    health: () => health(),
    history,
    logs: options.logRing ?? null,
    devices,
    catalog,
    metrics,
    logger,
    now: options.now,
    fleet: () => ({
      configured: Boolean(config.fleet),
      connected: fleet?.connected ?? false,
      wsUrl: config.fleet?.wsUrl ?? null,
      prefix: config.fleet?.prefix ?? null,
      group: config.fleet?.group ?? null,
    }),
    restartBrowser: async () => {
      if (await options.restartBrowser?.()) return 'the kiosk browser is restarting';
      link.reloadKiosk('restart requested');
      return 'no browser is managed by the bridge here; the kiosk page was asked to reconnect';
    },
  });

  /** Routes shared by the loopback server and the LAN listener: the console, its API, /metrics. */
  const handleMaintenance = async (req: IncomingMessage, res: ServerResponse, path: string, via: 'loopback' | 'lan'): Promise<boolean> => {
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
      res.end(await metrics.text());
      return true;
    }
    if (path.startsWith('/maintenance/api/')) {
      await maintenance.handle(req, res, path, req.socket.remoteAddress ?? 'unknown', via);
      return true;
    }
    return false;
  };

  // Spoken control labels for the kiosk's voice fallback (espeak-ng; never logs the text).
  const speech = new SpeechRoute({ logger });

  const allowedHosts = (port: number) => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${config.bridge.host}:${port}`]);
  let hosts = new Set<string>();
  let regions: RegionIndex | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Refuse other Host headers: a page elsewhere must not reach the bridge by DNS rebinding.
    if (!hosts.has(req.headers.host ?? '')) return sendError(res, 421, 'unexpected Host header');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/healthz') return sendJson(res, 200, health());
    if (path === '/api/regions') {
      // 行政区划 for the kiosk's address picker, one level at a time (loaded on first use).
      regions ??= RegionIndex.fromPackage();
      const parent = new URL(req.url ?? '/', 'http://x').searchParams.get('parent');
      const r = regions.childrenOf(parent);
      if (!r.ok) return sendError(res, r.error.kind === 'bad-code' ? 400 : 404, r.error.message, 'parent');
      return sendJson(res, 200, { parent: parent ?? '', ...r.value }, { 'cache-control': 'max-age=86400' });
    }
    if (path === '/api/catalog') {
      const current = catalog.current();
      if (!current) return sendError(res, 503, 'the service catalog is not loaded');
      return sendJson(res, 200, { catalog: current, calendar: calendarData.value });
    }
    if (path === '/api/speech') return speech.handle(req, res);
    if (path === '/hall' || path.startsWith('/hall/')) {
      if (!hall) return sendError(res, 404, 'the staff page belongs to the local back office; this terminal uses the http platform');
      return hall.handle(req, res, path);
    }
    if (path === '/sim/eid-codes') {
      // One-time e-ID QR codes for the preset identities (the local back office issues them).
      if (!localPlatform || !devices.sim.qr) return sendError(res, 404, 'e-ID codes are issued by the local back office to the simulated QR scanner');
      if (req.method !== 'GET') return sendError(res, 405, 'method not allowed');
      const codes = ['resident', 'father', 'elder'].map((preset) => ({ preset, code: localPlatform.issueEidCode(preset) }));
      return sendJson(res, 200, { codes, scan: 'POST /sim/qr {"data": code}' });
    }
    if (await handleMaintenance(req, res, path, 'loopback')) return;
    if (path.startsWith('/sim/')) {
      if (await handleSim(req, res, path, devices)) return;
      return sendError(res, 404, 'no such simulator route');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'method not allowed');
    const file = files.get(path === '/' ? '/index.html' : path === '/maintenance' || path === '/maintenance/' ? '/maintenance.html' : path);
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
      // The path only: a query may hold text that must not be logged (/api/speech).
      logger.error({ err: e.message, url: (req.url ?? '').split('?')[0] }, 'request failed');
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
    wss.handleUpgrade(req, socket, head, (ws) => {
      link.attach(ws);
      kioskAttaches += 1;
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(config.bridge.port, config.bridge.host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.bridge.port;
  hosts = allowedHosts(port);
  const url = `http://${config.bridge.host.includes(':') ? `[${config.bridge.host}]` : config.bridge.host}:${port}/`;

  if (config.fleet) {
    const f = config.fleet;
    fleet = new FleetAgent(
      bridgeAgentHost({ config: () => config, store: configStore, catalog, stateDir, health, maintenance, logs: options.logRing ?? null, audit, metrics, restartBrowser: () => maintenance.restartBrowser() }),
      {
        url: f.url,
        prefix: f.prefix,
        protocolVersion: f.protocolVersion,
        ...(f.username ? { username: f.username } : {}),
        ...(process.env.KIOSK_MQTT_PASSWORD || f.password ? { password: process.env.KIOSK_MQTT_PASSWORD || f.password } : {}),
        ...(f.tls ? { tls: f.tls } : {}),
        publicKeyPem: f.publicKey,
        stateFile: resolve(stateDir, 'fleet-state.json'),
        logger,
        reconnectPeriodMs: Number(process.env.KIOSK_MQTT_RECONNECT_MS ?? 2000),
      },
    );
    await fleet.start();
    // Device changes reach the fleet's status topic at once (coalesced).
    let pending: ReturnType<typeof setTimeout> | null = null;
    const statusChanged = () => {
      pending ??= setTimeout(() => {
        pending = null;
        fleet?.publishStatus();
      }, 200);
    };
    devices.idcard.on('status', statusChanged);
    devices.qr.on('status', statusChanged);
    devices.printerMonitor.on('status', statusChanged);
  }

  const lan = config.maintenance?.lan
    ? await startLanListener(config.maintenance.lan, logger, async (req, res, path) => {
        if (await handleMaintenance(req, res, path, 'lan')) return true;
        if (req.method !== 'GET' && req.method !== 'HEAD') return false;
        const file = path === '/maintenance' || path === '/maintenance/' ? files.get('/maintenance.html') : path.startsWith('/assets/') ? files.get(path) : undefined;
        if (!file) return false;
        res.writeHead(200, {
          'content-type': file.type,
          'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
          ...(file.type.startsWith('text/html') ? { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' } : {}),
        });
        res.end(req.method === 'HEAD' ? undefined : file.body);
        return true;
      })
    : null;

  return {
    url,
    port,
    devices,
    link,
    platform,
    localPlatform,
    outbox,
    worker,
    catalog,
    metrics,
    configStore,
    maintenance,
    lan,
    fleet,
    health,
    async close() {
      worker.stop();
      await fleet?.stop();
      history.close();
      await lan?.close();
      link.close();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await devices.close();
      outbox.close();
      platform.close?.();
    },
  };
}
