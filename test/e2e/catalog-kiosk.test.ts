/**
 * The catalog on the kiosk, end to end in Debian's Chromium against the real bridge process:
 * search by pinyin initials on the on-screen keyboard finds a bundle; its full guide is printed on
 * the (simulated) receipt printer and offered as a QR code; then an enterprise bundle (企业开办) is
 * done from scenario questions through items, the merged form, the materials with the guided photo
 * step (Chromium's fake camera), review and submit, to the printed receipt. axe-core on every new
 * screen.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';
import { api, startBridge, type RunningBridge } from '../support/bridge-process';
import { showBridgeLogOnFailure } from '../support/bridge-log';
import { launchBrowser, openKiosk, exitSession, tap, waitForHeading } from '../support/browser';
import { expectAccessible } from '../support/accessible';
import { fillEmptyFields, newCount } from '../support/on-screen-input';
import { readCommitment } from '../support/catalog-steps';

interface Job {
  id: number;
  text: string;
  complete: boolean;
  qrCodes: string[];
}

const liveTracks = (page: Page) => page.evaluate(() => (window as unknown as { __kiosk: { liveCameraTracks(): number } }).__kiosk.liveCameraTracks());
const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);

/** Types on the on-screen keyboard, key by key, as a citizen would. */
async function typeOnScreen(page: Page, letters: string) {
  for (const k of letters) await tap(page, k, '.keyboard .key');
}

/** Values for the enterprise fields a citizen types; anything else gets a plain text. */
const enterpriseValues: Record<string, string> = {
  'enterprise.name': '和平小馆餐饮有限公司',
  'enterprise.address': '天津市|和平区|南营门街道|100号',
  'enterprise.registeredCapital': '100',
  'enterprise.businessScope': '餐饮服务',
  'enterprise.legalRepresentative': '王芳',
  'enterprise.staffCount': '8',
  'applicant.phone': '13812345678',
  'enterprise.creditCode': '91440101MA59ABCD0X',
  'store.area': '120',
  'sign.content': '和平小馆',
};

/**
 * A printed page as Chromium's fake camera sees it: black text on white, drawn on a canvas in the
 * browser and saved as an MJPEG file (concatenated JPEG frames) for --use-file-for-fake-video-capture.
 */
async function documentVideo(browser: Browser, dir: string): Promise<string> {
  const page = await browser.newPage();
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 640;
    c.height = 480;
    const g = c.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#111';
    g.font = 'bold 34px sans-serif';
    g.fillText('ARTICLES OF ASSOCIATION', 80, 80);
    g.font = '20px sans-serif';
    for (let i = 0; i < 14; i++) g.fillText(`Article ${i + 1}. The company shall keep its seal and books.`, 60, 130 + i * 24);
    return c.toDataURL('image/jpeg', 0.92);
  });
  await page.close();
  const jpeg = Buffer.from(dataUrl.split(',')[1]!, 'base64');
  const file = join(dir, 'document.mjpeg');
  writeFileSync(file, Buffer.concat([jpeg, jpeg, jpeg]));
  return file;
}

describe('the catalog at the terminal', () => {
  let bridge: RunningBridge;
  showBridgeLogOnFailure(() => bridge);
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let docBrowser: Browser;
  let closeDocBrowser: () => Promise<void>;
  const tmp = mkdtempSync(join(tmpdir(), 'kiosk-doc-'));

  beforeAll(async () => {
    bridge = await startBridge();
    ({ browser, close: closeBrowser } = await launchBrowser());
    // A second browser whose camera films a printed page (the document camera over a material).
    const video = await documentVideo(browser, tmp);
    ({ browser: docBrowser, close: closeDocBrowser } = await launchBrowser({ args: [`--use-file-for-fake-video-capture=${video}`] }));
  });
  afterAll(async () => {
    await closeDocBrowser?.();
    await closeBrowser?.();
    await bridge?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('finds a bundle by pinyin initials on the on-screen keyboard, shows its full guide, prints it and offers it as a QR code', async () => {
    await api(bridge.url, 'DELETE', '/sim/printer/jobs');
    const page = await openKiosk(browser, bridge.url);
    await waitForHeading(page, '政务服务自助终端');
    await tap(page, '开始办理');
    await waitForHeading(page, '请选择要办理的事项');
    // Browse by life stage: a pictogram tile per stage.
    expect(await page.$$eval('.stage-tile svg', (els) => els.length)).toBeGreaterThan(3);
    await expectAccessible(page, 'home');

    await typeOnScreen(page, 'qykb');
    expect(await page.$eval('#search-input', (el) => (el as HTMLInputElement).value)).toBe('qykb');
    await page.waitForSelector('.tile[data-kind="bundle"]::-p-text(企业开办一件事)');
    const first = await page.$eval('.tile', (el) => el.textContent);
    expect(first).toContain('企业开办一件事');
    await expectAccessible(page, 'search results');

    // One typo still finds it (the last letter wrong), and the delete key works.
    await tap(page, '删除', '.keyboard .key');
    await typeOnScreen(page, 'v');
    await page.waitForSelector('.tile::-p-text(企业开办一件事)');
    await tap(page, '清空', '.keyboard .key');
    await page.waitForFunction(() => !document.querySelector('#results-title'));

    await typeOnScreen(page, 'qykb');
    await tap(page, '企业开办一件事', '.tile');
    await waitForHeading(page, '企业开办一件事');
    const guide = await bodyText(page);
    for (const element of ['包含事项', '牵头部门', '受理条件', '所需材料', '企业设立登记']) expect(guide).toContain(element);
    await expectAccessible(page, 'bundle guide');

    // The QR code on screen carries the guide's address (decoded from a screenshot).
    const qr = await page.$('.guide-actions .qr');
    const png = PNG.sync.read(Buffer.from(await qr!.screenshot()));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe('https://zwfw.example.gov.cn/guide?bundle=enterprise-start');

    await tap(page, '打印办事指南');
    await page.waitForFunction(() => document.body.innerText.includes('办事指南已打印'), { timeout: 20_000 });
    const { body } = await api<{ jobs: Job[] }>(bridge.url, 'GET', '/sim/printer/jobs');
    expect(body.jobs).toHaveLength(1);
    expect(body.jobs[0]!.complete).toBe(true);
    expect(body.jobs[0]!.text).toContain('办事指南');
    expect(body.jobs[0]!.text).toContain('企业设立登记');
    expect(body.jobs[0]!.qrCodes).toEqual(['https://zwfw.example.gov.cn/guide?bundle=enterprise-start']);

    // An item's guide, found by its initials as a single item: every element, no login.
    await tap(page, '首页');
    await waitForHeading(page, '请选择要办理的事项');
    await tap(page, '清空', '.keyboard .key');
    await typeOnScreen(page, 'qysldj');
    await tap(page, '企业设立登记', '.tile[data-kind="item"]');
    await waitForHeading(page, '企业设立登记');
    const item = await bodyText(page);
    for (const element of ['设定依据', '受理条件', '申请材料', '办理流程', '办理时限', '收费标准', '办理结果', '办理地点', '办公时间', '咨询 / 投诉电话', '事项类型', '到现场次数']) expect(item).toContain(element);
    expect(item).toContain('440000-SC-0701');
    await expectAccessible(page, 'item guide');
    // The same guide in English passes too.
    await tap(page, 'English');
    await page.waitForFunction(() => document.documentElement.lang === 'en' && document.body.innerText.includes('Legal basis'));
    await expectAccessible(page, 'item guide in English');
    await tap(page, '中文');
    await exitSession(page);
    await waitForHeading(page, '政务服务自助终端');
    await page.close();
  });

  it('completes 开办餐饮店 (an enterprise bundle) from the scenario questions to the printed receipt, photographing the paper materials', async () => {
    await api(bridge.url, 'DELETE', '/sim/printer/jobs');
    await api(bridge.url, 'DELETE', '/sim/id-card');
    const page = await openKiosk(docBrowser, bridge.url);
    await waitForHeading(page, '政务服务自助终端');
    await tap(page, '开始办理');
    await waitForHeading(page, '请选择要办理的事项');
    await typeOnScreen(page, 'kbcyd');
    await tap(page, '开办餐饮店一件事', '.tile');
    await waitForHeading(page, '开办餐饮店一件事');
    // An illustrative composition says so, and is never presented as law.
    expect(await page.$eval('[data-testid="illustrative"]', (el) => el.textContent)).toContain('示意性组合，非法定依据');
    await tap(page, '申请办理');

    // 情形: three questions; 下一步 only once all are answered.
    await waitForHeading(page, '请回答几个问题');
    const groups = await page.$$('[role="radiogroup"]');
    expect(groups).toHaveLength(3);
    expect(await page.$('button.btn-huge[disabled]')).not.toBeNull();
    await expectAccessible(page, 'questions');
    for (const g of groups) await (await g.$('[role="radio"]'))!.click();
    await page.waitForSelector('button.btn-huge:not([disabled])');
    await expectAccessible(page, 'questions answered');
    await tap(page, '下一步');

    await waitForHeading(page, '身份核验');
    expect((await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' })).status).toBe(200);
    await waitForHeading(page, '人脸核验');
    await page.waitForSelector('button:not([disabled])::-p-text(拍照核验)', { timeout: 15_000 });
    await tap(page, '拍照核验');
    await waitForHeading(page, '选择要办理的事项');
    await tap(page, '下一步');
    await waitForHeading(page, '填写申请表');

    // The citizen types only what is theirs; select fields take their first option.
    await fillEmptyFields(page, enterpriseValues, newCount(), '示例');
    for (const fs of await page.$$('form fieldset')) {
      if (!(await fs.$('button[aria-pressed="true"]'))) await (await fs.$('button'))!.click();
    }
    await tap(page, '下一步', 'button[type=submit]');

    await waitForHeading(page, '申请材料（一套材料）');
    await expectAccessible(page, 'materials');
    const rows = await page.$$eval('.material-row', (els) => els.length);
    expect(rows).toBeGreaterThan(0);
    // 告知承诺 where the item allows it: that material is then neither brought nor photographed.
    const before = await page.$$eval('.material-row button', (els) => els.filter((b) => b.textContent === '拍照').length);
    await page.locator('[role="radio"]::-p-text(告知承诺)').click();
    await page.waitForSelector('[role="radio"][aria-checked="true"]::-p-text(告知承诺)');
    await expectAccessible(page, 'materials with a commitment');
    const committedRow = await page.$$eval('[role="radio"][aria-checked="true"]', (els) => {
      const row = els.find((el) => el.textContent === '告知承诺')!.closest('.material-row')!;
      return { hasCamera: [...row.querySelectorAll('button')].some((b) => b.textContent === '拍照'), material: row.getAttribute('data-material') };
    });
    expect(committedRow.hasCamera).toBe(false);
    expect(await page.$$eval('.material-row button', (els) => els.filter((b) => b.textContent === '拍照').length)).toBeLessThanOrEqual(before);
    const toPhotograph = await page.$$eval('.material-row button', (els) => els.filter((b) => b.textContent === '拍照').length);
    expect(toPhotograph).toBeGreaterThan(0);

    // The guided step: one material at a time, frame guide, legibility check, retake.
    await tap(page, '开始逐项拍照');
    for (let n = 0; n < toPhotograph; n++) {
      await waitForHeading(page, '拍摄材料');
      await page.waitForSelector('.document-guide');
      await page.waitForSelector('button:not([disabled])::-p-text(拍照)', { timeout: 15_000 });
      expect(await liveTracks(page)).toBeGreaterThan(0);
      if (n === 0) await expectAccessible(page, 'material camera');
      await page.locator('button.btn-huge::-p-text(拍照)').click();
      await page.waitForSelector('[data-testid="legibility"]');
      if (n === 0) {
        await expectAccessible(page, 'material photo check');
        // Retake, then keep the second shot.
        await tap(page, '重拍');
        await page.waitForSelector('button:not([disabled])::-p-text(拍照)');
        await page.locator('button.btn-huge::-p-text(拍照)').click();
        await page.waitForSelector('[data-testid="legibility"]');
      }
      // A printed page in the frame is legible.
      expect(await page.$eval('[data-testid="legibility"]', (el) => [el.getAttribute('data-ok'), el.textContent])).toEqual(['true', '照片清晰，可以使用']);
      await tap(page, '使用此照片');
    }
    await waitForHeading(page, '申请材料（一套材料）');
    expect(await liveTracks(page)).toBe(0);
    expect(await page.$$eval('.material-row img', (els) => els.length)).toBe(toPhotograph);
    await tap(page, '下一步', 'button.btn-huge');

    await waitForHeading(page, '确认申请信息');
    expect(await bodyText(page)).toContain(`已拍照上传 ${toPhotograph} 项材料`);
    // The 告知承诺 is signed on screen before submitting (issue 5).
    expect(await page.$eval('button.btn-huge::-p-text(确认提交)', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(await readCommitment(page)).toContain('本人承诺');
    await page.$eval('[data-testid="signature-pad"]', (el) => el.scrollIntoView({ block: 'center' }));
    const pad = (await (await page.$('[data-testid="signature-pad"]'))!.boundingBox())!;
    await page.mouse.move(pad.x + 40, pad.y + pad.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(pad.x + 40 + i * 40, pad.y + pad.height / 2 + (i % 2 ? -25 : 25));
    await page.mouse.up();
    await page.waitForFunction(() => document.body.innerText.includes('已签名'));
    await tap(page, '确认提交');
    await waitForHeading(page, '已受理', 20_000);
    const acceptanceNumber = await page.$eval('[data-testid="acceptance-number"]', (el) => el.textContent!.trim());
    await page.waitForFunction(() => document.body.innerText.includes('受理凭证已打印'), { timeout: 20_000 });
    const { body } = await api<{ jobs: Job[] }>(bridge.url, 'GET', '/sim/printer/jobs');
    const receipt = body.jobs.find((j) => j.text.includes(acceptanceNumber))!;
    expect(receipt.complete).toBe(true);
    expect(receipt.text).toContain('开办餐饮店一件事');
    expect(receipt.text).toContain('食品经营许可');

    // Photos never left the session: not in the bridge's output, and gone from the page after exit.
    expect(bridge.output()).not.toContain('data:image/jpeg');
    await exitSession(page);
    await waitForHeading(page, '政务服务自助终端');
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    expect(html).not.toContain('data:image/jpeg');
    expect(html).not.toContain(identityPresets.resident.idNumber);
    await page.close();
  });
});
