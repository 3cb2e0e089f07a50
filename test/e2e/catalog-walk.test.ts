/**
 * A walk of the whole catalog, generated from the data (issue 15): for every bundle and every
 * combination of 情形 answers (core/catalog/scenario.ts allAnswerCombinations), real Chromium is
 * driven by what is on screen from 开始办理 to 已受理, against the real bridge with its simulated
 * card reader and printer, and these invariants are checked on every path:
 *
 *   questions-once   no question is asked twice (in the 情形 step, or again on the form)
 *   required-locked  every 必办 item is ticked and stays ticked when touched
 *   excluded-absent  an item the answers exclude cannot be ticked (it is not offered)
 *   fields-selected  every form field shown belongs to an item the answers selected
 *   notice-prints    the 一次性告知书 prints (simulated printer job) wherever it is offered
 *   receipt-owed     the receipt lists every required material still owed, and so does 已受理
 *   progress-owed    进度查询 lists the same materials
 *
 * A bundle added as data is walked with no new test code. `npm test` walks a deterministic sample
 * (every bundle once, plus a few seeded combinations); `npm run walk` (WALK=all) walks all of them
 * and prints the table: bundle, paths walked, invariants held.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { allAnswerCombinations, applicableItems, excludedItems } from '../../core/catalog/scenario';
import type { Catalog, FormField } from '../../core/catalog/schema';
import { api, root } from '../support/bridge-process';
import { openKiosk, tap, waitForHeading } from '../support/browser';
import { MATERIALS_HEADING, QUESTIONS_HEADING, readCommitment } from '../support/catalog-steps';
import { kioskUnderTest } from '../support/kiosk-under-test';
import { fillField, newCount } from '../support/on-screen-input';
import { loadSampleCatalog } from '../support/sample-catalog';
import { seededRandom } from '../support/seeded-random';

interface Job {
  id: number;
  text: string;
  complete: boolean;
}

const catalog: Catalog = loadSampleCatalog();
const shot = (name: string) => resolve(root, 'docs/screenshots', name);
const ALL = process.env.WALK === 'all';
/** Extra seeded combinations walked by `npm test`, besides every bundle once. */
const EXTRA = 2;

interface Path {
  bundle: string;
  answers: Record<string, string>;
}

function paths(): Path[] {
  const every = catalog.bundles.flatMap((b) => allAnswerCombinations(b).map((answers) => ({ bundle: b.code, answers })));
  if (ALL) return every;
  const random = seededRandom(15);
  const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const once = catalog.bundles.map((b) => ({ bundle: b.code, answers: pick(allAnswerCombinations(b)) }));
  const rest = every.filter((p) => !once.some((o) => o.bundle === p.bundle && JSON.stringify(o.answers) === JSON.stringify(p.answers)));
  const extra: Path[] = [];
  while (extra.length < EXTRA && rest.length) extra.push(...rest.splice(Math.floor(random() * rest.length), 1));
  return [...once, ...extra];
}

/** A value a citizen could give for a field, from its type and pattern (so new fields need no test code). */
function valueFor(field: FormField): string {
  const candidates: Record<string, string[]> = {
    name: ['张伟'],
    idNumber: ['120101199005204513'],
    phone: ['13812345678'],
    bankAccount: ['6217001234567890123'],
    date: ['2019-09-01'],
    address: ['天津市|和平区|南营门街道|100号'],
    text: ['100', '8', '1234567890', '91440101MA59ABCD0X'],
  };
  const pattern = field.pattern ? new RegExp(`^(?:${field.pattern})$`) : null;
  const v = (candidates[field.type] ?? ['100']).find((c) => !pattern || pattern.test(c));
  if (!v) throw new Error(`the walk has no value for ${field.key} (${field.type}, /${field.pattern}/): add a candidate`);
  return v;
}

const walked = new Map<string, { paths: number; checks: number; failed: number }>();
const count = (bundle: string, checks: number, ok: boolean) => {
  const row = walked.get(bundle) ?? { paths: 0, checks: 0, failed: 0 };
  row.paths++;
  row.checks += checks;
  if (!ok) row.failed++;
  walked.set(bundle, row);
};

async function jobs(url: string): Promise<Job[]> {
  return (await api<{ jobs: Job[] }>(url, 'GET', '/sim/printer/jobs')).body.jobs;
}

async function waitForJob(url: string, after: number, includes: string): Promise<Job> {
  for (let i = 0; i < 150; i++) {
    const job = (await jobs(url)).find((j) => j.id > after && j.complete && j.text.includes(includes));
    if (job) return job;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no complete printer job with "${includes}"`);
}

const lastJobId = async (url: string) => Math.max(0, ...(await jobs(url)).map((j) => j.id));

describe('a walk of the whole catalog, from 开始办理 to 已受理', () => {
  const k = kioskUnderTest();
  const start = Date.now();

  afterAll(() => {
    const rows = [...walked.entries()].map(([bundle, r]) => `${bundle.padEnd(24)} ${String(r.paths).padStart(5)} ${String(r.checks).padStart(10)} ${r.failed ? `${r.failed} path(s) failed` : 'all held'}`);
    console.log(
      [`\ncatalog walk (${ALL ? 'all combinations' : 'sample'}), ${((Date.now() - start) / 1000).toFixed(0)} s`, `${'bundle'.padEnd(24)} ${'paths'.padStart(5)} ${'invariants'.padStart(10)}`, ...rows].join('\n'),
    );
  });

  it.each(paths().map((p) => ({ ...p, label: `${p.bundle} ${JSON.stringify(p.answers)}` })))('$label', async ({ bundle: code, answers }) => {
    const bundle = catalog.bundles.find((b) => b.code === code)!;
    const url = k.bridge.url;
    let checks = 0;
    const check = (cond: boolean, what: string) => {
      expect(cond, what).toBe(true);
      checks++;
    };
    let ok = false;
    await api(url, 'DELETE', '/sim/id-card');
    const page: Page = await openKiosk(k.browser, url);
    try {
      await waitForHeading(page, '政务服务自助终端');
      await tap(page, '开始办理');
      await tap(page, bundle.name.zh, '.tile');
      await tap(page, '申请办理');

      // 情形: each question once, answered by its visible label.
      if (bundle.questions.length) {
        await waitForHeading(page, QUESTIONS_HEADING);
        const legends = await page.$$eval('fieldset.question legend', (els) => els.map((e) => e.textContent!.replace(/^\d+\.\s*/, '').trim()));
        check(new Set(legends).size === legends.length && legends.length === bundle.questions.length, `questions-once: ${legends.join(' | ')}`);
        for (const [i, q] of bundle.questions.entries()) {
          const label = q.options.find((o) => o.value === answers[q.id])!.label.zh;
          const group = (await page.$$('fieldset.question [role="radiogroup"]'))[i]!;
          for (const r of await group.$$('[role="radio"]')) if ((await r.evaluate((el) => el.textContent?.trim())) === label) await r.click();
        }
        await page.waitForSelector('button.btn-huge:not([disabled])');
        await tap(page, '下一步');
      }

      await waitForHeading(page, '身份核验');
      await api(url, 'POST', '/sim/id-card', { preset: 'resident' });
      await page.waitForSelector('button:not([disabled])::-p-text(拍照核验)', { timeout: 20_000 });
      await tap(page, '拍照核验');
      await waitForHeading(page, '选择要办理的事项', 20_000);

      // Items: what applies is offered, 必办 ticked and locked, excluded ones not offered.
      const applicable = applicableItems(bundle, answers);
      const offered = await page.$$eval('[role="checkbox"][data-item]', (els) => els.map((e) => ({ item: e.getAttribute('data-item')!, checked: e.getAttribute('aria-checked') === 'true', required: e.getAttribute('data-required') === 'true' })));
      check(JSON.stringify(offered.map((o) => o.item)) === JSON.stringify(applicable.map((a) => a.item)), 'excluded-absent: the items offered are those that apply');
      for (const x of excludedItems(bundle, answers)) check(!offered.some((o) => o.item === x.item), `excluded-absent: ${x.item}`);
      for (const a of applicable.filter((i) => !i.optional)) {
        check(offered.find((o) => o.item === a.item)?.required === true && offered.find((o) => o.item === a.item)?.checked === true, `required-locked: ${a.item} ticked`);
        await page.click(`[role="checkbox"][data-item="${a.item}"]`);
        check((await page.$eval(`[role="checkbox"][data-item="${a.item}"]`, (e) => e.getAttribute('aria-checked'))) === 'true', `required-locked: ${a.item} stays ticked`);
      }
      await tap(page, '下一步');
      await waitForHeading(page, '填写申请表');

      // Form: only fields of the chosen items; none repeats a question; fill what is empty.
      const chosen = applicable.map((a) => a.item);
      const allowed = new Set(catalog.items.filter((i) => chosen.includes(i.code)).flatMap((i) => i.fields));
      const shown = await page.$$eval('[data-field-row]', (els) => els.map((e) => e.getAttribute('data-field-row')!));
      for (const key of shown) check(allowed.has(key), `fields-selected: ${key}`);
      const questionText = bundle.questions.map((q) => q.text.zh.replace(/[您？?]/g, '').replace(/^是否/, ''));
      for (const key of shown) {
        const f = catalog.fields.find((x) => x.key === key)!;
        const editable = await page.$(`button[data-field="${key}"], fieldset[data-field-row="${key}"] button:not([disabled])`);
        if (editable) check(!questionText.includes(f.label.zh.replace(/[您？?]/g, '').replace(/^是否/, '')), `questions-once: ${key} asks a question again`);
      }
      const n = newCount();
      for (const key of await page.$$eval('button[data-field]', (els) => els.filter((el) => el.querySelector('.placeholder')).map((el) => el.getAttribute('data-field')!))) {
        await fillField(page, key, valueFor(catalog.fields.find((f) => f.key === key)!), n);
      }
      for (const fs of await page.$$('form fieldset')) if (!(await fs.$('button[aria-pressed="true"]'))) await (await fs.$('button:not([disabled])'))?.click();
      await tap(page, '下一步', 'button[type=submit]');
      await waitForHeading(page, MATERIALS_HEADING);

      // Materials: nothing photographed; 容缺 chosen where offered.
      const rows = await page.$$eval('.material-row', (els) => els.map((e) => ({ material: e.getAttribute('data-material')!, necessity: e.getAttribute('data-necessity')!, deferrable: [...e.querySelectorAll('[role="radio"]')].some((r) => r.textContent?.includes('容缺')) })));
      for (const r of rows.filter((x) => x.deferrable)) await page.click(`.material-row[data-material="${r.material}"] [role="radio"]:nth-child(2)`);
      await tap(page, '下一步', 'button.btn-huge');
      await waitForHeading(page, '确认申请信息');

      // The 一次性告知书 prints wherever it is offered.
      if (await page.$('#notice-title')) {
        const before = await lastJobId(url);
        await tap(page, '打印一次性告知书');
        await page.waitForFunction(() => /一次性告知书已打印|未能打印/.test(document.body.innerText), { timeout: 20_000 });
        check((await page.evaluate(() => document.body.innerText)).includes('一次性告知书已打印'), 'notice-prints: the screen says printed');
        check((await waitForJob(url, before, '一次性告知')).complete, 'notice-prints: a complete printer job');
      }
      if (await page.$('[data-testid="read-commitment"]')) {
        check((await readCommitment(page)).includes('本人承诺'), 'the 告知承诺书 is shown before signing');
        const pad = (await (await page.$('[data-testid="signature-pad"]'))!.boundingBox())!;
        await page.mouse.move(pad.x + 40, pad.y + pad.height / 2);
        await page.mouse.down();
        for (let i = 1; i <= 8; i++) await page.mouse.move(pad.x + 40 + i * 40, pad.y + pad.height / 2 + (i % 2 ? -25 : 25));
        await page.mouse.up();
        await page.waitForFunction(() => document.body.innerText.includes('已签名'));
      }
      const before = await lastJobId(url);
      await tap(page, '确认提交');
      await waitForHeading(page, '已受理', 30_000);
      const number = await page.$eval('[data-testid="acceptance-number"]', (el) => el.textContent!.trim());
      const receipt = await waitForJob(url, before, number);

      // Every required material not handed over (nothing was photographed) and every 容缺 one is owed.
      const owedCodes = rows.filter((r) => r.necessity === '必要' || r.deferrable).map((r) => r.material);
      const onScreen = await page.$$eval('[data-testid="owed"] li[data-material]', (els) => els.map((e) => e.getAttribute('data-material')!));
      const nameOf = (m: string) => catalog.materials.find((x) => x.code === m)!.name.zh;
      // Long names wrap on the 48-column paper: compare without the line breaks and indentation.
      const paper = receipt.text.replace(/\s+/g, '');
      const owedPart = paper.includes('尚需补交的材料') ? paper.slice(paper.indexOf('尚需补交的材料')) : '';
      for (const m of owedCodes) {
        check(onScreen.includes(m), `receipt-owed: ${m} on the 已受理 screen`);
        check(owedPart.includes(nameOf(m).replace(/\s+/g, '')), `receipt-owed: ${nameOf(m)} on the receipt`);
      }
      // README pictures (SCREENSHOTS=1): the printed receipt with what is owed, and the 已受理 screen.
      if (process.env.SCREENSHOTS === '1' && owedCodes.length >= 5 && !existsSync(shot('70-receipt-owed.png'))) {
        const png = await fetch(new URL(`/sim/printer/jobs/${receipt.id}.png`, url)).then((r) => r.arrayBuffer());
        writeFileSync(shot('70-receipt-owed.png'), Buffer.from(png));
        await page.screenshot({ path: shot('71-accepted-owed.png'), fullPage: true });
      }
      if (owedCodes.length) check(/请于\d{4}-\d{2}-\d{2}前提交/.test(owedPart) && owedPart.includes('提交地点'), 'receipt-owed: deadline and place');

      // 进度查询 by the card: the same list of what is owed.
      if (owedCodes.length) {
        await tap(page, '首页', 'nav button');
        await page.locator('button.progress-entry').setTimeout(15_000).click();
        await api(url, 'DELETE', '/sim/id-card');
        await api(url, 'POST', '/sim/id-card', { preset: 'resident' });
        await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid="progress-number"]')].some((e) => e.textContent?.includes(n)), { timeout: 20_000 }, number);
        const inProgress = await page.$$eval(`[id="owed-${number}-title"]`, (els) => [...(els[0]?.closest('section')?.querySelectorAll('li[data-material]') ?? [])].map((e) => e.getAttribute('data-material')!));
        for (const m of owedCodes) check(inProgress.includes(m), `progress-owed: ${m} in 进度查询`);
      }
      ok = true;
    } finally {
      count(code, checks, ok);
      await page.close();
      await api(url, 'DELETE', '/sim/id-card');
    }
  });
});
