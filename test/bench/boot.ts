/**
 * Boot: from spawning the bridge process (`node dist/bridge/main.mjs`, what `npm start` runs after
 * its build) to the attract screen painted in Chromium. Chromium is started once beforehand and is
 * not part of the figure; each run has a fresh bridge and a fresh page. The milestones in between
 * (bridge listening, index.html, the first chunk run, the catalog and the WebSocket hello) are printed.
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
  pageCreated: number; // navigation starts (the tab exists beforehand)
  responseEnd: number; // index.html received
  domContentLoaded: number; // the module script has run
  attractPainted: number; // the attract h1 exists and a requestAnimationFrame after it has fired
  scriptStart: number; // the first chunk began to run (performance mark kiosk:script-start)
  catalog: number; // /api/catalog received
  hello: number; // the bridge's WebSocket hello handled (mark kiosk:hello)
  webFonts: number; // web fonts the page loaded (none: the system's Noto CJK through fontconfig)
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
 * openKiosk() from test/support/browser.ts in two halves: a blank tab with the probe installed
 * (openKiosk navigates at once, which would leave the first paint unobserved), made before the
 * bridge is spawned — the CDP round-trips that set up a puppeteer tab are the harness's, not the
 * terminal's boot — and then the navigation.
 */
async function probedTab(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.setBypassCSP(true);
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.evaluateOnNewDocument(nameShim);
  await page.evaluateOnNewDocument(attractProbe, attractTitle);
  return page;
}

/**
 * Waits for the probe and reads the page's milestones. Page times become Node times by anchoring at
 * "now": the evaluation returns the page clock's now, which is Node's now minus the return leg.
 */
type PageTimes = { painted: number; responseEnd: number; domContentLoaded: number; scriptStart: number; catalog: number; hello: number; webFonts: number; now: number };
async function pageMilestones(page: Page): Promise<PageTimes & { at: number }> {
  const r = await page.evaluate(
    () =>
      new Promise<PageTimes>((resolve, reject) => {
        const w = window as unknown as { __attractPainted?: number };
        const deadline = performance.now() + 15_000;
        const mark = (name: string) => performance.getEntriesByName(name, 'mark')[0]?.startTime;
        const catalog = () => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => new URL(e.name).pathname === '/api/catalog')?.responseEnd;
        const poll = () => {
          if (w.__attractPainted !== undefined && mark('kiosk:hello') !== undefined && catalog() !== undefined) {
            const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
            resolve({
              painted: w.__attractPainted,
              responseEnd: nav.responseEnd,
              domContentLoaded: nav.domContentLoadedEventStart,
              scriptStart: mark('kiosk:script-start') ?? NaN,
              catalog: catalog()!,
              hello: mark('kiosk:hello')!,
              webFonts: [...document.fonts].filter((f) => f.status === 'loaded' || f.status === 'loading').length,
              now: performance.now(),
            });
          } else if (performance.now() > deadline) reject(new Error('attract screen not painted within 15 s'));
          else setTimeout(poll, 5);
        };
        poll();
      }),
  );
  return { ...r, at: performance.now() };
}

export async function bootOnce(browser: Browser): Promise<BootRun> {
  const page = await probedTab(browser);
  const spawned = performance.now();
  const bridge = await startBridge({}, { built: true }); // spawns synchronously, resolves when the URL is printed
  try {
    const bridgeReady = performance.now() - spawned;
    try {
      await page.goto(bridge.url, { waitUntil: 'load' });
      const m = await pageMilestones(page);
      // The page's time origin (navigation start), on Node's clock since spawn.
      const origin = m.at - m.now - spawned;
      return {
        bridgeReady,
        pageCreated: origin,
        responseEnd: origin + m.responseEnd,
        domContentLoaded: origin + m.domContentLoaded,
        attractPainted: origin + m.painted,
        scriptStart: origin + m.scriptStart,
        catalog: origin + m.catalog,
        hello: origin + m.hello,
        webFonts: m.webFonts,
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
    `navigation start ${med('pageCreated')}, index.html received ${med('responseEnd')}, ` +
    `first chunk running ${med('scriptStart')}, DOMContentLoaded ${med('domContentLoaded')}, attract painted ${med('attractPainted')}, ` +
    `catalog received ${med('catalog')}, WebSocket hello ${med('hello')}; web fonts loaded: ${Math.max(...all.map((r) => r.webFonts))}; ` +
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
        budget: 1000,
        note: `median of ${runs}: spawn of the built bridge (dist/bridge/main.mjs) → attract painted; Chromium already running with a blank tab (browser start and puppeteer's tab set-up not included), fresh bridge and tab per run`,
      },
    ];
  },
};
