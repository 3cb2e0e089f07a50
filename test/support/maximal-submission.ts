/**
 * The largest legal kiosk message: a `submit` at every limit of core/protocol/messages.ts, written
 * the longest way JSON.stringify writes it — every text field at its maximum length in 3-byte (CJK)
 * characters (the widest a citizen can type), every signature coordinate the longest number a double
 * in 0‥1 prints as (23 characters), the largest id. The frame limit (MAX_MESSAGE_BYTES) is set above
 * its size; ARCHITECTURE.md ("The kiosk link") has the arithmetic.
 */
import { MAX_CHOICES, MAX_FORM_VALUES, MAX_PHOTO_CHARS, MAX_PHOTOS, MAX_SIGNATURE_POINTS } from '../../core/protocol/photo-limits';

/** `length` CJK characters, distinct for distinct `n` (a record's keys must differ). */
const cjk = (length: number, n = 0): string => {
  const tail = String.fromCharCode(0x4e00 + (n % 20_000));
  return '政'.repeat(length - 1) + tail;
};

export function maximalSubmission() {
  const photoPrefix = 'data:image/jpeg;base64,';
  const strokes = 100;
  const perStroke = MAX_SIGNATURE_POINTS / strokes;
  return {
    type: 'submit' as const,
    id: Number.MAX_SAFE_INTEGER,
    idempotencyKey: '6f1c2b9e-8a4d-4f3b-9c2e-7d5a1b0e3f4c',
    bundle: cjk(64),
    items: Array.from({ length: 50 }, (_, i) => cjk(64, i)),
    answers: Object.fromEntries(Array.from({ length: MAX_CHOICES }, (_, i) => [cjk(64, i), cjk(64, i)])),
    materials: Object.fromEntries(Array.from({ length: MAX_CHOICES }, (_, i) => [cjk(64, i), 'commitment'])),
    values: Object.fromEntries(Array.from({ length: MAX_FORM_VALUES }, (_, i) => [cjk(64, i), cjk(500, i)])),
    delivery: { method: 'mail' as const, address: cjk(200) },
    commitment: {
      materials: Array.from({ length: 30 }, (_, i) => cjk(60, i)),
      signature: Array.from({ length: strokes }, () => Array.from({ length: perStroke }, () => [2.2250738585072014e-308, 2.2250738585072014e-308, 3_600_000] as [number, number, number])),
    },
    photos: Array.from({ length: MAX_PHOTOS }, (_, i) => ({ material: cjk(64, i), jpeg: photoPrefix + 'A'.repeat(MAX_PHOTO_CHARS - photoPrefix.length) })),
  };
}
