/**
 * A real pseudo-terminal pair from socat (`socat -d -d pty,raw,echo=0 pty,raw,echo=0`), for serial
 * round trips at 115200 without hardware. Each end gets a stable symlink (`link=`), so a test can
 * kill the pair (an unplug) and start it again on the same paths (a replug).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** Stable symlinks to the two ends. */
  a: string;
  b: string;
  /** The /dev/pts paths socat reported. */
  devices: [string, string];
  stop(): Promise<void>;
  restart(): Promise<void>;
}

async function spawnSocat(a: string, b: string): Promise<{ child: ChildProcess; devices: [string, string] }> {
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const devices = await new Promise<[string, string]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socat did not report its ptys:\n${err}`)), 5000);
    child.stderr!.on('data', (d) => {
      err += d;
      const found = [...err.matchAll(/PTY is (\/dev\/pts\/\d+)/g)].map((m) => m[1]!);
      if (found.length === 2 && /starting data transfer loop/.test(err)) {
        clearTimeout(timer);
        resolve([found[0]!, found[1]!]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socat exited with ${code}:\n${err}`));
    });
  });
  return { child, devices };
}

export async function startPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'pty-'));
  const a = join(dir, 'ttyA');
  const b = join(dir, 'ttyB');
  let { child, devices } = await spawnSocat(a, b);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return {
    a,
    b,
    get devices() {
      return devices;
    },
    stop,
    async restart() {
      await stop();
      ({ child, devices } = await spawnSocat(a, b));
    },
  };
}
