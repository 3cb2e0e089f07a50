/**
 * Input that fits Chinese citizens and screens a person behind cannot read (issue 15), end to end
 * in Debian's Chromium against the real bridge and its real handwriting recogniser (zinnia): the
 * search keyboard turns pinyin into characters and takes handwriting; a card lying on the reader
 * before 身份核验 opens is read; the card's 性别 and 民族 are shown in words and its number masked
 * (press and hold shows it, and only then is it in the page); the form gives every field its
 * format, names their punctuation, takes a handwritten name, and leaves a touched field where the
 * finger was; 退出 asks before it wipes. The handwriting is drawn with the mouse (pointer events)
 * from Make Me a Hanzi stroke medians (hanzi-writer-data, Arphic PL).
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { api } from '../support/bridge-process';
import { expectAccessible } from '../support/accessible';
import { openKiosk, tap, waitForHeading } from '../support/browser';
import { answerFirstOptions, bundleHasQuestions } from '../support/catalog-steps';
import { kioskUnderTest } from '../support/kiosk-under-test';
import { writeOnPad as write } from '../support/handwriting-input';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';

const mother = identityPresets.resident;
const father = identityPresets.father;

/** Where `number` appears in the page: its markup (text and every attribute) and form values. */
async function whereShown(page: Page, number: string): Promise<string[]> {
  return page.evaluate((n) => {
    const out: string[] = [];
    if (document.documentElement.outerHTML.includes(n)) out.push('outerHTML');
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) if (a.value.includes(n)) out.push(`${el.tagName.toLowerCase()}[${a.name}]`);
      if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.value.includes(n)) out.push(`${el.tagName.toLowerCase()}.value`);
    }
    return out;
  }, number);
}

async function expectNowhere(page: Page, screen: string): Promise<void> {
  for (const n of [mother.idNumber, father.idNumber]) expect(await whereShown(page, n), `${screen}: full number in the page`).toEqual([]);
}

/** Holds 按住查看 in `scope` and returns the number shown while held; released, it is masked again. */
async function holdToReveal(page: Page, scope: string): Promise<{ held: string; released: string }> {
  const button = await page.waitForSelector(`${scope} [data-reveal]`);
  await button!.scrollIntoView();
  await button!.hover();
  await page.mouse.down();
  await page.waitForSelector(`${scope} [data-masked="false"]`);
  const held = await page.$eval(`${scope} .masked-value`, (el) => el.textContent!.replace(/\s/g, ''));
  await page.mouse.up();
  await page.waitForSelector(`${scope} [data-masked="true"]`);
  const released = await page.$eval(scope, (el) => el.querySelector('.masked-value')?.textContent?.replace(/\s/g, '') ?? '');
  return { held, released };
}

describe('input that fits Chinese citizens, screens a person behind cannot read', () => {
  const kiosk = kioskUnderTest();

  it('searches in Chinese, reads a card already lying there, masks numbers, writes by hand, keeps the field still and asks before 退出', async () => {
    const { bridge, browser } = kiosk;
    await api(bridge.url, 'DELETE', '/sim/id-card');
    const page = await openKiosk(browser, bridge.url);
    await waitForHeading(page, '政务服务自助终端');
    // The citizen lays the card down first, before anything asks for it.
    expect((await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' })).status).toBe(200);
    await tap(page, '开始办理');
    await waitForHeading(page, '请选择要办理的事项');
    await expectNowhere(page, 'home');

    // 可输入汉字 by hand, for who cannot type pinyin…
    const kb = '[data-testid="search-keyboard"]';
    await page.locator(`${kb} [data-key="handwriting"]`).click();
    await write(page, kb, '新');
    await page.locator(`${kb} [data-candidate="新"]`).setTimeout(15_000).click();
    await page.waitForFunction(() => (document.querySelector('#search-input') as HTMLInputElement).value === '新');
    await expectAccessible(page, 'search with the handwriting pad');
    // …and by pinyin letters, then the character from the candidate bar.
    await page.locator(`${kb} [data-key="handwriting"]`).click();
    for (const k of 'sheng') await page.locator(`${kb} [data-key="${k}"]`).click();
    expect(await page.$eval('#search-input', (el) => (el as HTMLInputElement).value)).toBe('新sheng');
    await page.locator(`${kb} [data-candidate="生"]`).click();
    await page.waitForFunction(() => (document.querySelector('#search-input') as HTMLInputElement).value === '新生');
    await page.waitForSelector('.tile::-p-text(新生儿出生一件事)');
    await tap(page, '新生儿出生一件事', '.tile');
    await tap(page, '申请办理');
    if (await bundleHasQuestions(bridge.url, 'newborn')) await answerFirstOptions(page);

    // The card lying on the reader is read when 身份核验 opens: straight on to the face check.
    await waitForHeading(page, '人脸核验', 20_000);
    const summary = '[data-testid="card-summary"]';
    expect(await page.$eval(`${summary} [data-testid="card-sex"]`, (el) => el.textContent)).toBe('女');
    expect(await page.$eval(`${summary} [data-testid="card-nation"]`, (el) => el.textContent)).toBe('汉族');
    expect(await page.$eval(`${summary} .masked-value`, (el) => el.textContent)).toBe('120101********0026');
    await expectNowhere(page, 'face');
    await expectAccessible(page, 'face with the card summary');
    const revealed = await holdToReveal(page, summary);
    expect(revealed).toEqual({ held: mother.idNumber, released: '120101********0026' });
    await expectNowhere(page, 'face after release');

    await page.waitForSelector('button:not([disabled])::-p-text(拍照核验)', { timeout: 15_000 });
    await tap(page, '拍照核验');
    await waitForHeading(page, '选择要办理的事项');
    await expectNowhere(page, 'choose items');
    await tap(page, '下一步');
    await waitForHeading(page, '填写申请表');
    await expectNowhere(page, 'form');

    // Every typed field says what it takes.
    const format = (key: string) => page.$eval(`[data-field-row="${key}"] [data-testid="field-format"]`, (el) => el.textContent);
    expect(await format('applicant.idNumber')).toBe('18位，末位可为X');
    expect(await format('applicant.phone')).toBe('11位手机号码');
    expect(await format('child.name')).toContain('·');
    expect(await page.$eval('[data-field-row="applicant.idNumber"] .field-value', (el) => el.textContent)).toContain('120101********0026');
    expect((await holdToReveal(page, '[data-field-row="applicant.idNumber"]')).held).toBe(mother.idNumber);
    expect((await holdToReveal(page, '[data-field-row="spouse.idNumber"]')).held).toBe(father.idNumber);
    await expectNowhere(page, 'form after release');

    // The newborn's name by hand: the name keyboard has the middle dot and no digits.
    const name = '[data-field-row="child.name"] .ime';
    await page.waitForSelector(name);
    expect(await page.$$eval(`${name} .punctuation-row [data-key]`, (els) => els.map((e) => e.textContent))).toEqual(['·']);
    await page.locator(`${name} [data-key="handwriting"]`).click();
    await page.waitForSelector(`${name} [data-testid="handwriting-pad"]`);
    await expectAccessible(page, 'handwriting pad in the form');
    // 撤销 takes a stroke back, 重写 clears the pad.
    await write(page, name, '一');
    await page.waitForSelector(`${name} [data-testid="handwriting-candidates"] [data-candidate]`, { timeout: 15_000 });
    await page.locator(`${name} [data-key="undo-stroke"]`).click();
    await page.waitForFunction((s) => !document.querySelector(`${s} [data-testid="handwriting-candidates"] [data-candidate]`), {}, name);
    await write(page, name, '王', 3);
    await page.locator(`${name} [data-candidate="王"]`).setTimeout(15_000).click();
    await write(page, name, '明', 5);
    await page.locator(`${name} [data-candidate="明"]`).setTimeout(15_000).click();
    expect(await page.$eval(`${name} [data-testid="ime-display"]`, (el) => el.textContent)).toBe('王明');
    // Elder mode: the pad grows with the targets and stays accessible.
    const before = await page.$eval(`${name} [data-testid="handwriting-canvas"]`, (el) => el.getBoundingClientRect().width);
    await tap(page, '长辈版');
    await page.waitForFunction(() => document.documentElement.dataset.elder === 'true');
    const after = await page.$eval(`${name} [data-testid="handwriting-canvas"]`, (el) => el.getBoundingClientRect().width);
    expect(after).toBeGreaterThan(before);
    await expectAccessible(page, 'handwriting pad, elder mode');
    await tap(page, '长辈版');
    await page.waitForFunction(() => document.documentElement.dataset.elder !== 'true');

    // No jump, no slide: the field touched stays where the finger was while its editor opens
    // (the name's editor above it closes at the same time).
    const row = '[data-field-row="applicant.phone"]';
    await page.$eval(`${row} [data-field]`, (el) => el.scrollIntoView({ block: 'center' }));
    const rect = () => page.$eval(row, (el) => ({ top: el.getBoundingClientRect().top, left: el.getBoundingClientRect().left }));
    const start = await rect();
    const target = (await (await page.$(`${row} [data-field]`))!.boundingBox())!;
    await page.mouse.click(target.x + target.width / 2, target.y + target.height / 2);
    await page.waitForSelector(`${row} .ime`);
    await new Promise((r) => setTimeout(r, 300)); // any scrolling after the editor opened would show by now
    // 0 px: within the sub-pixel rounding of a scroll offset (less than one device pixel).
    const end = await rect();
    expect(Math.abs(end.top - start.top)).toBeLessThan(0.5);
    expect(end.left).toBe(start.left);
    // The phone pad has no letters, the postcode rule aside; its format is shown under it.
    expect(await page.$(`${row} .ime [data-key="a"]`)).toBeNull();

    // 退出 with a card read and a name written: asked first; 继续办理 keeps everything.
    await tap(page, '退出');
    await page.waitForSelector('[data-testid="exit-confirm"]');
    await expectAccessible(page, 'exit confirmation');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('继续办理');
    await tap(page, '继续办理');
    await page.waitForFunction(() => !document.querySelector('[data-testid="exit-confirm"]'));
    await waitForHeading(page, '填写申请表');
    expect(await page.$eval('[data-field="child.name"] .field-text', (el) => el.textContent)).toBe('王明');
    await tap(page, '退出');
    await page.locator('[data-testid="exit-confirm"] [data-key="leave"]').click();
    await waitForHeading(page, '政务服务自助终端');
    await expectNowhere(page, 'attract after the session');
    await page.close();
  });
});

describe('退出 asked and the citizen walks away', () => {
  // The shortest timeouts the configuration schema allows.
  const kiosk = kioskUnderTest({ KIOSK_IDLE_TIMEOUT_S: '10', KIOSK_IDLE_WARNING_S: '5' });

  it('the idle timeout still ends the session with the confirmation open', async () => {
    const { bridge, browser } = kiosk;
    await api(bridge.url, 'DELETE', '/sim/id-card');
    const page = await openKiosk(browser, bridge.url);
    await waitForHeading(page, '政务服务自助终端');
    await tap(page, '开始办理');
    await tap(page, '新生儿出生一件事', '.tile');
    await tap(page, '申请办理');
    if (await bundleHasQuestions(bridge.url, 'newborn')) await answerFirstOptions(page);
    await waitForHeading(page, '身份核验');
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' });
    await waitForHeading(page, '人脸核验');
    await tap(page, '退出');
    await page.waitForSelector('[data-testid="exit-confirm"]');
    // Nobody answers: the idle warning comes over it, then the session is wiped.
    await page.waitForSelector('[data-testid="idle-warning"]', { timeout: 20_000 });
    await waitForHeading(page, '政务服务自助终端', 20_000);
    expect(await page.$('[data-testid="exit-confirm"]')).toBeNull();
    await expectNowhere(page, 'attract after the timeout');
    await page.close();
  });
});
