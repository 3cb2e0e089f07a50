/**
 * What the terminal needs from the government service platform. 'local' (an embedded back office)
 * is the default; an 'http' adapter for a province's platform implements the same interface.
 */
import type { RatingLevel, Delivery } from '../../../core/protocol/messages';
import type { Result } from '../../../core/result';

export interface PlatformSubmission {
  idempotencyKey: string;
  terminalId: string;
  bundle: string;
  items: { code: string; dueDate: string }[];
  promisedDate: string;
  applicantIdNumber: string;
  values: Record<string, string>;
  delivery: Delivery;
  submittedAt: string;
  /** Scenario answers (情形) the items were chosen under. */
  answers?: Record<string, string>;
  /** Photos of paper materials taken at the kiosk (JPEG bytes); never written anywhere but the encrypted outbox. */
  attachments?: { material: string; jpeg: Uint8Array }[];
}

export interface PlatformRating {
  idempotencyKey: string;
  acceptanceNumber: string | null;
  terminalId: string;
  level: RatingLevel;
  reasons: string[];
  comment: string;
  ratedAt: string;
}

/** What the government already holds about a person: never asked again (免提交, 共享数据自动调用). */
export type { KnownData } from '../../../core/protocol/messages';
import type { KnownData } from '../../../core/protocol/messages';

export type PlatformError = { kind: 'unavailable' | 'rejected'; message: string };

export interface Platform {
  readonly name: string;
  submit(submission: PlatformSubmission): Promise<Result<{ acceptanceNumber: string }, PlatformError>>;
  rate(rating: PlatformRating): Promise<Result<void, PlatformError>>;
  lookupKnownData(idNumber: string): Promise<KnownData>;
}
