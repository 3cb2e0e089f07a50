/**
 * Serves the built kiosk (dist/kiosk) from memory, gzip-compressed once at start-up: the kiosk's
 * first paint should not wait on disk or on compression.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from './app';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export interface StaticFile {
  type: string;
  body: Buffer;
  gzip: Buffer | null;
  immutable: boolean;
}

export async function loadStaticFiles(dir: string): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else {
        const body = await readFile(full);
        const type = types[extname(entry.name)] ?? 'application/octet-stream';
        const compressible = /text|svg|json/.test(type) && body.length > 512;
        const url = '/' + relative(dir, full).split('\\').join('/');
        files.set(url, { type, body, gzip: compressible ? gzipSync(body, { level: 9 }) : null, immutable: url.startsWith('/assets/') });
      }
    }
  };
  await walk(dir);
  return files;
}

/** The CSP of the kiosk page and the maintenance console (both built by Vite into dist/kiosk). */
export const PAGE_CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Sends one file: gzip when the client takes it, immutable caching for hashed assets. */
export function sendStatic(request: FastifyRequest, reply: FastifyReply, file: StaticFile, allowGzip = true): FastifyReply {
  const gzip = allowGzip && file.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  reply.header('content-type', file.type);
  reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  reply.header('vary', 'accept-encoding');
  if (gzip) reply.header('content-encoding', 'gzip');
  if (file.type.startsWith('text/html')) reply.header('content-security-policy', PAGE_CSP);
  return reply.send(gzip ? file.gzip : file.body);
}

/**
 * GET (and HEAD) for the built files: `/` is the kiosk, `/maintenance` the console. `only` limits
 * what is served (the LAN listener serves the console and its assets, nothing of the kiosk's).
 */
export function staticRoutes(app: HttpApp, files: () => Map<string, StaticFile>, only?: (path: string) => boolean): void {
  app.get('/*', (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const name = path === '/' ? '/index.html' : path === '/maintenance' || path === '/maintenance/' ? '/maintenance.html' : path;
    const file = only && !only(path) ? undefined : files().get(name);
    if (!file) return reply.callNotFound();
    return sendStatic(request, reply, file);
  });
}
