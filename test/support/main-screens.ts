/**
 * The main screens a citizen passes (attract, home, guide, questions, identify, form, review, receipt,
 * progress), walked in any offered language and under any settings, by what is on screen rather
 * than by Chinese text: the language's own strings (kiosk/src/i18n*.ts) and the catalog's names.
 * Used by the accessibility matrix, the low-reach test and the screenshot tool.
 */
import type { Page } from 'puppeteer-core';
import { strings } from '../../kiosk/src/i18n';
import { a11yStrings } from '../../kiosk/src/i18n-a11y';
import { loadLanguage } from '../../kiosk/src/i18n-load';
import type { Lang } from '../../kiosk/src/machine/kiosk-machine';
import { api } from './bridge-process';
import { fillEmptyFields, newCount } from './on-screen-input';

// The kiosk loads its Uyghur tables lazily (i18n-load.ts); the walk reads every language's strings.
await loadLanguage('ug');

export const MAIN_SCREENS = ['attract', 'home', 'guide', 'questions', 'identify', 'form', 'review', 'receipt', 'progress'] as const;
export type MainScreen = (typeof MAIN_SCREENS)[number];
/** The other screens the walk passes (checked by the accessibility matrix, not photographed). */
export const OTHER_SCREENS = ['face', 'chooseItems', 'materials', 'rating', 'done'] as const;
export type WalkedScreen = MainScreen | (typeof OTHER_SCREENS)[number];

/** A bundle without scenario questions (the one walked to the receipt) and one with them. */
export const WALK_BUNDLE = 'newborn';
export const QUESTIONS_BUNDLE = 'social-security-card';

export const kioskState = (page: Page) => page.evaluate(() => (window as unknown as { __kiosk: { state(): string } }).__kiosk.state());

export async function waitForState(page: Page, state: string, timeout = 20_000): Promise<void> {
  // …and the bridge has said hello (the terminal's settings are known).
  await page.waitForFunction((s) => {
    const k = (window as unknown as { __kiosk?: { state(): string; hasTerminal(): boolean } }).__kiosk;
    return k?.state() === s && k.hasTerminal();
  }, { timeout }, state);
  // The screen's chunk is rendered (its heading is there) and fonts are in.
  await page.waitForFunction(() => !!document.querySelector('main h1'), { timeout });
  await page.evaluate(() => document.fonts.ready);
}

/** Click the visible element matching `selector` whose text includes `text` (any language). */
export async function press(page: Page, selector: string, text?: string): Promise<void> {
  const handle = await page.waitForFunction(
    (sel, t) =>
      [...document.querySelectorAll<HTMLElement>(sel)].find((el) => el.getClientRects().length > 0 && !(el as HTMLButtonElement).disabled && (t === null || (el.textContent ?? '').includes(t))) ?? null,
    { timeout: 20_000 },
    selector,
    text ?? null,
  );
  const el = handle.asElement() as import('puppeteer-core').ElementHandle<HTMLElement>;
  // Inside a scrolling dialog or main area: bring it into view first, as a finger would scroll.
  await el.evaluate((e) => e.scrollIntoView({ block: 'nearest' }));
  await el.click();
}

/** Switch the page to `lang` with the language button(s) on the attract screen. */
export async function chooseLanguage(page: Page, lang: Lang): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const current = await page.evaluate(() => document.documentElement.lang);
    if (current.startsWith(lang)) return;
    // A chooser with one button per language (data-lang), or a single button that goes to the next one.
    await page.evaluate((want) => {
      const visible = [...document.querySelectorAll<HTMLButtonElement>('button[lang]')].filter((b) => b.getClientRects().length > 0);
      (visible.find((b) => b.dataset.lang === want) ?? visible.find((b) => !b.dataset.lang))?.click();
    }, lang);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`could not switch the kiosk to ${lang}`);
}

export interface Variant {
  name: string;
  lang: Lang;
  elder?: boolean;
  textSize?: 0 | 1 | 2 | 3;
  contrast?: 'default' | 'high-dark' | 'high-light';
  reach?: 'standard' | 'low';
}

/** On the attract screen: set a variant through the 无障碍设置 panel, as a citizen would. */
export async function applyVariant(page: Page, v: Variant): Promise<void> {
  await chooseLanguage(page, v.lang);
  const a = a11yStrings[v.lang];
  const wants = v.elder || v.textSize || (v.contrast && v.contrast !== 'default') || v.reach === 'low';
  if (!wants) return;
  await press(page, 'button.a11y-open');
  await page.waitForSelector('[data-testid="a11y-panel"]');
  if (v.elder) await press(page, '.a11y-panel button.a11y-toggle', a.elderOff);
  if (v.textSize) await press(page, `.a11y-panel button.a11y-size-${v.textSize}`);
  if (v.contrast && v.contrast !== 'default') await press(page, `.a11y-panel button.a11y-theme-${v.contrast}`);
  if (v.reach === 'low') await press(page, '.a11y-panel button.a11y-toggle', a.reachOff);
  await press(page, '.a11y-panel .a11y-footer .btn-primary');
  await page.waitForFunction(() => !document.querySelector('[data-testid="a11y-panel"]'));
}

async function bundleName(bridgeUrl: string, code: string, lang: Lang): Promise<string> {
  const { catalog } = (await fetch(new URL('/api/catalog', bridgeUrl)).then((r) => r.json())) as { catalog: { bundles: { code: string; name: Record<string, string> }[] } };
  const b = catalog.bundles.find((x) => x.code === code);
  if (!b) throw new Error(`no bundle ${code} in the catalog`);
  return b.name[lang] ?? b.name.zh!;
}

/** The primary action of the screen (下一步, 申请办理, 确认提交 …): the big button. */
const primary = (page: Page) => press(page, 'main button.btn-huge');

/**
 * From the attract screen through every main screen and back to the attract screen, calling
 * `visit` on each. The simulated card is placed and removed by the walk.
 */
export async function walkMainScreens(page: Page, bridgeUrl: string, lang: Lang, visit: (screen: WalkedScreen) => Promise<void>): Promise<void> {
  const s = strings[lang];
  await waitForState(page, 'attract');
  await visit('attract');
  await press(page, '.attract-actions button.btn-primary');
  await waitForState(page, 'home');
  await visit('home');

  // 情形: a bundle that asks first.
  await press(page, '.tile', await bundleName(bridgeUrl, QUESTIONS_BUNDLE, lang));
  await waitForState(page, 'guide');
  await primary(page);
  await waitForState(page, 'questions');
  await visit('questions');
  await press(page, 'nav button', s.home);
  await waitForState(page, 'home');

  await press(page, '.tile', await bundleName(bridgeUrl, WALK_BUNDLE, lang));
  await waitForState(page, 'guide');
  await visit('guide');
  await primary(page);
  await page.waitForFunction(() => ['questions', 'identify'].includes((window as unknown as { __kiosk: { state(): string } }).__kiosk.state()), { timeout: 20_000 });
  if ((await kioskState(page)) === 'questions') {
    await waitForState(page, 'questions');
    // One question at a time in 长辈版: answer whichever unanswered question is showing, until 下一步 is offered.
    while (!(await page.$('main button.btn-huge:not([disabled])'))) await press(page, '[role="radiogroup"]:not(:has([aria-checked="true"])) [role="radio"]');
    await primary(page);
  }
  await waitForState(page, 'identify');
  await visit('identify');
  await api(bridgeUrl, 'DELETE', '/sim/id-card');
  await api(bridgeUrl, 'POST', '/sim/id-card', { preset: 'resident' });
  await waitForState(page, 'face');
  await page.waitForSelector('main button.btn-huge:not([disabled])');
  await visit('face');
  await primary(page);
  await waitForState(page, 'chooseItems');
  await visit('chooseItems');
  await primary(page);
  await waitForState(page, 'form');
  // With the on-screen editors (numeric pad, pinyin keyboard, pickers), as a citizen fills the form.
  await fillEmptyFields(page, { 'child.name': '张小满' }, newCount());
  for (const fs of await page.$$('form fieldset')) if (!(await fs.$('button[aria-pressed="true"], [aria-checked="true"]'))) await (await fs.$('button'))!.click();
  await visit('form');
  await primary(page);
  await waitForState(page, 'materials');
  await visit('materials');
  await primary(page);
  await waitForState(page, 'review');
  await visit('review');
  await primary(page);
  await waitForState(page, 'receipt', 30_000);
  await visit('receipt');
  await primary(page);
  await waitForState(page, 'rating');
  await visit('rating');
  await press(page, 'main button', s.rateSkip);
  await waitForState(page, 'done');
  await visit('done');
  await press(page, 'nav button', s.home);
  await waitForState(page, 'home');
  await press(page, 'button.progress-entry');
  await waitForState(page, 'progress');
  await visit('progress');
  await api(bridgeUrl, 'DELETE', '/sim/id-card');
  await press(page, 'nav button.btn-accent');
  // A card was read: 退出 asks first (kiosk/src/screens/screen.tsx); confirmed.
  await page.waitForFunction(() => document.querySelector('[data-testid="exit-confirm"]') || !document.querySelector('.navbar'), { timeout: 15_000 });
  if (await page.$('[data-testid="exit-confirm"]')) await press(page, '[data-testid="exit-confirm"] [data-key="leave"]');
  await waitForState(page, 'attract');
}
