/**
 * Launches Debian's Chromium in kiosk mode through puppeteer-core where a display exists, and keeps
 * it there: a closed or crashed browser is relaunched with backoff, a crashed page is reloaded.
 * Navigation off the kiosk origin is blocked here as well as by the managed policy documented in
 * README (URLBlocklist/URLAllowlist), so a citizen can never leave the application.
 */
import type { Browser, Page } from 'puppeteer-core';
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

export class KioskBrowser {
  private browser: Browser | null = null;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly url: string,
    private readonly executablePath: string,
    private readonly logger: Logger,
    private readonly extraArgs: string[] = [],
    /** The bridge's kiosk-link secret: set as the HttpOnly `kiosk_link` cookie before the page loads (kiosk-link-auth.ts). */
    private readonly options: { linkSecret?: string } = {},
  ) {}

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
        defaultViewport: null,
        ignoreDefaultArgs: ['--enable-automation', '--disable-popup-blocking'],
        // The page loads only after the cookie is set (below), so its first connection is the kiosk's.
        args: [...kioskFlags, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...this.extraArgs, `--app=${this.options.linkSecret ? 'about:blank' : this.url}`],
      });
      if (this.options.linkSecret) {
        await browser.setCookie({ name: 'kiosk_link', value: this.options.linkSecret, domain: new URL(this.url).hostname, path: '/', httpOnly: true, sameSite: 'Strict' });
      }
      this.browser = browser;
      this.failures = 0;
      browser.on('disconnected', () => {
        this.browser = null;
        if (!this.stopped) {
          this.logger.warn('kiosk browser closed; relaunching');
          this.scheduleRelaunch();
        }
      });
      const [page] = await browser.pages();
      await this.guard(page ?? (await browser.newPage()));
      this.logger.info({ url: this.url }, 'kiosk browser launched');
    } catch (e) {
      this.failures += 1;
      this.logger.error({ err: (e as Error).message }, 'kiosk browser failed to launch');
      this.scheduleRelaunch();
    }
  }

  private async guard(page: Page): Promise<void> {
    const origin = new URL(this.url).origin;
    page.on('error', () => {
      this.logger.warn('kiosk page crashed; reloading');
      void page.goto(this.url).catch(() => undefined);
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && !frame.url().startsWith(origin)) void page.goto(this.url).catch(() => undefined);
    });
    if (!page.url().startsWith(origin)) await page.goto(this.url);
  }

  private scheduleRelaunch(): void {
    const delay = Math.min(kioskBrowserDelays.RELAUNCH_MAX_MS, kioskBrowserDelays.RELAUNCH_MIN_MS * 2 ** Math.min(this.failures, 5));
    setTimeout(() => void this.launch(), delay).unref();
  }

  /** Restart on demand (maintenance): close, and the disconnect handler brings it back. */
  async restart(): Promise<void> {
    await this.browser?.close();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.browser?.close().catch(() => undefined);
    this.browser = null;
  }
}
