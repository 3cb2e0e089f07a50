/**
 * A running terminal whose catalog is broken by a reload (SIGHUP) keeps serving the last good
 * catalog and reports every error, with file and JSON path, in /healthz and in its log; a fixed
 * catalog is taken on the next reload.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, root, startBridge, type RunningBridge } from '../support/bridge-process';

interface HealthBody {
  status: string;
  faults: string[];
  catalog: { version: string | null; errors: { file: string; path: string; message: string }[] };
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('catalog reload on a running terminal', () => {
  let dir: string;
  let bridge: RunningBridge;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    cpSync(resolve(root, 'config/catalog'), dir, { recursive: true });
    bridge = await startBridge({ KIOSK_CATALOG_DIR: dir });
  });
  afterAll(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the last good catalog on a broken reload and reports every error in /healthz and the log', async () => {
    const health = () => api<HealthBody>(bridge.url, 'GET', '/healthz').then((r) => r.body);
    const before = await health();
    expect(before.catalog.errors).toEqual([]);
    const version = before.catalog.version;
    expect(version).toMatch(/^[0-9a-f]{12}$/);

    const file = join(dir, 'restaurant.json');
    const good = readFileSync(file, 'utf8');
    const broken = JSON.parse(good);
    broken.items[1].code = broken.items[0].code; // duplicate code
    broken.items[2].materials[0].material = 'no-such-material'; // unknown reference
    broken.bundles[0].rules[0].when = { nosuch: ['yes'] }; // rule on an unknown question
    writeFileSync(file, JSON.stringify(broken));
    bridge.process.kill('SIGHUP');

    const after = await until(health, (h) => h.catalog.errors.length > 0);
    expect(after.status).toBe('degraded');
    expect(after.faults).toContain('catalog:errors');
    expect(after.catalog.version).toBe(version);
    const where = after.catalog.errors.map((e) => `${e.file} ${e.path}`);
    expect(where).toContain('restaurant.json $.items[1].code');
    expect(where).toContain('restaurant.json $.items[2].materials[0].material');
    expect(where).toContain('restaurant.json $.bundles[0].rules[0].when.nosuch');
    const served = await api<{ catalog: { version: string; bundles: unknown[] } }>(bridge.url, 'GET', '/api/catalog');
    expect(served.body.catalog.version).toBe(version);
    expect(bridge.output()).toContain('catalog load failed; keeping the last good catalog');

    writeFileSync(file, good);
    bridge.process.kill('SIGHUP');
    const fixed = await until(health, (h) => h.catalog.errors.length === 0);
    expect(fixed.catalog.errors).toEqual([]);
    expect(fixed.catalog.version).toBe(version);
  });
});
