/**
 * The embedded default reader: a card is "placed" through the simulator API (/sim/id-card) or the
 * dev dock. It behaves like the real polling loop seen from outside: one read per placement, a
 * "card present" state until removal, a status for an unplugged reader.
 * (The byte-level SAM simulator under the real driver is a later issue; this class keeps the same
 * IdCardReader interface so nothing above it changes.)
 */
import type { Identity } from '../../../../core/identity';
import type { IdCardReaderStatus } from '../../../../core/protocol/devices';
import { IdCardReader } from './reader';

export class SimulatedIdCardReader extends IdCardReader {
  private current: IdCardReaderStatus = { state: 'ready' };

  status(): IdCardReaderStatus {
    return this.current;
  }

  /** Place a card on the reader. Placing while another card lies there replaces it. */
  place(identity: Identity): void {
    if (this.current.state === 'error' && this.current.type === 'disconnected') return;
    if (this.current.state === 'card-present') this.emit('removed', undefined);
    this.setStatus({ state: 'card-present' });
    this.emit('card', { identity, photo: new Uint8Array(1024) });
  }

  /** A card the reader cannot parse (an unknown card type flag). */
  placeUnsupported(): void {
    this.emit('read-error', 'unsupported-card');
  }

  remove(): void {
    if (this.current.state !== 'card-present') return;
    this.setStatus({ state: 'ready' });
    this.emit('removed', undefined);
  }

  /** Unplug (false) or plug in (true) the reader. */
  setConnected(connected: boolean): void {
    if (!connected) this.setStatus({ state: 'error', type: 'disconnected' });
    else if (this.current.state === 'error') this.setStatus({ state: 'ready' });
  }

  async close(): Promise<void> {}

  private setStatus(status: IdCardReaderStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.current)) return;
    this.current = status;
    this.emit('status', status);
  }
}
