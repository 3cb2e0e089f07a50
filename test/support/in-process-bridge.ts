/**
 * The bridge in the test's own process (createBridge), on a free loopback port with a fresh data
 * directory and the shipped configuration (plus `env` overrides): started before the describe
 * block's tests and closed after them. Use `.bridge` inside tests.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createBridge, type Bridge } from '../../device-bridge/src/bridge';
import { loadTerminalConfig } from '../../device-bridge/src/config';
import type { Logger } from '../../device-bridge/src/log';
import { root } from './bridge-process';

export async function startInProcessBridge(logger: Logger, env: Record<string, string> = {}): Promise<Bridge> {
  const loaded = await loadTerminalConfig(resolve(root, 'config/terminal.json'), { KIOSK_PORT: '0', ...env });
  if (!loaded.ok) throw new Error(loaded.error.message);
  return createBridge({ config: loaded.value, logger, dataDir: mkdtempSync(join(tmpdir(), 'kiosk-data-')) });
}

export function inProcessBridge(logger: Logger, env: Record<string, string> = {}): { readonly bridge: Bridge } {
  const held = {} as { bridge: Bridge };
  beforeAll(async () => {
    held.bridge = await startInProcessBridge(logger, env);
  });
  afterAll(async () => {
    await held.bridge?.close();
  });
  return held;
}
