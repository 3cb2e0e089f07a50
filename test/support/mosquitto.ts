/**
 * A real Mosquitto broker for tests and benches (Debian's /usr/sbin/mosquitto), on free loopback
 * ports: one MQTT listener and one MQTT-over-WebSocket listener (the console's fleet view).
 * Persistence is on, in a temporary directory, so retained messages survive a broker restart as
 * they do in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  /** mqtts:// listener, when started with `tls` (server certificate for 127.0.0.1 from `caFile`). */
  tlsUrl: string | null;
  caFile: string | null;
  wsUrl: string;
  port: number;
  wsPort: number;
  output(): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startMosquitto(options: { maxConnections?: number; auth?: { username: string; password: string }; tls?: boolean } = {}): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  const port = await freePort();
  const wsPort = await freePort();
  const tlsPort = options.tls ? await freePort() : null;
  const conf = join(dir, 'mosquitto.conf');
  const { execFileSync } = await import('node:child_process');
  if (options.auth) execFileSync('mosquitto_passwd', ['-b', '-c', join(dir, 'passwd'), options.auth.username, options.auth.password]);
  if (options.tls) {
    // A throw-away CA and a server certificate for 127.0.0.1 (subjectAltName), made with openssl.
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    ssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test fleet CA');
    ssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  }
  // As root, mosquitto drops to the `mosquitto` user: the persistence directory must be its own.
  if (userInfo().uid === 0) {
    try {
      const { execSync } = await import('node:child_process');
      const uid = Number(execSync('id -u mosquitto').toString().trim());
      const gid = Number(execSync('id -g mosquitto').toString().trim());
      chownSync(dir, uid, gid);
      for (const f of ['passwd', 'server.key', 'server.pem', 'ca.pem']) if (existsSync(join(dir, f))) chownSync(join(dir, f), uid, gid);
    } catch {
      // no mosquitto user: it keeps running as root
    }
  }
  writeFileSync(
    conf,
    [
      'per_listener_settings false',
      options.auth ? 'allow_anonymous false' : 'allow_anonymous true',
      ...(options.auth ? [`password_file ${dir}/passwd`] : []),
      `persistence true`,
      `persistence_location ${dir}/`,
      'autosave_interval 1',
      `max_connections ${options.maxConnections ?? -1}`,
      'max_queued_messages 10000',
      `listener ${port} 127.0.0.1`,
      `listener ${wsPort} 127.0.0.1`,
      'protocol websockets',
      ...(tlsPort ? [`listener ${tlsPort} 127.0.0.1`, `cafile ${dir}/ca.pem`, `certfile ${dir}/server.pem`, `keyfile ${dir}/server.key`] : []),
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
    tlsUrl: tlsPort ? `mqtts://127.0.0.1:${tlsPort}` : null,
    caFile: options.tls ? join(dir, 'ca.pem') : null,
    port,
    wsPort,
    output: () => out,
    async start() {
      child = spawn(mosquittoPath, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      await waitForPort(port);
      await waitForPort(wsPort);
      if (tlsPort) await waitForPort(tlsPort);
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
