/**
 * Writing on the kiosk's handwriting pad (kiosk/src/input/handwriting-pad.tsx) as a finger does:
 * the mouse down, along each stroke, up (pointer events), from Make Me a Hanzi stroke medians
 * (test/support/hanzi-strokes.ts). Used by the e2e tests and the screenshot script.
 */
import type { Page } from 'puppeteer-core';
import { penStrokes } from './hanzi-strokes';

export async function writeOnPad(page: Page, scope: string, char: string, seed = 1): Promise<void> {
  const canvas = await page.waitForSelector(`${scope} [data-testid="handwriting-canvas"]`);
  await canvas!.scrollIntoView();
  const box = (await canvas!.boundingBox())!;
  const strokes = penStrokes(char, { size: Math.round(box.width), seed, jitter: 2 });
  if (!strokes) throw new Error(`no stroke data for ${char}`);
  for (const stroke of strokes) {
    const [x0, y0] = stroke[0]!;
    await page.mouse.move(box.x + x0, box.y + y0);
    await page.mouse.down();
    for (const [x, y] of stroke.slice(1)) await page.mouse.move(box.x + x, box.y + y);
    await page.mouse.up();
  }
}
