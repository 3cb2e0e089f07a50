/**
 * The maintenance console's API under /maintenance/api/, on the loopback listener and on the LAN
 * listener. Every route but login needs a session cookie (HttpOnly, SameSite=Strict); every POST or
 * PUT, the log-in included, needs the `x-maintenance: 1` header and a JSON body (415 otherwise):
 * neither can come from a cross-site form or a "simple" cross-origin request. Log-ins go through the
 * shared `StaffAuth` (growing delays per address and per account; the PIN only on the terminal).
 * Every change is written to the audit log.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LanguageCode, LocalText } from '../../../core/catalog/schema';
import { DeviceSpec, type TerminalConfig } from '../../../core/config/terminal';
import { AccessibilityDefaults } from '../../../core/config/accessibility';
import { describeZodError } from '../../../core/protocol/messages';
import { safeActor, type StaffAuth, type StaffSession } from '../auth/staff-auth';
import type { CatalogStore } from '../catalog/catalog-store';
import type { Devices } from '../devices/devices';
import { renderEscPos } from '../devices/printer/escpos';
import { bodyLimits, loginRateLimit, sendError, type HttpApp } from '../http/app';
import type { Logger } from '../log';
import type { AuditLog } from './audit-log';
import type { TerminalConfigStore } from './config-store';
import { validateConfigChange } from './config-validation';
import type { DeviceHistory } from './device-history';
import type { LogRing } from './log-ring';
import type { BridgeMetrics } from './metrics';

export const COOKIE = 'kiosk_maint';
/** Set at a successful log-in: this browser's own throttle key (see StaffAuth.login). */
export const DEVICE_COOKIE = 'kiosk_maint_device';

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

const SECRET_KEYS = new Set(['hash', 'pinHash', 'password']);

/**
 * The document without secrets: every password or PIN hash (maintenance.users, maintenance.pinHash,
 * hall.users, and any other `scrypt$…` string), the broker password and any PEM private key become
 * "[hidden]".
 */
export function publicDocument(doc: TerminalConfig): unknown {
  const hide = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return (key && SECRET_KEYS.has(key)) || value.startsWith('scrypt$') || value.includes('PRIVATE KEY') ? '[hidden]' : value;
    if (Array.isArray(value)) return value.map((v) => hide(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hide(v, k)]));
    return value;
  };
  return hide(doc);
}

export interface MaintenanceDeps {
  auth: StaffAuth;
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

export const testDelays = { CARD_WAIT_MS: 20_000, SCAN_WAIT_MS: 20_000 };

type Audit = (action: string, outcome: 'ok' | 'refused' | 'failed' | 'rolled-back', detail?: Record<string, string | number | boolean | string[] | null>) => Promise<void>;

declare module 'fastify' {
  interface FastifyRequest {
    maintenanceSession?: StaffSession;
  }
}

export class MaintenanceApi {
  constructor(private readonly deps: MaintenanceDeps) {}

  /** Registers /maintenance/api/* on a listener; `via` says which (the PIN works only on loopback). */
  async register(app: HttpApp, via: 'loopback' | 'lan'): Promise<void> {
    await app.register(async (plain) => {
      const scope = plain.withTypeProvider<ZodTypeProvider>();
      const secure = (req: FastifyRequest) => via === 'lan' && req.headers['x-forwarded-proto'] === 'https';
      const cookieOptions = (req: FastifyRequest, maxAge: number) => ({ path: '/maintenance', httpOnly: true, sameSite: 'strict' as const, maxAge, secure: secure(req) });
      const where = (req: FastifyRequest, session?: StaffSession) => (via === 'lan' ? `lan:${req.ip}` : session?.via === 'pin' ? 'kiosk' : 'local');
      const auditFor = (req: FastifyRequest): Audit => (action, outcome, detail) =>
        this.deps.audit.record({ actor: req.maintenanceSession!.user, via: where(req, req.maintenanceSession), action, outcome, ...(detail ? { detail } : {}) });

      // Changes need the header a cross-site form cannot send; everything but log-in needs a session.
      scope.addHook('preHandler', async (req, reply) => {
        const change = req.method !== 'GET' && req.method !== 'HEAD';
        if (req.routeOptions.url !== '/maintenance/api/login') {
          const session = this.deps.auth.session(req.cookies[COOKIE]);
          if (!session) return sendError(reply, 401, 'log in first');
          req.maintenanceSession = session;
        }
        if (change && req.headers['x-maintenance'] !== '1') return sendError(reply, 403, 'missing x-maintenance header');
      });

      scope.post('/maintenance/api/login', { bodyLimit: bodyLimits.LOGIN, schema: { body: LoginBody }, config: { rateLimit: loginRateLimit } }, async (req, reply) => {
        const body = req.body;
        // The PIN is for the terminal's own screen (hidden gesture); from the LAN, name and password.
        if ('pin' in body && via !== 'loopback') return sendError(reply, 403, 'the PIN works only on the terminal itself');
        const result = await this.deps.auth.login(req.ip, body, req.cookies[DEVICE_COOKIE]);
        const actor = 'pin' in body ? 'kiosk-pin' : safeActor(body.user);
        const at = via === 'lan' ? `lan:${req.ip}` : 'pin' in body ? 'kiosk' : 'local';
        if (!result.ok) {
          await this.deps.audit.record({ actor, via: at, action: 'login', outcome: 'refused', detail: { reason: result.reason } });
          const status = result.reason === 'throttled' ? 429 : result.reason === 'busy' ? 503 : result.reason === 'not-configured' ? 403 : 401;
          if (result.retryAfterS) reply.header('retry-after', String(result.retryAfterS));
          return reply.code(status).send({ error: { code: result.reason, message: loginMessage(result.reason), retryAfterS: result.retryAfterS ?? null } });
        }
        await this.deps.audit.record({ actor: result.session.user, via: at, action: 'login', outcome: 'ok' });
        reply.setCookie(COOKIE, result.session.token, cookieOptions(req, this.deps.config().maintenance?.sessionTtlS ?? 900));
        reply.setCookie(DEVICE_COOKIE, result.device, cookieOptions(req, 30 * 86_400));
        return { user: result.session.user, expiresAt: new Date(result.session.expiresAt).toISOString() };
      });

      scope.post('/maintenance/api/logout', { bodyLimit: bodyLimits.LOGIN }, async (req, reply) => {
        this.deps.auth.logout(req.maintenanceSession!.token);
        await auditFor(req)('logout', 'ok');
        reply.setCookie(COOKIE, '', cookieOptions(req, 0));
        return { ok: true };
      });
      scope.get('/maintenance/api/status', async (req) => this.status(req.maintenanceSession));
      scope.get('/maintenance/api/config', async () => {
        const store = this.deps.store;
        return {
          document: publicDocument(store ? store.document() : this.deps.config()),
          status: store?.status() ?? null,
          bundles: (this.deps.catalog.current()?.bundles ?? []).map((b) => ({ code: b.code, name: b.name })),
        };
      });
      scope.put('/maintenance/api/config', { bodyLimit: bodyLimits.CONFIG }, async (req, reply) => this.changeConfig(req.body, reply, auditFor(req)));
      scope.get('/maintenance/api/logs', async () => {
        if (!this.deps.logs) return { captured: false, lines: [] };
        return { captured: true, lines: this.deps.logs.recent(300).map((l) => ({ time: l.time, level: l.level, msg: l.msg, raw: l.raw })) };
      });
      scope.get('/maintenance/api/logs/download', async (req, reply) => {
        await auditFor(req)('logs.download', 'ok');
        return reply
          .headers({
            'content-type': 'application/x-ndjson; charset=utf-8',
            'content-disposition': `attachment; filename="${this.deps.config().terminal.id}-bridge-log.ndjson"`,
            'cache-control': 'no-store',
          })
          .send(this.deps.logs?.ndjson() ?? '');
      });
      scope.get('/maintenance/api/audit', async () => ({ entries: this.deps.audit.recent() }));
      scope.post('/maintenance/api/test/:kind', { bodyLimit: bodyLimits.LOGIN }, async (req, reply) => {
        const kind = (req.params as { kind: string }).kind;
        const result = await this.runTest(kind);
        if (!result) return sendError(reply, 404, `no such test: ${kind.slice(0, 32)}`);
        await auditFor(req)(`test.${kind}`, result.ok ? 'ok' : 'failed', { message: result.message });
        return result;
      });
      scope.post('/maintenance/api/restart-browser', { bodyLimit: bodyLimits.LOGIN }, async (req) => {
        const message = await this.restartBrowser();
        await auditFor(req)('browser.restart', 'ok', { message });
        return { ok: true, message };
      });
    });
  }

  restartBrowser(): Promise<string> {
    return this.deps.restartBrowser();
  }

  status(session?: StaffSession) {
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

  private async changeConfig(raw: unknown, res: FastifyReply, audit: Audit): Promise<FastifyReply> {
    const store = this.deps.store;
    if (!store) return sendError(res, 409, 'this terminal runs without a configuration file; nothing can be changed');
    // Checked here rather than by the route's schema: a refused change is audited with its reason.
    const parsed = ConfigChange.safeParse(raw);
    const body = parsed.success ? { ok: true as const, value: parsed.data } : { ok: false as const, error: describeZodError(parsed.error) };
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
      return res.code(e.code === 'invalid' ? 400 : e.code === 'rolled-back' ? 409 : 500).send({ error: e });
    }
    this.deps.metrics.configApplies.inc({ source: 'console', result: 'ok' });
    await audit('config.change', 'ok', { changed: result.value.changed, version: result.value.version, previousVersion: result.value.previousVersion });
    return res.send(result.value);
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
    case 'throttled':
      return 'too many failed attempts; wait before trying again (retryAfterS)';
    case 'busy':
      return 'too many log-ins at once; try again in a moment';
    case 'not-configured':
      return 'no maintenance credentials are configured on this terminal';
    default:
      return 'wrong name, password or PIN';
  }
}
