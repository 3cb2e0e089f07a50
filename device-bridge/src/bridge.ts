/**
 * The composition root: devices, catalog, platform, the kiosk link and the HTTP server in one Node
 * process. `createBridge` is what `npm start` runs and what the end-to-end tests start.
 */
import websocket from '@fastify/websocket';
import type { FastifyReply } from 'fastify';
import { isAbsolute, resolve } from 'node:path';
import type { TerminalConfig } from '../../core/config/terminal';
import { makeCalendar } from '../../core/calendar/working-days';
import { describeCalendarErrors, loadCalendar } from './catalog/calendar-loader';
import type { TerminalInfo } from '../../core/protocol/messages';
import { guideBaseFromTrackUrl } from '../../core/receipt/guide-receipt';
import { CatalogStore, loadCatalogDir } from './catalog/catalog-store';
import { dataDirFrom, projectRoot } from './config';
import { createDevices, type Devices } from './devices/devices';
import { acceptForms, createHttpApp, sendError, type HttpApp } from './http/app';
import { simRoutes } from './http/sim-api';
import { loadStaticFiles, staticRoutes, type StaticFile } from './http/static-files';
import { authorizeUpgrade } from './http/upgrade-check';
import { ZinniaRecogniser } from './handwriting/zinnia-recogniser';
import { KioskLink } from './kiosk-link';
import { authorizeKioskUpgrade, makeLinkSecret } from './kiosk-link-auth';
import { KioskPairing, pairingCodeFromForm } from './kiosk-link-pairing';
import { MAX_MESSAGE_BYTES } from '../../core/protocol/photo-limits';
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
import { StaffAuth } from './auth/staff-auth';
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
import { serviceFaults } from './maintenance/config-validation';
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
  /** The kiosk-link secret (default: KIOSK_LINK_SECRET, else random per start): device-bridge/src/kiosk-link-auth.ts. */
  linkSecret?: string;
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
  /** The secret of the `kiosk_link` cookie a /ws client must present: for the browser the bridge launches only. */
  linkSecret: string;
  /** When no browser is launched: turns /pair on and returns the one-time code (print it on stdout, nowhere else). */
  startPairing(): string;
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
  let regionIndex: RegionIndex | undefined;
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
    // 行政区划 of the terminal: examples in catalog hints name this region (core/catalog/regional-text.ts).
    ...(config.terminal.region ? { region: (regionIndex ??= RegionIndex.fromPackage()).terminalRegion(config.terminal.region) ?? undefined } : {}),
  });
  const submissionStatus = () => {
    const o = outbox.status();
    return { available: o.available, reason: o.fault };
  };
  const handwriting = new ZinniaRecogniser();
  const helpPollMs = Number(process.env.KIOSK_HELP_POLL_MS) || undefined;
  const link = new KioskLink({ terminal, devices, catalog, platform, applications, verifier, logger, submissionStatus, now: options.now, metrics, handwriting, helpPollMs });
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
    faults.push(...serviceFaults(config.services, catalog.current()));
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
  const auth = new StaffAuth({ accounts: () => config.maintenance, sliding: true });
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
  const maintenanceRoutes = async (app: HttpApp, via: 'loopback' | 'lan') => {
    app.get('/metrics', async (_req, reply) => reply.headers({ 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }).send(await metrics.text()));
    await maintenance.register(app, via);
  };

  // Spoken control labels for the kiosk's voice fallback (espeak-ng; never logs the text).
  const speech = new SpeechRoute({ logger });

  // Only the kiosk page the bridge launched (or a browser paired at /pair) may be the kiosk.
  const linkSecret = options.linkSecret ?? makeLinkSecret();
  const pairing = new KioskPairing(linkSecret);

  const allowedHosts = (port: number) => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${config.bridge.host}:${port}`]);
  let hosts = new Set<string>();

  const app = await createHttpApp({
    logger,
    // Refuse other Host headers: a page elsewhere must not reach the bridge by DNS rebinding.
    admit: (request, reply) => (hosts.has(request.headers.host ?? '') ? undefined : sendError(reply, 421, 'unexpected Host header')),
  });
  // maxPayload: the largest legal message (a submission with photos) fits; a larger frame is closed with 1009.
  await app.register(websocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
  app.websocketServer.on('error', (e: Error) => logger.warn({ err: e.message }, 'kiosk WebSocket server error'));
  app.get('/healthz', async () => health());
  app.get('/api/regions', async (req, reply) => {
    // 行政区划 for the kiosk's address picker, one level at a time (loaded on first use).
    regionIndex ??= RegionIndex.fromPackage();
    const q = (req.query as Record<string, unknown>).parent;
    const parent = typeof q === 'string' ? q : null;
    const r = regionIndex.childrenOf(parent);
    if (!r.ok) return sendError(reply, r.error.kind === 'bad-code' ? 400 : 404, r.error.message, 'parent');
    return reply.header('cache-control', 'max-age=86400').send({ parent: parent ?? '', ...r.value });
  });
  app.get('/api/catalog', async (_req, reply) => {
    const current = catalog.current();
    if (!current) return sendError(reply, 503, 'the service catalog is not loaded');
    return { catalog: current, calendar: calendarData.value };
  });
  app.get('/api/speech', (req, reply) => speech.handle(req, reply));
  // /pair (development without a launched browser): kiosk-link-pairing.ts. A form body, 1 KiB at most.
  await app.register(async (scope) => {
    acceptForms(scope);
    const html = (reply: FastifyReply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
    scope.get('/pair', async (_req, reply) => (pairing.enabled ? html(reply).send(pairing.page()) : sendError(reply, 404, 'not found')));
    scope.post('/pair', { bodyLimit: 1024 }, async (req, reply) => {
      if (!pairing.enabled) return sendError(reply, 404, 'not found');
      const origin = req.headers.origin;
      if (!origin || !hosts.has(origin.replace(/^http:\/\//, ''))) return sendError(reply, 403, 'unexpected Origin');
      const outcome = pairing.attempt(pairingCodeFromForm(typeof req.body === 'string' ? req.body : new URLSearchParams(req.body as Record<string, string>).toString()));
      if (outcome.ok) {
        logger.info('a browser was paired as the kiosk page');
        return reply.code(303).header('location', '/').header('set-cookie', outcome.setCookie).header('cache-control', 'no-store').send();
      }
      logger.warn({ reason: outcome.reason }, 'kiosk pairing refused');
      return html(reply.code(outcome.status)).send(pairing.page(outcome));
    });
  });
  if (hall) await hall.register(app);
  else {
    const noHall = (_req: unknown, reply: FastifyReply) => sendError(reply, 404, 'the staff page belongs to the local back office; this terminal uses the http platform');
    app.all('/hall', noHall);
    app.all('/hall/*', noHall);
  }
  app.get('/sim/eid-codes', async (_req, reply) => {
    // One-time e-ID QR codes for the preset identities (the local back office issues them).
    if (!localPlatform || !devices.sim.qr) return sendError(reply, 404, 'e-ID codes are issued by the local back office to the simulated QR scanner');
    const codes = ['resident', 'father', 'elder'].map((preset) => ({ preset, code: localPlatform.issueEidCode(preset) }));
    return { codes, scan: 'POST /sim/qr {"data": code}' };
  });
  simRoutes(app, devices);
  await maintenanceRoutes(app, 'loopback');
  // The kiosk link. Refused before the upgrade (a plain 421/403 answer) unless authorizeUpgrade agrees.
  app.get(
    '/ws',
    {
      websocket: true,
      onRequest: (req, reply, done) => {
        // Host (421) and Origin first, then the link secret the launched Chromium holds (403).
        const decision = authorizeUpgrade(req.headers, hosts);
        if (!decision.ok) return void sendError(reply, decision.status, decision.message);
        const secretCheck = authorizeKioskUpgrade(req.headers, { allowedHosts: hosts, secret: linkSecret });
        if (!secretCheck.ok) {
          logger.warn({ reason: secretCheck.reason }, 'kiosk connection refused');
          return void sendError(reply, 403, 'this connection is not the kiosk page');
        }
        done();
      },
    },
    (socket) => {
      link.attach(socket);
      kioskAttaches += 1;
    },
  );
  staticRoutes(app, () => files);

  await app.listen({ port: config.bridge.port, host: config.bridge.host });
  const server = app.server;
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
    ? await startLanListener(config.maintenance.lan, logger, async (lanApp) => {
        await maintenanceRoutes(lanApp, 'lan');
        // The console's page and its assets; nothing of the kiosk's.
        staticRoutes(lanApp, () => files, (path) => path === '/maintenance' || path === '/maintenance/' || path.startsWith('/assets/'));
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
    linkSecret,
    startPairing: () => pairing.start(),
    async close() {
      worker.stop();
      await fleet?.stop();
      history.close();
      await lan?.close();
      link.close();
      handwriting.close();
      await app.close();
      await devices.close();
      outbox.close();
      platform.close?.();
    },
  };
}
