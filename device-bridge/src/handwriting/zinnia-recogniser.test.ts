/** The recogniser against Debian's real zinnia and the Tegaki zh_CN model (no test double). */
import { afterEach, describe, expect, it } from 'vitest';
import { HandwritingStrokes, KioskRequest } from '../../../core/protocol/messages';
import { toSexp, ZinniaRecogniser } from './zinnia-recogniser';

const line = (x0: number, y0: number, x1: number, y1: number, n = 8): [number, number][] =>
  Array.from({ length: n + 1 }, (_, i) => [Math.round(x0 + ((x1 - x0) * i) / n), Math.round(y0 + ((y1 - y0) * i) / n)]);

const er = { width: 300, height: 300, strokes: [line(70, 100, 230, 100), line(40, 210, 260, 210)] };
const shi = { width: 300, height: 300, strokes: [line(40, 150, 260, 150), line(150, 30, 150, 280)] };

describe('ZinniaRecogniser', () => {
  let r: ZinniaRecogniser | null = null;
  afterEach(() => r?.close());

  it('writes the S-expression zinnia reads, coordinates rounded and kept on the pad', () => {
    expect(toSexp({ width: 100, height: 50, strokes: [[[0, 0], [120, 60]], [[10.4, 3.6]]] })).toBe('(character (width 100)(height 50)(strokes ((0 0)(100 50))((10 4))))');
  });

  it('recognises characters drawn as strokes, best first, one child for many requests in flight', async () => {
    r = new ZinniaRecogniser();
    expect(r.available).toBe(true);
    const [a, b, c] = await Promise.all([r.recognise(er), r.recognise(shi), r.recognise(er)]);
    expect(a[0]).toBe('二');
    expect(b[0]).toBe('十');
    expect(c).toEqual(a);
    expect(a.length).toBe(10);
    expect(await r.recognise({ width: 10, height: 10, strokes: [] })).toEqual([]);
  });

  it('starts a new child when the old one died, failing only what was pending', async () => {
    r = new ZinniaRecogniser();
    await r.recognise(er);
    const child = (r as unknown as { child: { kill(): void } }).child;
    const pending = r.recognise(shi);
    child.kill();
    await expect(pending).rejects.toThrow(/exited/);
    expect((await r.recognise(shi))[0]).toBe('十');
  });

  it('says so when zinnia is not installed', async () => {
    r = new ZinniaRecogniser({ binary: '/nonexistent/zinnia' });
    expect(r.available).toBe(false);
    await expect(r.recognise(er)).rejects.toThrow(/not installed/);
  });

  it('bounds the request: strokes, points per stroke, points in all, coordinates', () => {
    const ok = KioskRequest.safeParse({ type: 'handwriting.recognise', id: 1, character: er });
    expect(ok.success).toBe(true);
    const bad = (character: unknown) => KioskRequest.safeParse({ type: 'handwriting.recognise', id: 1, character }).success;
    expect(bad({ ...er, strokes: Array.from({ length: 41 }, () => [[1, 1]]) })).toBe(false);
    expect(bad({ ...er, strokes: [Array.from({ length: 501 }, () => [1, 1])] })).toBe(false);
    expect(bad({ ...er, strokes: Array.from({ length: 10 }, () => Array.from({ length: 450 }, () => [1, 1])) })).toBe(false);
    expect(bad({ ...er, strokes: [[[-1, 5]]] })).toBe(false);
    expect(bad({ ...er, strokes: [[[1.5, 5]]] })).toBe(false);
    expect(HandwritingStrokes.safeParse({ width: 0, height: 10, strokes: [[[0, 0]]] }).success).toBe(false);
  });
});
