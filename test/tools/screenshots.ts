/**
 * `npm run screenshots`: walks a citizen through 新生儿出生一件事 in headless Chromium against the real
 * bridge and saves a PNG of each main screen under docs/screenshots/ (shown in README.md).
 * The identity used is a simulator preset (fictional); no real person's data is ever captured.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { api, root, startBridge } from '../support/bridge-process';
import { launchBrowser, openKiosk, exitSession, tap, waitForHeading } from '../support/browser';
import { answerFirstOptions, bundleHasQuestions, MATERIALS_HEADING, QUESTIONS_HEADING, skipMaterials } from '../support/catalog-steps';
import { applyVariant, MAIN_SCREENS, walkMainScreens, type Variant } from '../support/main-screens';
import { fillEmptyFields, fillField, newCount } from '../support/on-screen-input';

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
    // `npm run screenshots -- layouts [default elder …]`: only the layouts of issue 7.
    if (only.includes('layouts')) return await layoutScreens(browser, bridge.url);
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
    if (await bundleHasQuestions(bridge.url, 'newborn')) await answerFirstOptions(page);
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
    await fillField(page, 'child.name', '张小满', newCount());
    await tap(page, '母亲');
    await tap(page, '随母落户');
    // The form from its top (filling the name scrolled the screen down to its editor).
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
    await shot(page, '07-form');
    await tap(page, '下一步', 'button[type=submit]');
    await skipMaterials(page);
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
    await exitSession(page);
    await waitForHeading(page, '政务服务自助终端');
    await tap(page, 'English');
    await waitForHeading(page, 'Government Self-Service Terminal');
    await shot(page, '14-attract-english');
    await tap(page, '中文');
    await waitForHeading(page, '政务服务自助终端');
    await catalogScreens(page, bridge.url, browser);
    await layoutScreens(browser, bridge.url);
  } finally {
    await close();
    await bridge.stop();
  }
}

/** The catalog screens: search by pinyin initials, the full guide and its printout, 情形, materials and the photo step. */
async function catalogScreens(page: Page, url: string, browser: Browser) {
  await tap(page, '开始办理');
  await waitForHeading(page, '请选择要办理的事项');
  for (const k of 'kbcyd') await tap(page, k, '.keyboard .key');
  await page.waitForSelector('.tile::-p-text(开办餐饮店一件事)');
  await shot(page, '15-search-initials');
  await tap(page, '开办餐饮店一件事', '.tile');
  await waitForHeading(page, '开办餐饮店一件事');
  await api(url, 'DELETE', '/sim/printer/jobs');
  await tap(page, '打印办事指南');
  await page.waitForFunction(() => document.body.innerText.includes('办事指南已打印'), { timeout: 20_000 });
  await shot(page, '16-guide-print-qr');
  const { body } = await api<{ jobs: { id: number }[] }>(url, 'GET', '/sim/printer/jobs');
  const job = body.jobs.at(-1);
  if (job && (!only.length || only.includes('17-printed-guide'))) {
    const svg = await fetch(new URL(`/sim/printer/jobs/${job.id}.svg`, url)).then((r) => r.text());
    const p = await browser.newPage();
    await p.setViewport({ width: 640, height: 1200 });
    await p.setContent(`<body style="margin:0;background:#ddd;display:flex;justify-content:center">${svg}</body>`);
    await (await p.$('svg'))!.screenshot({ path: resolve(outDir, '17-printed-guide.png') as `${string}.png` });
    console.log('docs/screenshots/17-printed-guide.png');
    await p.close();
  }
  await tap(page, '申请办理');
  if (await bundleHasQuestions(url, 'restaurant')) {
    await waitForHeading(page, QUESTIONS_HEADING);
    for (const group of await page.$$('[role="radiogroup"]')) await (await group.$('[role="radio"]'))!.click();
    await shot(page, '18-questions');
    await tap(page, '下一步');
  }
  await waitForHeading(page, '身份核验');
  await api(url, 'DELETE', '/sim/id-card');
  await api(url, 'POST', '/sim/id-card', { preset: 'resident' });
  await waitForHeading(page, '人脸核验');
  await page.waitForSelector('button:not([disabled])::-p-text(拍照核验)');
  await tap(page, '拍照核验');
  await waitForHeading(page, '选择要办理的事项');
  await tap(page, '下一步');
  await waitForHeading(page, '填写申请表');
  const values: Record<string, string> = {
    'enterprise.name': '和平小馆餐饮有限公司',
    'enterprise.address': '天津市|和平区|南营门街道|100号',
    'enterprise.registeredCapital': '100',
    'enterprise.businessScope': '餐饮服务',
    'enterprise.legalRepresentative': '王芳',
    'enterprise.staffCount': '8',
    'enterprise.creditCode': '91440101MA59ABCD0X',
    'store.area': '120',
    'sign.content': '和平小馆',
  };
  await fillEmptyFields(page, values, newCount());
  for (const fs of await page.$$('form fieldset')) if (!(await fs.$('button[aria-pressed="true"]'))) await (await fs.$('button'))!.click();
  await tap(page, '下一步', 'button[type=submit]');
  await waitForHeading(page, MATERIALS_HEADING);
  await shot(page, '19-materials');
  await tap(page, '开始逐项拍照');
  await waitForHeading(page, '拍摄材料');
  await page.waitForSelector('button:not([disabled])::-p-text(拍照)');
  await new Promise((r) => setTimeout(r, 500));
  await shot(page, '20-material-camera');
  await page.locator('button.btn-huge::-p-text(拍照)').click();
  await page.waitForSelector('[data-testid="legibility"]');
  await shot(page, '21-material-photo-check');
  const ok = await page.$eval('[data-testid="legibility"]', (el) => el.getAttribute('data-ok'));
  await tap(page, ok === 'true' ? '使用此照片' : '仍然使用');
  while (!(await page.$('h1::-p-text(申请材料（一套材料）)'))) {
    await page.waitForSelector('button:not([disabled])::-p-text(拍照)');
    await page.locator('button.btn-huge::-p-text(拍照)').click();
    await page.waitForSelector('[data-testid="legibility"]');
    const good = await page.$eval('[data-testid="legibility"]', (el) => el.getAttribute('data-ok'));
    await tap(page, good === 'true' ? '使用此照片' : '仍然使用');
    await page.waitForFunction(() => !document.querySelector('[data-testid="legibility"]') || document.querySelector('h1')?.textContent?.includes('申请材料'));
  }
  await shot(page, '22-materials-photographed');
  await exitSession(page);
  await waitForHeading(page, '政务服务自助终端');
}

/**
 * Each main screen in the layouts of issue 7 (docs/screenshots/layouts/): default, 长辈版, 低位
 * (wheelchair), and the two high-contrast themes on some screens. Half resolution (the layout is
 * still the 1080×1920 screen's) to keep the repository small.
 */
const LAYOUTS: (Variant & { screens?: readonly string[] })[] = [
  { name: 'default', lang: 'zh' },
  { name: 'elder', lang: 'zh', elder: true },
  { name: 'low-reach', lang: 'zh', reach: 'low' },
  { name: 'high-dark', lang: 'zh', contrast: 'high-dark', screens: ['attract', 'home', 'form'] },
  { name: 'high-light-largest', lang: 'zh', contrast: 'high-light', textSize: 3, screens: ['home', 'review'] },
  { name: 'elder-low-reach', lang: 'zh', elder: true, reach: 'low', screens: ['attract', 'home', 'form'] },
];

async function layoutScreens(browser: Browser, url: string) {
  const dir = resolve(outDir, 'layouts');
  mkdirSync(dir, { recursive: true });
  for (const layout of LAYOUTS) {
    const names = (layout.screens ?? MAIN_SCREENS).map((screen) => `${layout.name}-${MAIN_SCREENS.indexOf(screen as never) + 1}-${screen}`);
    const wanted = only.filter((o) => o !== 'layouts');
    if (wanted.length && !names.some((n) => wanted.includes(n)) && !wanted.includes(layout.name)) continue;
    const page = await browser.newPage();
    await page.setViewport({ width: 1080, height: 1920, deviceScaleFactor: 0.5 });
    await page.goto(url, { waitUntil: 'load' });
    await applyVariant(page, layout);
    await walkMainScreens(page, url, layout.lang, async (screen) => {
      if (screen === 'attract' && (layout.name === 'default' || layout.name === 'elder-low-reach')) {
        // The 无障碍设置 panel, one touch from the attract screen.
        await page.locator('.attract-actions button.a11y-open').click();
        await page.waitForSelector('[data-testid="a11y-panel"]');
        await new Promise((r) => setTimeout(r, 150));
        await page.screenshot({ path: resolve(dir, `${layout.name}-0-settings-panel.png`) as `${string}.png` });
        console.log(`docs/screenshots/layouts/${layout.name}-0-settings-panel.png`);
        await page.locator('.a11y-panel .a11y-footer .btn-primary').click();
        await page.waitForFunction(() => !document.querySelector('[data-testid="a11y-panel"]'));
      }
      if (!(MAIN_SCREENS as readonly string[]).includes(screen) || (layout.screens && !layout.screens.includes(screen))) return;
      const name = `${layout.name}-${MAIN_SCREENS.indexOf(screen as (typeof MAIN_SCREENS)[number]) + 1}-${screen}`;
      // The screen as it first appears (filling in the form scrolled it).
      await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
      await new Promise((r) => setTimeout(r, 150));
      await page.screenshot({ path: resolve(dir, `${name}.png`) as `${string}.png` });
      console.log(`docs/screenshots/layouts/${name}.png`);
    });
    await page.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
