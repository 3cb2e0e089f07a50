/**
 * sd_notify for the systemd unit (deploy/systemd/gov-kiosk-bridge.service: Type=notify,
 * WatchdogSec, NotifyAccess=all). Node cannot send a datagram to the unix socket in $NOTIFY_SOCKET
 * without a native module, so the bridge spawns systemd's own `systemd-notify` (READY=1 once, then
 * WATCHDOG=1 every half watchdog period). A new process on each beat proves the event loop runs and
 * can still start processes; a hung bridge stops beating and systemd restarts it. Because the
 * message comes from a child, the unit needs NotifyAccess=all; systemd-notify waits on a barrier
 * so that systemd has read the message before the child exits (and can attribute it to the unit).
 */
import { spawn } from 'node:child_process';
import type { Logger } from './log';

export interface SystemdNotifier {
  stop(): void;
}

export function startSystemdNotify(logger: Logger, env: NodeJS.ProcessEnv = process.env, command = 'systemd-notify'): SystemdNotifier | null {
  if (!env.NOTIFY_SOCKET) return null;
  let busy = false;
  const send = (...args: string[]) => {
    if (busy) return; // the previous beat has not finished: do not pile processes up
    busy = true;
    const child = spawn(command, args, { env, stdio: 'ignore' });
    child.once('error', (e) => {
      busy = false;
      logger.warn({ err: e.message }, 'systemd-notify failed');
    });
    child.once('exit', () => (busy = false));
  };
  send('--ready', '--status=serving');
  const usec = Number(env.WATCHDOG_USEC);
  if (!(usec > 0)) return { stop: () => undefined };
  const timer = setInterval(() => send('WATCHDOG=1'), Math.max(500, usec / 2000));
  timer.unref();
  logger.info({ everyMs: Math.max(500, usec / 2000) }, 'systemd watchdog: beating');
  return { stop: () => clearInterval(timer) };
}
