/**
 * The maintenance console's API under /maintenance/api/. Every route but login needs a session
 * cookie (HttpOnly, SameSite=Strict); every change also needs the `x-maintenance: 1` header, which
 * a cross-site form cannot send. Every change is written to the audit log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { LanguageCode, LocalText } from '../../../core/catalog/schema';
import { DeviceSpec, type TerminalConfig } from '../../../core/config/terminal';
import { AccessibilityDefaults } from '../../../core/config/accessibility';
import type { CatalogStore } from '../catalog/catalog-store';
import type { Devices } from '../devices/devices';
import { renderEscPos } from '../devices/printer/escpos';
import { readJson, sendError, sendJson } from '../http/routes';
import type { Logger } from '../log';
import type { AuditLog } from './audit-log';
import type { MaintenanceAuth, MaintenanceSession } from './auth';
import type { TerminalConfigStore } from './config-store';
import { validateConfigChange } from './config-validation';
import type { DeviceHistory } from './device-history';
import type { LogRing } from './log-ring';
import type { BridgeMetrics } from './metrics';

export const COOKIE = 'kiosk_maint';

const LoginBody = z.union([z.object({ user: z.string().max(64), password: z.string().max(256) }).strict(), z.object({ pin: z.string().regex(/^\d{4,12}$/) }).strict()]);

/** What the console may change; everything else (identity of the terminal, credentials, fleet trust) stays as it is. */
export const ConfigChange = z
  .object({
    services: z.array(z.string()),
    hours: LocalText,
    open24h: z.boolean(),
    session: z.object({ idleTimeoutS: z.number(), idleWarningS: z.number(), doneScreenS: z.number() }).partial(),
    devices: z.object({ idcard: DeviceSpec, printer: DeviceSpec, qr: DeviceSpec }).partial(),
    languages: z.array(LanguageCode).min(1),
    accessibility: AccessibilityDefaults,
  })
  .partial()
  .strict();
export type ConfigChange = z.infer<typeof ConfigChange>;

export function mergeChange(doc: TerminalConfig, change: ConfigChange): TerminalConfig {
  const next = structuredClone(doc);
  if (change.services) next.services = change.services;
  if (change.hours) next.terminal.hours = change.hours;
  if (change.open24h !== undefined) next.terminal.open24h = change.open24h;
  if (change.session) next.session = { ...next.session, ...change.session };
  if (change.devices) next.devices = { ...next.devices, ...change.devices };
  if (change.languages) next.languages = change.languages;
  if (change.accessibility) next.accessibility = change.accessibility;
  return next;
}

/** The document without secrets (password and PIN hashes, broker password). */
export function publicDocument(doc: TerminalConfig): unknown {
  const copy = structuredClone(doc) as TerminalConfig & Record<string, unknown>;
  if (copy.maintenance) copy.maintenance = { ...copy.maintenance, users: copy.maintenance.users.map((u) => ({ name: u.name, hash: '[hidden]' })), ...(copy.maintenance.pinHash ? { pinHash: '[hidden]' } : {}) };
  if (copy.fleet?.password) copy.fleet = { ...copy.fleet, password: '[hidden]' };
  return copy;
}

export interface MaintenanceDeps {
  auth: MaintenanceAuth;
  audit: AuditLog;
  store: TerminalConfigStore | null;
  config: () => TerminalConfig;
  health: () => unknown;
  history: DeviceHistory;
  logs: LogRing | null;
  devices: Devices;
  catalog: CatalogStore;
  metrics: BridgeMetrics;
  logger: Logger;
  restartBrowser: () => Promise<string>;
  fleet: () => unknown;
  now?: () => Date;
}

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return undefined;
}

export const testDelays = { CARD_WAIT_MS: 20_000, SCAN_WAIT_MS: 20_000 };

export class MaintenanceApi {
  constructor(private readonly deps: MaintenanceDeps) {}

  /** Handles /maintenance/api/*; `client` is the peer address, `via` which listener it came in on. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string, client: string, via: 'loopback' | 'lan'): Promise<void> {
    const method = req.method ?? 'GET';
    const route = path.slice('/maintenance/api'.length);
    const secure = via === 'lan' && (req.headers['x-forwarded-proto'] === 'https');
    const setCookie = (value: string, maxAgeS: number) =>
      `${COOKIE}=${value}; Path=/maintenance; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;

    if (route === '/login' && method === 'POST') {
      const body = await readJson(req, LoginBody);
      if (!body.ok) return sendError(res, 400, body.error.message, body.error.path);
      // The PIN is for the terminal's own screen (hidden gesture); from the LAN, name and password.
      if ('pin' in body.value && via !== 'loopback') return sendError(res, 403, 'the PIN works only on the terminal itself');
      const result = await this.deps.auth.login(client, body.value);
      const actor = 'pin' in body.value ? 'kiosk-pin' : body.value.user.replace(/[^a-z0-9._-]/g, '?').slice(0, 32);
      const where = via === 'lan' ? `lan:${client}` : 'pin' in body.value ? 'kiosk' : 'local';
      if (!result.ok) {
        await this.deps.audit.record({ actor, via: where, action: 'login', outcome: 'refused', detail: { reason: result.reason } });
        const status = result.reason === 'rate-limited' || result.reason === 'locked' ? 429 : result.reason === 'not-configured' ? 403 : 401;
        return sendJson(res, status, { error: { code: result.reason, message: loginMessage(result.reason), retryAfterS: result.retryAfterS ?? null } }, result.retryAfterS ? { 'retry-after': String(result.retryAfterS) } : {});
      }
      await this.deps.audit.record({ actor: result.session.user, via: where, action: 'login', outcome: 'ok' });
      return sendJson(res, 200, { user: result.session.user, expiresAt: new Date(result.session.expiresAt).toISOString() }, { 'set-cookie': setCookie(result.session.token, this.deps.config().maintenance?.sessionTtlS ?? 900) });
    }

    const session = this.deps.auth.session(cookieToken(req));
    if (!session) return sendError(res, 401, 'log in first');
    if (method !== 'GET' && req.headers['x-maintenance'] !== '1') return sendError(res, 403, 'missing x-maintenance header');
    const audit = (action: string, outcome: 'ok' | 'refused' | 'failed' | 'rolled-back', detail?: Record<string, string | number | boolean | string[] | null>) =>
      this.deps.audit.record({ actor: session.user, via: via === 'lan' ? `lan:${client}` : session.via === 'kiosk' ? 'kiosk' : 'local', action, outcome, ...(detail ? { detail } : {}) });

    if (route === '/logout' && method === 'POST') {
      this.deps.auth.logout(session.token);
      await audit('logout', 'ok');
      return sendJson(res, 200, { ok: true }, { 'set-cookie': setCookie('', 0) });
    }
    if (route === '/status' && method === 'GET') return sendJson(res, 200, this.status(session));
    if (route === '/config' && method === 'GET') {
      const store = this.deps.store;
      return sendJson(res, 200, {
        document: publicDocument(store ? store.document() : this.deps.config()),
        status: store?.status() ?? null,
        bundles: (this.deps.catalog.current()?.bundles ?? []).map((b) => ({ code: b.code, name: b.name })),
      });
    }
    if (route === '/config' && method === 'PUT') return this.changeConfig(req, res, audit);
    if (route === '/logs' && method === 'GET') {
      if (!this.deps.logs) return sendJson(res, 200, { captured: false, lines: [] });
      return sendJson(res, 200, { captured: true, lines: this.deps.logs.recent(300).map((l) => ({ time: l.time, level: l.level, msg: l.msg, raw: l.raw })) });
    }
    if (route === '/logs/download' && method === 'GET') {
      await audit('logs.download', 'ok');
      res.writeHead(200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="${this.deps.config().terminal.id}-bridge-log.ndjson"`,
        'cache-control': 'no-store',
      });
      return void res.end(this.deps.logs?.ndjson() ?? '');
    }
    if (route === '/audit' && method === 'GET') return sendJson(res, 200, { entries: this.deps.audit.recent() });
    if (route.startsWith('/test/') && method === 'POST') {
      const kind = route.slice('/test/'.length);
      const result = await this.runTest(kind);
      if (!result) return sendError(res, 404, `no such test: ${kind}`);
      await audit(`test.${kind}`, result.ok ? 'ok' : 'failed', { message: result.message });
      return sendJson(res, 200, result);
    }
    if (route === '/restart-browser' && method === 'POST') {
      const message = await this.restartBrowser();
      await audit('browser.restart', 'ok', { message });
      return sendJson(res, 200, { ok: true, message });
    }
    return sendError(res, 404, 'no such maintenance route');
  }

  restartBrowser(): Promise<string> {
    return this.deps.restartBrowser();
  }

  status(session?: MaintenanceSession) {
    const recentErrors = this.deps.logs?.recent(20, 50).map((l) => ({ time: new Date(l.time).toISOString(), msg: l.msg })) ?? [];
    return {
      user: session?.user ?? null,
      health: this.deps.health(),
      config: this.deps.store?.status() ?? null,
      history: this.deps.history.list().slice(0, 100),
      recentErrors: recentErrors.reverse(),
      fleet: this.deps.fleet(),
      now: (this.deps.now?.() ?? new Date()).toISOString(),
    };
  }

  private async changeConfig(
    req: IncomingMessage,
    res: ServerResponse,
    audit: (action: string, outcome: 'ok' | 'refused' | 'failed' | 'rolled-back', detail?: Record<string, string | number | boolean | string[] | null>) => Promise<void>,
  ): Promise<void> {
    const store = this.deps.store;
    if (!store) return sendError(res, 409, 'this terminal runs without a configuration file; nothing can be changed');
    const body = await readJson(req, ConfigChange);
    if (!body.ok) {
      await audit('config.change', 'refused', { reason: body.error.message });
      return sendError(res, 400, body.error.message, body.error.path);
    }
    // The same validation as a fleet document's (config-validation.ts).
    const checked = validateConfigChange(store.document(), mergeChange(store.document(), body.value), { source: 'console', catalog: this.deps.catalog.current() });
    if (!checked.ok) {
      await audit('config.change', 'refused', { reason: checked.error.message });
      return sendError(res, 400, checked.error.message, checked.error.path);
    }
    const windowMs = (this.deps.config().maintenance?.rollbackWindowS ?? 30) * 1000;
    const result = await store.apply(checked.value.document, windowMs);
    if (!result.ok) {
      const e = result.error;
      this.deps.metrics.configApplies.inc({ source: 'console', result: e.code });
      await audit('config.change', e.code === 'rolled-back' ? 'rolled-back' : 'refused', { reason: e.message, ...(e.code === 'rolled-back' ? { version: e.version, restoredVersion: e.restoredVersion } : {}) });
      return sendJson(res, e.code === 'invalid' ? 400 : e.code === 'rolled-back' ? 409 : 500, { error: e });
    }
    this.deps.metrics.configApplies.inc({ source: 'console', result: 'ok' });
    await audit('config.change', 'ok', { changed: result.value.changed, version: result.value.version, previousVersion: result.value.previousVersion });
    return sendJson(res, 200, result.value);
  }

  async runTest(kind: string): Promise<{ ok: boolean; message: string } | null> {
    const { devices } = this.deps;
    switch (kind) {
      case 'print': {
        const config = this.deps.config();
        const stamp = (this.deps.now?.() ?? new Date()).toISOString().replace('T', ' ').slice(0, 19);
        const page = `^^打印测试页\nTest page\n\n终端 | ${config.terminal.id}\n时间 (UTC) | ${stamp}\n---\n中文打印正常 ABC 123\n{code:TEST-${config.terminal.id}; option:qrcode,4,L}\n`;
        const printed = await devices.printer.print(renderEscPos(page));
        void devices.printerMonitor.poll();
        this.deps.metrics.printJobs.inc({ kind: 'test', result: printed.ok ? 'printed' : 'failed' });
        return printed.ok ? { ok: true, message: 'test page printed' } : { ok: false, message: `not printed: ${printed.error.reason}` };
      }
      case 'card':
        return this.waitFor(
          (done) => [
            devices.idcard.on('card', () => done({ ok: true, message: 'a card was read (its data is not shown or kept)' })),
            devices.idcard.on('read-error', (reason) => done({ ok: false, message: `card read failed: ${reason}` })),
          ],
          testDelays.CARD_WAIT_MS,
          'no card was presented in time',
        );
      case 'scan':
        return this.waitFor(
          (done) => [devices.qr.on('scan', (data) => done({ ok: true, message: `a code of ${data.length} characters was scanned (content not shown)` }))],
          testDelays.SCAN_WAIT_MS,
          'nothing was scanned in time',
        );
      case 'camera': {
        const status = devices.statuses().camera;
        if (status.state === 'present') return { ok: true, message: `video devices: ${status.devices.join(', ')}` };
        return { ok: false, message: 'no video device node on this machine (the console on the kiosk screen also tests the camera in the browser)' };
      }
      default:
        return null;
    }
  }

  private waitFor(subscribe: (done: (r: { ok: boolean; message: string }) => void) => (() => void)[], ms: number, timeoutMessage: string): Promise<{ ok: boolean; message: string }> {
    return new Promise((resolve) => {
      let unsubscribe: (() => void)[] = [];
      const timer = setTimeout(() => finish({ ok: false, message: timeoutMessage }), ms);
      const finish = (r: { ok: boolean; message: string }) => {
        clearTimeout(timer);
        unsubscribe.forEach((u) => u());
        resolve(r);
      };
      unsubscribe = subscribe(finish);
    });
  }
}

function loginMessage(reason: string): string {
  switch (reason) {
    case 'locked':
      return 'too many failed attempts; this account is locked for a while';
    case 'rate-limited':
      return 'too many attempts from this address; wait a minute';
    case 'not-configured':
      return 'no maintenance credentials are configured on this terminal';
    default:
      return 'wrong name, password or PIN';
  }
}
