/**
 * An agent host that keeps the configuration in memory: the same merge-patch, protection and
 * schema validation as the bridge's host (device-bridge/src/fleet/bridge-host.ts), without a disk
 * write or a kiosk page to probe. For simulating many terminals in one process (bench, CLI test);
 * the bridge's own host, with the atomic store and rollback, is tested in test/integration/fleet.test.ts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TerminalConfig } from '../../core/config/terminal';
import { describeZodError } from '../../core/protocol/messages';
import { err, ok } from '../../core/result';
import type { AgentHost } from '../../device-bridge/src/fleet/agent';
import { mergePatch, touchesProtected } from '../../device-bridge/src/fleet/signed-document';
import { configVersion } from '../../device-bridge/src/maintenance/config-store';
import { root } from './bridge-process';

export const shippedConfig = TerminalConfig.parse(JSON.parse(readFileSync(resolve(root, 'config/terminal.json'), 'utf8')));

export function memoryAgentHost(terminalId: string, group?: string): AgentHost & { document: () => TerminalConfig } {
  let doc: TerminalConfig = { ...shippedConfig, terminal: { ...shippedConfig.terminal, id: terminalId } };
  let version = configVersion(doc);
  return {
    terminalId,
    ...(group ? { group } : {}),
    document: () => doc,
    status: () => ({ health: 'ok', faults: [] }),
    configVersion: () => version,
    catalogVersion: () => null,
    async applyConfig(patch) {
      const protectedPath = touchesProtected(patch);
      if (protectedPath) return err({ message: `${protectedPath} cannot be changed by a fleet document` });
      const parsed = TerminalConfig.safeParse(mergePatch(doc, patch));
      if (!parsed.success) return err({ message: `configuration ${describeZodError(parsed.error).message}` });
      doc = parsed.data;
      version = configVersion(doc);
      return ok({ version, changed: [] });
    },
    async applyCatalog() {
      return err({ message: 'this simulated terminal takes no catalog' });
    },
    async command(name) {
      return name === 'diagnose' ? ok({ health: 'ok' }) : err({ message: `${name} is not simulated` });
    },
  };
}
