/**
 * `npx tsx test/tools/input-screenshots.ts`: the on-screen input (issue 7) in headless Chromium
 * against the real bridge — pinyin keyboard with candidates, numeric pad, date picker, address
 * picker — saved under docs/screenshots/ (default and elder mode). Simulator presets only.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { api, root, startBridge } from '../support/bridge-process';
import { launchBrowser, openKiosk, tap, waitForHeading } from '../support/browser';
import { answerFirstOptions, bundleHasQuestions, unmarriedCoupleToForm } from '../support/catalog-steps';
import { newCount, openField, pressKeyForShot, touch } from '../support/on-screen-input';

const pressRegionForShot = (page: Page, row: string, name: string) => touch(page, `${row} .region-grid .region::-p-text(${name})`);

const outDir = resolve(root, process.env.SHOTS_DIR ?? 'docs/screenshots');

async function shot(page: Page, name: string, selector?: string) {
  await page.evaluate(() => document.fonts.ready);
  await new Promise((r) => setTimeout(r, 200));
  // Scroll the screen's own scroller (as a finger would), never the page.
  if (selector)
    await page.$eval(selector, (el) => {
      const main = el.closest('.main')!;
      main.scrollTop += el.getBoundingClientRect().top - main.getBoundingClientRect().top - 8;
    });
  await page.screenshot({ path: resolve(outDir, `${name}.png`) as `${string}.png` });
  console.log(`${outDir}/${name}.png`);
}

async function toForm(page: Page, bridgeUrl: string, bundleTitle: string, code: string, preset: string, elder = false) {
  await waitForHeading(page, '政务服务自助终端');
  await tap(page, elder ? '长辈版' : '开始办理');
  await waitForHeading(page, '请选择要办理的事项');
  await tap(page, bundleTitle, '.tile');
  await waitForHeading(page, bundleTitle);
  await tap(page, '申请办理');
  if (await bundleHasQuestions(bridgeUrl, code)) await answerFirstOptions(page);
  await waitForHeading(page, '身份核验');
  await api(bridgeUrl, 'POST', '/sim/id-card', { preset });
  await waitForHeading(page, '人脸核验');
  await page.waitForSelector('button:not([disabled])::-p-text(拍照核验)', { timeout: 15_000 });
  await tap(page, '拍照核验');
  await waitForHeading(page, '选择要办理的事项');
  await tap(page, '下一步');
  await waitForHeading(page, '填写申请表');
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const bridge = await startBridge({ KIOSK_DEV_DOCK: '0' });
  const { browser, close } = await launchBrowser();
  const count = newCount();
  try {
    for (const elder of [false, true]) {
      const suffix = elder ? '-elder' : '';
      const page = await openKiosk(browser, bridge.url);
      await api(bridge.url, 'DELETE', '/sim/id-card');
      await toForm(page, bridge.url, '新生儿出生一件事', 'newborn', 'resident', elder);
      // The newborn's name: the parents' surnames on the bar, then pinyin with candidates.
      await openField(page, 'child.name', count);
      await shot(page, `50-input-surnames${suffix}`, '[data-field-row="child.name"]');
      await pressKeyForShot(page, '[data-field-row="child.name"] .ime', '张');
      for (const k of 'haoran') await pressKeyForShot(page, '[data-field-row="child.name"] .ime', k);
      await shot(page, `51-input-pinyin${suffix}`, '[data-field-row="child.name"]');
      // 长辈版 shows only what the citizen decides: the prefilled birth date and phone are not on its form.
      if (!elder) {
        await openField(page, 'child.birthDate', count);
        await shot(page, '52-input-date', '[data-field-row="child.birthDate"]');
        await openField(page, 'applicant.phone', count);
        await shot(page, '53-input-numpad', '[data-field-row="applicant.phone"]');
      }
      await page.close();
    }
    // The address picker: 企业开办's 住所 (enterprise-start bundle).
    const page = await openKiosk(browser, bridge.url);
    await api(bridge.url, 'DELETE', '/sim/id-card');
    await toForm(page, bridge.url, '企业开办一件事', 'enterprise-start', 'resident');
    const row = '[data-field-row="enterprise.address"]';
    await openField(page, 'enterprise.address', count);
    await shot(page, '54-input-address-province', row);
    await pressRegionForShot(page, row, '天津市');
    await page.waitForFunction((r) => document.querySelector(`${r} .ime-step`)?.textContent?.includes('区县'), {}, row);
    await shot(page, '55-input-address-district', row);
    await pressRegionForShot(page, row, '和平区');
    await page.waitForFunction((r) => document.querySelector(`${r} .ime-step`)?.textContent?.includes('街道'), {}, row);
    await shot(page, '56-input-address-street', row);
    await pressRegionForShot(page, row, '南营门街道');
    await page.waitForSelector(`${row} .numpad`);
    for (const k of ['1', '2', '8', '号', '3', '栋', '5', '0', '1', '室']) await pressKeyForShot(page, `${row} .ime`, k);
    await shot(page, '57-input-address-detail', row);
    await page.close();
    // Another person's card (结婚落户, not yet married): the offer, then waiting for the card.
    const p2 = await openKiosk(browser, bridge.url);
    await api(bridge.url, 'DELETE', '/sim/id-card');
    await unmarriedCoupleToForm(p2, bridge.url, 'rare-name');
    await touch(p2, '[data-key="other-card"]');
    await p2.waitForSelector('[data-other-card] [role="status"]');
    await shot(p2, '58-input-partner-card', '[data-other-card]');
    await p2.close();
  } finally {
    await close();
    await bridge.stop();
  }
}

await main();
