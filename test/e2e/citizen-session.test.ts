/**
 * End to end, as a citizen meets the terminal: the real bridge process (what `npm start` runs), the
 * built kiosk in Debian's Chromium, devices driven through the simulator API. A whole 新生儿出生一件事,
 * the walk-away case, and the printer out of paper.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';
import { api, type RunningBridge } from '../support/bridge-process';
import { kioskUnderTest } from '../support/kiosk-under-test';
import { openKiosk, exitSession, tap, waitForHeading } from '../support/browser';
import { expectAccessible } from '../support/accessible';
import { fieldValue, fillField, newCount } from '../support/on-screen-input';
import { answerFirstOptions, bundleHasQuestions, skipMaterials } from '../support/catalog-steps';

const mother = identityPresets.resident;

interface Job {
  id: number;
  text: string;
  complete: boolean;
  qrCodes: string[];
  escposBase64: string;
}

/** Everything the page keeps, as text: DOM, Web Storage and every IndexedDB store. */
async function pageTraces(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts = [document.documentElement.outerHTML, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      for (const store of db.objectStoreNames) {
        const all = await new Promise<unknown[]>((res) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => res(r.result);
        });
        parts.push(JSON.stringify(all));
      }
      db.close();
    }
    return parts.join('\n');
  });
}

/** From the attract screen to the merged form, as a citizen: start, pick the bundle, card, photo. */
async function walkToForm(page: Page, bridge: RunningBridge, check = false) {
  await waitForHeading(page, '政务服务自助终端');
  if (check) await expectAccessible(page, 'attract');
  await tap(page, '开始办理');
  await waitForHeading(page, '请选择要办理的事项');
  if (check) await expectAccessible(page, 'home');
  await tap(page, '新生儿出生一件事', '.tile');
  await waitForHeading(page, '新生儿出生一件事');
  if (check) await expectAccessible(page, 'guide');
  await tap(page, '申请办理');
  if (await bundleHasQuestions(bridge.url, 'newborn')) await answerFirstOptions(page);
  await waitForHeading(page, '身份核验');
  await page.waitForFunction(() => document.body.innerText.includes('请将身份证放在感应区'));
  if (check) await expectAccessible(page, 'identify');
  expect((await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' })).status).toBe(200);
  await waitForHeading(page, '人脸核验');
  await page.waitForSelector('button:not([disabled])::-p-text(拍照核验)', { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { __kiosk: { liveCameraTracks(): number } }).__kiosk.liveCameraTracks())).toBeGreaterThan(0);
  if (check) await expectAccessible(page, 'face');
  await tap(page, '拍照核验');
  await waitForHeading(page, '选择要办理的事项');
  // Leaving the camera step released the camera.
  expect(await page.evaluate(() => (window as unknown as { __kiosk: { liveCameraTracks(): number } }).__kiosk.liveCameraTracks())).toBe(0);
  if (check) await expectAccessible(page, 'choose items');
  await tap(page, '下一步');
  await waitForHeading(page, '填写申请表');
}

describe('a citizen at the terminal', () => {
  const kiosk = kioskUnderTest();

  it('completes 新生儿出生一件事 with a printed receipt, rates it, and leaves nothing behind', async () => {
    const { bridge, browser } = kiosk;
    await api(bridge.url, 'DELETE', '/sim/printer/jobs');
    const page = await openKiosk(browser, bridge.url);
    await walkToForm(page, bridge, true);
    await expectAccessible(page, 'form');

    // Pre-filled from the card: never typed, not editable.
    expect(await fieldValue(page, 'applicant.name')).toBe(mother.name);
    expect(await page.$('button[data-field="applicant.name"]')).toBeNull();
    expect(await fieldValue(page, 'applicant.idNumber')).toBe(mother.idNumber);
    // Pre-filled from shared data (结婚证 → spouse).
    expect(await fieldValue(page, 'spouse.name')).toBe(identityPresets.father.name);

    // Submitting an incomplete form names what is missing.
    await tap(page, '下一步', 'button[type=submit]');
    await page.waitForSelector('.field .error');
    await expectAccessible(page, 'form with errors');

    // What only the citizen knows: the baby's name, relation, household.
    await fillField(page, 'child.name', '张小满', newCount());
    await tap(page, '母亲');
    await tap(page, '随母落户');
    await tap(page, '下一步', 'button[type=submit]');
    await skipMaterials(page);
    await waitForHeading(page, '确认申请信息');
    await expectAccessible(page, 'review');
    const reviewText = await page.evaluate(() => document.body.innerText);
    expect(reviewText).toContain('免提交');
    expect(reviewText).toContain('承诺办结日期');

    await tap(page, '确认提交');
    await waitForHeading(page, '已受理', 20_000);
    await expectAccessible(page, 'receipt');
    const acceptanceNumber = await page.$eval('[data-testid="acceptance-number"]', (el) => el.textContent!.trim());
    expect(acceptanceNumber).toMatch(/^SL\d{8}/);
    expect(await page.evaluate(() => document.body.innerText)).toContain('受理凭证已打印');

    // The simulated printer received real ESC/POS bytes; its decoded text holds the number on screen.
    const { body } = await api<{ jobs: Job[] }>(bridge.url, 'GET', '/sim/printer/jobs');
    expect(body.jobs).toHaveLength(1);
    const job = body.jobs[0]!;
    expect(job.complete).toBe(true);
    expect(job.text).toContain(acceptanceNumber);
    expect(job.text).toContain('出生医学证明签发');
    expect(job.text).toContain('窗口领取');
    expect(job.text).not.toContain(mother.idNumber);
    expect(job.text).toContain('120101********0026');
    expect(job.qrCodes.some((q) => q.includes(encodeURIComponent(acceptanceNumber)))).toBe(true);
    // Real ESC/POS: initialise, Chinese mode, cut (status polls DLE EOT travel on the same line).
    const bytes = Buffer.from(job.escposBase64, 'base64');
    expect(bytes.includes(Buffer.from([0x1b, 0x40]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x1c, 0x26]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x1d, 0x56]))).toBe(true);

    await tap(page, '下一步');
    await waitForHeading(page, '请对本次服务进行评价');
    await tap(page, '非常不满意');
    await page.waitForFunction(() => document.body.innerText.includes('请选择不满意的原因'));
    await tap(page, '提交评价');
    await page.waitForFunction(() => document.body.innerText.includes('请选择评价等级'));
    await tap(page, '设备故障');
    // A 差评 takes a comment (pinyin here; 手写 works the same), sent with the rating.
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    const sent: string[] = [];
    cdp.on('Network.webSocketFrameSent', (e: { response: { payloadData: string } }) => sent.push(e.response.payloadData));
    await page.locator('[data-field="rating.comment"]').click();
    for (const k of 'man') await page.locator(`[data-field-row="rating.comment"] [data-key="${k}"]`).click();
    await page.locator('[data-field-row="rating.comment"] [data-candidate="慢"]').click();
    await page.locator('[data-field-row="rating.comment"] [data-key="，"]').click();
    await expectAccessible(page, 'rating comment keyboard');
    await page.locator('[data-field-row="rating.comment"] [data-key="done"]').click();
    expect(await page.$eval('[data-field="rating.comment"] .field-text', (el) => el.textContent)).toBe('慢，');
    await expectAccessible(page, 'rating');
    await tap(page, '提交评价');
    await waitForHeading(page, '办理完成');
    const rating = sent.map((f) => JSON.parse(f) as { type: string; comment?: string; level?: number; reasons?: string[] }).find((m) => m.type === 'rating.submit');
    expect(rating).toMatchObject({ level: 1, reasons: ['设备故障'], comment: '慢，' });
    await cdp.detach();
    await expectAccessible(page, 'done');
    await tap(page, '完成');
    await waitForHeading(page, '政务服务自助终端');
    await page.waitForFunction(() => document.body.innerText.includes('上一位办事人的信息已全部清除'));

    // Nothing about the citizen anywhere: DOM, storage, IndexedDB, the bridge's health report.
    const traces = await pageTraces(page);
    expect(traces).not.toContain(mother.idNumber);
    expect(traces).not.toContain(mother.name);
    const health = await fetch(new URL('/healthz', bridge.url)).then((r) => r.text());
    expect(health).not.toContain(mother.idNumber);
    expect(JSON.parse(health).kiosk).toEqual({ connected: true, sessionActive: false });
    expect(bridge.output()).not.toContain(mother.idNumber);
    expect(bridge.output()).not.toContain(mother.name);
    await page.close();
  });

  it('gives the receipt as an on-screen QR code when the printer is out of paper, and maintenance sees the fault', async () => {
    const { bridge, browser } = kiosk;
    await api(bridge.url, 'DELETE', '/sim/printer/jobs');
    const page = await openKiosk(browser, bridge.url);
    await walkToForm(page, bridge);
    await fillField(page, 'child.name', '李安', newCount());
    await tap(page, '父亲');
    await tap(page, '随父落户');
    await tap(page, '下一步', 'button[type=submit]');
    await skipMaterials(page);
    await waitForHeading(page, '确认申请信息');

    expect((await api(bridge.url, 'POST', '/sim/printer/state', { paper: 'out' })).status).toBe(200);
    const health = (await api<{ status: string; faults: string[]; devices: { printer: { state: string } } }>(bridge.url, 'GET', '/healthz')).body;
    expect(health.status).toBe('degraded');
    expect(health.devices.printer).toEqual({ state: 'no-paper' });
    expect(health.faults).toContain('printer:no-paper');

    await tap(page, '确认提交');
    await waitForHeading(page, '已受理', 20_000);
    await page.waitForFunction(() => document.body.innerText.includes('打印机暂不可用'));
    await expectAccessible(page, 'receipt as QR');
    const acceptanceNumber = await page.$eval('[data-testid="acceptance-number"]', (el) => el.textContent!.trim());
    const { body } = await api<{ jobs: Job[] }>(bridge.url, 'GET', '/sim/printer/jobs');
    expect(body.jobs.filter((j) => j.complete)).toHaveLength(0);

    // The QR code on screen really carries the tracking link (decoded from a screenshot).
    const qr = await page.$('.qr');
    const png = PNG.sync.read(Buffer.from(await qr!.screenshot()));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toContain(encodeURIComponent(acceptanceNumber));

    // Paper back in: the citizen may print after all.
    await api(bridge.url, 'POST', '/sim/printer/state', { paper: 'ok' });
    await tap(page, '重新打印');
    await page.waitForFunction(() => document.body.innerText.includes('受理凭证已打印'), { timeout: 20_000 });
    const after = await api<{ jobs: Job[] }>(bridge.url, 'GET', '/sim/printer/jobs');
    expect(after.body.jobs.filter((j) => j.complete && j.text.includes(acceptanceNumber))).toHaveLength(1);
    await exitSession(page);
    await waitForHeading(page, '政务服务自助终端');
    await page.close();
  });
});

describe('a citizen who walks away', () => {
  const kiosk = kioskUnderTest(async () => {
    // The shortest timeouts the configuration schema allows.
    return { KIOSK_IDLE_TIMEOUT_S: '10', KIOSK_IDLE_WARNING_S: '5' };
  });

  it('warns with a countdown, lets the citizen continue, then wipes everything and returns to the attract screen', async () => {
    const { bridge, browser } = kiosk;
    const page = await openKiosk(browser, bridge.url);
    await walkToForm(page, bridge);
    await fillField(page, 'child.name', '王一', newCount());

    await page.waitForSelector('[role="alertdialog"]', { timeout: 15_000 });
    expect(await page.evaluate(() => document.body.innerText)).toMatch(/\d+秒后将退出并清除您的信息/);
    await expectAccessible(page, 'idle warning');
    await tap(page, '继续办理');
    await page.waitForSelector('[role="alertdialog"]', { hidden: true });
    expect(await fieldValue(page, 'child.name')).toBe('王一');

    // Now really walk away.
    await page.waitForSelector('[role="alertdialog"]', { timeout: 15_000 });
    await waitForHeading(page, '政务服务自助终端', 15_000);
    const traces = await pageTraces(page);
    expect(traces).not.toContain(mother.idNumber);
    expect(traces).not.toContain('王一');
    const health = (await api<{ kiosk: { sessionActive: boolean } }>(bridge.url, 'GET', '/healthz')).body;
    expect(health.kiosk.sessionActive).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __kiosk: { liveCameraTracks(): number } }).__kiosk.liveCameraTracks())).toBe(0);
    await page.close();
  });
});
