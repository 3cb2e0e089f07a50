/**
 * The bridge's HTTP layer: one Fastify 5 set-up for both listeners (the kiosk's loopback server and
 * the maintenance console's LAN listener). What every route gets from here:
 *  - bodies only as `application/json` (and `application/x-www-form-urlencoded` in the /hall scope,
 *    `acceptForms`); any other type with a body is a 415, so a page on another origin cannot post a "simple"
 *    cross-site request (text/plain) to /sim/*, the log-ins or anything else;
 *  - a body limit per route (`bodyLimits`; 16 KiB unless a route states another);
 *  - zod schemas through fastify-type-provider-zod; a body off schema is a 400 whose
 *    `{error: {message, path}}` names the field, as before;
 *  - security headers (helmet): nosniff, X-Frame-Options DENY, Referrer-Policy no-referrer,
 *    same-origin resource/opener policies; a CSP on every response (HTML routes set their own,
 *    everything else gets `default-src 'none'; frame-ancestors 'none'`); `cache-control: no-store`
 *    unless the route sets another;
 *  - errors as `{error: {message}}`, 404 for unknown paths and 405 for a known path with another
 *    method; 5xx answers never carry an internal message, and the log gets the path only (a query
 *    may hold text that must not be logged: /api/speech).
 * The Host-header and address checks are onRequest hooks given by each listener.
 */
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from '../log';

/** Request body limits in bytes (Fastify answers 413 beyond them). */
export const bodyLimits = {
  /** Every route that states no other (GET routes read no body). */
  DEFAULT: 16 * 1024,
  /** /sim/* (an identity, a QR payload of at most 4,096 characters, printer state). */
  SIM: 16 * 1024,
  /** Log-in forms and JSON (a name, a password, a PIN, a form token). */
  LOGIN: 4 * 1024,
  /** /hall forms (a stage change with its reason). */
  HALL_FORM: 8 * 1024,
  /** PUT /maintenance/api/config (the changeable part of the configuration). */
  CONFIG: 64 * 1024,
};

/**
 * A coarse ceiling on log-in requests per address (@fastify/rate-limit, counted after the form
 * token and the body are accepted), far above what a person types: the fine-grained slowing of
 * guesses is `LoginThrottle`'s. Its store is an LRU of 4,096 addresses.
 */
export const loginRateLimit = { max: 120, timeWindow: 60_000 };

export type HttpApp = FastifyInstance<any, any, any, any, ZodTypeProvider>;

/** The CSP for anything that is not one of the HTML pages. */
export const NON_HTML_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Lets the routes of one scope (and only them) take application/x-www-form-urlencoded bodies. */
export function acceptForms(scope: FastifyInstance<any, any, any, any, any>): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
}

export function errorBody(message: string, path?: string) {
  return { error: { message, ...(path ? { path } : {}) } };
}

export function sendError(reply: FastifyReply, status: number, message: string, path?: string): FastifyReply {
  return reply.code(status).send(errorBody(message, path));
}

/** `/a/0/b` (a zod issue's instancePath) → `a[0].b`, the form `describeZodError` gives. */
function zodPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

export interface HttpAppOptions {
  logger: Logger;
  /** Runs first on every request, upgrades included: answer here to refuse (421 wrong Host, 403 address). */
  admit: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | void;
}

export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const app = Fastify({
    logger: false,
    bodyLimit: bodyLimits.DEFAULT,
    // Slow clients: the whole request (headers and body) within 30 s, headers within 10 s.
    requestTimeout: 30_000,
    connectionTimeout: 0,
    keepAliveTimeout: 5_000,
    forceCloseConnections: true,
    return503OnClosing: true,
    trustProxy: false,
    routerOptions: { maxParamLength: 100 },
  }).withTypeProvider<ZodTypeProvider>();
  app.server.headersTimeout = 10_000;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // JSON only: anything else is 415 (Fastify's own answer). The /hall scope adds its form parser
  // (`acceptForms`) for itself alone: a cross-site HTML form must not reach /sim/* or the console.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(String(body) || 'null'));
    } catch (e) {
      done(Object.assign(new Error(`body is not JSON: ${(e as Error).message}`), { statusCode: 400 }), undefined);
    }
  });

  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: false, // set per response below: the HTML pages each have their own
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: false, // plain HTTP on loopback / the LAN; TLS, where used, is a proxy's
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false, hook: 'preHandler', cache: 4096 });

  app.addHook('onRequest', (request, reply, done) => {
    const refused = options.admit(request, reply);
    if (!refused) done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', NON_HTML_CSP);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  // Known paths and their methods, for 405 rather than 404.
  const routes: { url: string; pattern: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = new RegExp(`^${route.url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+').replace(/\*/g, '.*')}$`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.push({ url: route.url, pattern, methods: new Set(methods) });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // A path a route names, asked with another method: 405. Outside the APIs, anything but GET/HEAD
    // is a 405 too (the static files take only those), as before.
    const known = routes.filter((r) => r.url !== '/*' && r.pattern.test(path));
    if (known.length && !known.some((r) => r.methods.has(request.method))) return sendError(reply, 405, 'method not allowed');
    if (path.startsWith('/sim/')) return sendError(reply, 404, 'no such simulator route');
    if (path.startsWith('/maintenance/api/')) return sendError(reply, 404, 'no such maintenance route');
    if (request.method !== 'GET' && request.method !== 'HEAD' && routes.some((r) => r.url === '/*')) return sendError(reply, 405, 'method not allowed');
    return sendError(reply, 404, 'not found');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issue = error.validation[0]!;
      const path = zodPath(issue.instancePath);
      return sendError(reply, 400, `${path || '(message)'}: ${issue.message}`, path || undefined);
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      options.logger.error({ err: error.message, url: request.url.split('?')[0] }, 'request failed');
      return sendError(reply, status, status === 503 ? 'unavailable' : 'internal error');
    }
    return sendError(reply, status, status === 413 ? `body larger than ${request.routeOptions.bodyLimit ?? bodyLimits.DEFAULT} bytes` : error.message);
  });

  return app;
}
