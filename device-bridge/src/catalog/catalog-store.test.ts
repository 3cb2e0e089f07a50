import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../core/catalog/schema';
import { createLogger } from '../log';
import { CatalogStore, catalogVersion, loadCatalogDir } from './catalog-store';

const realDir = new URL('../../../config/catalog/', import.meta.url).pathname;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catalog-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pino logger writing JSON lines into an array, so tests read what maintenance staff would. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('loadCatalogDir', () => {
  it('loads the real config/catalog with no errors', async () => {
    const r = await loadCatalogDir(realDir);
    if (!r.ok) throw new Error(JSON.stringify(r.error, null, 2));
    expect(Catalog.parse(r.value)).toEqual(r.value);
    expect(r.value.version).toMatch(/^[0-9a-f]{12}$/);
    expect(r.value.bundles.map((b) => b.code).sort()).toEqual([
      'after-death', 'disability-services', 'education-enrolment', 'enterprise-change', 'enterprise-exit', 'enterprise-start', 'marriage-hukou',
      'newborn', 'restaurant', 'retirement', 'second-hand-home', 'social-security-card', 'utilities-connection',
    ]);
    // Files merge in sorted order: common.json's departments come first.
    expect(r.value.departments[0].code).toBe('weijian');
  });

  it('gives the same version for the same content, whatever the key order, and another for other content', async () => {
    const a = await loadCatalogDir(realDir);
    await cp(realDir, dir, { recursive: true });
    const common = JSON.parse(await readFile(join(dir, 'common.json'), 'utf8')) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(common).reverse());
    await writeFile(join(dir, 'common.json'), JSON.stringify(reordered));
    const b = await loadCatalogDir(dir);
    expect(a.ok && b.ok && a.value.version === b.value.version).toBe(true);

    (common.departments as { name: { zh: string } }[])[0].name.zh = '卫生健康局';
    await writeFile(join(dir, 'common.json'), JSON.stringify(common));
    const c = await loadCatalogDir(dir);
    expect(c.ok && a.ok && c.value.version !== a.value.version).toBe(true);
  });

  it('computes the version over the catalog without its version field', () => {
    const content = { departments: [], stages: [], fields: [], materials: [], items: [], bundles: [] };
    expect(catalogVersion({ ...content, version: 'x' })).toBe(catalogVersion(content));
    expect(catalogVersion(content)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reads sub-directories recursively and names files relative to the directory', async () => {
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'a.json'), JSON.stringify({ departments: [{ code: 'd1', name: { zh: '部门', en: 'Dept' } }] }));
    await writeFile(join(dir, 'sub', 'b.json'), JSON.stringify({ departments: [{ code: 'd1', name: { zh: '部门', en: 'Dept' } }] }));
    await writeFile(join(dir, 'notes.txt'), 'not a fragment');
    const r = await loadCatalogDir(dir);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toEqual([
      { file: 'sub/b.json', path: '$.departments[0].code', message: 'duplicate department code "d1": also defined in a.json at $.departments[0]' },
    ]);
  });

  it('reports a JSON syntax error with its line and column, together with the other files\' errors', async () => {
    await writeFile(join(dir, 'a.json'), '{\n  "departments": [\n    { "code": "d1" }\n  ]\n}\n');
    await writeFile(join(dir, 'b.json'), '{\n  "stages": [\n    { "code": "s1", }\n  ]\n}\n');
    const r = await loadCatalogDir(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]).toMatchObject({ file: 'b.json', path: '$' });
    expect(r.error[0].message).toMatch(/^invalid JSON at line 3, column 21: /);
    expect(r.error[1]).toMatchObject({ file: 'a.json', path: '$.departments[0].name' });
  });

  it('reports a missing directory and an empty one as errors', async () => {
    const missing = await loadCatalogDir(join(dir, 'nope'));
    expect(!missing.ok && missing.error[0].message).toMatch(/^cannot read the catalog directory/);
    const empty = await loadCatalogDir(dir);
    expect(!empty.ok && empty.error[0].message).toBe('no catalog fragments (*.json) found');
  });
});

describe('CatalogStore', () => {
  it('keeps the last good catalog when a reload fails, and takes the next good one', async () => {
    await cp(realDir, dir, { recursive: true });
    const { logger, lines } = capturingLogger();
    let now = new Date('2026-11-23T02:00:00Z');
    const store = new CatalogStore(dir, logger, { now: () => now });
    expect(store.current()).toBeNull();
    expect(store.status()).toEqual({ version: null, errors: [], loadedAt: null });

    expect(await store.load()).toEqual({ ok: true, errors: [] });
    const good = store.current()!;
    expect(store.status()).toEqual({ version: good.version, errors: [], loadedAt: '2026-11-23T02:00:00.000Z' });

    // A broken edit: an item refers to a department that does not exist.
    const newborn = JSON.parse(await readFile(join(dir, 'newborn.json'), 'utf8'));
    newborn.items[0].department = 'weijianwei';
    await writeFile(join(dir, 'newborn.json'), JSON.stringify(newborn));
    now = new Date('2026-11-23T03:00:00Z');
    const failed = await store.load();
    expect(failed).toEqual({ ok: false, errors: [{ file: 'newborn.json', path: '$.items[0].department', message: 'unknown department "weijianwei"' }] });
    expect(store.current()).toBe(good);
    expect(store.status()).toEqual({ version: good.version, errors: failed.errors, loadedAt: '2026-11-23T02:00:00.000Z' });
    expect(lines.at(-1)).toMatchObject({ level: 50, errorCount: 1, keptVersion: good.version });

    // Fixed differently: a new version replaces the old one and the errors clear.
    newborn.items[0].department = 'weijian';
    newborn.items[0].timeLimit.promisedDays = 2;
    await writeFile(join(dir, 'newborn.json'), JSON.stringify(newborn));
    now = new Date('2026-11-23T04:00:00Z');
    expect((await store.load()).ok).toBe(true);
    expect(store.current()!.version).not.toBe(good.version);
    expect(store.status()).toMatchObject({ errors: [], loadedAt: '2026-11-23T04:00:00.000Z' });
    expect(lines.at(-1)).toMatchObject({ level: 30, previousVersion: good.version, msg: 'catalog loaded' });
  });

  it('reports a failure before any good load without inventing a catalog', async () => {
    await writeFile(join(dir, 'broken.json'), '{');
    const store = new CatalogStore(dir);
    const r = await store.load();
    expect(r.ok).toBe(false);
    expect(store.current()).toBeNull();
    expect(store.status()).toMatchObject({ version: null, loadedAt: null });
    expect(store.status().errors[0]).toMatchObject({ file: 'broken.json', path: '$' });
  });

  it('runs overlapping loads one after the other, so an older read never wins', async () => {
    const real = await loadCatalogDir(realDir);
    if (!real.ok) throw new Error('real catalog does not load');
    const older = { ...real.value, version: 'older0000000' };
    const newer = { ...real.value, version: 'newer0000000' };
    const pending: ((r: Awaited<ReturnType<typeof loadCatalogDir>>) => void)[] = [];
    const store = new CatalogStore(dir, undefined, {
      loadDir: () => new Promise((resolve) => pending.push(resolve)),
    });
    const first = store.load();
    const second = store.load();
    await new Promise((r) => setTimeout(r, 0));
    expect(pending).toHaveLength(1); // the second read has not started
    pending[0]({ ok: true, value: older });
    await first;
    await new Promise((r) => setTimeout(r, 0));
    expect(pending).toHaveLength(2);
    pending[1]({ ok: true, value: newer });
    await second;
    expect(store.current()?.version).toBe('newer0000000');
  });
});
