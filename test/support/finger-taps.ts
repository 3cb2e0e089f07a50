/**
 * Touches that leave nothing behind in the page: the element is found inside the page, only its
 * coordinates come back, and the touch is a real (trusted) mouse click at that point, as a finger.
 *
 * Why not `page.locator(...).click()` / `waitForSelector`: every ElementHandle puppeteer obtains is
 * a remote object the DevTools protocol keeps alive (a V8 global handle labelled "DevTools
 * console") until it is released, and a handle to one removed button keeps its whole detached
 * screen (and every string in it) alive. Measured: ~440 DOM nodes and ~75 listeners per session
 * were the test harness's, not the kiosk's. The memory soak and the heap-snapshot test therefore
 * touch the screen only through these helpers, so what they measure is the kiosk page itself.
 */
import type { Page } from 'puppeteer-core';

/**
 * Touches the first visible, enabled element matching `selector` whose text includes `text`, once
 * it has stopped moving (two frames) and is what a finger at its centre would hit.
 */
export async function fingerTap(page: Page, selector: string, text = '', timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const at = await page.evaluate(
      async (sel, t) => {
        const el = [...document.querySelectorAll<HTMLElement>(sel)].find(
          (e) => e.getClientRects().length > 0 && !(e as HTMLButtonElement).disabled && (e.textContent ?? '').includes(t),
        );
        if (!el) return null;
        el.scrollIntoView({ block: 'nearest' });
        const before = el.getBoundingClientRect();
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const r = el.getBoundingClientRect();
        if (!el.isConnected || r.left !== before.left || r.top !== before.top) return null;
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        const hit = document.elementFromPoint(x, y);
        return hit && (hit === el || el.contains(hit)) ? { x, y } : null;
      },
      selector,
      text,
    );
    if (at) {
      await page.mouse.click(at.x, at.y);
      return;
    }
    if (Date.now() > deadline) throw new Error(`no visible, enabled ${selector} with text "${text}" within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** The visible button with this text (like browser.ts `tap`, without a handle). */
export const fingerTapText = (page: Page, text: string, selector = 'button') => fingerTap(page, selector, text);

/** Waits until a `main h1` (or any h1) shows `text`; nothing but a boolean leaves the page. */
export async function waitForHeadingText(page: Page, text: string, timeout = 20_000): Promise<void> {
  const found = await page.waitForFunction((t) => [...document.querySelectorAll('h1')].some((h) => h.textContent?.includes(t)), { timeout }, text);
  await found.dispose();
}

/** Waits until the page's text includes `text`. */
export async function waitForText(page: Page, text: string, timeout = 20_000): Promise<void> {
  const found = await page.waitForFunction((t) => document.body.innerText.includes(t), { timeout }, text);
  await found.dispose();
}

/** Waits until `selector` matches a visible element. */
export async function waitForVisible(page: Page, selector: string, timeout = 20_000): Promise<void> {
  const found = await page.waitForFunction((s) => [...document.querySelectorAll(s)].some((e) => e.getClientRects().length > 0), { timeout }, selector);
  await found.dispose();
}

/**
 * Types a name on the open pinyin keyboard of field `key`: for each [pinyin, character] pair the
 * letter keys, then the character on the candidate bar (paging on); a surname shortcut already
 * on the bar is taken with one touch.
 */
export async function fingerTypeName(page: Page, key: string, syllables: [string, string][]): Promise<void> {
  const scope = `[data-field-row="${key}"] .ime`;
  for (const [reading, char] of syllables) {
    const shortcut = await page.evaluate((s) => !!document.querySelector(s), `${scope} [data-candidate="${char}"]`);
    if (!shortcut) for (const letter of reading) await fingerTap(page, `${scope} [data-key="${letter}"]`);
    for (let pageNo = 0; ; pageNo++) {
      const where = await page.evaluate((s, c) => (document.querySelector(`${s} [data-candidate="${c}"]`) ? 'here' : document.querySelector(`${s} [data-key="next"]:not([disabled])`) ? 'next' : 'none'), scope, char);
      if (where === 'here') break;
      if (where === 'none' || pageNo > 20) throw new Error(`${char} is not among the candidates for ${reading}`);
      await fingerTap(page, `${scope} [data-key="next"]`);
    }
    await fingerTap(page, `${scope} [data-candidate="${char}"]`);
  }
  await fingerTap(page, `${scope} [data-key="done"]`);
  const closed = await page.waitForFunction((s) => !document.querySelector(s), {}, scope);
  await closed.dispose();
}
