/**
 * Real Chromium (Debian's /usr/bin/chromium) through puppeteer-core, as the kiosk runs it: a
 * portrait 1080×1920 screen, Chinese as the browser language, and Chromium's fake camera (a
 * test-only switch that stands in for the real camera, which does not exist on CI machines).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { testLinkSecret } from './kiosk-socket';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const viewport = { width: 1080, height: 1920 };

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * `args`: extra Chromium switches, e.g. `--use-file-for-fake-video-capture=FILE` for a document camera.
 * `linkSecret`: the kiosk-link cookie the browser holds (default testLinkSecret, as the test bridges have).
 */
export async function launchBrowser(options: { args?: string[]; linkSecret?: string } = {}): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'kiosk-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    userDataDir: profile,
    defaultViewport: viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--accept-lang=zh-CN,zh',
      '--lang=zh-CN',
      '--font-render-hinting=none',
      ...(options.args ?? []),
    ],
  });
  // Every test bridge runs with testLinkSecret: pages of this browser on either loopback name are
  // the kiosk (cookies are not per port), as in the Chromium the bridge launches itself.
  for (const host of ['http://127.0.0.1/', 'http://localhost/']) await giveKioskCookie(browser, host, options.linkSecret);
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The bridge's kiosk-link cookie in this browser, as device-bridge/src/browser/kiosk-browser.ts sets
 * it in the Chromium the bridge launches (HttpOnly, SameSite=Strict, through the DevTools protocol).
 */
export async function giveKioskCookie(browser: Browser, url: string, secret: string = testLinkSecret): Promise<void> {
  await browser.setCookie({ name: 'kiosk_link', value: secret, domain: new URL(url).hostname, path: '/', httpOnly: true, sameSite: 'Strict' });
}

/** The kiosk page in a new tab, holding the bridge's kiosk-link cookie (the test bridges' `testLinkSecret` unless told). */
export async function openKiosk(browser: Browser, url: string, secret: string = testLinkSecret): Promise<Page> {
  await giveKioskCookie(browser, url, secret);
  const page = await browser.newPage();
  // The bridge's CSP forbids inline scripts; axe-core is injected by the test, so bypass it here only.
  await page.setBypassCSP(true);
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core inside the page (WCAG 2.2 A/AA rules) and returns the violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const result = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
}

/** Touch what a citizen sees: the visible button (or element) with this text. */
export async function tap(page: Page, text: string, selector = 'button'): Promise<void> {
  await page.locator(`${selector}::-p-text(${text})`).setTimeout(15_000).click();
}

/** 退出, confirmed with 确认退出 when the kiosk asks (something was entered or a card read). */
export async function exitSession(page: Page): Promise<void> {
  await tap(page, '退出');
  await page.waitForFunction(() => document.querySelector('[data-testid="exit-confirm"]') || !document.querySelector('.navbar'), { timeout: 15_000 });
  if (await page.$('[data-testid="exit-confirm"]')) await page.locator('[data-testid="exit-confirm"] [data-key="leave"]').click();
}

export async function waitForHeading(page: Page, text: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction((t) => [...document.querySelectorAll('h1')].some((h) => h.textContent?.includes(t)), { timeout }, text);
}
