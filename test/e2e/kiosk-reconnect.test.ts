/**
 * The kiosk page in Debian's Chromium comes back by itself, without a reload, after the bridge drops
 * its connection: replaced by another kiosk connection (close 4000, which used to leave the page on
 * "正在连接终端服务…" for good) and a bridge restart on the same port (1006). Meanwhile it shows the
 * connecting state. The page is never reloaded: a marker set in it survives.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showBridgeLogOnFailure } from '../support/bridge-log';
import { startBridge, type RunningBridge } from '../support/bridge-process';
import { launchBrowser, openKiosk, tap, waitForHeading } from '../support/browser';
import { kioskSocket } from '../support/kiosk-socket';

const connecting = (page: Page) => page.evaluate(() => [...document.querySelectorAll('[role="status"]')].some((n) => n.textContent?.includes('正在连接终端服务')));
const waitConnecting = (page: Page, shown: boolean, timeout = 60_000) =>
  page.waitForFunction((want) => [...document.querySelectorAll('[role="status"]')].some((n) => n.textContent?.includes('正在连接终端服务')) === want, { timeout, polling: 100 }, shown);

describe('the kiosk page reconnects by itself', () => {
  let bridge: RunningBridge;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  showBridgeLogOnFailure(() => bridge);
  beforeAll(async () => {
    bridge = await startBridge();
    ({ browser, close: closeBrowser } = await launchBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await bridge?.stop();
  });

  it('after being replaced (4000) and after a bridge restart, showing the connecting state meanwhile', async () => {
    const page = await openKiosk(browser, bridge.url);
    await waitForHeading(page, '政务服务自助终端');
    await tap(page, '开始办理');
    await waitForHeading(page, '请选择要办理的事项');
    await waitConnecting(page, false);
    await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));

    // Another kiosk connection replaces the page's (close 4000 to the page).
    const other = kioskSocket(bridge.url);
    const otherClosed = new Promise<number>((r) => {
      other.once('close', (code) => r(code));
      setTimeout(() => r(-1), 30_000).unref();
    });
    other.on('error', () => undefined);
    await new Promise((r, j) => (other.once('open', r), other.once('error', j)));
    // The page reconnects and in turn replaces the other connection: it did not give up after 4000.
    expect(await otherClosed).toBe(4000);
    await waitConnecting(page, false);
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);

    // The bridge goes away (1006 to the page) and comes back on the same port.
    const port = new URL(bridge.url).port;
    await bridge.stop();
    await waitConnecting(page, true);
    expect(await connecting(page)).toBe(true);
    bridge = await startBridge({ KIOSK_PORT: port });
    await waitConnecting(page, false);
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    // Connected for real: the bridge sees the kiosk.
    const health = (await (await fetch(new URL('/healthz', bridge.url))).json()) as { kiosk: { connected: boolean } };
    expect(health.kiosk.connected).toBe(true);
    await page.close();
  });
});
