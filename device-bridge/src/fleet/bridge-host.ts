/**
 * What the fleet agent needs from the running bridge: status, versions, applying a configuration
 * patch (through the same atomic store with rollback as the console) or a catalog, and commands.
 */
import { existsSync } from 'node:fs';
import { mkdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCatalog } from '../../../core/catalog/build';
import type { TerminalConfig } from '../../../core/config/terminal';
import { err, ok, type Result } from '../../../core/result';
import { catalogVersion, type CatalogStore } from '../catalog/catalog-store';
import type { LogRing } from '../maintenance/log-ring';
import type { TerminalConfigStore } from '../maintenance/config-store';
import type { MaintenanceApi } from '../maintenance/maintenance-api';
import type { AuditLog } from '../maintenance/audit-log';
import type { BridgeMetrics } from '../maintenance/metrics';
import { writeFileAtomic } from '../maintenance/atomic-file';
import { serviceFaults, validateConfigChange } from '../maintenance/config-validation';
import type { AgentHost } from './agent';
import { mergePatch, touchesProtected, type CommandName } from './signed-document';

/** Catalogs received from the fleet live in <stateDir>/catalog-<version>/; `catalog-current` points at the one in use. */
export function fleetCatalogLink(stateDir: string): string {
  return join(stateDir, 'catalog-current');
}

export interface BridgeHostDeps {
  config: () => TerminalConfig;
  store: TerminalConfigStore | null;
  catalog: CatalogStore;
  stateDir: string;
  health: () => { status: string; faults: string[]; uptimeS: number; version: string; outbox: { backlog: number } };
  maintenance: MaintenanceApi;
  logs: LogRing | null;
  audit: AuditLog;
  metrics: BridgeMetrics;
  restartBrowser: () => Promise<string>;
}

export function bridgeAgentHost(d: BridgeHostDeps): AgentHost {
  const config = d.config();
  return {
    terminalId: config.terminal.id,
    ...(config.fleet?.group ? { group: config.fleet.group } : {}),
    status: () => {
      const h = d.health();
      return { health: h.status, faults: h.faults, uptimeS: h.uptimeS, software: h.version, outboxBacklog: h.outbox.backlog };
    },
    configVersion: () => d.store?.version() ?? 'unmanaged',
    catalogVersion: () => d.catalog.status().version,
    async applyConfig(patch, source) {
      const audit = (outcome: 'ok' | 'refused' | 'rolled-back', detail: Record<string, string | string[]>) =>
        d.audit.record({ actor: source.split(':').slice(0, 2).join(':'), via: 'fleet', action: 'config.change', outcome, detail: { source, ...detail } });
      if (!d.store) return err({ message: 'this terminal runs without a configuration file' });
      const protectedPath = touchesProtected(patch);
      if (protectedPath) {
        await audit('refused', { reason: `protected: ${protectedPath}` });
        d.metrics.configApplies.inc({ source: 'fleet', result: 'invalid' });
        return err({ message: `${protectedPath} cannot be changed by a fleet document` });
      }
      // The console's validation (config-validation.ts), with the restart-only fields the fleet may not change.
      const current = d.store.document();
      const checked = validateConfigChange(current, mergePatch(current, patch), { source: 'fleet', catalog: d.catalog.current() });
      if (!checked.ok) {
        await audit('refused', { reason: checked.error.message });
        d.metrics.configApplies.inc({ source: 'fleet', result: 'invalid' });
        return err({ message: checked.error.message });
      }
      const result = await d.store.apply(checked.value.document, (d.config().maintenance?.rollbackWindowS ?? 30) * 1000);
      if (!result.ok) {
        d.metrics.configApplies.inc({ source: 'fleet', result: result.error.code });
        await audit(result.error.code === 'rolled-back' ? 'rolled-back' : 'refused', { reason: result.error.message });
        return err(result.error.code === 'rolled-back' ? { message: result.error.message, rolledBack: true } : { message: result.error.message });
      }
      d.metrics.configApplies.inc({ source: 'fleet', result: 'ok' });
      await audit('ok', { changed: result.value.changed, version: result.value.version });
      return ok({ version: result.value.version, changed: result.value.changed, restartRequired: result.value.restartRequired });
    },
    async applyCatalog(payload, source) {
      const fragments = payload.fragments;
      if (typeof fragments !== 'object' || fragments === null || Array.isArray(fragments) || Object.keys(fragments).length === 0) {
        return err({ message: 'payload.fragments: expected an object of "file.json": fragment' });
      }
      const names = Object.keys(fragments);
      const badName = names.find((n) => !/^[A-Za-z0-9_-]{1,60}\.json$/.test(n));
      if (badName) return err({ message: `payload.fragments: bad file name ${JSON.stringify(badName)}` });
      const built = buildCatalog(names.sort().map((file) => ({ file, data: (fragments as Record<string, unknown>)[file] })), '');
      if (!built.ok) {
        const e = built.error[0]!;
        return err({ message: `catalog ${e.file} ${e.path}: ${e.message}${built.error.length > 1 ? ` (and ${built.error.length - 1} more)` : ''}` });
      }
      // A catalog that has none of the bundles this terminal offers would leave its home screen empty.
      if (serviceFaults(d.config().services, built.value).length) {
        return err({ message: `catalog has none of the bundles this terminal offers (services: ${d.config().services.join(', ') || 'all'})` });
      }
      const version = catalogVersion(built.value);
      // Write the new catalog into its own directory, then swap the link to it in one rename.
      const dir = join(d.stateDir, `catalog-${version}`);
      await mkdir(dir, { recursive: true });
      for (const name of names) await writeFileAtomic(join(dir, name), JSON.stringify((fragments as Record<string, unknown>)[name], null, 2));
      const link = fleetCatalogLink(d.stateDir);
      const previous = existsSync(link) ? await readlink(link) : null;
      const tempLink = `${link}.${process.pid}.tmp`;
      await rm(tempLink, { force: true });
      await symlink(dir, tempLink);
      await rename(tempLink, link);
      const loaded = await d.catalog.load();
      if (!loaded.ok) {
        if (previous) {
          await symlink(previous, tempLink);
          await rename(tempLink, link);
        } else await rm(link, { force: true });
        await d.catalog.load();
        return err({ message: `catalog did not load: ${loaded.errors[0]?.message ?? 'unknown error'}` });
      }
      await d.audit.record({ actor: source.split(':').slice(0, 2).join(':'), via: 'fleet', action: 'catalog.change', outcome: 'ok', detail: { source, version } });
      return ok({ version });
    },
    async command(name: CommandName): Promise<Result<unknown, { message: string }>> {
      switch (name) {
        case 'diagnose':
          return ok(d.maintenance.status());
        case 'print-test-page': {
          const r = await d.maintenance.runTest('print');
          return r && r.ok ? ok(r) : err({ message: r?.message ?? 'no printer' });
        }
        case 'collect-logs': {
          // Already censored by the logger; capped so a reply stays a reasonable MQTT message.
          const lines = d.logs?.recent(500).map((l) => l.raw) ?? [];
          let size = 0;
          const kept: string[] = [];
          for (const line of lines.reverse()) {
            size += line.length;
            if (size > 200_000) break;
            kept.unshift(line);
          }
          return ok({ captured: d.logs !== null, lines: kept });
        }
        case 'restart-browser':
          return ok({ message: await d.restartBrowser() });
      }
    },
  };
}
