/**
 * The first chunk holds what the attract screen needs; the rest are lazy chunks (ARCHITECTURE.md
 * "The first chunk and the lazy ones"). Checked on the built kiosk: the scripts index.html loads
 * carry neither the Uyghur tables, nor the home screen, nor voice guidance; a terminal whose default
 * language is Uyghur still opens in Uyghur (its tables fetched on demand), and the lazily loaded
 * home and guide screens work. No timing is asserted here: the sizes and times are the bench's.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ugStrings } from '../../kiosk/src/i18n-ug';
import { root } from '../support/bridge-process';
import { openKiosk, tap, waitForHeading } from '../support/browser';
import { editedTerminalConfig, kioskUnderTest } from '../support/kiosk-under-test';
import { initialAssets } from '../bench/size';

const dist = resolve(root, 'dist/kiosk');

describe('the first chunk', () => {
  it('holds no Uyghur table, no home screen and no voice guidance: those are fetched after the attract screen', () => {
    const { js } = initialAssets(readFileSync(resolve(dist, 'index.html'), 'utf8'));
    expect(js.length).toBeGreaterThan(0);
    const initial = js.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(initial).toContain('政务服务自助终端'); // the attract screen is there
    expect(initial).not.toContain(ugStrings.homeTitle); // the Uyghur tables are not
    expect(initial).not.toContain('search-input'); // nor the home screen (its search field)
    expect(initial).not.toContain('sayPrompts'); // nor voice guidance
  });
});

describe('a terminal whose default language is Uyghur', () => {
  const kiosk = kioskUnderTest(editedTerminalConfig((doc) => (doc.languages = ['ug', 'zh', 'en'])));

  it('opens in Uyghur, right to left, and its lazily loaded screens work', async () => {
    const page = await openKiosk(kiosk.browser, kiosk.bridge.url);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await waitForHeading(page, ugStrings.appTitle);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ug-Arab-CN', 'rtl']);
    await tap(page, ugStrings.start);
    await waitForHeading(page, ugStrings.homeTitle);
    await page.locator('.tile').setTimeout(15_000).click();
    await page.waitForFunction(() => document.querySelectorAll('main h1').length === 1 && !document.body.innerText.includes('…'), { timeout: 15_000 });
    // A reload fetches the chunks again from the first one: the Uyghur tables among them.
    requested.length = 0;
    await page.reload({ waitUntil: 'load' });
    await waitForHeading(page, ugStrings.appTitle);
    expect(requested.some((p) => /\/assets\/i18n-ug-[\w-]+\.js$/.test(p))).toBe(true);
    await page.close();
  });
});
