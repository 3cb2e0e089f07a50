/**
 * Loads config/terminal.json, validates it, and applies the environment overrides of the design's
 * contracts (KIOSK_PORT, KIOSK_HOST, KIOSK_DEVICE_IDCARD/PRINTER/QR). A bad config is an error value
 * that names the file and the field; the bridge refuses to start on it rather than guess.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TerminalConfig, DeviceSpec } from '../../core/config/terminal';
import { describeZodError } from '../../core/protocol/messages';
import { err, ok, type Result } from '../../core/result';

export const projectRoot = resolve(import.meta.dirname, '../..');
export const defaultConfigPath = resolve(projectRoot, 'config/terminal.json');

/** Where data that outlives a session lives (outbox, its key, the local back office): KIOSK_DATA_DIR or ./var. */
export function dataDirFrom(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.KIOSK_DATA_DIR || resolve(projectRoot, 'var'));
}

export interface ConfigError {
  file: string;
  path: string;
  message: string;
}

export async function loadTerminalConfig(
  file: string = process.env.KIOSK_CONFIG ?? defaultConfigPath,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Result<TerminalConfig, ConfigError>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    return err({ file, path: '', message: `cannot read configuration: ${(e as Error).message}` });
  }
  const parsed = TerminalConfig.safeParse(raw);
  if (!parsed.success) return err({ file, ...describeZodError(parsed.error) });
  return applyEnvOverrides(parsed.data, env);
}

/**
 * The configuration in effect: the file's document with the environment's overrides on top. The
 * maintenance console and the fleet agent change the file's document; the overrides stay.
 */
export function applyEnvOverrides(document: TerminalConfig, env: NodeJS.ProcessEnv = process.env): Result<TerminalConfig, ConfigError> {
  const config: TerminalConfig = structuredClone(document);

  if (env.KIOSK_PORT !== undefined) {
    const port = Number(env.KIOSK_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      return err({ file: 'environment', path: 'KIOSK_PORT', message: `not a port number: ${env.KIOSK_PORT}` });
    }
    config.bridge.port = port;
  }
  if (env.KIOSK_HOST) config.bridge.host = env.KIOSK_HOST;
  for (const device of ['idcard', 'printer', 'qr'] as const) {
    const value = env[`KIOSK_DEVICE_${device.toUpperCase()}`];
    if (value === undefined || value === '') continue;
    const spec = DeviceSpec.safeParse(value);
    if (!spec.success) {
      return err({ file: 'environment', path: `KIOSK_DEVICE_${device.toUpperCase()}`, message: spec.error.issues[0]?.message ?? 'invalid' });
    }
    config.devices[device] = spec.data;
  }
  if (env.KIOSK_IDLE_TIMEOUT_S) config.session.idleTimeoutS = Number(env.KIOSK_IDLE_TIMEOUT_S);
  if (env.KIOSK_IDLE_WARNING_S) config.session.idleWarningS = Number(env.KIOSK_IDLE_WARNING_S);
  if (env.KIOSK_DEV_DOCK === '0') config.devDock = 'off';
  if (env.KIOSK_BROWSER === 'never') config.browser.launch = 'never';
  if (env.KIOSK_PLATFORM_URL) config.platform = { type: 'http', baseUrl: env.KIOSK_PLATFORM_URL, timeoutMs: Number(env.KIOSK_PLATFORM_TIMEOUT_MS || 10_000), retries: 2 };
  if (env.KIOSK_OUTBOX_RETRY_BASE_MS) config.outbox.retry = { baseMs: Number(env.KIOSK_OUTBOX_RETRY_BASE_MS), maxMs: Number(env.KIOSK_OUTBOX_RETRY_MAX_MS || 2000) };
  // One extra staff account for /hall, as NAME:scrypt$… (installers and tests).
  if (env.KIOSK_HALL_USER) {
    const i = env.KIOSK_HALL_USER.indexOf(':');
    config.hall.users = [...config.hall.users, { name: env.KIOSK_HALL_USER.slice(0, i), hash: env.KIOSK_HALL_USER.slice(i + 1) }];
  }
  if (env.KIOSK_OUTBOX_MIN_FREE_MB) config.outbox.minFreeMb = Number(env.KIOSK_OUTBOX_MIN_FREE_MB);
  const recheck = TerminalConfig.safeParse(config);
  if (!recheck.success) return err({ file: 'environment', ...describeZodError(recheck.error) });
  return ok(recheck.data);
}
