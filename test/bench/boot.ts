/**
 * Boot: from spawning the bridge process (`node --import tsx device-bridge/src/main.ts`, what
 * `npm start` runs after its build) to the attract screen painted in Chromium. Chromium is started
 * once beforehand and is not part of the figure; each run has a fresh bridge and a fresh page.
 */
import type { Browser, Page } from 'puppeteer-core';
import { startBridge } from '../support/bridge-process';
import { launchBrowser } from '../support/browser';
import { median, nameShim, round, type BenchModule, type Figure } from './figures';

const runs = 5;
const attractTitle = '政务服务自助终端';

/** Milestones of one boot, in ms since the bridge process was spawned. */
export interface BootRun {
  bridgeReady: number; // the bridge printed its URL
  pageCreated: number; // a new tab exists, navigation starts
  responseEnd: number; // index.html received
  domContentLoaded: number; // the module script has run
  attractPainted: number; // the attract h1 exists and a requestAnimationFrame after it has fired
}

/**
 * Runs in the page before any of its scripts: notes when the attract heading first exists and a
 * requestAnimationFrame after it has fired (page clock).
 */
function attractProbe(title: string): void {
  const w = window as unknown as { __attractPainted?: number };
  const present = () => [...document.querySelectorAll('h1')].some((h) => h.textContent?.includes(title));
  const painted = () => requestAnimationFrame(() => (w.__attractPainted = performance.now()));
  const observer = new MutationObserver(() => {
    if (!present()) return;
    observer.disconnect();
    painted();
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

/**
 * openKiosk() from test/support/browser.ts, plus the probe installed before navigation (openKiosk
 * navigates at once, which would leave the first paint unobserved).
 */
async function openProbedKiosk(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setBypassCSP(true);
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.evaluateOnNewDocument(nameShim);
  await page.evaluateOnNewDocument(attractProbe, attractTitle);
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/**
 * Waits for the probe and reads the page's milestones. Page times become Node times by anchoring at
 * "now": the evaluation returns the page clock's now, which is Node's now minus the return leg.
 */
async function pageMilestones(page: Page): Promise<{ at: number; painted: number; responseEnd: number; domContentLoaded: number; now: number }> {
  const r = await page.evaluate(
    () =>
      new Promise<{ painted: number; responseEnd: number; domContentLoaded: number; now: number }>((resolve, reject) => {
        const w = window as unknown as { __attractPainted?: number };
        const deadline = performance.now() + 15_000;
        const poll = () => {
          if (w.__attractPainted !== undefined) {
            const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
            resolve({ painted: w.__attractPainted, responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventStart, now: performance.now() });
          } else if (performance.now() > deadline) reject(new Error('attract screen not painted within 15 s'));
          else setTimeout(poll, 5);
        };
        poll();
      }),
  );
  return { ...r, at: performance.now() };
}

export async function bootOnce(browser: Browser): Promise<BootRun> {
  const spawned = performance.now();
  const bridge = await startBridge(); // spawns synchronously, resolves when the URL is printed
  try {
    const bridgeReady = performance.now() - spawned;
    const page = await openProbedKiosk(browser, bridge.url);
    try {
      const m = await pageMilestones(page);
      // The page's time origin (navigation start), on Node's clock since spawn.
      const origin = m.at - m.now - spawned;
      return {
        bridgeReady,
        pageCreated: origin,
        responseEnd: origin + m.responseEnd,
        domContentLoaded: origin + m.domContentLoaded,
        attractPainted: origin + m.painted,
      };
    } finally {
      await page.close();
    }
  } finally {
    await bridge.stop();
  }
}

export function describeBoot(all: BootRun[]): string {
  const med = (k: keyof BootRun) => Math.round(median(all.map((r) => r[k])));
  return (
    `boot milestones (median of ${all.length}, ms since spawn): bridge URL printed ${med('bridgeReady')}, ` +
    `tab created / navigation start ${med('pageCreated')}, index.html received ${med('responseEnd')}, ` +
    `DOMContentLoaded ${med('domContentLoaded')}, attract painted ${med('attractPainted')}; ` +
    `runs: ${all.map((r) => Math.round(r.attractPainted)).join(', ')}`
  );
}

export const bootBench: BenchModule = {
  area: 'boot',
  async run(): Promise<Figure[]> {
    const { browser, close } = await launchBrowser();
    const all: BootRun[] = [];
    try {
      for (let i = 0; i < runs; i++) all.push(await bootOnce(browser));
    } finally {
      await close();
    }
    console.log(describeBoot(all));
    return [
      {
        name: 'boot.attract_ms',
        value: round(median(all.map((r) => r.attractPainted)), 0),
        unit: 'ms',
        budget: 1500,
        note: `median of ${runs}: bridge spawn → attract painted; Chromium already running (browser start not included), fresh bridge and tab per run`,
      },
    ];
  },
};
