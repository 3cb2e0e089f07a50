/**
 * Filling the kiosk's form as a citizen does, with on-screen keys and touches only (issue 7): the
 * numeric pad, the pinyin keyboard and its candidate bar, the date and address pickers
 * (kiosk/src/input/field-input.tsx). Every touch is counted, and every press of a character key
 * (a letter, a digit, 号/栋/单元/室 …) is counted as a typed character; picking a candidate, a
 * surname shortcut, a date or a division is a touch, not typing. Used by the e2e tests, the typing
 * bench (test/bench/typing.ts) and the screenshot script.
 */
import type { Page } from 'puppeteer-core';
import { pinyin } from 'pinyin-pro';

export interface InputCount {
  /** Presses of character keys. */
  chars: number;
  /** Every touch on the screen (keys, candidates, options, buttons). */
  touches: number;
}

export const newCount = (): InputCount => ({ chars: 0, touches: 0 });

const editor = (key: string) => `[data-field-row="${key}"] .ime`;

/** One touch on the first visible element matching `selector` (waits for it). */
export async function touch(page: Page, selector: string, count?: InputCount): Promise<void> {
  await page.locator(selector).setTimeout(15_000).click();
  if (count) count.touches++;
}

/** A touch on the visible button with this text (like browser.ts `tap`, but counted). */
export async function touchText(page: Page, text: string, count?: InputCount, selector = 'button'): Promise<void> {
  await touch(page, `${selector}::-p-text(${text})`, count);
}

async function pressKey(page: Page, scope: string, key: string, count: InputCount, isChar = true): Promise<void> {
  await touch(page, `${scope} [data-key="${key}"]:not([disabled])`, count);
  if (isChar) count.chars++;
}

/** Opens a field's editor unless it is open already. */
export async function openField(page: Page, key: string, count: InputCount): Promise<void> {
  const open = await page.$(`[data-field="${key}"][aria-expanded="true"]`);
  if (!open) await touch(page, `[data-field="${key}"]`, count);
  await page.waitForSelector(editor(key));
}

/** Closes the open editor with 完成. */
export async function done(page: Page, key: string, count: InputCount): Promise<void> {
  await touch(page, `${editor(key)} [data-key="done"]`, count);
  await page.waitForFunction((k) => !document.querySelector(`[data-field-row="${k}"] .ime`), {}, key);
}

/** Readings of a character, the commonest first, with ü as v (as the keyboard types it). */
function readingsOf(char: string): string[] {
  const all = pinyin(char, { toneType: 'none', type: 'array', multiple: true, v: true }) as string[];
  const first = pinyin(char, { toneType: 'none', type: 'array', v: true }) as string[];
  return [...new Set([...first, ...all])].filter((r) => /^[a-z]+$/.test(r));
}

/** Picks `char` from the candidate bar, paging forward; false if it is not among the candidates. */
async function pickCandidate(page: Page, scope: string, char: string, count: InputCount): Promise<boolean> {
  for (;;) {
    const found = await page.$(`${scope} [data-candidate="${char}"]`);
    if (found) {
      await touch(page, `${scope} [data-candidate="${char}"]`, count);
      return true;
    }
    const next = await page.$(`${scope} [data-key="next"]:not([disabled])`);
    if (!next) return false;
    await touch(page, `${scope} [data-key="next"]:not([disabled])`, count);
  }
}

/**
 * Types `text` into the open pinyin keyboard of `scope`: digits and unit characters by their keys,
 * each hanzi by its pinyin and a candidate (a surname shortcut when one is offered).
 */
export async function typePinyin(page: Page, scope: string, text: string, count: InputCount): Promise<void> {
  const latin = async () => (await page.$(`${scope} [data-key="mode"][aria-pressed="true"]`)) !== null;
  for (const char of text) {
    if (/[0-9]/.test(char) || ['号', '栋', '单元', '室', '楼', '-', '路', '街', '巷', '村', '组'].includes(char)) {
      await pressKey(page, scope, char, count);
      continue;
    }
    if (/[A-Za-z]/.test(char)) {
      // Letters as they are (credit codes, account numbers): the keyboard's latin mode.
      if (!(await latin())) await pressKey(page, scope, 'mode', count, false);
      await pressKey(page, scope, char.toLowerCase(), count);
      continue;
    }
    if (await latin()) await pressKey(page, scope, 'mode', count, false);
    // A shortcut already on the bar (e.g. the father's surname) costs one touch and no typing.
    if (await page.$(`${scope} [data-candidate="${char}"]`)) {
      await touch(page, `${scope} [data-candidate="${char}"]`, count);
      continue;
    }
    let picked = false;
    for (const reading of readingsOf(char)) {
      for (const letter of reading) await pressKey(page, scope, letter, count);
      picked = await pickCandidate(page, scope, char, count);
      if (picked) break;
      for (let i = 0; i < reading.length; i++) await pressKey(page, scope, 'backspace', count, false);
    }
    if (!picked) throw new Error(`${char} is not among the pinyin keyboard's candidates`);
  }
}

/** Types digits (and X, or 号/栋…) on the open numeric pad of `scope`. */
export async function typeDigits(page: Page, scope: string, text: string, count: InputCount): Promise<void> {
  for (const char of text) await pressKey(page, scope, char, count);
}

/** Picks an ISO date on the open date picker: year steppers, then the month and the day. */
export async function pickDate(page: Page, key: string, iso: string, count: InputCount): Promise<void> {
  const scope = editor(key);
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const shownYear = async () => Number(await page.$eval(`${scope} .date-year-value`, (el) => el.textContent!.replace(/\D/g, '')));
  for (let cur = await shownYear(); cur !== y; cur = await shownYear()) {
    const diff = y - cur;
    const step = Math.abs(diff) >= 10 ? (diff > 0 ? 'year+10' : 'year-10') : diff > 0 ? 'year+1' : 'year-1';
    await touch(page, `${scope} [data-key="${step}"]`, count);
  }
  await touch(page, `${scope} [data-month="${m}"]`, count);
  await touch(page, `${scope} [data-day="${d}"]`, count);
}

/**
 * Picks an address on the open address picker of `scope`: division names in order (a level the
 * kiosk takes by itself, such as 天津市's 市辖区, is skipped), then the house number on the pad.
 */
export async function pickAddress(page: Page, scope: string, divisions: string[], detail: string, count: InputCount): Promise<void> {
  for (const name of divisions) {
    await page.waitForSelector(`${scope} .region-grid`);
    await touch(page, `${scope} .region-grid .region::-p-text(${name})`, count);
    await page.waitForFunction((s, n) => document.querySelector(s)?.textContent?.includes(n), {}, `${scope} .ime-display`, name);
  }
  if (!detail) return;
  await page.waitForSelector(`${scope} .numpad`);
  await typeDigits(page, scope, detail, count);
}

/** Fills one field by its type, as a citizen would; returns after its editor is closed. */
export async function fillField(page: Page, key: string, value: string, count: InputCount): Promise<void> {
  await openField(page, key, count);
  const scope = editor(key);
  const kind = await page.$eval(scope, (el) => (el.classList.contains('ime-numpad') ? 'numpad' : el.classList.contains('ime-date') ? 'date' : el.classList.contains('ime-address') ? 'address' : 'pinyin'));
  // Clear what is there (a value from shared data being corrected).
  if (kind === 'numpad' || kind === 'pinyin') {
    const clear = await page.$(`${scope} [data-key="clear"]:not([disabled])`);
    if (clear) await touch(page, `${scope} [data-key="clear"]:not([disabled])`, count);
  }
  if (kind === 'numpad') await typeDigits(page, scope, value, count);
  else if (kind === 'date') await pickDate(page, key, value, count);
  else if (kind === 'address') {
    // "天津市|和平区|南营门街道|128号": divisions, then the house number.
    const parts = value.split('|');
    await pickAddress(page, scope, parts.slice(0, -1), parts[parts.length - 1]!, count);
  } else await typePinyin(page, scope, value, count);
  await done(page, key, count);
}

/** Editable fields still empty on the form, in order, with their editor kind. */
export async function emptyFields(page: Page): Promise<string[]> {
  return page.$$eval('button[data-field]', (els) => els.filter((el) => el.querySelector('.placeholder')).map((el) => el.getAttribute('data-field')!));
}

/** The value a field shows (editable or not). */
export async function fieldValue(page: Page, key: string): Promise<string> {
  // An ID or card number is masked on screen: held 按住查看 shows it in full, as the citizen does.
  const reveal = await page.$(`[data-field-row="${key}"] [data-reveal]`);
  if (reveal) {
    await reveal.hover();
    await page.mouse.down();
    try {
      await page.waitForSelector(`[data-field-row="${key}"] [data-masked="false"] .masked-value`);
      return await page.$eval(`[data-field-row="${key}"] .masked-value`, (el) => el.textContent!.replace(/\s/g, ''));
    } finally {
      await page.mouse.up();
    }
  }
  return page.$eval(`[data-field="${key}"]`, (el) => (el.querySelector('.placeholder') ? '' : (el.querySelector('.field-text') ?? el).textContent!.trim()));
}

/** For the screenshot script: one key or candidate by its data attribute, uncounted. */
export async function pressKeyForShot(page: Page, scope: string, keyOrCandidate: string): Promise<void> {
  const isKey = /^[a-z0-9-]$/.test(keyOrCandidate) || keyOrCandidate.length > 1 || ['号', '栋', '室', '楼', '路', '街', '巷', '村', '组'].includes(keyOrCandidate);
  const sel = isKey ? `${scope} [data-key="${keyOrCandidate}"]` : `${scope} [data-candidate="${keyOrCandidate}"]`;
  await touch(page, sel);
}

/**
 * Fills every editable field still empty, by its type, from `values` (address values as
 * "省|市|区|街道|门牌号", divisions a level takes by itself left out); `fallback` for the rest.
 */
export async function fillEmptyFields(page: Page, values: Record<string, string>, count: InputCount, fallback = '13812345678'): Promise<void> {
  for (const key of await emptyFields(page)) await fillField(page, key, values[key] ?? fallback, count);
}
