/**
 * The one validation of a configuration change, whoever makes it: the maintenance console
 * (PUT /maintenance/api/config) and signed fleet documents (fleet/bridge-host.ts) both call
 * `validateConfigChange` before the change reaches the store, and the store (config-store.ts) tests
 * the restart-only fields it can test (devices) while the change is on trial. So a change the console
 * refuses, the fleet refuses too, with the same message.
 *
 *  - the schema (core/config/terminal.ts), with its size limits: the field is named;
 *  - `services`: every code must be a bundle of the loaded catalog (else the home screen is empty);
 *  - `devices.*`: a transport the driver supports (what createDevices would otherwise replace with an
 *    "unavailable" device); whether the device opens is tested on trial (`testDeviceChanges`);
 *  - restart-only fields the terminal cannot test before keeping them are refused from the fleet
 *    (`restartOnlyFields`).
 */
import type { Catalog } from '../../../core/catalog/schema';
import { TerminalConfig } from '../../../core/config/terminal';
import { describeZodError } from '../../../core/protocol/messages';
import { err, ok, type Result } from '../../../core/result';
import { canonicalJson } from '../../../core/catalog/canonical-json';
import { openerForSpec } from '../devices/transports';

/** Dotted paths where two JSON values differ (arrays compare whole). */
export function diffPaths(a: unknown, b: unknown, prefix = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return canonicalJson(a) === canonicalJson(b) ? [] : [prefix || '(root)'];
}

export type ChangeSource = 'console' | 'fleet';

/**
 * Fields that take effect only when the bridge restarts, and what a change to each gets.
 * `tested`: kept only if it passes a test on trial, else rolled back with the reason;
 * `refused`: a fleet document may not change it (the console cannot either: its change schema has no such field).
 * (The rest of `maintenance`, `terminal.id` and `$schema` are protected too, but take effect at once:
 * fleet/signed-document.ts `protectedConfigPaths`.)
 */
export const restartOnlyFields = [
  { path: 'devices', fleet: 'tested', why: 'each changed device is opened (serial, HID, file) or connected to (tcp) on trial' },
  { path: 'platform', fleet: 'refused', why: 'where submissions go is a deployment decision, and an unreachable platform is found only after submissions queue' },
  { path: 'outbox', fleet: 'refused', why: 'moving the database or its key would strand submissions not yet delivered' },
  { path: 'browser', fleet: 'refused', why: 'a path on this machine, which the fleet cannot see' },
  { path: 'bridge', fleet: 'refused', why: 'protected: the listener the kiosk page and the console use' },
  { path: 'maintenance.lan', fleet: 'refused', why: 'protected: who may reach the console' },
  { path: 'fleet', fleet: 'refused', why: 'protected: whom the terminal trusts' },
] as const;

/** The prefixes (for diffPaths' dotted paths) of fields that need a restart. */
export const restartPrefixes = restartOnlyFields.map((f) => f.path);

export function isRestartOnly(path: string): boolean {
  return restartPrefixes.some((p) => path === p || path.startsWith(`${p}.`));
}

/** Which transports each device's driver supports (device-bridge/src/devices/devices.ts). */
export const deviceTransports: Record<keyof TerminalConfig['devices'], readonly string[]> = {
  idcard: ['simulated', 'serial', 'hid', 'file'],
  printer: ['simulated', 'serial', 'tcp', 'file'],
  qr: ['simulated', 'serial', 'hid'],
};

export interface ValidationError {
  code: 'invalid';
  message: string;
  path: string;
}

export interface ValidationContext {
  source: ChangeSource;
  /** The catalog in use; null when none is loaded (then no bundle code is known). */
  catalog: Pick<Catalog, 'bundles'> | null;
}

/** Codes in `services` that are not bundles of the catalog. */
export function unknownServices(services: readonly string[], catalog: Pick<Catalog, 'bundles'> | null): string[] {
  const known = new Set((catalog?.bundles ?? []).map((b) => b.code));
  return services.filter((s) => !known.has(s));
}

/**
 * Validates `next` (the whole document after the change) against `previous`. Returns the parsed
 * document and the changed paths, or the first problem with its field.
 */
export function validateConfigChange(previous: TerminalConfig, next: unknown, context: ValidationContext): Result<{ document: TerminalConfig; changed: string[] }, ValidationError> {
  const parsed = TerminalConfig.safeParse(next);
  if (!parsed.success) return err({ code: 'invalid', ...describeZodError(parsed.error) });
  const document = parsed.data;
  const changed = diffPaths(previous, document).filter((p) => p !== '$schema');
  if (context.source === 'fleet') {
    for (const path of changed) {
      const field = restartOnlyFields.find((f) => path === f.path || path.startsWith(`${f.path}.`));
      if (field?.fleet === 'refused') return err({ code: 'invalid', message: `${path} cannot be changed by a fleet document (${field.why})`, path });
    }
  }
  // The schema drops keys it does not know: a misspelt key would be "applied" and do nothing.
  const unknown = unknownKeys(next, document)[0];
  if (unknown) return err({ code: 'invalid', message: `${unknown}: not a configuration field`, path: unknown });
  if (changed.some((p) => p === 'services' || p.startsWith('services.'))) {
    const unknown = unknownServices(document.services, context.catalog);
    if (unknown.length) return err({ code: 'invalid', message: `services: unknown bundle codes ${unknown.join(', ')}`, path: 'services' });
  }
  for (const device of Object.keys(deviceTransports) as (keyof TerminalConfig['devices'])[]) {
    const spec = document.devices[device];
    const transport = spec.split(':')[0]!;
    if (changed.includes(`devices.${device}`) && !deviceTransports[device].includes(transport)) {
      return err({ code: 'invalid', message: `devices.${device}: no ${device} driver for ${transport}: (use ${deviceTransports[device].join(', ')})`, path: `devices.${device}` });
    }
  }
  return ok({ document, changed });
}

/** Dotted paths of keys in `raw` that the parsed document does not have (dropped by the schema). */
export function unknownKeys(raw: unknown, parsed: unknown, prefix = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const at = (k: string | number) => (typeof k === 'number' ? `${prefix}[${k}]` : prefix ? `${prefix}.${k}` : k);
  if (Array.isArray(raw) && Array.isArray(parsed)) return raw.flatMap((v, i) => unknownKeys(v, parsed[i], at(i)));
  if (!isObject(raw) || !isObject(parsed)) return [];
  return Object.keys(raw).flatMap((k) => (k in parsed ? unknownKeys(raw[k], parsed[k], at(k)) : [at(k)]));
}

/** Faults for /healthz: the configured services and the catalog do not leave anything to offer. */
export function serviceFaults(services: readonly string[], catalog: Pick<Catalog, 'bundles'> | null): string[] {
  if (!catalog) return [];
  if (catalog.bundles.length === 0) return ['catalog:no-services'];
  if (services.length > 0 && unknownServices(services, catalog).length === services.length) return ['catalog:no-services'];
  return [];
}

export type DeviceTest = { ok: true } | { ok: false; reason: string };

/**
 * Opens each changed device of `next` once and closes it again: a change to a device that does not
 * open is not kept. Simulated devices pass. Bounded by `timeoutMs` per device (a tcp: printer that
 * does not answer).
 */
export async function testDeviceChanges(previous: TerminalConfig, next: TerminalConfig, timeoutMs: number): Promise<DeviceTest> {
  for (const device of Object.keys(deviceTransports) as (keyof TerminalConfig['devices'])[]) {
    const spec = next.devices[device];
    if (spec === previous.devices[device] || spec === 'simulated') continue;
    const open = openerForSpec(spec, 9600);
    if (!open) return { ok: false, reason: `devices.${device}: ${spec} is not a device spec` };
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const opening = open();
      const transport = await Promise.race([
        opening,
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`did not open within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs))),
      ]).catch((e: Error) => {
        // Close it should it open after all.
        void opening.then((t) => t.close()).catch(() => undefined);
        throw e;
      });
      await transport.close();
    } catch (e) {
      return { ok: false, reason: `devices.${device}: ${spec} does not open: ${(e as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
  }
  return { ok: true };
}
