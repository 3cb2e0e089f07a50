/**
 * The agent's transport options against a real Mosquitto: MQTT 3.1.1 over TLS with a user name and
 * password (and the broker's CA), MQTT 5 over WebSocket; a wrong password or an untrusted server
 * certificate never gets a connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetAgent, type AgentOptions } from '../../device-bridge/src/fleet/agent';
import { connectOperator, makeDocument, publishDocument } from '../../device-bridge/src/fleet/operator';
import { generateFleetKeys } from '../../device-bridge/src/fleet/signed-document';
import { memoryAgentHost } from '../support/memory-agent-host';
import { startMosquitto, type Broker } from '../support/mosquitto';

const keys = generateFleetKeys();
const auth = { username: 'HP-24H-001', password: 'broker-secret-1' };
let broker: Broker;
const agents: FleetAgent[] = [];

beforeAll(async () => {
  broker = await startMosquitto({ auth, tls: true });
});
afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await broker?.dispose();
});

function agent(id: string, options: Partial<AgentOptions>) {
  const host = memoryAgentHost(id);
  const a = new FleetAgent(host, { url: broker.tlsUrl!, prefix: 'sec', protocolVersion: 4, publicKeyPem: keys.publicKeyPem, stateFile: null, reconnectPeriodMs: 200, ...options });
  agents.push(a);
  return { a, host };
}

async function settle<T>(probe: () => T, ms: number): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end && !probe()) await new Promise((r) => setTimeout(r, 25));
  return probe();
}

describe('fleet transport options', () => {
  it('MQTT 3.1.1 over TLS with user name and password: connects and applies a signed config', async () => {
    const { a, host } = agent('HP-24H-001', { ...auth, tls: { caFile: broker.caFile!, rejectUnauthorized: true } });
    await a.start();
    expect(await settle(() => a.connected, 10_000)).toBe(true);
    const operator = await connectOperator(broker.url, auth);
    await publishDocument(operator, 'sec', makeDocument(keys.privateKeyPem, 'config', 'terminal:HP-24H-001', 1, { session: { idleTimeoutS: 66 } }));
    expect(await settle(() => host.document().session.idleTimeoutS === 66, 10_000)).toBe(true);
    await operator.endAsync();
  });

  it('MQTT 5 over WebSocket', async () => {
    const { a } = agent('HP-24H-002', { ...auth, url: broker.wsUrl, protocolVersion: 5 });
    await a.start();
    expect(await settle(() => a.connected, 10_000)).toBe(true);
  });

  it('a wrong password or an untrusted certificate never connects', async () => {
    const wrong = agent('HP-24H-003', { username: auth.username, password: 'wrong', tls: { caFile: broker.caFile!, rejectUnauthorized: true } }).a;
    const untrusted = agent('HP-24H-004', { ...auth, tls: { rejectUnauthorized: true } }).a;
    await wrong.start();
    await untrusted.start();
    await new Promise((r) => setTimeout(r, 1500));
    expect(wrong.connected).toBe(false);
    expect(untrusted.connected).toBe(false);
    expect(wrong.connects + untrusted.connects).toBe(0);
  });
});
