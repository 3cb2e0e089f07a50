/**
 * What the bridge holds about the citizen at the kiosk, and only while the session lasts: the card
 * read, the card photo (for the verifier), shared data, and the submission made (for its receipt).
 * `wipe()` forgets all of it; it runs when the kiosk ends the session, when the kiosk's connection
 * drops (a crashed page is a walked-away citizen) and when a new kiosk connection replaces the old.
 */
import type { Identity } from '../../../core/identity';
import type { HelpCallState, KnownData, SubmitResult } from '../../../core/protocol/messages';
import type { AcceptanceReceipt } from '../../../core/receipt/acceptance-receipt';

export interface SessionSubmission {
  result: SubmitResult;
  receipt: AcceptanceReceipt;
}

export class CitizenSession {
  active = false;
  identity: Identity | null = null;
  photo: Uint8Array | null = null;
  known: KnownData | null = null;
  faceVerified = false;
  /** The next card is another person's for the form (`card.other`), not a new applicant. */
  expectOther = false;
  /** By idempotency key: a repeated submit (a retry after a lost reply) gets the same answer. */
  readonly submissions = new Map<string, SessionSubmission>();
  /** Acceptance numbers looked up in 进度查询 this session: they may be rated. */
  readonly queried = new Set<string>();
  /** The session's help call (帮办) and where it stands: one open call per session. */
  help: { callId: string; state: HelpCallState } | null = null;

  /** A call placed and not yet handled or withdrawn. */
  get helpOpen(): boolean {
    return this.help !== null && (this.help.state === 'open' || this.help.state === 'coming');
  }

  start(): void {
    this.wipe();
    this.active = true;
  }

  submissionByAcceptanceNumber(n: string): SessionSubmission | undefined {
    for (const s of this.submissions.values()) if (s.result.acceptanceNumber === n) return s;
    return undefined;
  }

  wipe(): void {
    this.active = false;
    this.identity = null;
    this.photo?.fill(0);
    this.photo = null;
    this.known = null;
    this.faceVerified = false;
    this.expectOther = false;
    this.submissions.clear();
    this.queried.clear();
    this.help = null;
  }

  /** For tests and /healthz: true when nothing about a citizen is held. */
  isEmpty(): boolean {
    return !this.active && this.identity === null && this.photo === null && this.known === null && this.submissions.size === 0 && this.help === null;
  }
}
