import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TerminalConfig } from '../../../core/config/terminal';
import { defaultConfigPath } from '../config';
import { loadCatalogDir } from '../catalog/catalog-store';
import { TerminalConfigStore } from './config-store';
import { restartOnlyFields, serviceFaults, testDeviceChanges, unknownKeys, validateConfigChange } from './config-validation';

const base = TerminalConfig.parse(JSON.parse(readFileSync(defaultConfigPath, 'utf8')));
const loaded = await loadCatalogDir(new URL('../../../config/catalog', import.meta.url).pathname);
if (!loaded.ok) throw new Error('shipped catalog broken');
const catalog = loaded.value;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const withChange = (change: (d: TerminalConfig) => void) => {
  const d = structuredClone(base);
  change(d);
  return d;
};
const both = ['console', 'fleet'] as const;

describe('validateConfigChange (console and fleet)', () => {
  it('refuses unknown bundle codes from either source, naming them', () => {
    for (const source of both) {
      const r = validateConfigChange(base, withChange((d) => (d.services = ['newborn', 'no-such-bundle'])), { source, catalog });
      expect(r).toMatchObject({ ok: false, error: { path: 'services', message: 'services: unknown bundle codes no-such-bundle' } });
      expect(validateConfigChange(base, withChange((d) => (d.services = ['newborn'])), { source, catalog }).ok).toBe(true);
    }
  });

  it('names the field of an oversized value and does not echo it', () => {
    const r = validateConfigChange(base, withChange((d) => (d.terminal.pickupPlace.zh = '长'.repeat(5 * 1024 * 1024))), { source: 'fleet', catalog });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.path).toBe('terminal.pickupPlace.zh');
      expect(r.error.message.length).toBeLessThan(200);
    }
  });

  it('refuses from the fleet the restart-only fields it cannot test; the console is not refused them here', () => {
    const platform = withChange((d) => (d.platform = { type: 'http', baseUrl: 'http://127.0.0.1:9/', timeoutMs: 1000, retries: 0 }));
    expect(validateConfigChange(base, platform, { source: 'fleet', catalog })).toMatchObject({ ok: false, error: { path: expect.stringMatching(/^platform\./), message: expect.stringMatching(/^platform\.\S+ cannot be changed by a fleet document/) } });
    expect(validateConfigChange(base, platform, { source: 'console', catalog }).ok).toBe(true);
    expect(restartOnlyFields.filter((f) => f.fleet === 'tested').map((f) => f.path)).toEqual(['devices']);
  });

  it('refuses a key the schema does not know (it would be dropped silently), wherever it is', () => {
    for (const source of both) {
      const misspelt = { ...structuredClone(base), session: { ...base.session, idleTimeoutSeconds: 60 } };
      expect(validateConfigChange(base, misspelt, { source, catalog })).toMatchObject({ ok: false, error: { path: 'session.idleTimeoutSeconds', message: 'session.idleTimeoutSeconds: not a configuration field' } });
      expect(validateConfigChange(base, { ...structuredClone(base), junk: 'x'.repeat(1000) }, { source, catalog })).toMatchObject({ ok: false, error: { path: 'junk' } });
    }
    expect(unknownKeys({ a: [{ b: 1, c: 2 }], d: 1 }, { a: [{ b: 1 }], d: 1 })).toEqual(['a[0].c']);
  });

  it('refuses a transport the device has no driver for', () => {
    for (const source of both) {
      expect(validateConfigChange(base, withChange((d) => (d.devices.printer = 'hid:0416:5011')), { source, catalog })).toMatchObject({ ok: false, error: { path: 'devices.printer' } });
      expect(validateConfigChange(base, withChange((d) => (d.devices.qr = 'tcp:127.0.0.1:9100')), { source, catalog })).toMatchObject({ ok: false, error: { path: 'devices.qr' } });
    }
  });
});

describe('serviceFaults', () => {
  it('is catalog:no-services only when nothing configured is in the catalog', () => {
    expect(serviceFaults([], catalog)).toEqual([]);
    expect(serviceFaults(['newborn', 'gone'], catalog)).toEqual([]);
    expect(serviceFaults(['gone'], catalog)).toEqual(['catalog:no-services']);
    expect(serviceFaults([], { bundles: [] })).toEqual(['catalog:no-services']);
  });
});

describe('testDeviceChanges', () => {
  it('opens a changed device once: a missing path and a closed port fail with the reason, an open port passes', async () => {
    const missing = await testDeviceChanges(base, withChange((d) => (d.devices.idcard = 'serial:/dev/ttyNO-SUCH-9@115200')), 1000);
    expect(missing).toMatchObject({ ok: false, reason: expect.stringMatching(/^devices\.idcard: serial:\/dev\/ttyNO-SUCH-9@115200 does not open/) });

    const server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      expect(await testDeviceChanges(base, withChange((d) => (d.devices.printer = `tcp:127.0.0.1:${port}`)), 1000)).toEqual({ ok: true });
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(await testDeviceChanges(base, withChange((d) => (d.devices.printer = `tcp:127.0.0.1:${port}`)), 1000)).toMatchObject({ ok: false, reason: expect.stringContaining(`tcp:127.0.0.1:${port} does not open`) });
    expect(await testDeviceChanges(base, base, 1000)).toEqual({ ok: true });
  });

  it('the store rolls a device change back when the device does not open, before switching to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-validation-'));
    const file = join(dir, 'terminal.json');
    writeFileSync(file, `${JSON.stringify(base, null, 2)}\n`);
    const switched: TerminalConfig[] = [];
    const store = await TerminalConfigStore.open({ file, env: {}, logger: quiet, switchTo: (c) => void switched.push(c), probe: async () => ({ healthy: true }) }, base);
    const before = readFileSync(file, 'utf8');
    const r = await store.apply(withChange((d) => (d.devices.printer = `file:${dir}/no-such-lp0`)), 2000);
    expect(r).toMatchObject({ ok: false, error: { code: 'rolled-back', message: expect.stringContaining(`devices.printer: file:${dir}/no-such-lp0 does not open`) } });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(switched).toEqual([]);
    expect(store.status()).toMatchObject({ state: 'rolled-back', lastRollback: { reason: expect.stringContaining('no-such-lp0') } });
    // A device that opens is kept, and reported as needing a restart.
    writeFileSync(join(dir, 'lp0'), '');
    const kept = await store.apply(withChange((d) => (d.devices.printer = `file:${dir}/lp0`)), 2000);
    expect(kept).toMatchObject({ ok: true, value: { restartRequired: ['devices.printer'] } });
  });
});
