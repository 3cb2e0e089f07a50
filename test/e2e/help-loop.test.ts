/**
 * 帮办 that closes the loop, in Chromium with the staff page /hall in a second tab:
 * - one open call per session; the citizen can cancel it (取消呼叫) and call again;
 * - staff's 已处理 at /hall reaches the kiosk at once, without a touch on the kiosk;
 * - 退出 withdraws an open call: the hall sees it withdrawn, nobody walks to an empty terminal.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { a11yStrings } from '../../kiosk/src/i18n-a11y';
import { expectAccessible } from '../support/accessible';
import { root } from '../support/bridge-process';
import { openKiosk, tap, waitForHeading } from '../support/browser';
import { kioskUnderTest } from '../support/kiosk-under-test';
import { press } from '../support/main-screens';

const zh = a11yStrings.zh;
const helpNotice = (page: Page) => page.evaluate(() => document.querySelector('main .help-status')?.textContent ?? null);

async function hallLogin(browser: Browser, url: string): Promise<Page> {
  const staff = await browser.newPage();
  await staff.goto(new URL('/hall', url).href);
  await staff.type('#name', 'clerk');
  await staff.type('#password', 'window-3 password');
  await Promise.all([staff.waitForNavigation(), staff.click('button[type=submit]')]);
  return staff;
}

describe('帮办 help calls that close the loop', () => {
  const kiosk = kioskUnderTest(async () => {
    const { hashSecret } = await import('../../device-bridge/src/auth/staff-auth');
    return { KIOSK_DEV_DOCK: '0', KIOSK_HALL_USER: `clerk:${await hashSecret('window-3 password')}` };
  });

  it('one call, cancellable; 已处理 pushed to the kiosk; 退出 withdraws the open call', async () => {
    const { bridge, browser } = kiosk;
    const page = await openKiosk(browser, bridge.url);
    await waitForHeading(page, '政务服务自助终端');
    await tap(page, '开始办理');
    await waitForHeading(page, '请选择要办理的事项');

    await press(page, 'nav button.help-button');
    await page.waitForFunction((t) => document.querySelector('main .help-status')?.textContent?.includes(t), { timeout: 10_000 }, zh.helpComing);
    // The button says the call is placed and cannot place a second one.
    expect(await page.$eval('nav button.help-button', (b) => [(b as HTMLButtonElement).disabled, b.textContent])).toEqual([true, `✓ ${zh.helpCalledButton}`]);
    await expectAccessible(page, 'home with an open help call');
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: resolve(root, 'docs/screenshots/60-help-called.png') as `${string}.png` });

    await press(page, 'main .help-status button', zh.helpCancel);
    await page.waitForFunction(() => !document.querySelector('main .help-status'), { timeout: 10_000 });
    expect(await page.$eval('nav button.help-button', (b) => (b as HTMLButtonElement).disabled)).toBe(false);

    // Call again; staff mark it handled at /hall; the kiosk hears it with nobody touching it.
    await press(page, 'nav button.help-button');
    await page.waitForFunction((t) => document.querySelector('main .help-status')?.textContent?.includes(t), { timeout: 10_000 }, zh.helpComing);
    const staff = await hallLogin(browser, bridge.url);
    await staff.waitForFunction(() => document.body.innerText.includes('标记已处理'), { timeout: 10_000 });
    await Promise.all([staff.waitForNavigation(), staff.click('button::-p-text(标记已处理)')]);
    // The kiosk tab in front again (a background tab gets no animation frames to wait on).
    await page.bringToFront();
    await page.waitForFunction((t) => document.querySelector('main .help-status')?.textContent?.includes(t), { timeout: 10_000 }, zh.helpHandled);
    await expectAccessible(page, 'home after staff handled the call');
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: resolve(root, 'docs/screenshots/61-help-handled.png') as `${string}.png` });
    expect(await page.$eval('nav button.help-button', (b) => (b as HTMLButtonElement).disabled)).toBe(false);

    // A third call, then 退出: the hall's list shows it withdrawn (no 标记已处理 button for it).
    await press(page, 'nav button.help-button');
    await page.waitForFunction((t) => document.querySelector('main .help-status')?.textContent?.includes(t), { timeout: 10_000 }, zh.helpComing);
    await staff.reload();
    expect(await staff.evaluate(() => document.body.innerText)).toContain('标记已处理');
    await page.bringToFront();
    await tap(page, '退出');
    await waitForHeading(page, '政务服务自助终端');
    expect(await helpNotice(page)).toBeNull();
    for (let i = 0; i < 50; i++) {
      await staff.reload();
      if (!(await staff.evaluate(() => document.body.innerText.includes('标记已处理')))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const hall = await staff.evaluate(() => document.body.innerText);
    expect(hall).not.toContain('标记已处理');
    expect(hall).toContain('已撤回');
    await staff.close();
    await page.close();
  });
});
