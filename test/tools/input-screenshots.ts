/**
 * `npx tsx test/tools/input-screenshots.ts`: the screens of issue 15's input and privacy work in
 * headless Chromium against the real bridge (real zinnia): handwriting in search, the card summary
 * with the masked ID number, a handwritten name in the form, the exit confirmation. Saved under
 * docs/screenshots/ (shown in README.md). The identity is a simulator preset (fictional).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { api, root, startBridge } from '../support/bridge-process';
import { launchBrowser, openKiosk, tap, waitForHeading } from '../support/browser';
import { answerFirstOptions, bundleHasQuestions } from '../support/catalog-steps';
import { writeOnPad } from '../support/handwriting-input';

const outDir = resolve(root, 'docs/screenshots');

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await new Promise((r) => setTimeout(r, 200));
  await page.screenshot({ path: resolve(outDir, `${name}.png`) as `${string}.png` });
  console.log(`docs/screenshots/${name}.png`);
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const bridge = await startBridge({ KIOSK_DEV_DOCK: '0' });
  const { browser, close } = await launchBrowser();
  try {
    const page = await openKiosk(browser, bridge.url);
    await api(bridge.url, 'DELETE', '/sim/id-card');
    await waitForHeading(page, '政务服务自助终端');
    await tap(page, '开始办理');
    await waitForHeading(page, '请选择要办理的事项');
    const kb = '[data-testid="search-keyboard"]';
    await page.locator(`${kb} [data-key="handwriting"]`).click();
    await writeOnPad(page, kb, '新');
    await page.waitForSelector(`${kb} [data-candidate="新"]`, { timeout: 15_000 });
    await page.$eval('[data-testid="search-keyboard"]', (el) => el.closest('search')?.scrollIntoView());
    await shot(page, '60-search-handwriting');
    await page.locator(`${kb} [data-candidate="新"]`).click();
    await page.locator(`${kb} [data-key="handwriting"]`).click();
    await tap(page, '新生儿出生一件事', '.tile');
    await tap(page, '申请办理');
    if (await bundleHasQuestions(bridge.url, 'newborn')) await answerFirstOptions(page);
    await waitForHeading(page, '身份核验');
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' });
    await waitForHeading(page, '人脸核验');
    await page.waitForSelector('[data-testid="card-summary"]');
    await shot(page, '61-face-masked-id');
    await page.waitForSelector('button:not([disabled])::-p-text(拍照核验)', { timeout: 15_000 });
    await tap(page, '拍照核验');
    await waitForHeading(page, '选择要办理的事项');
    await tap(page, '下一步');
    await waitForHeading(page, '填写申请表');
    const name = '[data-field-row="child.name"] .ime';
    await page.locator(`${name} [data-key="handwriting"]`).click();
    await writeOnPad(page, name, '王', 3);
    await page.locator(`${name} [data-candidate="王"]`).setTimeout(15_000).click();
    await writeOnPad(page, name, '明', 5);
    await page.waitForSelector(`${name} [data-candidate="明"]`, { timeout: 15_000 });
    await page.$eval('[data-field-row="child.name"]', (el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, '62-form-handwriting');
    await tap(page, '退出');
    await page.waitForSelector('[data-testid="exit-confirm"]');
    await shot(page, '63-exit-confirm');
    await page.locator('[data-testid="exit-confirm"] [data-key="leave"]').click();
  } finally {
    await close();
    await bridge.stop();
  }
}

await main();
