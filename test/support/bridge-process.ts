/**
 * Starts the terminal exactly as `npm start` runs it (after its build step): the real bridge process
 * on a free loopback port, with simulated devices. The kiosk UI must already be built (npm test
 * builds it first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testLinkSecret } from './kiosk-socket';

export const root = resolve(import.meta.dirname, '../..');

export interface RunningBridge {
  url: string;
  /** The bridge's KIOSK_LINK_SECRET: the `kiosk_link` cookie a kiosk connection needs (test/support/kiosk-socket.ts). */
  linkSecret: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export async function startBridge(env: Record<string, string> = {}): Promise<RunningBridge> {
  if (!existsSync(resolve(root, 'dist/kiosk/index.html'))) throw new Error('kiosk UI not built: run `npm run build` first');
  const child = spawn(process.execPath, ['--import', 'tsx', 'device-bridge/src/main.ts'], {
    cwd: root,
    // Each bridge gets its own data directory (outbox, key, back office) unless the test gives one,
    // and the known kiosk-link secret that the test Chromium (openKiosk) and test sockets present.
    env: { ...process.env, KIOSK_PORT: '0', KIOSK_BROWSER: 'never', KIOSK_LOG_LEVEL: 'info', DISPLAY: '', WAYLAND_DISPLAY: '', KIOSK_DATA_DIR: mkdtempSync(join(tmpdir(), 'kiosk-data-')), KIOSK_LINK_SECRET: testLinkSecret, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`bridge did not start:\n${out}`)), 30_000);
    const onData = () => {
      const m = /Kiosk:\s+(http:\/\/\S+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bridge exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    linkSecret: env.KIOSK_LINK_SECRET ?? testLinkSecret,
    process: child,
    output: () => out,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null || child.signalCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export async function api<T = unknown>(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(path, base), {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as T };
}
