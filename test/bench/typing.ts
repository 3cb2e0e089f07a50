/**
 * Input without typing (issue 7): the REAL kiosk in Chromium against the real bridge, a citizen
 * doing a bundle from the attract screen to the acceptance receipt with on-screen keys and touches
 * only (the simulator's preset identity on the card reader). Reports, per bundle, the characters
 * typed (presses of character keys: letters, digits, 号/栋…) and every touch on the screen.
 * Goal (issue 7): ≤ 10 characters each. Placing the ID card is not a touch on the screen.
 */
import type { Page } from 'puppeteer-core';
import { api, startBridge } from '../support/bridge-process';
import { launchBrowser, openKiosk, waitForHeading } from '../support/browser';
import { MATERIALS_HEADING, QUESTIONS_HEADING } from '../support/catalog-steps';
import { emptyFields, fillEmptyFields, newCount, touch, touchText, type InputCount } from '../support/on-screen-input';
import type { BenchModule, Figure } from './figures';
import { installNameShim } from './figures';

export interface TypingScenario {
  code: string;
  title: string;
  preset: string;
  /** One option label per scenario question (情形), in order. */
  answers: string[];
  /** Select fields: the option labels to touch. */
  choices: string[];
  /** Values for fields the citizen must enter (by field key; addresses as 省|区|街道|门牌号). */
  values: Record<string, string>;
  /** Another person present whose ID card fills their fields (读取配偶的身份证): the preset placed. */
  otherCard?: string;
  why: string;
}

export const typingScenarios: TypingScenario[] = [
  {
    code: 'newborn',
    title: '新生儿出生一件事',
    preset: 'resident',
    answers: [],
    choices: ['母亲', '随父落户'],
    // The father's surname is a one-touch candidate (from marriage registration data); the given name by pinyin.
    values: { 'child.name': '张浩然' },
    why: 'birth data from the 出生医学证明 records, spouse from marriage registration, phone and bank account shared; only the given name is typed',
  },
  {
    code: 'retirement',
    title: '退休一件事',
    preset: 'retiree',
    answers: ['正常退休（达到法定退休年龄）', '否', '否', '是'],
    choices: ['否'],
    values: {},
    why: 'employer (社保参保单位) and the social security card bank account are shared data',
  },
  {
    code: 'marriage-hukou',
    title: '结婚落户一件事',
    preset: 'resident',
    answers: ['已登记', '是', '本省'],
    choices: [],
    values: {},
    why: 'already married: spouse from the marriage registration, spouse hukou address from the population register',
  },
  {
    // Before the marriage is registered no record links the partner: the partner, present, places
    // their ID card (name, number, 户籍地址). This preset has no phone on record, so it is typed.
    code: 'marriage-hukou-unregistered',
    title: '结婚落户一件事',
    preset: 'rare-name',
    answers: ['尚未登记', '是', '本省'],
    choices: ['区婚姻登记处'],
    otherCard: 'resident',
    values: { 'applicant.phone': '13812345678' },
    why: "not yet married: the partner's ID card fills name, ID number and hukou address; no phone on record for this applicant, so the 11 digits are typed",
  },
  {
    // The same without the partner's card, for comparison: everything about the partner typed.
    code: 'marriage-hukou-unregistered-typed',
    title: '结婚落户一件事',
    preset: 'rare-name',
    answers: ['尚未登记', '是', '本省'],
    choices: ['区婚姻登记处'],
    values: { 'applicant.phone': '13812345678', 'spouse.name': '王芳', 'spouse.idNumber': '120101199203150026', 'spouse.hukouAddress': '天津市|和平区|南营门街道|128号' },
    why: "not yet married and the partner's card not read: the partner's name, ID number and address typed",
  },
];

async function answerQuestions(page: Page, answers: string[], count: InputCount): Promise<void> {
  await waitForHeading(page, QUESTIONS_HEADING);
  const groups = await page.$$('[role="radiogroup"]');
  if (groups.length !== answers.length) throw new Error(`expected ${answers.length} questions, the screen has ${groups.length}`);
  for (const [i, group] of groups.entries()) {
    const radios = await group.$$('[role="radio"]');
    let clicked = false;
    for (const r of radios) {
      if ((await r.evaluate((el) => el.textContent?.trim())) === answers[i]) {
        await r.click();
        count.touches++;
        clicked = true;
        break;
      }
    }
    if (!clicked) throw new Error(`question ${i + 1} has no option ${answers[i]}`);
  }
  await page.waitForSelector('button.btn-huge:not([disabled])');
  await touchText(page, '下一步', count);
}

/** One bundle from the attract screen to the receipt; returns what it took. */
export async function completeBundle(page: Page, bridgeUrl: string, s: TypingScenario): Promise<InputCount> {
  const count = newCount();
  await api(bridgeUrl, 'DELETE', '/sim/id-card');
  await waitForHeading(page, '政务服务自助终端');
  await touchText(page, '开始办理', count);
  await waitForHeading(page, '请选择要办理的事项');
  await touchText(page, s.title, count, '.tile');
  await waitForHeading(page, s.title);
  await touchText(page, '申请办理', count);
  if (s.answers.length) await answerQuestions(page, s.answers, count);
  await waitForHeading(page, '身份核验');
  const card = await api(bridgeUrl, 'POST', '/sim/id-card', { preset: s.preset });
  if (card.status !== 200) throw new Error(`POST /sim/id-card answered ${card.status}`);
  await waitForHeading(page, '人脸核验');
  await page.waitForSelector('button:not([disabled])::-p-text(拍照核验)', { timeout: 15_000 });
  await touchText(page, '拍照核验', count);
  await waitForHeading(page, '选择要办理的事项');
  await touchText(page, '下一步', count);
  await waitForHeading(page, '填写申请表');
  for (const c of s.choices) await touchText(page, c, count, 'form fieldset button');
  if (s.otherCard) {
    await touch(page, '[data-key="other-card"]', count);
    await page.waitForSelector('[data-other-card] [role="status"]');
    await api(bridgeUrl, 'DELETE', '/sim/id-card');
    await api(bridgeUrl, 'POST', '/sim/id-card', { preset: s.otherCard });
    await page.waitForFunction(() => !document.querySelector('[data-other-card]'), { timeout: 15_000 });
  }
  const missing = (await emptyFields(page)).filter((k) => !(k in s.values));
  if (missing.length) throw new Error(`${s.code}: fields the scenario does not fill: ${missing.join(', ')}`);
  await fillEmptyFields(page, s.values, count);
  await touchText(page, '下一步', count, 'button[type=submit]');
  await waitForHeading(page, MATERIALS_HEADING);
  await touch(page, 'button.btn-huge::-p-text(下一步)', count);
  await waitForHeading(page, '确认申请信息');
  await touchText(page, '确认提交', count);
  await waitForHeading(page, '已受理', 30_000);
  await touchText(page, '退出', undefined);
  return count;
}

export const typingBench: BenchModule = {
  area: 'typing',
  async run(): Promise<Figure[]> {
    const bridge = await startBridge({ KIOSK_DEV_DOCK: '0' });
    const { browser, close } = await launchBrowser();
    const figures: Figure[] = [];
    try {
      for (const s of typingScenarios) {
        const page = await openKiosk(browser, bridge.url);
        await installNameShim(page);
        const count = await completeBundle(page, bridge.url, s);
        await page.close();
        const typed = Object.entries(s.values).map(([k, v]) => `${k}=${v}`).join(', ') || 'nothing';
        figures.push(
          { name: `input.${s.code}.typed_chars`, value: count.chars, unit: 'chars', budget: 10, note: `${s.title}: typed ${typed}; ${s.why}` },
          { name: `input.${s.code}.touches`, value: count.touches, unit: 'touches', note: `${s.title}: every touch from 开始办理 to the receipt (the card on the reader is not a touch)` },
        );
      }
    } finally {
      await close();
      await bridge.stop();
    }
    return figures;
  },
};
