/**
 * The set-up every end-to-end describe block shares: the real bridge process (with `env`, or what
 * an async function prepares, e.g. a data directory) and Debian's Chromium, both stopped afterwards,
 * and the bridge's log printed when a test fails. Use the fields inside tests (set in beforeAll).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import { showBridgeLogOnFailure } from './bridge-log';
import { root, startBridge, type RunningBridge } from './bridge-process';
import { launchBrowser } from './browser';

type Env = Record<string, string>;

export interface KioskUnderTest {
  readonly bridge: RunningBridge;
  readonly browser: Browser;
}

/**
 * The bridge's env for a terminal configured differently from the shipped one: a copy of
 * config/terminal.json changed by `edit`, in a fresh state directory (for kioskUnderTest).
 */
export function editedTerminalConfig(edit: (doc: Record<string, unknown>) => void): () => Promise<Env> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-config-'));
    const doc = JSON.parse(readFileSync(resolve(root, 'config/terminal.json'), 'utf8')) as Record<string, unknown>;
    edit(doc);
    const config = join(dir, 'terminal.json');
    writeFileSync(config, JSON.stringify(doc, null, 2));
    return { KIOSK_CONFIG: config, KIOSK_STATE_DIR: dir };
  };
}

export function kioskUnderTest(env: Env | (() => Promise<Env>) = {}, browserArgs: string[] = []): KioskUnderTest {
  const k = {} as { bridge: RunningBridge; browser: Browser };
  let closeBrowser: (() => Promise<void>) | undefined;
  showBridgeLogOnFailure(() => k.bridge);
  beforeAll(async () => {
    k.bridge = await startBridge(typeof env === 'function' ? await env() : env);
    ({ browser: k.browser, close: closeBrowser } = await launchBrowser({ args: browserArgs }));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await k.bridge?.stop();
  });
  return k;
}
