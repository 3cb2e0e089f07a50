/**
 * Image snapshot of a printed receipt: the acceptance receipt goes through the real driver, over
 * the byte link, into the simulator, which renders what the paper would show (one pixel per dot).
 * The picture is compared with the committed reference with a small tolerance; run with
 * UPDATE_SNAPSHOTS=1 to accept a deliberate change (and look at the new PNG before committing).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { acceptanceReceiptMarkdown } from '../../../../core/receipt/acceptance-receipt';
import { sampleReceipt } from '../../../../core/receipt/sample-receipt';
import { renderEscPos } from './escpos';
import { connectSimulator, EscPosPrinter } from './escpos-printer';
import { SimulatedEscPosPrinter } from './simulated-printer';

const reference = resolve(import.meta.dirname, '__snapshots__/sample-receipt.png');
/** Share of pixels allowed to differ (marked vs blank; the renderer draws glyphs as boxes, QR and images as dots), for harmless rendering changes. */
const TOLERANCE = 0.002;

describe('printed receipt image snapshot', () => {
  it('matches the committed reference within tolerance', async () => {
    const sim = new SimulatedEscPosPrinter();
    const printer = new EscPosPrinter(connectSimulator(sim));
    expect(await printer.print(renderEscPos(acceptanceReceiptMarkdown(sampleReceipt)))).toEqual({ ok: true, value: undefined });
    const png = sim.jobPng(sim.jobs()[0]!.id)!;
    if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(reference)) {
      if (process.env.UPDATE_SNAPSHOTS !== '1') throw new Error(`no reference at ${reference}: run with UPDATE_SNAPSHOTS=1`);
      writeFileSync(reference, png);
    }
    const actual = PNG.sync.read(png);
    const expected = PNG.sync.read(readFileSync(reference));
    expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
    let differing = 0;
    for (let p = 0; p < actual.data.length; p += 4) {
      if (actual.data[p]! < 250 !== expected.data[p]! < 250) differing++;
    }
    const share = differing / (actual.width * actual.height);
    expect(share).toBeLessThanOrEqual(TOLERANCE);
    // The snapshot is not blank: a receipt has ink on it.
    let ink = 0;
    for (let p = 0; p < expected.data.length; p += 4) if (expected.data[p]! < 250) ink++;
    expect(ink / (expected.width * expected.height)).toBeGreaterThan(0.02);
  });
});
