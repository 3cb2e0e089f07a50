/**
 * Steps of the generic bundle flow that depend on the catalog's data, shared by the e2e tests, the
 * screenshot script and the UI benchmark: whether a bundle asks scenario questions (情形) before the
 * citizen identifies, and getting past the materials step without photographing anything.
 */
import type { Page } from 'puppeteer-core';
import { api } from './bridge-process';
import { tap, waitForHeading } from './browser';

export const QUESTIONS_HEADING = '请回答几个问题';
export const MATERIALS_HEADING = '申请材料（一套材料）';

/** Does this bundle ask questions first? Read from the catalog the bridge serves. */
export async function bundleHasQuestions(bridgeUrl: string, bundle: string): Promise<boolean> {
  const { catalog } = (await fetch(new URL('/api/catalog', bridgeUrl)).then((r) => r.json())) as { catalog: { bundles: { code: string; questions?: unknown[] }[] } };
  return (catalog.bundles.find((b) => b.code === bundle)?.questions ?? []).length > 0;
}

/** On the questions screen: the first option of every question, then 下一步. */
export async function answerFirstOptions(page: Page): Promise<void> {
  await waitForHeading(page, QUESTIONS_HEADING);
  // All questions at once, or (长辈版) one at a time: answer the first unanswered question until 下一步 is offered.
  for (let i = 0; i < 30 && !(await page.$('button.btn-huge:not([disabled])')); i++) {
    const radio = await page.waitForSelector('[role="radiogroup"]:not(:has([aria-checked="true"])) [role="radio"]', { visible: true });
    await radio!.click();
    await page.waitForFunction((el) => el!.closest('[role="radiogroup"]')?.querySelector('[aria-checked="true"]') || !el!.isConnected, {}, radio);
  }
  await page.waitForSelector('button.btn-huge:not([disabled])');
  await tap(page, '下一步');
}

/** On the materials screen: go on to the review without photographs (materials brought later). */
export async function skipMaterials(page: Page): Promise<void> {
  await waitForHeading(page, MATERIALS_HEADING);
  await tap(page, '下一步', 'button.btn-huge');
}

/**
 * From the attract screen to 结婚落户一件事's form for a couple not yet married (尚未登记, 是, 本省),
 * the applicant identified by the simulator's `preset` card: the partner's fields are empty.
 */
export async function unmarriedCoupleToForm(page: Page, bridgeUrl: string, preset: string): Promise<void> {
  await waitForHeading(page, '政务服务自助终端');
  await tap(page, '开始办理');
  await tap(page, '结婚落户一件事', '.tile');
  await tap(page, '申请办理');
  await waitForHeading(page, QUESTIONS_HEADING);
  for (const [i, answer] of ['尚未登记', '是', '本省'].entries()) {
    const group = (await page.$$('[role="radiogroup"]'))[i]!;
    for (const r of await group.$$('[role="radio"]')) if ((await r.evaluate((el) => el.textContent?.trim())) === answer) await r.click();
  }
  await tap(page, '下一步');
  await waitForHeading(page, '身份核验');
  await api(bridgeUrl, 'POST', '/sim/id-card', { preset });
  await page.waitForSelector('button:not([disabled])::-p-text(拍照核验)', { timeout: 15_000 });
  await tap(page, '拍照核验');
  await waitForHeading(page, '选择要办理的事项');
  await tap(page, '下一步');
  await waitForHeading(page, '填写申请表');
}

/**
 * On the review screen with 容缺 / 告知承诺 chosen: open the 告知承诺书, check it is shown in full on
 * its own screen, and go on to sign (the pad appears only then). Returns the text shown.
 */
export async function readCommitment(page: Page): Promise<string> {
  await page.locator('[data-testid="read-commitment"]').setTimeout(15_000).click();
  await page.waitForSelector('[data-testid="commitment-text"]');
  const text = await page.$eval('[data-testid="commitment-text"]', (el) => (el as HTMLElement).innerText);
  await tap(page, '我已阅读，去签名');
  await page.waitForSelector('[data-testid="signature-pad"]');
  return text;
}
