/**
 * The ID card reader as the rest of the bridge sees it (hev-idcard-reader's shape): a long-lived
 * service that emits status changes, card reads and removals. The photo stays inside the bridge.
 */
import type { Identity } from '../../../../core/identity';
import type { IdCardReaderStatus } from '../../../../core/protocol/devices';
import { Emitter } from '../emitter';

export interface CardRead {
  identity: Identity;
  /** The card's 1024-byte WLT photo: opaque, for the identity verifier only, never written to disk. */
  photo: Uint8Array | null;
}

export type IdCardReaderEvents = {
  status: IdCardReaderStatus;
  card: CardRead;
  removed: undefined;
  'read-error': 'unsupported-card' | 'read-failed';
};

export abstract class IdCardReader extends Emitter<IdCardReaderEvents> {
  abstract status(): IdCardReaderStatus;
  abstract close(): Promise<void>;
  /** Emits `card` again for a card already lying on the reader (a reader that cannot do so does nothing). */
  reread(): void {}
}
