/**
 * Size limits of the kiosk link, without the schemas (and zod) around them: the kiosk's camera
 * screen, signature pad and bridge client need the numbers, not the validator.
 * core/protocol/messages.ts re-exports them and applies them.
 */

/** At most this many material photos per submission, each at most MAX_PHOTO_CHARS of data URL. */
export const MAX_PHOTOS = 12;
export const MAX_PHOTO_CHARS = 400_000;

/** A signature (告知承诺) holds at most this many [x, y, t] points in all its strokes. */
export const MAX_SIGNATURE_POINTS = 4000;
/** At most this many form values (field id → text) in one submission. */
export const MAX_FORM_VALUES = 200;
/** At most this many scenario answers, and as many material choices, in one submission. */
export const MAX_CHOICES = 60;

/**
 * The largest WebSocket message either side accepts (the bridge's `maxPayload`; the kiosk checks
 * before sending). The largest legal message is a submission at every limit above; written by
 * JSON.stringify with 3-byte (CJK) text it comes to about 5.42 MB (ARCHITECTURE.md, "The kiosk
 * link"; test/support/maximal-submission.ts builds it), so 5.5 MB lets it through and refuses
 * anything larger with close code 1009 before it is buffered whole.
 */
export const MAX_MESSAGE_BYTES = 5_500_000;
