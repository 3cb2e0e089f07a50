/**
 * The operator's command line against a real Mosquitto: generate keys, sign and publish to a group,
 * list the terminals with their versions, send a command; terminals are fleet agents in this process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetAgent } from '../../device-bridge/src/fleet/agent';
import { root } from '../support/bridge-process';
import { memoryAgentHost } from '../support/memory-agent-host';
import { startMosquitto, type Broker } from '../support/mosquitto';

const run = promisify(execFile);
let broker: Broker;
let dir: string;
const agents: FleetAgent[] = [];
const hosts = [memoryAgentHost('SY-HP-001', 'heping'), memoryAgentHost('SY-HP-002', 'heping'), memoryAgentHost('SY-SH-001', 'shenhe')];

const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'device-bridge/src/fleet/cli.ts', ...args], { cwd: root, env: { ...process.env, FLEET_BROKER: broker.url, FLEET_PREFIX: 'city/sy' } });

beforeAll(async () => {
  broker = await startMosquitto();
  dir = mkdtempSync(join(tmpdir(), 'fleet-cli-'));
  await cli('keygen', '--out', dir);
  const publicKeyPem = readFileSync(join(dir, 'fleet-public-key.pem'), 'utf8');
  for (const host of hosts) {
    const agent = new FleetAgent(host, { url: broker.url, prefix: 'city/sy', protocolVersion: 4, publicKeyPem, stateFile: null, reconnectPeriodMs: 300 });
    agents.push(agent);
    await agent.start();
  }
  for (let i = 0; i < 200 && !agents.every((a) => a.connected); i++) await new Promise((r) => setTimeout(r, 25));
});

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await broker?.dispose();
});

describe('fleet CLI', () => {
  it('keeps the signing key private to its owner', () => {
    expect(statSync(join(dir, 'fleet-signing-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('signs and publishes to a group; only that group applies it; list shows versions and results', async () => {
    writeFileSync(join(dir, 'patch.json'), JSON.stringify({ session: { idleTimeoutS: 75 } }));
    const key = join(dir, 'fleet-signing-key.pem');
    const published = await cli('publish', '--kind', 'config', '--target', 'group:heping', '--file', join(dir, 'patch.json'), '--key', key);
    expect(published.stdout).toMatch(/published config v1 for group:heping on city\/sy\/_group\/heping\/config/);
    for (let i = 0; i < 200 && !(hosts[0]!.document().session.idleTimeoutS === 75 && hosts[1]!.document().session.idleTimeoutS === 75); i++) await new Promise((r) => setTimeout(r, 25));
    expect(hosts.map((h) => h.document().session.idleTimeoutS)).toEqual([75, 75, 90]);

    // The next publish takes the next version by itself; an explicit older one is refused by the CLI.
    const again = await cli('publish', '--kind', 'config', '--target', 'group:heping', '--file', join(dir, 'patch.json'), '--key', key);
    expect(again.stdout).toMatch(/v2/);
    await expect(cli('publish', '--kind', 'config', '--target', 'group:heping', '--file', join(dir, 'patch.json'), '--key', key, '--version', '1')).rejects.toThrow(/newer than 2/);

    await new Promise((r) => setTimeout(r, 300));
    const listed = JSON.parse((await cli('list', '--json')).stdout) as { terminal: string; online: boolean; config: string; reported: { results: Record<string, { version: number; outcome: string }> } }[];
    expect(listed.map((r) => [r.terminal, r.online])).toEqual([
      ['SY-HP-001', true],
      ['SY-HP-002', true],
      ['SY-SH-001', true],
    ]);
    expect(listed[0]!.config).toBe(hosts[0]!.configVersion());
    expect(listed[0]!.reported.results['city/sy/_group/heping/config']).toMatchObject({ version: 2, outcome: 'applied' });
    const table = (await cli('list')).stdout;
    expect(table).toMatch(/SY-SH-001\s+yes\s+shenhe/);
  });

  it('sends a command and prints the reply', async () => {
    const out = await cli('command', 'diagnose', '--terminal', 'SY-SH-001', '--key', join(dir, 'fleet-signing-key.pem'));
    expect(JSON.parse(out.stdout)).toMatchObject({ terminal: 'SY-SH-001', ok: true, command: 'diagnose', result: { health: 'ok' } });
  });

  it('hashes a maintenance password for the configuration', async () => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'device-bridge/src/fleet/cli.ts', 'hash-password'], { cwd: root });
    child.stdin!.end('a long enough password\n');
    const out = await new Promise<string>((r) => {
      let s = '';
      child.stdout!.on('data', (d) => (s += d));
      child.on('exit', () => r(s));
    });
    expect(out.trim()).toMatch(/^scrypt\$32768\$8\$1\$/);
  });
});
