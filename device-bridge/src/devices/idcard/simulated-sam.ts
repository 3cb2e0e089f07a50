/**
 * The embedded default ID card reader: the REAL driver (SamIdCardReader) polling a byte-level SAM
 * simulator over an in-process byte stream at true 115200-baud pacing. This class is what /sim and
 * the dev dock drive: it places and removes simulated cards and plugs the reader in and out, and
 * resolves once the driver has seen the change, so the /sim API answers with the status that
 * results.
 */
import type { Identity } from '../../../../core/identity';
import type { IdCardReaderStatus } from '../../../../core/protocol/devices';
import { inProcessOpener } from '../transport';
import type { IdCardReader, IdCardReaderEvents } from './reader';
import { SamIdCardReader, samReaderDelays } from './sam-reader';
import { Sw3 } from './sam-frame';
import { SamSimulator, type SamFaults } from './sam-simulator';

export interface SamSettings {
  status?: 'ok' | 'self-check-failed' | 'not-authorised';
  failNext?: 'no-card' | 'select-failed' | 'read-failed';
  faults?: SamFaults;
}

/** How long the control waits for the driver to notice a change (several polling rounds). */
const NOTICE_TIMEOUT_MS = 3 * (samReaderDelays.RECONNECT_DELAY_MS + samReaderDelays.FIND_INTERVAL_MS * samReaderDelays.REMOVAL_MISSES);

export class SimulatedSamReader {
  readonly sim: SamSimulator;
  readonly reader: SamIdCardReader;

  constructor(options: { baud?: number } = {}) {
    this.sim = new SamSimulator({ baud: options.baud ?? 115_200 });
    this.reader = new SamIdCardReader({ open: inProcessOpener(this.sim) });
  }

  status(): IdCardReaderStatus {
    return this.reader.status();
  }

  /** Place a card on the reader; a card already lying there is taken away first. */
  async place(identity: Identity, options: { flag?: string } = {}): Promise<void> {
    if (!this.sim.connected) return;
    await this.remove();
    // A failed SAM never reads the card: nothing to wait for.
    const seen = this.sim.samHealthy ? this.next(['card', 'read-error']) : Promise.resolve();
    this.sim.placeIdentity(identity, options);
    await seen;
  }

  /** A card whose type flag the reader does not know. */
  placeUnsupported(identity: Identity): Promise<void> {
    return this.place(identity, { flag: 'Q' });
  }

  async remove(): Promise<void> {
    if (!this.sim.cardPresent) return;
    const seen = this.reader.status().state === 'card-present' ? this.next(['removed']) : Promise.resolve();
    this.sim.removeCard();
    await seen;
  }

  /** Unplug (false) or plug in (true) the reader; resolves when the driver reports it. */
  async setConnected(connected: boolean): Promise<void> {
    const wanted = (s: IdCardReaderStatus) => (s.state === 'error' && s.type === 'disconnected') !== connected;
    if (wanted(this.reader.status()) && this.sim.connected === connected) return;
    const seen = this.until(wanted);
    this.sim.setConnected(connected);
    await seen;
  }

  /** SAM error statuses (60, 66), a one-shot card error (80, 81, 41) and line faults, for trainers and tests. */
  configureSam(settings: SamSettings): void {
    if (settings.status) this.sim.setSamStatus({ ok: Sw3.success, 'self-check-failed': Sw3.samSelfCheckFailed, 'not-authorised': Sw3.samNotAuthorised }[settings.status]);
    if (settings.failNext === 'no-card') this.sim.failOnce('findCard', Sw3.noCard);
    if (settings.failNext === 'select-failed') this.sim.failOnce('selectCard', Sw3.selectFailed);
    if (settings.failNext === 'read-failed') this.sim.failOnce('readTextPhoto', Sw3.readFailed);
    if (settings.faults) this.sim.faults = { ...this.sim.faults, ...settings.faults };
  }

  close(): Promise<void> {
    return this.reader.close();
  }

  /** Resolves on the next of `events` (or after the notice timeout: the caller then reports the status as it is). */
  private next(events: (keyof IdCardReaderEvents)[]): Promise<void> {
    return new Promise((resolve) => {
      const offs = events.map((e) => this.reader.on(e, () => done()));
      const timer = setTimeout(() => done(), NOTICE_TIMEOUT_MS);
      function done() {
        offs.forEach((off) => off());
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private until(pred: (s: IdCardReaderStatus) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const off = this.reader.on('status', (s) => pred(s) && done());
      const timer = setTimeout(() => done(), NOTICE_TIMEOUT_MS);
      function done() {
        off();
        clearTimeout(timer);
        resolve();
      }
    });
  }
}

export type { IdCardReader };
