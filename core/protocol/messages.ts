/**
 * The one WebSocket between kiosk and bridge. Every message is checked against these schemas on
 * both ends: a message off schema gets an error naming the field, never a crash.
 */
import { z } from 'zod';
import { Identity } from '../identity';
import { DeviceStatuses } from './devices';
import { LanguageCode, LocalText } from '../catalog/schema';
import { AccessibilityDefaults } from '../config/accessibility';
import { MAX_CHOICES, MAX_FORM_VALUES, MAX_MESSAGE_BYTES, MAX_PHOTOS, MAX_PHOTO_CHARS, MAX_SIGNATURE_POINTS } from './photo-limits';

const Id = z.number().int().nonnegative();

export const RatingLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type RatingLevel = z.infer<typeof RatingLevel>;

export const Delivery = z.discriminatedUnion('method', [
  z.object({ method: z.literal('pickup') }),
  z.object({ method: z.literal('mail'), address: z.string().min(4).max(200) }),
]);
export type Delivery = z.infer<typeof Delivery>;

export { MAX_CHOICES, MAX_FORM_VALUES, MAX_MESSAGE_BYTES, MAX_PHOTOS, MAX_PHOTO_CHARS, MAX_SIGNATURE_POINTS };

/** A record of at most `max` entries (zod records have no size of their own). */
const atMost = <T extends z.ZodType<Record<string, unknown>>>(record: T, max: number) =>
  record.refine((r) => Object.keys(r).length <= max, { message: `at most ${max} entries` });

/** One photographed paper material: the catalog's material code and a JPEG data URL. */
export const MaterialPhoto = z.object({
  material: z.string().min(1).max(64),
  jpeg: z.string().startsWith('data:image/jpeg;base64,').max(MAX_PHOTO_CHARS),
});
export type MaterialPhoto = z.infer<typeof MaterialPhoto>;

/** 手写输入 bounds: a character is at most 40 strokes, a stroke at most 500 points, 4000 points in all. */
export const HANDWRITING_LIMITS = { maxStrokes: 40, maxPointsPerStroke: 500, maxPoints: 4000, maxSide: 4096 } as const;
const Coord = z.number().int().min(0).max(HANDWRITING_LIMITS.maxSide);
/** One handwritten character as pen strokes of [x, y] pixel points on a pad of width × height. */
export const HandwritingStrokes = z
  .object({
    width: z.number().int().min(1).max(HANDWRITING_LIMITS.maxSide),
    height: z.number().int().min(1).max(HANDWRITING_LIMITS.maxSide),
    strokes: z.array(z.array(z.tuple([Coord, Coord])).min(1).max(HANDWRITING_LIMITS.maxPointsPerStroke)).min(1).max(HANDWRITING_LIMITS.maxStrokes),
  })
  .refine((c) => c.strokes.reduce((n, s) => n + s.length, 0) <= HANDWRITING_LIMITS.maxPoints, { message: `at most ${HANDWRITING_LIMITS.maxPoints} points in all`, path: ['strokes'] });
export type HandwritingStrokes = z.infer<typeof HandwritingStrokes>;
/** The answer to handwriting.recognise: characters best first. */
export const HandwritingResult = z.object({ candidates: z.array(z.string().max(4)).max(10) });
export type HandwritingResult = z.infer<typeof HandwritingResult>;

/** kiosk → bridge. Each request carries an id; the bridge answers with a reply of the same id. */
export const KioskRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session.start'), id: Id }),
  z.object({ type: z.literal('session.end'), id: Id, reason: z.enum(['done', 'exit', 'timeout']) }),
  z.object({
    type: z.literal('face.verify'),
    id: Id,
    /** A JPEG data URL of one captured frame; kept in memory for the verifier only. */
    frame: z.string().startsWith('data:image/jpeg;base64,').max(600_000),
  }),
  z.object({
    type: z.literal('submit'),
    id: Id,
    /** Made when the citizen presses 提交; the platform never accepts the same key twice. */
    idempotencyKey: z.string().uuid(),
    bundle: z.string().max(64),
    items: z.array(z.string().max(64)).min(1).max(50),
    /** Scenario answers (情形): question id → option value; the bridge composes with them again. */
    answers: atMost(z.record(z.string().max(64), z.string().max(64)), MAX_CHOICES).optional(),
    /** How each material to bring is supplied (core/catalog/notice.ts); checked again by the bridge. */
    materials: atMost(z.record(z.string().max(64), z.enum(['provided', 'deferred', 'commitment', 'none'])), MAX_CHOICES).optional(),
    values: atMost(z.record(z.string().max(64), z.string().max(500)), MAX_FORM_VALUES),
    delivery: Delivery,
    /** 告知承诺 / 容缺: materials the applicant commits to, signed on screen (vector strokes). */
    commitment: z.lazy(() => Commitment).nullable().optional(),
    /** Photos of the paper materials the citizen has with them (one per material); session memory only. */
    photos: z.array(MaterialPhoto).max(MAX_PHOTOS).default([]),
    /** The session's language: the receipt is printed in it (zh when absent or not a receipt language). */
    lang: LanguageCode.optional(),
  }),
  z.object({ type: z.literal('receipt.print'), id: Id, acceptanceNumber: z.string() }),
  /** 打印办事指南: the guide of an item or a bundle, no login needed. */
  z.object({ type: z.literal('guide.print'), id: Id, guide: z.object({ kind: z.enum(['bundle', 'item']), code: z.string().min(1).max(64) }) }),
  z.object({
    type: z.literal('rating.submit'),
    id: Id,
    acceptanceNumber: z.string().nullable(),
    level: RatingLevel,
    reasons: z.array(z.string().max(40)).max(10),
    comment: z.string().max(300).default(''),
    /** Made when the citizen presses 提交评价; a retried request is not a second rating. */
    idempotencyKey: z.string().uuid().optional(),
  }),
  /** 进度查询: by the identified applicant (card or e-ID) or by an acceptance number (receipt QR). */
  z.object({ type: z.literal('progress.query'), id: Id, by: z.discriminatedUnion('kind', [z.object({ kind: z.literal('applicant') }), z.object({ kind: z.literal('acceptanceNumber'), /** The number, or the receipt's scanned tracking URL. */ acceptanceNumber: z.string().min(4).max(300) })]) }),
  /** Self-print of a result the platform allows (秒批 result, certificate). */
  z.object({ type: z.literal('result.print'), id: Id, acceptanceNumber: z.string().min(4).max(40), itemCode: z.string().max(60) }),
  /** 一次性告知: print every missing material at once. */
  z.object({ type: z.literal('notice.print'), id: Id, bundle: z.string(), items: z.array(z.string()).min(1).max(50), answers: z.record(z.string().max(64), z.string().max(64)).optional() }),
  /** 呼叫帮办: one open call per session; a second press answers with the call already open. */
  z.object({ type: z.literal('help.call'), id: Id, context: z.string().max(40) }),
  /** The citizen cancels their open help call (staff need not come). */
  z.object({ type: z.literal('help.cancel'), id: Id }),
  /**
   * Input without typing (issue 7): the next card on the reader is another person's (a spouse, a
   * seller) for the form; the applicant stays who they are. `expect: false` withdraws the request.
   */
  z.object({ type: z.literal('card.other'), id: Id, expect: z.boolean() }),
  /** 身份核验 (or 进度查询) opened: a card already lying on the reader is read again and delivered. */
  z.object({ type: z.literal('card.reread'), id: Id }),
  /** 手写输入: one character's strokes → candidates, recognised on the terminal (zinnia); never logged or kept. */
  z.object({ type: z.literal('handwriting.recognise'), id: Id, character: HandwritingStrokes }),
]);
export type KioskRequest = z.infer<typeof KioskRequest>;
export type KioskRequestType = KioskRequest['type'];

export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  /** The JSON path of the offending field, when there is one. */
  path: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A material the application was accepted without (core/catalog/notice.ts owedMaterials). */
export const OwedMaterial = z.object({
  material: z.string(),
  name: LocalText,
  form: z.enum(['原件', '复印件', '电子']),
  copies: z.number().int(),
  reason: z.enum(['deferred', 'not-provided']),
  items: z.array(LocalText),
  days: z.number().int(),
  dueDate: z.string(),
  provisional: z.boolean(),
  where: LocalText,
  upload: z.boolean(),
  ifMissing: LocalText,
});
export type OwedMaterialT = z.infer<typeof OwedMaterial>;

export const SubmitResult = z.object({
  acceptanceNumber: z.string(),
  promisedDate: z.string(),
  items: z.array(z.object({ code: z.string(), name: LocalText, department: LocalText, dueDate: z.string() })),
  trackUrl: z.string(),
  /** 尚需补交: what the citizen still has to hand in, where and by when. */
  owed: z.array(OwedMaterial).optional(),
});
export type SubmitResult = z.infer<typeof SubmitResult>;

export const PrintResult = z.discriminatedUnion('printed', [
  z.object({ printed: z.literal(true) }),
  z.object({ printed: z.literal(false), reason: z.string(), trackUrl: z.string() }),
]);
export type PrintResult = z.infer<typeof PrintResult>;

/** The answer to guide.print: printed, or why not (the kiosk then offers the QR code). */
export const GuidePrintResult = z.object({ printed: z.boolean(), reason: z.string().optional() });
export type GuidePrintResult = z.infer<typeof GuidePrintResult>;

export const FaceResult = z.object({
  match: z.boolean(),
  /** False for the embedded verifier: it accepts a captured frame and compares nothing. */
  realComparison: z.boolean(),
  verifier: z.string(),
});
export type FaceResult = z.infer<typeof FaceResult>;

export const TerminalInfo = z.object({
  id: z.string(),
  name: LocalText,
  hours: LocalText,
  open24h: z.boolean(),
  idleTimeoutMs: z.number().int().positive(),
  idleWarningMs: z.number().int().positive(),
  devDock: z.boolean(),
  /** Touch targets are at least 15 mm at this density. */
  pxPerMm: z.number(),
  hallPhone: z.string(),
  pickupPlace: LocalText,
  bundles: z.array(z.string()),
  /** Base address of the portal's guide pages: the guide QR code carries it with ?bundle= or ?item=. */
  guideBaseUrl: z.string().optional(),
  /** Which identity verifier runs; the kiosk says so when it makes no real comparison. */
  identityVerifier: z.object({ name: z.string(), realComparison: z.boolean() }),
  /** Languages offered (first = default) and the settings a session starts with, from the terminal configuration. */
  languages: z.array(LanguageCode).min(1).optional(),
  accessibility: AccessibilityDefaults.optional(),
  /** The terminal's region (config `terminal.region`), for examples in catalog hints (core/catalog/regional-text.ts). */
  region: z.object({ code: z.string(), province: z.string(), city: z.string(), district: z.string() }).optional(),
  /** The low-reach band: heights above the floor in mm (the kiosk turns them into pixels with pxPerMm). */
  reach: z.object({ screenBottomMm: z.number(), maxReachMm: z.number() }).optional(),
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

/** What the government already holds about the person on the card (共享数据, 电子证照). Session-only. */
export const KnownData = z.object({ shared: z.record(z.string(), z.string()), eLicences: z.array(z.string()) });
export type KnownData = z.infer<typeof KnownData>;

export type LocalTextT = z.infer<typeof LocalText>;

/** A signature captured on screen: strokes of [x, y, t] points (x, y in 0‥1 of the pad, t in ms). */
export const Signature = z
  .array(z.array(z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().int().min(0).max(3_600_000)])).min(1).max(2000))
  .min(1)
  .max(100)
  .refine((strokes) => strokes.reduce((n, s) => n + s.length, 0) <= MAX_SIGNATURE_POINTS, { message: `at most ${MAX_SIGNATURE_POINTS} points in all` });
export const Commitment = z.object({ materials: z.array(z.string().max(60)).min(1).max(30), signature: Signature });

/** 已提交 → 已受理 → 审查中 → 已办结 → 待领取 / 已邮寄, or 需补正 / 不予受理 (with a reason). */
export const Stage = z.enum(['已提交', '已受理', '审查中', '已办结', '待领取', '已邮寄', '需补正', '不予受理']);
export type Stage = z.infer<typeof Stage>;

export const ApplicationStatus = z.object({
  acceptanceNumber: z.string(),
  bundleName: LocalText,
  submittedAt: z.string(),
  promisedDate: z.string(),
  items: z.array(
    z.object({
      code: z.string(),
      name: LocalText,
      department: LocalText,
      stage: Stage,
      dueDate: z.string(),
      reason: z.string().nullable(),
      /** A result the citizen may print here (秒批 result, certificate). */
      printable: z.boolean(),
    }),
  ),
  /** 尚需补交, when this terminal still holds the submission (its outbox) and something is owed. */
  owed: z.array(OwedMaterial).optional(),
});
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

export const PrintableResult = z.object({
  acceptanceNumber: z.string(),
  itemCode: z.string(),
  title: LocalText,
  /** Printed on the result; anyone can check it with the issuing department. */
  verificationCode: z.string(),
  issuedAt: z.string(),
  issuer: z.string(),
  lines: z.array(z.string()),
});
export type PrintableResult = z.infer<typeof PrintableResult>;

/** Whether the terminal can take submissions now (the durable outbox works). */
export const SubmissionAvailability = z.object({
  available: z.boolean(),
  reason: z.enum(['disk-full', 'corrupt', 'unwritable', 'key', 'io']).nullable(),
});
export type SubmissionAvailability = z.infer<typeof SubmissionAvailability>;

/**
 * Where a help call (帮办) stands, as the hall sees it: `open` (placed, nobody answered yet),
 * `coming` (a staff member is on the way), `handled` (done), `withdrawn` (cancelled by the citizen,
 * or their session ended before staff came).
 */
export const HelpCallState = z.enum(['open', 'coming', 'handled', 'withdrawn']);
export type HelpCallState = z.infer<typeof HelpCallState>;

/** bridge → kiosk */
export const BridgeMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), terminal: TerminalInfo, devices: DeviceStatuses, catalogVersion: z.string().nullable() }),
  z.object({ type: z.literal('devices'), devices: DeviceStatuses }),
  z.object({ type: z.literal('card.inserted'), identity: Identity, known: KnownData }),
  z.object({ type: z.literal('card.error'), reason: z.enum(['unsupported-card', 'read-failed', 'another-person']) }),
  z.object({ type: z.literal('card.removed') }),
  /** The other person's card asked for with `card.other`: only what a form takes from it (no photo). */
  z.object({ type: z.literal('card.other'), person: z.object({ name: z.string().max(80), idNumber: z.string().max(18), address: z.string().max(200) }) }),
  z.object({ type: z.literal('qr.scanned'), data: z.string().max(4096) }),
  z.object({ type: z.literal('reply'), id: Id, ok: z.boolean(), result: z.unknown().optional(), error: ErrorBody.optional() }),
  z.object({ type: z.literal('error'), error: ErrorBody }),
  z.object({ type: z.literal('submission.status'), status: SubmissionAvailability }),
  /** The session's help call changed: pushed as the hall answers (正在前来 / 已处理). */
  z.object({ type: z.literal('help.status'), state: HelpCallState }),
]);
export type BridgeMessage = z.infer<typeof BridgeMessage>;

/** A zod error as one line that names the field: "items[0]: expected string". */
export function describeZodError(error: z.ZodError): { message: string; path: string } {
  const issue = error.issues[0];
  const path = issue ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '';
  return { message: issue ? `${path || '(message)'}: ${issue.message}` : error.message, path };
}
