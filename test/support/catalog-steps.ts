/**
 * Steps of the generic bundle flow that depend on the catalog's data, shared by the e2e tests, the
 * screenshot script and the UI benchmark: whether a bundle asks scenario questions (情形) before the
 * citizen identifies, and getting past the materials step without photographing anything.
 */
import type { Page } from 'puppeteer-core';
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
