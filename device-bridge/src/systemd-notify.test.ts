/**
 * The notify side against a real unix datagram socket (socat receiving, standing in for systemd's
 * socket: systemd itself cannot run here) and the real systemd-notify.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { expect, it } from 'vitest';
import { startSystemdNotify } from './systemd-notify';

it('sends READY=1, then WATCHDOG=1 beats, to $NOTIFY_SOCKET', async () => {
  const socket = join(mkdtempSync(join(tmpdir(), 'notify-')), 'notify.sock');
  const receiver = spawn('socat', ['-u', `UNIX-RECVFROM:${socket},fork`, '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let got = '';
  receiver.stdout.on('data', (d) => (got += d));
  try {
    for (let i = 0; i < 100 && !(await import('node:fs')).existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
    const notifier = startSystemdNotify(pino({ level: 'silent' }), { ...process.env, NOTIFY_SOCKET: socket, WATCHDOG_USEC: '1000000' });
    expect(notifier).not.toBeNull();
    for (let i = 0; i < 200 && !(got.includes('READY=1') && got.includes('WATCHDOG=1')); i++) await new Promise((r) => setTimeout(r, 100));
    notifier!.stop();
    expect(got).toContain('READY=1');
    expect(got).toContain('WATCHDOG=1');
  } finally {
    receiver.kill();
  }
}, 30_000);

it('does nothing outside systemd (no NOTIFY_SOCKET)', () => {
  expect(startSystemdNotify(pino({ level: 'silent' }), {})).toBeNull();
});
