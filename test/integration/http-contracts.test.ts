/**
 * The bridge's external HTTP contracts, kept through the move to Fastify: static files (gzip when
 * asked, hashed assets immutable for a year, pages no-cache, HEAD), /api/regions and its caching,
 * /api/catalog, /metrics, the error shapes (400 with the field, 404, 405), and the kiosk link on /ws
 * (accepted from the terminal's own page, with the same `hello`).
 */
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { kioskSocket } from '../support/kiosk-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showBridgeLogOnFailure } from '../support/bridge-log';
import { startBridge, type RunningBridge } from '../support/bridge-process';

let bridge: RunningBridge;

function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const url = new URL(path, bridge.url);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP contracts', () => {
  showBridgeLogOnFailure(() => bridge);
  beforeAll(async () => {
    bridge = await startBridge();
  });
  afterAll(() => bridge?.stop());

  it('serves the kiosk page and its assets from memory: gzip when asked, immutable hashed assets, HEAD', async () => {
    const page = await get('/', { 'accept-encoding': 'gzip, deflate' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    const html = page.headers['content-encoding'] === 'gzip' ? gunzipSync(page.body).toString() : page.body.toString();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    // The files are gzipped in the background after the bridge listens (static-files.ts): until then
    // an asset goes out as it is; soon after, compressed.
    let js = await get(asset, { 'accept-encoding': 'gzip' });
    for (let i = 0; i < 100 && js.headers['content-encoding'] !== 'gzip'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      js = await get(asset, { 'accept-encoding': 'gzip' });
    }
    expect(js.status).toBe(200);
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const plain = await get(asset);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(js.body).equals(plain.body)).toBe(true);
    const head = await get(asset, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const console = await get('/maintenance');
    expect(console.status).toBe(200);
    expect(console.body.toString()).toContain('<html');
  });

  it('answers /api/regions one level at a time, cached a day; a bad code is a 400 naming parent', async () => {
    const top = await get('/api/regions');
    expect(top.status).toBe(200);
    expect(top.headers['cache-control']).toBe('max-age=86400');
    const body = JSON.parse(top.body.toString());
    expect(body.parent).toBe('');
    const bad = await get('/api/regions?parent=abc');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString()).error.path).toBe('parent');
  });

  it('answers /api/catalog, /healthz and /metrics as before', async () => {
    const catalog = await get('/api/catalog');
    expect(catalog.status).toBe(200);
    expect(Object.keys(JSON.parse(catalog.body.toString()))).toEqual(['catalog', 'calendar']);
    const health = JSON.parse((await get('/healthz')).body.toString());
    expect(health).toMatchObject({ terminal: 'HP-24H-001', kiosk: { connected: false } });
    const metrics = await get('/metrics');
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body.toString()).toContain('kiosk_uptime_seconds');
  });

  it('keeps the error shapes: 400 with the field, 404, 405', async () => {
    const offSchema = await fetch(new URL('/sim/printer/state', bridge.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"paper":"lots"}' });
    expect(offSchema.status).toBe(400);
    expect(((await offSchema.json()) as { error: { path: string } }).error.path).toBe('paper');
    expect(JSON.parse((await get('/sim/nothing')).body.toString())).toEqual({ error: { message: 'no such simulator route' } });
    expect(JSON.parse((await get('/sim/printer/jobs/999.png')).body.toString())).toEqual({ error: { message: 'no such job' } });
    expect((await get('/nothing-here')).status).toBe(404);
    expect((await get('/', {}, 'POST')).status).toBe(405);
    expect((await get('/sim/qr')).status).toBe(405);
    expect((await get('/healthz', {}, 'DELETE')).status).toBe(405); // (it used to answer any method)
  });

  it('opens the kiosk link from the terminal’s own page and says hello', async () => {
    const ws = kioskSocket(bridge.url);
    const hello = await new Promise<{ type: string; terminal: { id: string } }>((resolve, reject) => {
      ws.once('message', (d) => resolve(JSON.parse(String(d))));
      ws.once('error', reject);
    });
    expect(hello.type).toBe('hello');
    expect(hello.terminal.id).toBe('HP-24H-001');
    ws.close();
  });
});
