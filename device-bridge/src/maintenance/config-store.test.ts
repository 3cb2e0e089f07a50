import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TerminalConfig } from '../../../core/config/terminal';
import { defaultConfigPath } from '../config';
import { TerminalConfigStore, configVersion, diffPaths, type ProbeResult } from './config-store';

const base = TerminalConfig.parse(JSON.parse(readFileSync(defaultConfigPath, 'utf8')));
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

function setup(probe: () => Promise<ProbeResult> = async () => ({ healthy: true })) {
  const dir = mkdtempSync(join(tmpdir(), 'config-store-'));
  const file = join(dir, 'terminal.json');
  writeFileSync(file, JSON.stringify(base, null, 2));
  const switched: TerminalConfig[] = [];
  const options = { file, env: {}, logger: quiet, switchTo: (c: TerminalConfig) => void switched.push(c), probe };
  return { dir, file, switched, options, read: () => TerminalConfig.parse(JSON.parse(readFileSync(file, 'utf8'))) };
}

const withIdle = (s: number): TerminalConfig => ({ ...structuredClone(base), session: { ...base.session, idleTimeoutS: s } });

describe('TerminalConfigStore', () => {
  it('applies a valid document atomically, switches to it and keeps it as last-known-good', async () => {
    const t = setup();
    const store = await TerminalConfigStore.open(t.options, base);
    const result = await store.apply(withIdle(120), 1000);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.changed).toEqual(['session.idleTimeoutS']);
    expect(t.read().session.idleTimeoutS).toBe(120);
    expect(t.switched.map((c) => c.session.idleTimeoutS)).toEqual([120]);
    expect(store.status()).toMatchObject({ state: 'good', version: configVersion(withIdle(120)), lastGoodVersion: configVersion(withIdle(120)) });
    // No temporary files are left behind.
    expect(readdirSync(t.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses an off-schema document with the field named, and touches nothing', async () => {
    const t = setup();
    const store = await TerminalConfigStore.open(t.options, base);
    const before = readFileSync(t.file, 'utf8');
    const result = await store.apply({ ...withIdle(120), session: { ...base.session, idleTimeoutS: 2 } }, 1000);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid', path: 'session.idleTimeoutS' } });
    expect(readFileSync(t.file, 'utf8')).toBe(before);
    expect(t.switched).toEqual([]);
  });

  it('rolls back by itself when the kiosk does not come back healthy', async () => {
    const t = setup(async () => ({ healthy: false, reason: 'the kiosk did not reconnect within 1 s' }));
    const store = await TerminalConfigStore.open(t.options, base);
    const result = await store.apply(withIdle(300), 1000);
    expect(result).toMatchObject({ ok: false, error: { code: 'rolled-back', restoredVersion: configVersion(base) } });
    expect(t.read().session.idleTimeoutS).toBe(base.session.idleTimeoutS);
    expect(t.switched.map((c) => c.session.idleTimeoutS)).toEqual([300, base.session.idleTimeoutS]);
    expect(store.status()).toMatchObject({ state: 'rolled-back', lastRollback: { version: configVersion(withIdle(300)) } });
  });

  it('starts from last-known-good when the bridge stopped during a trial', async () => {
    let release!: (r: ProbeResult) => void;
    const t = setup(() => new Promise<ProbeResult>((r) => (release = r)));
    const store = await TerminalConfigStore.open(t.options, base);
    const pending = store.apply(withIdle(200), 60_000);
    await new Promise((r) => setTimeout(r, 50));
    // The process "dies" here: the file says 200, the state file says trial.
    expect(t.read().session.idleTimeoutS).toBe(200);
    const reopened = await TerminalConfigStore.open(t.options, t.read());
    expect(t.read().session.idleTimeoutS).toBe(base.session.idleTimeoutS);
    expect(reopened.status().state).toBe('rolled-back');
    release({ healthy: true });
    await pending;
  });

  it('names the changed paths', () => {
    expect(diffPaths({ a: 1, b: { c: [1] } }, { a: 1, b: { c: [2] }, d: true })).toEqual(['b.c', 'd']);
  });
});
