/**
 * The fleet agent: the terminal's side of fleet management over MQTT (3.1.1 or 5, TLS and
 * user/password as configured), following the device-shadow pattern:
 *
 *   <prefix>/<terminal>/status          retained; online on connect, the last-will says offline
 *   <prefix>/_fleet/{config,catalog}    retained desired state for every terminal
 *   <prefix>/_group/<g>/{config,catalog} … for a group
 *   <prefix>/<terminal>/{config,catalog} … for this terminal
 *   <prefix>/<terminal>/reported        retained; what this terminal applied or refused, and why
 *   <prefix>/<terminal>/command         signed commands with request ids → …/command/reply
 *
 * A desired document is applied only when it is signed by the fleet key, meant for this scope,
 * newer than the last one applied for that scope, and valid; otherwise it is refused, the terminal
 * stays as it was, and `reported` says why. Retained documents come again after every reconnect:
 * one already applied is recognised by its version and left alone, so a reconnect re-syncs.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Result } from '../../../core/result';
import type { Logger } from '../log';
import { writeFileAtomic } from '../maintenance/atomic-file';
import { FleetCommand, FleetDocument, fleetLimits, verifyMessage, type CommandName } from './signed-document';

export type Kind = 'config' | 'catalog';

/** The topic a document for this kind and target is published on. */
export function topicFor(prefix: string, kind: Kind, target: string): string {
  if (target === 'all') return `${prefix}/_fleet/${kind}`;
  if (target.startsWith('group:')) return `${prefix}/_group/${target.slice(6)}/${kind}`;
  return `${prefix}/${target.replace(/^terminal:/, '')}/${kind}`;
}

export function terminalTopics(prefix: string, terminal: string) {
  return {
    status: `${prefix}/${terminal}/status`,
    reported: `${prefix}/${terminal}/reported`,
    command: `${prefix}/${terminal}/command`,
    reply: `${prefix}/${terminal}/command/reply`,
  };
}

export interface AgentHost {
  terminalId: string;
  group?: string;
  /** A small summary for the status topic: no personal data. */
  status(): Record<string, unknown>;
  configVersion(): string;
  catalogVersion(): string | null;
  /** `rolledBack`: it was applied but the terminal did not come back healthy, so it went back to last-known-good. */
  applyConfig(patch: Record<string, unknown>, source: string): Promise<Result<{ version: string; changed: string[]; restartRequired?: string[] }, { message: string; rolledBack?: boolean }>>;
  applyCatalog(payload: Record<string, unknown>, source: string): Promise<Result<{ version: string }, { message: string }>>;
  command(name: CommandName): Promise<Result<unknown, { message: string }>>;
}

export interface AgentOptions {
  url: string;
  prefix: string;
  protocolVersion: 4 | 5;
  username?: string;
  password?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string; rejectUnauthorized: boolean };
  publicKeyPem: string;
  /** Where the applied versions are kept across restarts (null: memory only, for simulations). */
  stateFile: string | null;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  reconnectPeriodMs?: number;
  now?: () => Date;
}

export interface ScopeResult {
  topic: string;
  version: number;
  outcome: 'applied' | 'unchanged' | 'refused' | 'rolled-back';
  reason?: string;
  /** Applied fields that take effect when the bridge restarts (tested before they were kept). */
  restartRequired?: string[];
  at: string;
}

export const agentLimits = { COMMAND_MAX_AGE_MS: 5 * 60_000, SEEN_REQUESTS: 500 };

export class FleetAgent {
  private client: MqttClient | null = null;
  private applied: Record<string, number> = {};
  private readonly results: Record<string, ScopeResult> = {};
  private readonly seenRequests: string[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly publicKey: KeyObject;
  private readonly topics: ReturnType<typeof terminalTopics>;
  private readonly desired: string[];
  private readonly now: () => Date;
  private readonly listeners = new Set<(r: ScopeResult) => void>();
  connects = 0;

  constructor(
    private readonly host: AgentHost,
    private readonly options: AgentOptions,
  ) {
    this.publicKey = createPublicKey(options.publicKeyPem);
    this.topics = terminalTopics(options.prefix, host.terminalId);
    const kinds: Kind[] = ['config', 'catalog'];
    this.desired = kinds.flatMap((k) => [
      topicFor(options.prefix, k, 'all'),
      ...(host.group ? [topicFor(options.prefix, k, `group:${host.group}`)] : []),
      topicFor(options.prefix, k, `terminal:${host.terminalId}`),
    ]);
    this.now = options.now ?? (() => new Date());
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Called for every document handled (tests, the console's fleet panel). */
  onResult(listener: (r: ScopeResult) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    if (this.options.stateFile) {
      try {
        const saved = JSON.parse(await readFile(this.options.stateFile, 'utf8')) as { applied?: Record<string, number> };
        this.applied = saved.applied ?? {};
      } catch {
        this.applied = {};
      }
    }
    const o = this.options;
    const clientOptions: IClientOptions = {
      clientId: `kiosk-${this.host.terminalId}`,
      protocolVersion: o.protocolVersion,
      clean: true,
      reconnectPeriod: o.reconnectPeriodMs ?? 2000,
      connectTimeout: 10_000,
      keepalive: 30,
      ...(o.username ? { username: o.username } : {}),
      ...(o.password ? { password: o.password } : {}),
      will: { topic: this.topics.status, payload: Buffer.from(JSON.stringify({ terminal: this.host.terminalId, online: false, reason: 'connection lost' })), qos: 1, retain: true },
      ...(o.tls
        ? {
            rejectUnauthorized: o.tls.rejectUnauthorized,
            ...(o.tls.caFile ? { ca: readFileSync(o.tls.caFile) } : {}),
            ...(o.tls.certFile ? { cert: readFileSync(o.tls.certFile) } : {}),
            ...(o.tls.keyFile ? { key: readFileSync(o.tls.keyFile) } : {}),
          }
        : {}),
    };
    const client = connect(o.url, clientOptions);
    this.client = client;
    client.on('connect', () => {
      this.connects += 1;
      this.options.logger?.info({ broker: o.url.replace(/\/\/[^@/]*@/, '//'), connects: this.connects }, 'fleet broker connected');
      this.publishStatus();
      // Subscribing again after every (clean-session) connect brings the retained desired state again: the re-sync.
      client.subscribe([...this.desired, this.topics.command], { qos: 1 }, (e) => {
        if (e) this.options.logger?.error({ err: e.message }, 'fleet subscribe failed');
      });
      this.publishReported();
    });
    client.on('error', (e) => this.options.logger?.warn({ err: e.message }, 'fleet broker error'));
    client.on('offline', () => this.options.logger?.warn('fleet broker unreachable; retrying'));
    client.on('message', (topic, payload, packet) => {
      const run = this.queue.then(() => this.onMessage(topic, payload, packet.properties?.responseTopic, packet.properties?.correlationData));
      this.queue = run.catch((e: Error) => this.options.logger?.error({ err: e.message, topic }, 'fleet message handling failed'));
    });
  }

  publishStatus(): void {
    if (!this.client?.connected) return;
    const body = {
      terminal: this.host.terminalId,
      online: true,
      at: this.now().toISOString(),
      ...(this.host.group ? { group: this.host.group } : {}),
      config: this.host.configVersion(),
      catalog: this.host.catalogVersion(),
      ...this.host.status(),
    };
    this.client.publish(this.topics.status, JSON.stringify(body), { qos: 1, retain: true });
  }

  /** Publishes status and reported state again (after a change made outside the fleet, e.g. the console). */
  refresh(): void {
    this.publishReported();
    this.publishStatus();
  }

  private publishReported(): void {
    if (!this.client?.connected) return;
    const body = {
      terminal: this.host.terminalId,
      at: this.now().toISOString(),
      config: { version: this.host.configVersion() },
      catalog: { version: this.host.catalogVersion() },
      applied: this.applied,
      results: this.results,
    };
    this.client.publish(this.topics.reported, JSON.stringify(body), { qos: 1, retain: true });
  }

  private record(result: ScopeResult): void {
    this.results[result.topic] = result;
    for (const l of this.listeners) l(result);
    this.publishReported();
    this.publishStatus();
  }

  private async onMessage(topic: string, payload: Buffer, responseTopic?: string, correlationData?: Buffer): Promise<void> {
    if (topic === this.topics.command) return this.onCommand(payload, responseTopic, correlationData);
    if (!this.desired.includes(topic) || payload.length === 0) return; // an empty retained message clears a topic
    const at = this.now().toISOString();
    const refuse = (reason: string, version = 0) => {
      this.options.logger?.warn({ topic, version, reason }, 'fleet document refused; terminal unchanged');
      this.record({ topic, version, outcome: 'refused', reason, at });
    };
    const verified = verifyMessage(payload, FleetDocument, this.publicKey);
    if (!verified.ok) return refuse(`${verified.error.code}: ${verified.error.message}`);
    const doc = verified.value;
    const expectedTopic = topicFor(this.options.prefix, doc.kind, doc.target);
    if (expectedTopic !== topic) return refuse(`wrong-target: a ${doc.kind} document for ${doc.target} was published on ${topic}`, doc.version);
    const scope = `${doc.kind}:${doc.target}`;
    const last = this.applied[scope] ?? 0;
    if (doc.version === last) {
      if (this.results[topic]?.version !== doc.version) this.record({ topic, version: doc.version, outcome: 'unchanged', at });
      return;
    }
    if (doc.version < last) return refuse(`replayed: version ${doc.version} is older than version ${last} already applied`, doc.version);

    const source = `fleet:${doc.keyId}:${scope}@${doc.version}`;
    const result = doc.kind === 'config' ? await this.host.applyConfig(doc.payload, source) : await this.host.applyCatalog(doc.payload, source);
    if (!result.ok) {
      if ('rolledBack' in result.error && result.error.rolledBack) {
        this.options.logger?.warn({ topic, version: doc.version, reason: result.error.message }, 'fleet document rolled back');
        // Not retried: the same version would fail the same way; the operator publishes a new one.
        this.applied[scope] = doc.version;
        await this.saveState();
        return this.record({ topic, version: doc.version, outcome: 'rolled-back', reason: result.error.message, at });
      }
      return refuse(`invalid: ${result.error.message}`, doc.version);
    }
    this.applied[scope] = doc.version;
    await this.saveState();
    this.options.logger?.info({ topic, version: doc.version }, 'fleet document applied');
    const restartRequired = doc.kind === 'config' ? (result.value as { restartRequired?: string[] }).restartRequired : undefined;
    this.record({ topic, version: doc.version, outcome: 'applied', ...(restartRequired?.length ? { restartRequired } : {}), at });
  }

  private async onCommand(payload: Buffer, responseTopic?: string, correlationData?: Buffer): Promise<void> {
    const replyTo = responseTopic ?? this.topics.reply;
    const reply = (body: Record<string, unknown>) =>
      this.client?.publish(replyTo, JSON.stringify({ terminal: this.host.terminalId, at: this.now().toISOString(), ...body }), {
        qos: 1,
        ...(correlationData && this.options.protocolVersion === 5 ? { properties: { correlationData } } : {}),
      });
    const verified = verifyMessage(payload, FleetCommand, this.publicKey);
    let requestId: unknown = null;
    try {
      if (payload.length <= fleetLimits.COMMAND_BYTES) requestId = (JSON.parse(payload.toString()) as { requestId?: unknown }).requestId ?? null;
    } catch {
      requestId = null;
    }
    if (!verified.ok) return void reply({ requestId: typeof requestId === 'string' ? requestId.slice(0, 64) : null, ok: false, error: verified.error });
    const cmd = verified.value;
    if (cmd.target !== `terminal:${this.host.terminalId}`) return void reply({ requestId: cmd.requestId, ok: false, error: { code: 'wrong-target', message: `for ${cmd.target}` } });
    const age = this.now().getTime() - Date.parse(cmd.issuedAt);
    if (Math.abs(age) > agentLimits.COMMAND_MAX_AGE_MS) return void reply({ requestId: cmd.requestId, ok: false, error: { code: 'stale', message: `issued ${Math.round(age / 1000)} s ago; commands are valid for 5 minutes` } });
    if (this.seenRequests.includes(cmd.requestId)) return void reply({ requestId: cmd.requestId, ok: false, error: { code: 'replayed', message: 'this request id was already handled' } });
    this.seenRequests.push(cmd.requestId);
    if (this.seenRequests.length > agentLimits.SEEN_REQUESTS) this.seenRequests.shift();
    this.options.logger?.info({ command: cmd.command, requestId: cmd.requestId }, 'fleet command');
    const result = await this.host.command(cmd.command);
    reply(result.ok ? { requestId: cmd.requestId, command: cmd.command, ok: true, result: result.value } : { requestId: cmd.requestId, command: cmd.command, ok: false, error: { code: 'failed', message: result.error.message } });
  }

  private async saveState(): Promise<void> {
    if (this.options.stateFile) await writeFileAtomic(this.options.stateFile, JSON.stringify({ applied: this.applied }));
  }

  /** Leaves cleanly: status says offline (retained), then disconnects. */
  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = null;
    if (client.connected) {
      await new Promise<void>((r) =>
        client.publish(this.topics.status, JSON.stringify({ terminal: this.host.terminalId, online: false, reason: 'stopped', at: this.now().toISOString() }), { qos: 1, retain: true }, () => r()),
      );
    }
    await new Promise<void>((r) => client.end(false, {}, () => r()));
  }

  /** Drops the connection without a goodbye, as a crash would (tests of the last-will). */
  kill(): void {
    const client = this.client;
    this.client = null;
    client?.end(true);
  }
}
