/**
 * A minority language end to end: a terminal offering 中文 / English / ئۇيغۇرچە (Uyghur, Arabic
 * script, right to left), in Debian's Chromium against the real bridge. A citizen picks ئۇيغۇرچە on
 * the attract screen, browses home, opens a guide, starts 新生儿出生一件事 and identifies with the
 * simulated ID card up to the form. On every screen: <html lang dir>, the mirrored layout, catalog
 * text falling back to Chinese marked as such, no "undefined", axe-core, and the fonts Chromium
 * really used for Uyghur text (CDP CSS.getPlatformFontsForNode: Noto Sans Arabic UI, no fallback).
 * Screenshots of the Uyghur screens go to docs/screenshots/ when SCREENSHOTS=1.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import * as fontkit from 'fontkit';
import { ugCatalogStrings, ugProgressStrings, ugReasons, ugStages, ugStrings } from '../../kiosk/src/i18n-ug';
import { api, root } from '../support/bridge-process';
import { expectAccessible } from '../support/accessible';
import { openKiosk, tap, waitForHeading } from '../support/browser';
import { bundleHasQuestions } from '../support/catalog-steps';
import { editedTerminalConfig, kioskUnderTest } from '../support/kiosk-under-test';
import { fillField, newCount } from '../support/on-screen-input';

const UYGHUR_FONT = 'Noto Sans Arabic UI';

const terminalOfferingUyghur = editedTerminalConfig((doc) => (doc.languages = ['zh', 'en', 'ug']));

async function shot(page: Page, name: string) {
  if (process.env.SCREENSHOTS !== '1') return;
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: resolve(root, 'docs/screenshots', name) as `${string}.png` });
}

/** The fonts Chromium used to draw the text of the first element matching `selector` (family → glyphs). */
async function platformFonts(page: Page, selector: string): Promise<Record<string, number>> {
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root: doc } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: doc.nodeId, selector });
    expect(nodeId, `no element ${selector}`).toBeGreaterThan(0);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return Object.fromEntries(fonts.map((f) => [f.familyName, f.glyphCount]));
  } finally {
    await cdp.detach();
  }
}

/** Uyghur text is drawn with the Uyghur font only: no other (fallback) font supplied any glyph. */
async function expectUyghurFont(page: Page, selector: string) {
  const fonts = await platformFonts(page, selector);
  expect(Object.keys(fonts), `fonts used for ${selector}: ${JSON.stringify(fonts)}`).toEqual([UYGHUR_FONT]);
  expect(fonts[UYGHUR_FONT]).toBeGreaterThan(0);
}

/**
 * No glyph on the page came from a fallback font: every element with Uyghur text was drawn only
 * with the Uyghur font and, for the Chinese fallback fragments and digits in it, the CJK font
 * (and symbols from DejaVu Sans). That the Uyghur font has every letter is the next test.
 */
// DejaVu Sans (fonts-dejavu-core) draws symbols no Noto font here has, such as the ⌫ on the keyboard.
async function expectNoFallbackFonts(page: Page, allowed = [UYGHUR_FONT, 'Noto Sans CJK SC', 'DejaVu Sans']) {
  const count = await page.evaluate(() => {
    const arabic = /[\u0600-\u06FF]/;
    let n = 0;
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const own = [...el.childNodes].filter((c) => c.nodeType === Node.TEXT_NODE).map((c) => c.textContent).join('');
      if (arabic.test(own) && el.getClientRects().length > 0) el.setAttribute('data-ug-text', String(n++));
    }
    return n;
  });
  expect(count).toBeGreaterThan(3);
  const used = new Set<string>();
  const offenders: string[] = [];
  for (let i = 0; i < count; i++) {
    const fonts = await platformFonts(page, `[data-ug-text="${i}"]`);
    for (const f of Object.keys(fonts)) used.add(f);
    if (Object.keys(fonts).some((f) => !allowed.includes(f))) offenders.push(`${JSON.stringify(fonts)} ${await page.$eval(`[data-ug-text="${i}"]`, (el) => el.outerHTML.slice(0, 200))}`);
  }
  await page.evaluate(() => document.querySelectorAll('[data-ug-text]').forEach((el) => el.removeAttribute('data-ug-text')));
  expect(offenders, `fallback fonts used: ${[...used].join(', ')}`).toEqual([]);
  expect(used.has(UYGHUR_FONT)).toBe(true);
}

/** The page is in Uyghur, right to left, with no text left undefined. */
async function expectUyghurPage(page: Page) {
  const state = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    bodyDirection: getComputedStyle(document.body).direction,
    text: document.body.innerText,
  }));
  expect(state).toMatchObject({ lang: 'ug-Arab-CN', dir: 'rtl', bodyDirection: 'rtl' });
  expect(state.text).not.toMatch(/undefined|\[object/);
}

/** Back sits on the inline-start side: on the right in right-to-left, Exit on the left; the ‹ points right. */
async function expectMirroredNavbar(page: Page) {
  const nav = await page.evaluate(() => {
    const buttons = [...document.querySelectorAll<HTMLElement>('.navbar button')];
    const box = (el: HTMLElement | undefined) => el!.getBoundingClientRect();
    const back = buttons[0]!;
    const exit = buttons[buttons.length - 1]!;
    return { width: window.innerWidth, backLeft: box(back).left, backRight: box(back).right, exitRight: box(exit).right, backText: back.textContent };
  });
  expect(nav.backText).toContain(ugStrings.back);
  expect(nav.backRight).toBeGreaterThan(nav.width * 0.8);
  expect(nav.exitRight).toBeLessThan(nav.width * 0.5);
}

describe('a terminal offering Uyghur', () => {
  const kiosk = kioskUnderTest(terminalOfferingUyghur);

  it('switches to ئۇيغۇرچە on attract and stays right to left, in the Uyghur font, through home, a guide, identification, the form, the receipt and the rating', async () => {
    const { bridge, browser } = kiosk;
    await api(bridge.url, 'DELETE', '/sim/id-card');
    const page = await openKiosk(browser, bridge.url);
    await waitForHeading(page, '政务服务自助终端');

    // The chooser names every language in its own script, as ≥ 15 mm buttons.
    // (It lists the terminal's languages once the bridge's hello has arrived.)
    await page.waitForSelector('.language-switch button[data-lang="ug"]');
    const choices = await page.$$eval('.language-switch button', (bs) => bs.map((b) => ({ text: b.textContent, lang: b.lang, pressed: b.getAttribute('aria-pressed') })));
    expect(choices).toEqual([
      { text: '中文', lang: 'zh-CN', pressed: 'true' },
      { text: 'English', lang: 'en', pressed: 'false' },
      { text: 'ئۇيغۇرچە', lang: 'ug-Arab-CN', pressed: 'false' },
    ]);
    await expectUyghurFont(page, '.language-switch button[data-lang="ug"]');

    await tap(page, 'ئۇيغۇرچە');
    await waitForHeading(page, ugStrings.appTitle);
    await expectUyghurPage(page);
    await expectUyghurFont(page, 'main h1');
    await expectAccessible(page, 'attract in Uyghur');
    await shot(page, '40-attract-uyghur.png');

    await tap(page, ugStrings.start);
    await waitForHeading(page, ugStrings.homeTitle);
    await expectUyghurPage(page);
    await expectMirroredNavbar(page);
    await expectUyghurFont(page, 'main h1');
    // The home page's layout mirrors: the browse tabs start at the right edge.
    const tabs = await page.evaluate(() => {
      const first = document.querySelector<HTMLElement>('.tabs .btn')!.getBoundingClientRect();
      const last = [...document.querySelectorAll<HTMLElement>('.tabs .btn')].at(-1)!.getBoundingClientRect();
      return { firstLeft: first.left, lastLeft: last.left };
    });
    expect(tabs.firstLeft).toBeGreaterThan(tabs.lastLeft);
    // Catalog names have no Uyghur: shown in Chinese, marked as Chinese, left to right.
    const fallback = await page.$$eval('.tile-title [lang]', (els) => els.map((e) => ({ lang: e.getAttribute('lang'), dir: e.getAttribute('dir'), text: e.textContent })));
    expect(fallback.length).toBeGreaterThan(3);
    for (const f of fallback) expect(f).toMatchObject({ lang: 'zh-CN', dir: 'ltr' });
    expect(fallback.map((f) => f.text)).toContain('新生儿出生一件事');
    expect(await page.$eval('.topbar .terminal-name [lang]', (el) => [el.getAttribute('lang'), el.getAttribute('dir')])).toEqual(['zh-CN', 'ltr']);
    await expectAccessible(page, 'home in Uyghur');
    await shot(page, '41-home-uyghur.png');
    await expectNoFallbackFonts(page);

    // Elder mode in Uyghur: bigger type and targets, the top bar still fits, axe still passes.
    await tap(page, ugStrings.elderMode, '.topbar button');
    await page.waitForFunction(() => document.documentElement.dataset.elder === 'true');
    const topbar = await page.$eval('.topbar', (el) => {
      const name = el.querySelector('.terminal-name')!;
      return { scroll: el.scrollWidth, client: el.clientWidth, nameWidth: name.getBoundingClientRect().width, fontSize: parseFloat(getComputedStyle(name).fontSize) };
    });
    expect(topbar.scroll).toBeLessThanOrEqual(topbar.client);
    // The terminal's name keeps room for a line of text, not a column of single characters.
    expect(topbar.nameWidth).toBeGreaterThan(5 * topbar.fontSize);
    await expectAccessible(page, 'home in Uyghur, elder mode');
    await shot(page, '45-home-uyghur-elder.png');
    // The elder toggle says it is on (✓ …) and is pressed; touching it again turns elder mode off.
    await tap(page, ugStrings.elderModeOn, '.topbar button[aria-pressed="true"]');
    await page.waitForFunction(() => document.documentElement.dataset.elder === 'false');

    await tap(page, '新生儿出生一件事', '.tile');
    await waitForHeading(page, '新生儿出生一件事');
    await expectUyghurPage(page);
    await expectMirroredNavbar(page);
    const guide = await page.evaluate(() => document.body.innerText);
    for (const label of [ugStrings.bundleItems, ugStrings.apply]) expect(guide).toContain(label);
    expect(await page.$eval('main h1 [lang]', (el) => el.getAttribute('lang'))).toBe('zh-CN');
    await expectUyghurFont(page, '.guide dt');
    await expectAccessible(page, 'guide in Uyghur');
    await expectNoFallbackFonts(page);
    await shot(page, '42-guide-uyghur.png');

    await tap(page, ugStrings.apply);
    if (await bundleHasQuestions(bridge.url, 'newborn')) {
      await waitForHeading(page, ugCatalogStrings.questionsTitle);
      await expectUyghurPage(page);
      await expectAccessible(page, 'questions in Uyghur');
      for (const group of await page.$$('[role="radiogroup"]')) await (await group.$('[role="radio"]'))!.click();
      await page.waitForSelector('button.btn-huge:not([disabled])');
      await tap(page, ugStrings.next);
    }
    await waitForHeading(page, ugStrings.identifyTitle);
    await expectUyghurPage(page);
    await expectMirroredNavbar(page);
    await expectUyghurFont(page, 'main h1');
    await expectAccessible(page, 'identify in Uyghur');
    await shot(page, '43-identify-uyghur.png');

    expect((await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' })).status).toBe(200);
    await waitForHeading(page, ugStrings.faceTitle);
    await page.waitForSelector(`button:not([disabled])::-p-text(${ugStrings.capture})`, { timeout: 15_000 });
    await expectUyghurPage(page);
    await expectAccessible(page, 'face in Uyghur');
    await tap(page, ugStrings.capture);
    await waitForHeading(page, ugStrings.chooseTitle);
    await expectAccessible(page, 'choose items in Uyghur');
    await tap(page, ugStrings.next);
    await waitForHeading(page, ugStrings.formTitle);
    await expectUyghurPage(page);
    // The ID number stays left to right inside the right-to-left form (masked: 按住查看 shows it).
    const idField = await page.$eval('[data-field="applicant.idNumber"] bdi', (el) => ({ value: el.textContent ?? '', direction: getComputedStyle(el).direction }));
    expect(idField.direction).toBe('ltr');
    expect(idField.value).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    await expectAccessible(page, 'form in Uyghur');
    // Validation messages come from core in {zh, en}: shown in Chinese, marked as Chinese.
    await tap(page, ugStrings.next, 'button[type=submit]');
    await page.waitForSelector('.field .error');
    const errors = await page.$$eval('.field .error', (els) => els.map((e) => ({ lang: e.getAttribute('lang'), dir: e.getAttribute('dir'), text: e.textContent ?? '' })));
    for (const e of errors) expect(e).toMatchObject({ lang: 'zh-CN', dir: 'ltr' });
    expect(errors.every((e) => e.text.length > 0 && !e.text.includes('undefined'))).toBe(true);
    await expectAccessible(page, 'form with errors in Uyghur');
    await shot(page, '44-form-uyghur.png');

    // On to the receipt and the rating, in Uyghur (catalog options stay Chinese).
    await fillField(page, 'child.name', '张小满', newCount());
    await tap(page, '母亲');
    await tap(page, '随母落户');
    await tap(page, ugStrings.next, 'button[type=submit]');
    await waitForHeading(page, ugCatalogStrings.materialsTitle);
    await expectUyghurPage(page);
    await expectAccessible(page, 'materials in Uyghur');
    await tap(page, ugStrings.next, 'button.btn-huge');
    await waitForHeading(page, ugStrings.reviewTitle);
    await expectUyghurPage(page);
    await expectAccessible(page, 'review in Uyghur');
    await tap(page, ugStrings.submit);
    await waitForHeading(page, ugStrings.receiptTitle, 20_000);
    await expectUyghurPage(page);
    // The acceptance number is an isolated left-to-right run inside the right-to-left page.
    const number = await page.$eval('[data-testid="acceptance-number"] bdi', (el) => ({ dir: el.getAttribute('dir'), text: el.textContent ?? '' }));
    expect(number.dir).toBe('ltr');
    expect(number.text).toMatch(/^SL\d{8}/);
    await expectAccessible(page, 'receipt in Uyghur');
    await shot(page, '46-receipt-uyghur.png');
    await tap(page, ugStrings.next);
    await waitForHeading(page, ugStrings.rateTitle);
    await tap(page, ugStrings.rateLevels[0]!);
    await tap(page, ugReasons['设备故障']!);
    await expectUyghurPage(page);
    await expectAccessible(page, 'rating in Uyghur');
    await tap(page, ugStrings.rateSubmit);
    await waitForHeading(page, ugStrings.doneTitle);
    await expectAccessible(page, 'done in Uyghur');

    // The session ends: the next citizen starts in the terminal's first language, left to right.
    await tap(page, ugStrings.finish);
    await waitForHeading(page, '政务服务自助终端');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN' && document.documentElement.dir === 'ltr');
    await page.close();
  });

  it('has, in the regular and bold Uyghur font Chromium picks, a glyph for every Arabic-script character of the Uyghur UI text', () => {
    const texts: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') texts.push(v);
      else if (typeof v === 'function') texts.push(String((v as (...a: unknown[]) => unknown)(...Array.from({ length: v.length }, () => 2))));
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect([ugStrings, ugCatalogStrings, ugProgressStrings, ugReasons, ugStages, 'ئۇيغۇرچە']);
    const codePoints = [...new Set([...texts.join('')].map((c) => c.codePointAt(0)!))].filter((cp) => cp >= 0x0600 && cp <= 0x06ff);
    // The Uyghur letters the brief names are among them.
    for (const ch of 'ېۆۈئھ') expect(codePoints).toContain(ch.codePointAt(0));
    for (const style of ['', ':bold']) {
      // The file fontconfig (and so Chromium) resolves the family to.
      const file = execFileSync('fc-match', ['-f', '%{file}', `${UYGHUR_FONT}${style}`], { encoding: 'utf8' });
      expect(file).toMatch(/NotoSansArabicUI-(Regular|Bold)\.ttf$/);
      const font = fontkit.openSync(file) as unknown as { hasGlyphForCodePoint(cp: number): boolean };
      const missing = codePoints.filter((cp) => !font.hasGlyphForCodePoint(cp)).map((cp) => `U+${cp.toString(16).toUpperCase()} ${String.fromCodePoint(cp)}`);
      expect(missing, file).toEqual([]);
    }
  });
});
