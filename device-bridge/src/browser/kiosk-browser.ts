/**
 * Launches Debian's Chromium in kiosk mode through puppeteer-core where a display exists, and keeps
 * it there: a closed or crashed browser is relaunched with backoff, a crashed page is reloaded.
 *
 * Lockdown (README "Deploying a terminal"), on top of the managed policy
 * (deploy/chromium/policies/managed/gov-kiosk.json):
 * - no DevTools port: puppeteer talks to Chromium over a pipe (`--remote-debugging-pipe`, fds 3/4 of
 *   the child), which no other process can reach;
 * - navigation compared by parsed origin: a main-frame document request to any other origin is
 *   aborted before it leaves (so `http://127.0.0.1:8080@host/` or `http://127.0.0.1:8080.host/`
 *   cannot pass a prefix test), and anything that still commits elsewhere is sent back;
 * - every other window, tab, popup or DevTools target is closed as soon as it is created;
 * - downloads are denied for the whole browser.
 * The page swallows keyboard shortcuts itself (kiosk/src/lockdown.ts).
 */
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import type { Logger } from '../log';

export const kioskBrowserDelays = { RELAUNCH_MIN_MS: 1000, RELAUNCH_MAX_MS: 30_000 };

export const kioskFlags = [
  '--kiosk',
  '--noerrdialogs',
  '--disable-pinch',
  '--overscroll-history-navigation=0',
  '--disable-session-crashed-bubble',
  '--disable-features=TranslateUI',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
  // Voice guidance: the speech-synthesis voices of speech-dispatcher, where one is installed (a real
  // Mandarin engine is used; espeak-ng's are passed over for the pre-rendered prompts: README "Voice guidance").
  '--enable-speech-dispatcher',
  '--touch-events=enabled',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-translate',
  '--lang=zh-CN',
  '--accept-lang=zh-CN,zh,en',
];

export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** True when `url` is on the kiosk's origin, compared as parsed origins (never as string prefixes). */
export function onKioskOrigin(url: string, kioskOrigin: string): boolean {
  try {
    return new URL(url).origin === kioskOrigin;
  } catch {
    return false;
  }
}

export class KioskBrowser {
  private browser: Browser | null = null;
  private page: Page | null = null;
  private cdp: CDPSession | null = null;
  private kioskTargetId: string | null = null;
  private stopped = false;
  private failures = 0;
  private readonly origin: string;

  constructor(
    private readonly url: string,
    private readonly executablePath: string,
    private readonly logger: Logger,
    private readonly extraArgs: string[] = [],
    /** The bridge's kiosk-link secret: set as the HttpOnly `kiosk_link` cookie before the page loads (kiosk-link-auth.ts). */
    private readonly options: { linkSecret?: string } = {},
  ) {
    this.origin = new URL(url).origin;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.launch();
  }

  private async launch(): Promise<void> {
    if (this.stopped) return;
    try {
      // Loaded only when a browser is launched: puppeteer-core costs ~0.5 s of bridge start-up.
      const { default: puppeteer } = await import('puppeteer-core');
      const browser = await puppeteer.launch({
        executablePath: this.executablePath,
        headless: false,
        // The DevTools protocol over the child's fds 3/4 instead of a TCP port on localhost.
        pipe: true,
        defaultViewport: null,
        ignoreDefaultArgs: ['--enable-automation', '--disable-popup-blocking', 'about:blank'],
        // (An app window opened on about:blank gets an omnibox, so it opens on the kiosk URL; a link
        // attempt made before the cookie below is set is refused, and the page is reloaded with it.)
        args: [...kioskFlags, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...this.extraArgs, `--app=${this.url}`],
      });
      if (this.options.linkSecret) {
        await browser.setCookie({ name: 'kiosk_link', value: this.options.linkSecret, domain: new URL(this.url).hostname, path: '/', httpOnly: true, sameSite: 'Strict' });
      }
      this.browser = browser;
      this.failures = 0;
      browser.on('disconnected', () => {
        this.browser = null;
        this.page = null;
        this.cdp = null;
        if (!this.stopped) {
          this.logger.warn('kiosk browser closed; relaunching');
          this.scheduleRelaunch();
        }
      });
      const [page] = await browser.pages();
      this.page = page ?? (await browser.newPage());
      this.cdp = await browser.target().createCDPSession();
      this.kioskTargetId = (await (await this.page.createCDPSession()).send('Target.getTargetInfo')).targetInfo.targetId;
      browser.on('targetcreated', () => void this.sweep());
      await this.sweep(); // what appeared while the kiosk page was being found
      await this.cdp.send('Browser.setDownloadBehavior', { behavior: 'deny' });
      await this.guard(this.page);
      if (this.options.linkSecret) await this.page.reload().catch(() => undefined);
      this.logger.info({ url: this.url }, 'kiosk browser launched');
    } catch (e) {
      this.failures += 1;
      this.logger.error({ err: (e as Error).message }, 'kiosk browser failed to launch');
      this.scheduleRelaunch();
    }
  }

  /**
   * Closes every window, tab, popup or DevTools front-end but the kiosk page, as soon as it exists
   * (called on each new target; closing by id through the browser's own session).
   */
  private async sweep(): Promise<void> {
    const cdp = this.cdp;
    if (!cdp || !this.kioskTargetId) return;
    const { targetInfos } = await cdp.send('Target.getTargets').catch(() => ({ targetInfos: [] }));
    for (const t of targetInfos) {
      const stray = (t.type === 'page' || t.type === 'webview' || t.type === 'background_page' || t.url.startsWith('devtools://')) && t.targetId !== this.kioskTargetId;
      if (!stray) continue;
      this.logger.warn({ type: t.type }, 'kiosk browser: stray window closed');
      await cdp.send('Target.closeTarget', { targetId: t.targetId }).catch(() => undefined);
    }
  }

  private async guard(page: Page): Promise<void> {
    page.on('error', () => {
      this.logger.warn('kiosk page crashed; reloading');
      void page.goto(this.url).catch(() => undefined);
    });
    // Main-frame document requests off the kiosk origin are aborted before they are sent; an aborted
    // navigation commits nothing, so the citizen stays on the screen they were on.
    const cdp = await page.createCDPSession();
    cdp.on('Fetch.requestPaused', (e) => {
      const allowed = onKioskOrigin(e.request.url, this.origin);
      if (!allowed) this.logger.warn('kiosk browser: navigation off the kiosk origin blocked');
      void (allowed ? cdp.send('Fetch.continueRequest', { requestId: e.requestId }) : cdp.send('Fetch.failRequest', { requestId: e.requestId, errorReason: 'Aborted' })).catch(() => undefined);
    });
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }] });
    // Whatever commits without a request (about:blank, data:, an error page) is sent back.
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && !onKioskOrigin(frame.url(), this.origin)) void page.goto(this.url).catch(() => undefined);
    });
    if (!onKioskOrigin(page.url(), this.origin)) await page.goto(this.url);
  }

  private scheduleRelaunch(): void {
    const delay = Math.min(kioskBrowserDelays.RELAUNCH_MAX_MS, kioskBrowserDelays.RELAUNCH_MIN_MS * 2 ** Math.min(this.failures, 5));
    setTimeout(() => void this.launch(), delay).unref();
  }

  /** The browser's page targets as the launcher sees them (tests observe the lockdown through this). */
  async pages(): Promise<Page[]> {
    return (await this.browser?.pages()) ?? [];
  }

  /** Every target (type and URL), e.g. to see that no DevTools or print-preview target exists. */
  targets(): { type: string; url: string }[] {
    return (this.browser?.targets() ?? []).map((t) => ({ type: t.type(), url: t.url() }));
  }

  /** Chromium's process id and profile directory, while it runs (tests look for a DevTools port). */
  process(): { pid: number; profile: string | undefined } | null {
    const child = this.browser?.process();
    if (!child?.pid) return null;
    const profile = child.spawnargs.find((a) => a.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length);
    return { pid: child.pid, profile };
  }

  /** Restart on demand (maintenance): close, and the disconnect handler brings it back. */
  async restart(): Promise<void> {
    await this.browser?.close();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.browser?.close().catch(() => undefined);
    this.browser = null;
    this.page = null;
  }
}
