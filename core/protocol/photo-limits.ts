/**
 * Limits on material photos in a submission, without the schemas (and zod) around them: the kiosk's
 * camera screen needs the numbers, not the validator. core/protocol/messages.ts re-exports them.
 */

/** At most this many material photos per submission, each at most MAX_PHOTO_CHARS of data URL. */
export const MAX_PHOTOS = 12;
export const MAX_PHOTO_CHARS = 400_000;
