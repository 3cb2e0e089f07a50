/**
 * The fleet operator's command line (`npx tsx device-bridge/src/fleet/cli.ts <command>`):
 *
 *   keygen --out DIR                           Ed25519 key pair: fleet-signing-key.pem (keep secret), fleet-public-key.pem (into each terminal's config)
 *   hash-password [--pin]                      scrypt hash of a password or PIN read from stdin, for maintenance.users / maintenance.pinHash
 *   publish --kind config --file PATCH.json    sign and publish (retained) a configuration merge patch …
 *   publish --kind catalog --dir CATALOG_DIR   … or a whole catalog
 *        --target terminal:ID | group:NAME | all   [--version N]  (default: one more than what is retained now)
 *   list                                       terminals with status, versions and the last result per topic
 *   command --terminal ID diagnose|print-test-page|collect-logs|restart-browser
 *
 * Broker options for publish/list/command: --broker URL (or FLEET_BROKER), --prefix P (or FLEET_PREFIX),
 * --key signing-key.pem (or FLEET_KEY), --username U, password from FLEET_PASSWORD, --ca FILE, --mqtt5.
 */
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { IClientOptions, MqttClient } from 'mqtt';
import { hashSecret } from '../auth/staff-auth';
import { topicFor, type Kind } from './agent';
import { connectOperator, listTerminals, makeDocument, publishDocument, sendCommand } from './operator';
import { CommandName, FleetDocument, Target, generateFleetKeys } from './signed-document';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    pin: { type: 'boolean' },
    kind: { type: 'string' },
    file: { type: 'string' },
    dir: { type: 'string' },
    target: { type: 'string' },
    version: { type: 'string' },
    terminal: { type: 'string' },
    broker: { type: 'string' },
    prefix: { type: 'string' },
    key: { type: 'string' },
    username: { type: 'string' },
    ca: { type: 'string' },
    mqtt5: { type: 'boolean' },
    json: { type: 'boolean' },
  },
});

function fail(message: string): never {
  process.stderr.write(`fleet: ${message}\n`);
  process.exit(2);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function brokerOptions(): { url: string; prefix: string; options: IClientOptions } {
  const url = values.broker ?? process.env.FLEET_BROKER ?? fail('give --broker mqtt://host:1883 (or FLEET_BROKER)');
  const prefix = values.prefix ?? process.env.FLEET_PREFIX ?? fail('give --prefix (or FLEET_PREFIX), the same as fleet.prefix on the terminals');
  return {
    url,
    prefix,
    options: {
      protocolVersion: values.mqtt5 ? 5 : 4,
      ...(values.username ? { username: values.username } : {}),
      ...(process.env.FLEET_PASSWORD ? { password: process.env.FLEET_PASSWORD } : {}),
      ...(values.ca ? { ca: readFileSync(values.ca) } : {}),
    },
  };
}

const signingKey = () => readFileSync(values.key ?? process.env.FLEET_KEY ?? fail('give --key fleet-signing-key.pem (or FLEET_KEY)'), 'utf8');

/** The version retained on the topic now, 0 when there is none. */
async function retainedVersion(client: MqttClient, topic: string): Promise<number> {
  let version = 0;
  const onMessage = (t: string, payload: Buffer) => {
    if (t !== topic || !payload.length) return;
    const parsed = FleetDocument.safeParse(JSON.parse(payload.toString()));
    if (parsed.success) version = parsed.data.version;
  };
  client.on('message', onMessage);
  await client.subscribeAsync(topic, { qos: 1 });
  await new Promise((r) => setTimeout(r, 400));
  client.removeListener('message', onMessage);
  await client.unsubscribeAsync(topic);
  return version;
}

async function main(): Promise<void> {
  const command = positionals[0];
  switch (command) {
    case 'keygen': {
      const out = resolve(values.out ?? '.');
      mkdirSync(out, { recursive: true });
      const keys = generateFleetKeys();
      writeFileSync(join(out, 'fleet-signing-key.pem'), keys.privateKeyPem, { mode: 0o600 });
      chmodSync(join(out, 'fleet-signing-key.pem'), 0o600);
      writeFileSync(join(out, 'fleet-public-key.pem'), keys.publicKeyPem);
      process.stdout.write(`key id ${keys.keyId}\n  ${join(out, 'fleet-signing-key.pem')} (secret: keep it off the terminals)\n  ${join(out, 'fleet-public-key.pem')} (put it in fleet.publicKey of each terminal)\n`);
      return;
    }
    case 'hash-password': {
      const secret = process.stdin.isTTY ? fail('pipe the password or PIN on stdin, e.g. `read -s P; echo "$P" | …`') : await readStdin();
      if (values.pin && !/^\d{4,12}$/.test(secret)) fail('a PIN is 4 to 12 digits');
      if (!values.pin && secret.length < 10) fail('a maintenance password has at least 10 characters');
      process.stdout.write(`${await hashSecret(secret)}\n`);
      return;
    }
    case 'publish': {
      const kind = (values.kind ?? fail('give --kind config|catalog')) as Kind;
      if (kind !== 'config' && kind !== 'catalog') fail('--kind is config or catalog');
      const target = Target.safeParse(values.target ?? fail('give --target terminal:ID | group:NAME | all'));
      if (!target.success) fail('--target is terminal:ID, group:NAME or all');
      let payload: Record<string, unknown>;
      if (kind === 'config') payload = JSON.parse(readFileSync(values.file ?? fail('give --file patch.json'), 'utf8')) as Record<string, unknown>;
      else {
        const dir = values.dir ?? fail('give --dir with the catalog fragments (*.json)');
        const fragments: Record<string, unknown> = {};
        for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) fragments[f] = JSON.parse(readFileSync(join(dir, f), 'utf8'));
        payload = { fragments };
      }
      const key = signingKey();
      const b = brokerOptions();
      const client = await connectOperator(b.url, b.options);
      try {
        const topic = topicFor(b.prefix, kind, target.data);
        const current = await retainedVersion(client, topic);
        const version = values.version ? Number(values.version) : current + 1;
        if (!Number.isInteger(version) || version <= current) fail(`--version must be newer than ${current}, the version retained now`);
        const doc = makeDocument(key, kind, target.data, version, payload);
        await publishDocument(client, b.prefix, doc);
        process.stdout.write(`published ${kind} v${version} for ${target.data} on ${topic} (key ${doc.keyId})\n`);
      } finally {
        await client.endAsync();
      }
      return;
    }
    case 'list': {
      const b = brokerOptions();
      const client = await connectOperator(b.url, b.options);
      try {
        const rows = await listTerminals(client, b.prefix, 800);
        if (values.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        const line = (cols: string[]) => cols.map((c, i) => c.padEnd([14, 8, 10, 9, 14, 14, 0][i] ?? 0)).join(' ').trimEnd();
        process.stdout.write(`${line(['TERMINAL', 'ONLINE', 'GROUP', 'HEALTH', 'CONFIG', 'CATALOG', 'LAST RESULTS'])}\n`);
        for (const r of rows) {
          const results = Object.entries(r.reported?.results ?? {})
            .map(([topic, x]) => `${topic.slice(b.prefix.length + 1)} v${x.version} ${x.outcome}${x.reason ? ` (${x.reason.slice(0, 60)})` : ''}`)
            .join('; ');
          process.stdout.write(`${line([r.terminal, r.online ? 'yes' : 'NO', r.group ?? '-', r.health ?? '-', r.config ?? '-', r.catalog ?? '-', results || '-'])}\n`);
        }
      } finally {
        await client.endAsync();
      }
      return;
    }
    case 'command': {
      const name = CommandName.safeParse(positionals[1]);
      if (!name.success) fail(`command is one of ${CommandName.options.join(', ')}`);
      const terminal = values.terminal ?? fail('give --terminal ID');
      const key = signingKey();
      const b = brokerOptions();
      const client = await connectOperator(b.url, b.options);
      try {
        const reply = await sendCommand(client, b.prefix, key, terminal, name.data);
        process.stdout.write(`${JSON.stringify(reply, null, 2)}\n`);
        if (reply.ok !== true) process.exitCode = 1;
      } finally {
        await client.endAsync();
      }
      return;
    }
    default:
      fail('commands: keygen, hash-password, publish, list, command (see the header of device-bridge/src/fleet/cli.ts or README)');
  }
}

main().catch((e: Error) => fail(e.message));
