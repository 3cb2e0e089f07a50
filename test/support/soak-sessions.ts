/**
 * Whole citizen sessions driven quickly through one kiosk page that never reloads, for the memory
 * soak (test/bench/soak.ts, test/e2e/memory.test.ts): a complete 新生儿出生一件事 (card, live photo,
 * the child's name on the pinyin keyboard, submit, printed receipt, rating skipped, 完成), and
 * sessions abandoned with 退出 at every step or left to the idle timeout. Every touch goes through
 * finger-taps.ts (no ElementHandles: see there why), every wait returns only a boolean.
 */
import type { Page } from 'puppeteer-core';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';
import { api } from './bridge-process';
import { fingerTap, fingerTapText, fingerTypeName, waitForHeadingText, waitForText, waitForVisible } from './finger-taps';

export const ATTRACT_HEADING = '政务服务自助终端';
export const WIPED_NOTICE = '上一位办事人的信息已全部清除';

/** The citizen of every soak session: the simulator's `resident` card (a fictional person). */
export const soakCitizen = identityPresets.resident;
/** What the citizen types: the child's name (pinyin, character). */
export const CHILD_NAME: [string, string][] = [
  ['zhang', '张'],
  ['xiao', '小'],
  ['man', '满'],
];
export const childName = CHILD_NAME.map(([, c]) => c).join('');
/** What the citizen types into the search box (on its latin keyboard): a slip of one letter, found by the fuzzy pass, and no substring of the catalog's own pinyin. */
export const SEARCH_QUERY = 'xinshemger';

/** How a session ends. `complete`: submitted and finished; the rest are abandoned. */
export type SessionKind = 'complete' | 'exit-home' | 'search-guide' | 'exit-guide' | 'exit-identify' | 'exit-face' | 'back-identify' | 'exit-form' | 'exit-review' | 'timeout-form';

/** One round of the soak's mix: every way out by 退出, complete sessions a fifth of them (timeouts are added by the bench). */
export const SESSION_MIX: readonly SessionKind[] = ['complete', 'exit-home', 'search-guide', 'exit-form', 'exit-identify', 'complete', 'exit-guide', 'exit-face', 'back-identify', 'exit-review'];

export async function waitForAttract(page: Page): Promise<void> {
  await waitForHeadingText(page, ATTRACT_HEADING, 30_000);
}

/** Whether the page is on the attract screen with the wiped notice (after a session that ended). */
export async function waitForWiped(page: Page): Promise<void> {
  await waitForAttract(page);
  await waitForText(page, WIPED_NOTICE);
}

/** 退出, confirmed when the kiosk asks first (a half-finished application: 确认退出). */
async function exit(page: Page): Promise<void> {
  await fingerTapText(page, '退出');
  const next = await page.waitForFunction(
    (heading) => ([...document.querySelectorAll('h1')].some((h) => h.textContent?.includes(heading)) ? 'attract' : document.querySelector('[data-testid="exit-confirm"]') ? 'confirm' : false),
    { timeout: 20_000 },
    ATTRACT_HEADING,
  );
  const where = await next.jsonValue();
  await next.dispose();
  if (where === 'confirm') await fingerTap(page, '[data-testid="exit-confirm"] button', '确认退出');
  await waitForAttract(page);
}

/**
 * Runs one session from the attract screen back to it. `idleTimeoutMs` is only used by
 * `timeout-form` (how long to wait for the idle timeout plus its warning).
 */
export async function runSession(page: Page, bridgeUrl: string, kind: SessionKind, idleTimeoutMs = 60_000): Promise<void> {
  await waitForAttract(page);
  await fingerTapText(page, '开始办理');
  await waitForHeadingText(page, '请选择要办理的事项');
  if (kind === 'exit-home') return exit(page);
  if (kind === 'search-guide') {
    for (const letter of SEARCH_QUERY) await fingerTap(page, `.search-box [data-key="${letter}"]`);
    await waitForVisible(page, '#results-title');
  }
  await fingerTap(page, '.tile', '新生儿出生一件事');
  await waitForHeadingText(page, '新生儿出生一件事');
  if (kind === 'exit-guide' || kind === 'search-guide') return exit(page);
  await fingerTapText(page, '申请办理');
  await waitForHeadingText(page, '身份核验');
  if (kind === 'exit-identify') return exit(page);
  try {
    const placed = await api(bridgeUrl, 'POST', '/sim/id-card', { preset: 'resident' });
    if (placed.status !== 200) throw new Error(`card not placed: ${placed.status}`);
    await waitForHeadingText(page, '人脸核验');
    await waitForVisible(page, 'main button.btn-huge:not([disabled])');
    if (kind === 'exit-face') return await exit(page);
    if (kind === 'back-identify') {
      // 返回 from the live photo: the identify screen again, the card read (the identity in the context).
      await fingerTap(page, 'nav button', '返回');
      await waitForHeadingText(page, '身份核验');
      return await exit(page);
    }
    await fingerTapText(page, '拍照核验');
    await waitForHeadingText(page, '选择要办理的事项');
    await fingerTapText(page, '下一步');
    await waitForHeadingText(page, '填写申请表');
    // The form opens the first empty field's editor (the child's name) by itself.
    await waitForVisible(page, '[data-field-row="child.name"] .ime');
    if (kind === 'exit-form') {
      await fingerTap(page, '[data-field-row="child.name"] .ime [data-key="z"]');
      return await exit(page);
    }
    await fingerTypeName(page, 'child.name', CHILD_NAME);
    if (kind === 'timeout-form') {
      await waitForVisible(page, '[role="alertdialog"]', idleTimeoutMs);
      await waitForAttract(page);
      return;
    }
    await fingerTapText(page, '母亲');
    await fingerTapText(page, '随母落户');
    await fingerTap(page, 'button[type=submit]', '下一步');
    await waitForHeadingText(page, '申请材料');
    await fingerTap(page, 'button.btn-huge', '下一步');
    await waitForHeadingText(page, '确认申请信息');
    if (kind === 'exit-review') return await exit(page);
    await fingerTapText(page, '确认提交');
    await waitForHeadingText(page, '已受理', 30_000);
    await waitForText(page, '受理凭证已打印', 30_000);
    await fingerTapText(page, '下一步');
    await waitForHeadingText(page, '请对本次服务进行评价');
    await fingerTapText(page, '暂不评价');
    await waitForHeadingText(page, '办理完成');
    await fingerTapText(page, '完成');
    await waitForAttract(page);
  } finally {
    await api(bridgeUrl, 'DELETE', '/sim/id-card');
  }
}
