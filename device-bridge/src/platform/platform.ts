/**
 * What the terminal needs from the government service platform. 'local' (an embedded back office in
 * SQLite) is the default; 'http' speaks the JSON API of config/platform-api.openapi.yaml.
 * Expected failures are values: `unavailable` (try again later — the outbox retries), `rejected`
 * (the platform refused the content; final), `not-found`.
 */
import type { RatingLevel, Delivery, ApplicationStatus, PrintableResult, LocalTextT } from '../../../core/protocol/messages';
import type { Identity } from '../../../core/identity';
import type { Result } from '../../../core/result';

export interface PlatformSubmission {
  idempotencyKey: string;
  /** Given by the terminal from its outbox sequence, printed on the receipt before delivery. */
  acceptanceNumber: string;
  terminalId: string;
  bundle: string;
  bundleName: LocalTextT;
  items: { code: string; name: LocalTextT; department: LocalTextT; dueDate: string; instant: boolean }[];
  promisedDate: string;
  applicantIdNumber: string;
  applicantName: string;
  values: Record<string, string>;
  delivery: Delivery;
  /** 告知承诺 / 容缺 signed on screen: the signature as vector strokes. */
  commitment?: { materials: string[]; signature: number[][][]; signedAt: string } | null;
  /** Scenario answers (情形) the composition used. */
  answers?: Record<string, string>;
  /** How each material to bring is supplied: provided / deferred (容缺) / commitment (告知承诺) / none. */
  materialChoices?: Record<string, 'provided' | 'deferred' | 'commitment' | 'none'>;
  /** Photos of paper materials taken at the kiosk (JPEG bytes); never written anywhere but the encrypted outbox. */
  attachments?: { material: string; jpeg: Uint8Array }[];
  submittedAt: string;
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

export interface HelpCall {
  terminalId: string;
  /** Where in the flow the citizen asked, e.g. "review". No personal data. */
  context: string;
  at: string;
}

/** What the government already holds about a person: never asked again (免提交, 共享数据自动调用). */
export type { KnownData } from '../../../core/protocol/messages';
import type { KnownData } from '../../../core/protocol/messages';

/** Where a help call stands (open, coming, handled, withdrawn: core/protocol/messages.ts). */
export type { HelpCallState } from '../../../core/protocol/messages';
import type { HelpCallState } from '../../../core/protocol/messages';

export type PlatformError = { kind: 'unavailable' | 'rejected' | 'not-found'; message: string };
export type StatusQuery = { acceptanceNumber: string } | { applicantIdNumber: string };

export interface Platform {
  readonly name: string;
  submit(submission: PlatformSubmission): Promise<Result<{ acceptanceNumber: string }, PlatformError>>;
  status(query: StatusQuery): Promise<Result<ApplicationStatus[], PlatformError>>;
  /** Results the citizen may print at the terminal; the applicant's ID number proves they are theirs. */
  results(acceptanceNumber: string, applicantIdNumber: string | null): Promise<Result<PrintableResult[], PlatformError>>;
  rate(rating: PlatformRating): Promise<Result<void, PlatformError>>;
  lookupKnownData(idNumber: string): Promise<KnownData>;
  /** A scanned 电子身份证 / 亮证码 QR code → the identity it stands for (one-time codes). */
  resolveQrIdentity(code: string): Promise<Result<Identity, PlatformError>>;
  helpCall(call: HelpCall): Promise<Result<{ callId: string }, PlatformError>>;
  /** The call's state now (the terminal follows it while the call is open). */
  helpCallState(callId: string): Promise<Result<HelpCallState, PlatformError>>;
  /** The citizen cancelled, or the session ended: staff need not come. A call already handled stays handled. */
  withdrawHelpCall(callId: string): Promise<Result<HelpCallState, PlatformError>>;
  /** Pushes state changes as they happen, where the platform can (the local back office); others are polled. */
  onHelpCallChange?(listener: (callId: string, state: HelpCallState) => void): () => void;
  close?(): void;
}
