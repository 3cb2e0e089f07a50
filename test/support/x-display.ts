/**
 * A bare X server for tests that need a real (not headless) browser window: Xvfb on a display
 * number it picks itself (`-displayfd`, so parallel sessions never collide), no window manager, as
 * on a terminal. Windows are observed and real key/mouse events sent with xdotool (XTEST).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface XDisplay {
  display: string;
  /** xdotool with DISPLAY set; returns stdout. A search that finds nothing returns ''. */
  xdotool(...args: string[]): Promise<string>;
  /** Visible top-level windows of the X class (Chromium's windows: `chromium`). */
  windows(className: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startXvfb(width = 1080, height = 1920): Promise<XDisplay> {
  const child: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-nocursor'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start:\n${err}`)), 20_000);
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with ${code}:\n${err}`));
    });
  });
  const xdotool = async (...args: string[]) => {
    try {
      return (await run('xdotool', args, { env: { ...process.env, DISPLAY: display } })).stdout.trim();
    } catch (e) {
      // `xdotool search` exits 1 when no window matches.
      if (args[0] === 'search' && (e as { code?: number }).code === 1) return '';
      throw e;
    }
  };
  return {
    display,
    xdotool,
    windows: async (className) => (await xdotool('search', '--onlyvisible', '--class', className)).split('\n').filter(Boolean),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
