/**
 * The set-up every end-to-end describe block shares: the real bridge process (with `env`, or what
 * an async function prepares, e.g. a data directory) and Debian's Chromium, both stopped afterwards,
 * and the bridge's log printed when a test fails. Use the fields inside tests (set in beforeAll).
 */
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import { showBridgeLogOnFailure } from './bridge-log';
import { startBridge, type RunningBridge } from './bridge-process';
import { launchBrowser } from './browser';

type Env = Record<string, string>;

export interface KioskUnderTest {
  readonly bridge: RunningBridge;
  readonly browser: Browser;
}

export function kioskUnderTest(env: Env | (() => Promise<Env>) = {}): KioskUnderTest {
  const k = {} as { bridge: RunningBridge; browser: Browser };
  let closeBrowser: (() => Promise<void>) | undefined;
  showBridgeLogOnFailure(() => k.bridge);
  beforeAll(async () => {
    k.bridge = await startBridge(typeof env === 'function' ? await env() : env);
    ({ browser: k.browser, close: closeBrowser } = await launchBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await k.bridge?.stop();
  });
  return k;
}
