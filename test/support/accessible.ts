/**
 * The accessibility check every end-to-end test runs on every screen it visits: axe-core finds no
 * violation, and every control a citizen can touch is at least 15 mm each way (the dev dock is for
 * developers). A checkbox counts by its label, which is what a finger touches.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { axe, describeViolations } from './browser';

/** 15 mm at the configured density (config/terminal.json display.pxPerMm; the reference cabinet's 4 px/mm: 60 px). */
export const PX_PER_MM: number = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../config/terminal.json'), 'utf8')).display.pxPerMm;
export const MIN_TARGET_PX = 15 * PX_PER_MM;

/** `minTargetPx`: 15 mm at another cabinet's density, for a terminal configured with one. */
export async function expectAccessible(page: Page, screen: string, minTargetPx = MIN_TARGET_PX): Promise<void> {
  const violations = await axe(page);
  expect(violations, `axe on ${screen}:\n${describeViolations(violations)}`).toEqual([]);
  const small = await page.evaluate((min) => {
    const controls = [...document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, summary, [role="checkbox"], [role="radio"]')];
    return controls
      .map((el) => (el instanceof HTMLInputElement && el.type === 'checkbox' && el.closest('label') ? (el.closest('label') as HTMLElement) : el))
      .filter((el) => !el.closest('.dev-dock') && el.getClientRects().length > 0)
      .map((el) => ({ text: (el.textContent || el.getAttribute('name') || el.tagName).trim().slice(0, 20), w: el.getBoundingClientRect().width, h: el.getBoundingClientRect().height }))
      .filter((b) => b.w < min || b.h < min);
  }, minTargetPx);
  expect(small, `targets under 15 mm on ${screen}`).toEqual([]);
}
