/**
 * The fleet operator's side, shared by the CLI (cli.ts), the tests and the bench: sign and publish
 * desired documents, send commands and wait for replies, list terminals from their retained status.
 */
import { randomBytes } from 'node:crypto';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { terminalTopics, topicFor, type Kind } from './agent';
import { signDocument, type CommandName, type FleetCommand, type FleetDocument } from './signed-document';

export function connectOperator(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  return connectAsync(url, { clientId: `fleet-operator-${randomBytes(4).toString('hex')}`, clean: true, reconnectPeriod: 0, connectTimeout: 10_000, ...options });
}

export function makeDocument(privateKeyPem: string, kind: Kind, target: string, version: number, payload: Record<string, unknown>, issuedAt = new Date()): FleetDocument {
  return signDocument<FleetDocument>({ kind, target, version, issuedAt: issuedAt.toISOString(), payload }, privateKeyPem);
}

/** Publishes a desired document, retained, on the topic of its kind and target. */
export async function publishDocument(client: MqttClient, prefix: string, doc: FleetDocument | Record<string, unknown>, topic?: string): Promise<string> {
  const t = topic ?? topicFor(prefix, (doc as FleetDocument).kind, (doc as FleetDocument).target);
  await client.publishAsync(t, JSON.stringify(doc), { qos: 1, retain: true });
  return t;
}

export interface TerminalRow {
  terminal: string;
  online: boolean;
  group?: string;
  at?: string;
  config?: string;
  catalog?: string | null;
  health?: string;
  faults?: string[];
  software?: string;
  reported?: { applied?: Record<string, number>; results?: Record<string, { version: number; outcome: string; reason?: string }> };
}

/** Reads every terminal's retained status and reported state (waits `settleMs` for retained messages). */
export async function listTerminals(client: MqttClient, prefix: string, settleMs = 500): Promise<TerminalRow[]> {
  const rows = new Map<string, TerminalRow>();
  const onMessage = (topic: string, payload: Buffer) => {
    const m = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/([A-Za-z0-9-]+)/(status|reported)$`).exec(topic);
    if (!m || payload.length === 0) return;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(payload.toString()) as Record<string, unknown>;
    } catch {
      return;
    }
    const id = m[1]!;
    const row = rows.get(id) ?? { terminal: id, online: false };
    if (m[2] === 'status') Object.assign(row, body, { terminal: id });
    else row.reported = body as TerminalRow['reported'];
    rows.set(id, row);
  };
  client.on('message', onMessage);
  await client.subscribeAsync([`${prefix}/+/status`, `${prefix}/+/reported`], { qos: 1 });
  await new Promise((r) => setTimeout(r, settleMs));
  client.removeListener('message', onMessage);
  await client.unsubscribeAsync([`${prefix}/+/status`, `${prefix}/+/reported`]);
  return [...rows.values()].sort((a, b) => a.terminal.localeCompare(b.terminal));
}

/** Sends a signed command to one terminal and waits for its reply (matched by request id). */
export async function sendCommand(client: MqttClient, prefix: string, privateKeyPem: string, terminal: string, command: CommandName, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  const requestId = randomBytes(8).toString('hex');
  const cmd = signDocument<FleetCommand>({ kind: 'command', target: `terminal:${terminal}`, requestId, command, issuedAt: new Date().toISOString() }, privateKeyPem);
  const topics = terminalTopics(prefix, terminal);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.removeListener('message', onMessage);
      reject(new Error(`no reply from ${terminal} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onMessage = (topic: string, payload: Buffer) => {
      if (topic !== topics.reply) return;
      const body = JSON.parse(payload.toString()) as Record<string, unknown>;
      if (body.requestId !== requestId) return;
      clearTimeout(timer);
      client.removeListener('message', onMessage);
      resolve(body);
    };
    client.on('message', onMessage);
    client
      .subscribeAsync(topics.reply, { qos: 1 })
      .then(() => client.publishAsync(topics.command, JSON.stringify(cmd), { qos: 1 }))
      .catch(reject);
  });
}
