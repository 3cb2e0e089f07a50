/**
 * `npm start`: the terminal with its embedded default — simulated devices, the local platform, the
 * built kiosk UI on 127.0.0.1:$KIOSK_PORT (8080), and Chromium in kiosk mode where a display exists.
 */
import { createBridge } from './bridge';
import { KioskBrowser, hasDisplay } from './browser/kiosk-browser';
import { defaultConfigPath, loadTerminalConfig } from './config';
import pino from 'pino';
import { createLogger } from './log';
import { LogRing } from './maintenance/log-ring';
import { startSystemdNotify } from './systemd-notify';

// Log lines go to stdout and, for the maintenance console, into a ring in memory (after censoring).
const logRing = new LogRing();
const logger = createLogger({ destination: pino.multistream([{ stream: process.stdout }, { stream: logRing }]) });

async function main(): Promise<void> {
  const loaded = await loadTerminalConfig();
  if (!loaded.ok) {
    const e = loaded.error;
    logger.fatal({ file: e.file, path: e.path }, `configuration refused: ${e.message}`);
    process.exitCode = 2;
    return;
  }
  const config = loaded.value;
  let browser: KioskBrowser | null = null;
  const bridge = await createBridge({
    config,
    logger,
    logRing,
    // KIOSK_CATALOG_DIR: another catalog directory (tests, staging a catalog before it is pushed).
    catalogDir: process.env.KIOSK_CATALOG_DIR || undefined,
    configFile: process.env.KIOSK_CONFIG ?? defaultConfigPath,
    restartBrowser: async () => {
      if (!browser) return false;
      await browser.restart();
      return true;
    },
  });
  const simulated = Object.entries(config.devices).filter(([, spec]) => spec === 'simulated').map(([name]) => name);
  process.stdout.write(
    `\n  政务服务自助终端 / Self-service terminal ${config.terminal.id}\n` +
      `  Kiosk:   ${bridge.url}\n  Health:  ${bridge.url}healthz\n` +
      (bridge.lan ? `  Maintenance (LAN): ${bridge.lan.url}\n` : '') +
      (simulated.length ? `  Simulated devices: ${simulated.join(', ')} (drive them with ${bridge.url}sim/… or the dev dock)\n` : '') +
      '\n',
  );

  if (config.browser.launch === 'never' || !hasDisplay()) {
    logger.info(config.browser.launch === 'never' ? 'browser launch disabled by configuration; serving only' : 'no display (DISPLAY/WAYLAND_DISPLAY unset): not launching the kiosk browser; serving only');
    // No launched browser holds the kiosk-link cookie: a browser becomes the kiosk page by typing this
    // one-time code at /pair. The code goes to stdout only, never into the log (README, "Pairing").
    const code = bridge.startPairing();
    process.stdout.write(`  Pairing: open ${bridge.url}pair and type ${code} (once; or set KIOSK_LINK_SECRET)\n\n`);
  } else {
    browser = new KioskBrowser(bridge.url, config.browser.executablePath, logger, [], { linkSecret: bridge.linkSecret });
    await browser.start();
  }

  // Under systemd (deploy/systemd/gov-kiosk-bridge.service): ready, then watchdog beats.
  const notifier = startSystemdNotify(logger);

  const shutdown = async (signal: string) => {
    notifier?.stop();
    logger.info({ signal }, 'stopping');
    await browser?.stop();
    await bridge.close();
    process.exit(0);
  };
  // SIGHUP reloads the service catalog; a broken one is reported in /healthz and the last good one kept.
  process.on('SIGHUP', () => void bridge.catalog.load());
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: Error) => {
  logger.fatal({ err: e.message, stack: e.stack }, 'bridge failed to start');
  process.exit(1);
});
