/**
 * Watches a kiosk page's audio: every HTMLMediaElement.play() call is recorded (path + query, the
 * element's volume, when play() was called and when the element really started: the `playing`
 * event), by a wrapper installed before the page's own scripts run. The element still plays.
 */
import type { Browser, Page } from 'puppeteer-core';

export type Played = { src: string; volume: number; at: number; playingAt: number | null; error: boolean };

export async function recordPlays(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __played: Played[] };
    w.__played = [];
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      const url = new URL(this.currentSrc || this.src, location.href);
      const entry: Played = { src: url.pathname + url.search, volume: this.volume, at: performance.now(), playingAt: null, error: false };
      w.__played.push(entry);
      this.addEventListener('playing', () => (entry.playingAt = performance.now()), { once: true });
      this.addEventListener('error', () => (entry.error = true), { once: true });
      return play.call(this);
    };
  });
}

/** A kiosk page (as support/browser.ts openKiosk) with the recorder installed first. */
export async function openKioskRecording(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await recordPlays(page);
  await page.setBypassCSP(true);
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

export const played = (page: Page): Promise<Played[]> => page.evaluate(() => (window as unknown as { __played: Played[] }).__played.map((p) => ({ ...p })));

/** The paths (with query) of everything played so far, in order. */
export const playedSrcs = async (page: Page): Promise<string[]> => (await played(page)).map((p) => p.src);

/** Waits until the `count`-th play() is of `src`. */
export const waitForPlay = (page: Page, count: number, src: string, timeout = 15_000) =>
  page.waitForFunction(
    (n: number, s: string) => {
      const p = (window as unknown as { __played: Played[] }).__played;
      return p.length >= n && p[n - 1]!.src === s;
    },
    { timeout },
    count,
    src,
  );
