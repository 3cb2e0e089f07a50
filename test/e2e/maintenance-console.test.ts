/**
 * The maintenance console end to end: the real bridge process with a fleet broker (real Mosquitto),
 * the kiosk page and the console in Debian's Chromium. Wrong passwords lock the account out; a
 * technician signs in, sees a paper-out fault appear, changes the idle timeout and sees it applied
 * (the kiosk page reconnects with it, so no rollback); the hidden gesture on the kiosk leads to the
 * PIN prompt; the fleet view shows the terminal online. Every console view passes axe-core.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFleetKeys } from '../../device-bridge/src/fleet/signed-document';
import { hashSecret } from '../../device-bridge/src/auth/staff-auth';
import { api, root, startBridge, type RunningBridge } from '../support/bridge-process';
import { showBridgeLogOnFailure } from '../support/bridge-log';
import { launchBrowser } from '../support/browser';
import { expectAccessible } from '../support/accessible';
import { startMosquitto, type Broker } from '../support/mosquitto';

/** Screenshots for the README, only when asked for (SCREENSHOTS=1): a test run leaves the tree as it found it. */
const shots = resolve(root, 'docs/screenshots');
const keepShots = process.env.SCREENSHOTS === '1';

let broker: Broker;
let bridge: RunningBridge;
showBridgeLogOnFailure(() => bridge);
let browser: Browser;
let closeBrowser: () => Promise<void>;
let configFile: string;

async function text(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => el.textContent ?? '');
}

beforeAll(async () => {
  // A broker that wants a login, as every real one should: the terminal's agent has its account in
  // the configuration; the console's fleet view asks the technician for theirs.
  broker = await startMosquitto({ auth: { username: 'fleet-ops', password: 'broker-secret-1' } });
  const dir = mkdtempSync(join(tmpdir(), 'console-e2e-'));
  configFile = join(dir, 'terminal.json');
  const doc = JSON.parse(readFileSync(resolve(root, 'config/terminal.json'), 'utf8'));
  doc.maintenance = {
    users: [
      { name: 'zhao.tech', hash: await hashSecret('correct-horse-battery') },
      { name: 'qian.tech', hash: await hashSecret('another-good-password') },
    ],
    pinHash: await hashSecret('802417'),
    sessionTtlS: 900,
    rollbackWindowS: 15,
  };
  doc.fleet = { url: broker.url, wsUrl: broker.wsUrl, username: 'fleet-ops', password: 'broker-secret-1', prefix: 'city/sy', group: 'heping', protocolVersion: 5, publicKey: generateFleetKeys().publicKeyPem };
  writeFileSync(configFile, JSON.stringify(doc, null, 2));
  bridge = await startBridge({ KIOSK_CONFIG: configFile, KIOSK_STATE_DIR: dir });
  ({ browser, close: closeBrowser } = await launchBrowser());
  mkdirSync(shots, { recursive: true });
});

afterAll(async () => {
  await closeBrowser?.();
  await bridge?.stop();
  await broker?.dispose();
});

async function consolePage(path = 'maintenance'): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1600 });
  await page.setBypassCSP(true); // only so the test can inject axe-core
  page.on('pageerror', (e) => console.error('console page error:', e));
  await page.goto(new URL(path, bridge.url).href, { waitUntil: 'load' });
  return page;
}

async function signIn(page: Page, user: string, password: string) {
  await page.locator('input[name="user"]').fill(user);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
}

describe('maintenance console in Chromium', () => {
  it('slows an account after repeated wrong passwords, and lets the right one in after the short wait', async () => {
    const page = await consolePage();
    await page.waitForSelector('input[name="password"]');
    await expectAccessible(page, 'sign-in');
    if (keepShots) await page.screenshot({ path: join(shots, 'maintenance-login.png') });
    for (let i = 0; i < 5; i++) {
      await signIn(page, 'qian.tech', `wrong-${i}`);
      // A refused password is cleared from the field when the answer comes.
      await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name="password"]')?.value === '');
      expect(await text(page, '[role="alert"]')).toContain('错误');
    }
    // Right away, even the right password waits: the answer says for how many seconds (not minutes).
    await signIn(page, 'qian.tech', 'another-good-password');
    await page.waitForFunction(() => /请 \d+ 秒后再试/.test(document.querySelector('[role="alert"]')?.textContent ?? ''));
    expect(await page.$('[data-testid="health"]')).toBeNull();
    const seconds = Number(/请 (\d+) 秒/.exec(await text(page, '[role="alert"]'))![1]);
    expect(seconds).toBeLessThanOrEqual(30);
    await new Promise((r) => setTimeout(r, seconds * 1000 + 200));
    await signIn(page, 'qian.tech', 'another-good-password');
    await page.waitForSelector('[data-testid="health"]');
    await page.evaluate(() => fetch('/maintenance/api/logout', { method: 'POST', headers: { 'x-maintenance': '1' } }));
    await page.close();
  });

  it('signs in, sees a paper-out fault appear, changes the idle timeout and sees it applied', async () => {
    // The kiosk page is showing, as on a terminal: the change must bring it back healthy.
    const kiosk = await browser.newPage();
    await kiosk.goto(bridge.url, { waitUntil: 'load' });
    await kiosk.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('政务服务自助终端'));

    const page = await consolePage();
    await page.waitForSelector('input[name="user"]');
    await signIn(page, 'zhao.tech', 'correct-horse-battery');
    await page.waitForSelector('[data-testid="health"]');
    expect(await text(page, '[data-testid="terminal"]')).toBe('HP-24H-001');
    expect(await text(page, '[data-testid="device-printer"]')).toContain('idle');

    expect((await api(bridge.url, 'POST', '/sim/printer/state', { paper: 'out' })).status).toBe(200);
    await page.waitForFunction(() => document.querySelector('[data-testid="device-printer"]')?.textContent?.includes('no-paper'), { timeout: 10_000 });
    expect(await text(page, '[data-testid="faults"]')).toContain('printer:no-paper');
    expect(await text(page, '[data-testid="history"]')).toContain('no-paper');
    // The fleet view is refused without a broker login, asks for one, and connects with it.
    await page.waitForSelector('[data-testid="fleet-login"]', { timeout: 10_000 });
    expect(await text(page, '[data-testid="fleet-state"]')).toContain('拒绝连接');
    await expectAccessible(page, 'fleet view asking for the broker login');
    if (keepShots) await (await page.$('#h-fleet'))!.evaluate((h) => h.closest('section')!.scrollIntoView());
    if (keepShots) await page.screenshot({ path: join(shots, 'maintenance-fleet-login.png') });
    await page.locator('input[name="brokerUser"]').fill('fleet-ops');
    await page.locator('input[name="brokerPassword"]').fill('broker-secret-1');
    await page.locator('[data-testid="fleet-login"] button[type="submit"]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="fleet"]')?.textContent?.includes('HP-24H-001'), { timeout: 10_000 });
    expect(await page.$('[data-testid="fleet-login"]')).toBeNull();
    await page.waitForSelector('input[name="idleTimeoutS"]');
    await expectAccessible(page, 'dashboard');
    if (keepShots) await page.screenshot({ path: join(shots, 'maintenance-dashboard.png'), fullPage: true });

    const before = await text(page, '[data-testid="config-version"]');
    await page.locator('input[name="idleTimeoutS"]').fill('45');
    await page.locator('button::-p-text(校验并应用)').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="config-result"]')?.textContent?.includes('已应用'), { timeout: 30_000 });
    expect(await text(page, '[data-testid="config-result"]')).toContain('session.idleTimeoutS');
    expect(JSON.parse(readFileSync(configFile, 'utf8')).session.idleTimeoutS).toBe(45);
    await page.waitForFunction((v) => {
      const t = document.querySelector('[data-testid="config-version"]')?.textContent ?? '';
      return t !== v && t.includes('正常');
    }, {}, before);
    const health = (await api<{ kiosk: { connected: boolean }; config: { state: string } }>(bridge.url, 'GET', '/healthz')).body;
    expect(health).toMatchObject({ kiosk: { connected: true }, config: { state: 'good' } });

    // Off-schema input is refused before anything is applied.
    await page.locator('input[name="idleTimeoutS"]').fill('3');
    await page.locator('button::-p-text(校验并应用)').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="config-result"]')?.textContent?.includes('未应用'));
    expect(await text(page, '[data-testid="config-result"]')).toContain('session.idleTimeoutS');
    expect(JSON.parse(readFileSync(configFile, 'utf8')).session.idleTimeoutS).toBe(45);
    await page.waitForFunction(() => document.querySelector('[data-testid="audit"]')?.textContent?.includes('config.change: session.idleTimeoutS'), { timeout: 10_000 });

    // An accessibility default reaches the kiosk page showing on the terminal: elder mode on the attract screen.
    expect(await kiosk.evaluate(() => document.documentElement.dataset.elder)).toBe('false');
    await page.locator('input[name="idleTimeoutS"]').fill('45');
    await page.locator('label::-p-text(长辈版)').click();
    await page.select('select[name="contrast"]', 'high-light');
    await page.locator('button::-p-text(校验并应用)').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="config-result"]')?.textContent?.includes('accessibility'), { timeout: 30_000 });
    // The kiosk page is a background tab here (Chromium throttles its timers); on the terminal it is the only one.
    await kiosk.bringToFront();
    await kiosk.waitForFunction(() => document.documentElement.dataset.elder === 'true' && document.documentElement.dataset.contrast === 'high-light', { timeout: 20_000 });
    expect(JSON.parse(readFileSync(configFile, 'utf8')).accessibility).toEqual({ elder: true, voice: false, textSize: 0, contrast: 'high-light', reach: 'standard' });
    await page.bringToFront();

    // The test page fails while the paper is out, and prints once it is back.
    await page.locator('button::-p-text(打印测试页)').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="test-result"]')?.textContent?.startsWith('✗'));
    await api(bridge.url, 'POST', '/sim/printer/state', { paper: 'ok' });
    await page.locator('button::-p-text(打印测试页)').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="test-result"]')?.textContent?.startsWith('✓'));

    // Offering Uyghur from the console validates, saves, and reaches the kiosk's language chooser.
    await page.locator('label:has(input[name="lang-ug"])').click();
    await page.locator('button::-p-text(校验并应用)').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="config-result"]')?.textContent?.includes('languages'), { timeout: 30_000 });
    expect(JSON.parse(readFileSync(configFile, 'utf8')).languages).toEqual(['zh', 'en', 'ug']);
    await kiosk.bringToFront();
    await kiosk.waitForSelector('.language-switch button[lang="ug-Arab-CN"]', { timeout: 20_000 });
    await page.close();
    await kiosk.close();
  });

  it('opens the PIN prompt on the kiosk through the hidden gesture', async () => {
    const kiosk = await browser.newPage();
    await kiosk.setViewport({ width: 1080, height: 1920 });
    await kiosk.setBypassCSP(true);
    await kiosk.goto(bridge.url, { waitUntil: 'load' });
    await kiosk.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('政务服务自助终端'));
    for (let i = 0; i < 5; i++) await kiosk.mouse.click(20, 20);
    await kiosk.waitForSelector('input[name="pin"]');
    expect(kiosk.url()).toContain('/maintenance?kiosk=1');
    await expectAccessible(kiosk, 'PIN prompt');
    await kiosk.locator('input[name="pin"]').fill('802417');
    await kiosk.locator('button[type="submit"]').click();
    await kiosk.waitForSelector('[data-testid="health"]');
    await kiosk.waitForSelector('input[name="idleTimeoutS"]');
    await expectAccessible(kiosk, 'console on the kiosk screen');
    if (keepShots) await kiosk.screenshot({ path: join(shots, 'maintenance-on-kiosk.png') });
    await kiosk.locator('button::-p-text(返回终端)').click();
    await kiosk.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('政务服务自助终端'));
    await kiosk.close();
  });
});
