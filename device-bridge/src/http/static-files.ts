/**
 * Serves the built kiosk (dist/kiosk) from memory, gzip-compressed once at start-up: the kiosk's
 * first paint should not wait on disk or on compression.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

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
