/**
 * 手写输入, the page's side: the pad's strokes go to the bridge (`handwriting.recognise` on the
 * WebSocket), which recognises them with zinnia on the terminal. app.tsx plugs the bridge in once;
 * nothing here keeps strokes after the answer.
 */
import { HANDWRITING_LIMITS, type HandwritingStrokes } from '../../../core/protocol/messages';

export type Recognise = (character: HandwritingStrokes) => Promise<string[]>;

let recogniser: Recognise | null = null;

/** Called once by app.tsx with the bridge's request. */
export function setHandwritingRecogniser(fn: Recognise | null): void {
  recogniser = fn;
}

export function recogniseHandwriting(character: HandwritingStrokes): Promise<string[]> {
  if (!recogniser) return Promise.reject(new Error('no handwriting recogniser'));
  return recogniser(character);
}

export type Point = [number, number];

/**
 * Adds a pen point to the last stroke unless it is within `minStep` px of the previous one or a
 * bound of the protocol would be crossed (the request must stay within HANDWRITING_LIMITS).
 */
export function addPoint(strokes: Point[][], p: Point, minStep = 3): boolean {
  const stroke = strokes[strokes.length - 1];
  if (!stroke) return false;
  const total = strokes.reduce((n, s) => n + s.length, 0);
  if (stroke.length >= HANDWRITING_LIMITS.maxPointsPerStroke || total >= HANDWRITING_LIMITS.maxPoints) return false;
  const last = stroke[stroke.length - 1];
  if (last && Math.hypot(p[0] - last[0], p[1] - last[1]) < minStep) return false;
  stroke.push(p);
  return true;
}

/** Whether another stroke may begin (bounded strokes and points). */
export function canBeginStroke(strokes: Point[][]): boolean {
  return strokes.length < HANDWRITING_LIMITS.maxStrokes && strokes.reduce((n, s) => n + s.length, 0) < HANDWRITING_LIMITS.maxPoints;
}
