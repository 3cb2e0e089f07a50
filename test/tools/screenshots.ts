/**
 * `npm run screenshots`: walks a citizen through 新生儿出生一件事 in headless Chromium against the real
 * bridge and saves a PNG of each main screen under docs/screenshots/ (shown in README.md).
 * The identity used is a simulator preset (fictional); no real person's data is ever captured.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { api, root, startBridge } from '../support/bridge-process';
import { launchBrowser, openKiosk, tap, waitForHeading } from '../support/browser';

const outDir = resolve(root, 'docs/screenshots');
const only = process.argv.slice(2);

async function shot(page: Page, name: string) {
  if (only.length && !only.includes(name)) return;
  await page.evaluate(() => document.fonts.ready);
  await new Promise((r) => setTimeout(r, 150));
  await page.screenshot({ path: resolve(outDir, `${name}.png`) as `${string}.png` });
  console.log(`docs/screenshots/${name}.png`);
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const bridge = await startBridge({ KIOSK_DEV_DOCK: '0' });
  const { browser, close } = await launchBrowser();
  try {
    const page = await openKiosk(browser, bridge.url);
    await waitForHeading(page, '政务服务自助终端');
    await shot(page, '01-attract');
    await tap(page, '开始办理');
    await waitForHeading(page, '请选择要办理的事项');
    await shot(page, '02-home');
    await tap(page, '新生儿出生一件事', '.tile');
    await waitForHeading(page, '新生儿出生一件事');
    await shot(page, '03-guide');
    await tap(page, '申请办理');
    await waitForHeading(page, '身份核验');
    await shot(page, '04-identify');
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' });
    await waitForHeading(page, '人脸核验');
    await page.waitForSelector('button:not([disabled])::-p-text(拍照核验)');
    await shot(page, '05-face');
    await tap(page, '拍照核验');
    await waitForHeading(page, '选择要办理的事项');
    await shot(page, '06-choose-items');
    await tap(page, '下一步');
    await waitForHeading(page, '填写申请表');
    await page.locator('input[name="child.name"]').fill('张小满');
    await tap(page, '母亲');
    await tap(page, '随母落户');
    await shot(page, '07-form');
    await tap(page, '下一步', 'button[type=submit]');
    await waitForHeading(page, '确认申请信息');
    await shot(page, '08-review');
    await tap(page, '确认提交');
    await waitForHeading(page, '已受理', 20_000);
    await shot(page, '09-receipt');
    const { body } = await api<{ jobs: { id: number }[] }>(bridge.url, 'GET', '/sim/printer/jobs');
    const last = body.jobs.at(-1);
    if (last && (!only.length || only.includes('10-printed-receipt'))) {
      const svg = await fetch(new URL(`/sim/printer/jobs/${last.id}.svg`, bridge.url)).then((r) => r.text());
      const receiptPage = await browser.newPage();
      await receiptPage.setViewport({ width: 640, height: 1200 });
      await receiptPage.setContent(`<body style="margin:0;background:#ddd;display:flex;justify-content:center">${svg}</body>`);
      const el = await receiptPage.$('svg');
      await el!.screenshot({ path: resolve(outDir, '10-printed-receipt.png') as `${string}.png` });
      console.log('docs/screenshots/10-printed-receipt.png');
      await receiptPage.close();
    }
    await tap(page, '下一步');
    await waitForHeading(page, '请对本次服务进行评价');
    await tap(page, '不满意');
    await tap(page, '等待时间过长');
    await shot(page, '11-rating');
    await tap(page, '提交评价');
    await waitForHeading(page, '办理完成');
    await shot(page, '12-done');
    await tap(page, '完成');
    await waitForHeading(page, '政务服务自助终端');
    // The attract screen in elder mode and in English.
    await tap(page, '长辈版');
    await waitForHeading(page, '请选择要办理的事项');
    await shot(page, '13-home-elder');
    await tap(page, '退出');
    await waitForHeading(page, '政务服务自助终端');
    await tap(page, 'English');
    await waitForHeading(page, 'Government Self-Service Terminal');
    await shot(page, '14-attract-english');
  } finally {
    await close();
    await bridge.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
