/**
 * A real Mosquitto broker for tests and benches (Debian's /usr/sbin/mosquitto), on free loopback
 * ports: one MQTT listener and one MQTT-over-WebSocket listener (the console's fleet view).
 * Persistence is on, in a temporary directory, so retained messages survive a broker restart as
 * they do in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const mosquittoPath = process.env.MOSQUITTO_PATH ?? '/usr/sbin/mosquitto';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((r) => {
      const s = netConnect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), r(true)));
      s.once('error', () => r(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Broker {
  url: string;
  wsUrl: string;
  port: number;
  wsPort: number;
  output(): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startMosquitto(options: { maxConnections?: number } = {}): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  const port = await freePort();
  const wsPort = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  // As root, mosquitto drops to the `mosquitto` user: the persistence directory must be its own.
  if (userInfo().uid === 0) {
    try {
      const { execSync } = await import('node:child_process');
      const uid = Number(execSync('id -u mosquitto').toString().trim());
      const gid = Number(execSync('id -g mosquitto').toString().trim());
      chownSync(dir, uid, gid);
    } catch {
      // no mosquitto user: it keeps running as root
    }
  }
  writeFileSync(
    conf,
    [
      'per_listener_settings false',
      'allow_anonymous true',
      `persistence true`,
      `persistence_location ${dir}/`,
      'autosave_interval 1',
      `max_connections ${options.maxConnections ?? -1}`,
      'max_queued_messages 10000',
      `listener ${port} 127.0.0.1`,
      `listener ${wsPort} 127.0.0.1`,
      'protocol websockets',
      'log_type error',
      'log_type warning',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  let out = '';
  const broker: Broker = {
    url: `mqtt://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    port,
    wsPort,
    output: () => out,
    async start() {
      child = spawn(mosquittoPath, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      await waitForPort(port);
      await waitForPort(wsPort);
    },
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((r) => {
        c.once('exit', () => r());
        c.kill('SIGTERM');
      });
    },
    async dispose() {
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
}
