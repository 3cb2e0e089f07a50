/**
 * Fleet roll-out: 1,000 fleet agents in this process, each with its own MQTT connection to a local
 * Mosquitto, and one signed fleet-wide configuration. Measures the time from publishing it until the
 * operator has seen every terminal's `reported` state carry it (verified, validated, applied), and
 * the memory each connected agent costs. The agents use the in-memory host (test/support/memory-agent-host.ts):
 * same signature check, merge patch and schema validation as a terminal, no disk write.
 */
import { FleetAgent } from '../../device-bridge/src/fleet/agent';
import { connectOperator, makeDocument, publishDocument } from '../../device-bridge/src/fleet/operator';
import { generateFleetKeys } from '../../device-bridge/src/fleet/signed-document';
import { memoryAgentHost } from '../support/memory-agent-host';
import { startMosquitto } from '../support/mosquitto';
import { round, type BenchModule, type Figure } from './figures';

export const FLEET_SIZE = Number(process.env.BENCH_FLEET_SIZE ?? 1000);

async function waitUntil(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const settleHeap = async () => {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 200));
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage();
};

export const fleetBench: BenchModule = {
  area: 'fleet',
  async run(): Promise<Figure[]> {
    const broker = await startMosquitto();
    const keys = generateFleetKeys();
    const prefix = 'bench/fleet';
    const agents: FleetAgent[] = [];
    const operator = await connectOperator(broker.url);
    try {
      const before = await settleHeap();
      const connectStart = performance.now();
      for (let i = 0; i < FLEET_SIZE; i++) {
        const host = memoryAgentHost(`T-${String(i).padStart(5, '0')}`, `g${i % 20}`);
        const agent = new FleetAgent(host, { url: broker.url, prefix, protocolVersion: 4, publicKeyPem: keys.publicKeyPem, stateFile: null, reconnectPeriodMs: 1000 });
        agents.push(agent);
        await agent.start();
      }
      await waitUntil('all agents connected', () => agents.every((a) => a.connected), 60_000);
      const connectMs = performance.now() - connectStart;
      const after = await settleHeap();

      const version = 1;
      const topic = `${prefix}/_fleet/config`;
      const seen = new Set<string>();
      operator.on('message', (t, payload) => {
        if (!t.endsWith('/reported') || !payload.length) return;
        const body = JSON.parse(payload.toString()) as { terminal: string; results?: Record<string, { version: number; outcome: string }> };
        const r = body.results?.[topic];
        if (r && r.version === version && r.outcome === 'applied') seen.add(body.terminal);
      });
      await operator.subscribeAsync(`${prefix}/+/reported`, { qos: 1 });
      const doc = makeDocument(keys.privateKeyPem, 'config', 'all', version, { session: { idleTimeoutS: 120 } });
      const t0 = performance.now();
      await publishDocument(operator, prefix, doc);
      await waitUntil('every terminal reported the signed config', () => seen.size === FLEET_SIZE, 60_000);
      const rolloutMs = performance.now() - t0;

      const perAgentKb = (after.rss - before.rss) / 1024 / FLEET_SIZE;
      const heapKb = (after.heapUsed - before.heapUsed) / 1024 / FLEET_SIZE;
      return [
        { name: 'fleet.rollout_1000_ms', value: Math.round(rolloutMs), unit: 'ms', budget: 5000, note: `${FLEET_SIZE} agents, signed fleet-wide config → every terminal's reported state seen by the operator` },
        { name: 'fleet.agent_memory_kb', value: round(perAgentKb), unit: 'KiB', note: `RSS growth per connected agent (JS heap alone: ${round(heapKb)} KiB)` },
        { name: 'fleet.connect_1000_ms', value: Math.round(connectMs), unit: 'ms', note: `${FLEET_SIZE} agents connected, subscribed, status published` },
      ];
    } finally {
      await Promise.all(agents.map((a) => a.stop().catch(() => undefined)));
      await operator.endAsync();
      await broker.dispose();
    }
  },
};
