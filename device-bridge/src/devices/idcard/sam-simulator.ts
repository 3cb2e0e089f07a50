/**
 * A SAM_V module with a card field, speaking the protocol's bytes (docs/device-protocols.md). The
 * real driver talks to it over a byte stream in the embedded default, in tests and on pty pairs,
 * so every line of the driver runs without a reader attached.
 *
 * It parses host frames with the same SamFrameParser, answers each command from its state (SAM
 * status, card in the field, card selected), optionally paces its replies at a real baud rate
 * (10 bits per byte on 8N1), and injects faults: garbage bytes, dropped bytes, stalls, one-shot
 * error codes.
 */
import type { Identity } from '../../../../core/identity';
import { Emitter } from '../emitter';
import type { Clock } from '../printer/escpos-printer';
import { systemClock } from '../printer/escpos-printer';
import type { ByteDevice } from '../transport';
import { encodeCardText, TEXT_LENGTH } from './card-text';
import { buildReply, SamCommand, SamFrameParser, Sw3, type SamCommandName } from './sam-frame';

export const PHOTO_LENGTH = 1024;
export const FINGERPRINT_LENGTH = 1024;

export interface SimulatedCard {
  text: Uint8Array;
  photo: Uint8Array;
  fingerprint?: Uint8Array;
}

export interface SamFaults {
  /** Probability (0–1) that a reply is preceded by 1–16 random bytes. */
  garbage?: number;
  /** Probability (0–1) that any one reply byte is lost on the wire. */
  dropByte?: number;
  /** Delay (ms) added once, before the next reply: a stalled reader. */
  stallNextMs?: number;
  /** Answer nothing at all (a hung module). */
  silent?: boolean;
}

export interface SamSimulatorOptions {
  /** Pace replies at this baud rate (8N1); undefined delivers at once. */
  baud?: number;
  /** Bytes per delivered chunk when paced (a USB-serial adapter hands over ~32–64 bytes). */
  chunkBytes?: number;
  clock?: Clock;
  /** Seed of the fault-injection PRNG, for repeatable runs. */
  seed?: number;
}

type CardCommand = 'findCard' | 'selectCard' | 'readTextPhoto' | 'readTextPhotoFingerprint';

/** A photo-shaped opaque blob: "WLT" header and pseudo-random bytes (the real format is licensed). */
export function fakeWltPhoto(seed: number): Uint8Array {
  const photo = new Uint8Array(PHOTO_LENGTH);
  photo.set([0x57, 0x4c, 0x54]); // "WLT"
  let x = seed >>> 0 || 1;
  for (let i = 3; i < photo.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    photo[i] = x & 0xff;
  }
  return photo;
}

export class SamSimulator extends Emitter<{ data: Uint8Array; connection: boolean; command: SamCommandName | 'unknown' }> implements ByteDevice {
  private readonly parser = new SamFrameParser();
  private readonly clock: Clock;
  private card: SimulatedCard | null = null;
  private found = false;
  private selected = false;
  private samStatus: number = Sw3.success;
  private readonly failNext = new Map<CardCommand, number>();
  private plugged = true;
  private lineFreeAt = 0;
  private epoch = 0;
  private rng: number;
  faults: SamFaults = {};
  /** Commands received, for tests and the bench. */
  readonly log: (SamCommandName | 'unknown')[] = [];

  constructor(private readonly options: SamSimulatorOptions = {}) {
    super();
    this.clock = options.clock ?? systemClock;
    this.rng = options.seed ?? 0x5eed;
  }

  // ---- the card field and the module, as a trainer or a test drives them ------------------------

  placeCard(card: SimulatedCard): void {
    this.card = card;
    this.found = false;
    this.selected = false;
  }

  placeIdentity(identity: Identity, options: { flag?: string; olderLayout?: boolean } = {}): void {
    this.placeCard({ text: encodeCardText(identity, options), photo: fakeWltPhoto(identity.idNumber.length * 7919 + identity.birthDate.charCodeAt(7)) });
  }

  removeCard(): void {
    this.card = null;
    this.found = false;
    this.selected = false;
  }

  get cardPresent(): boolean {
    return this.card !== null;
  }

  get samHealthy(): boolean {
    return this.samStatus === Sw3.success;
  }

  /** The module's self-check answer: 90 healthy, 60 self-check failed, 66 not authorised. */
  setSamStatus(sw3: number): void {
    this.samStatus = sw3;
  }

  /** The next such command answers `sw3` once (e.g. 81 select failed, 41 read failed, 80 no card). */
  failOnce(command: CardCommand, sw3: number): void {
    this.failNext.set(command, sw3);
  }

  setConnected(connected: boolean): void {
    if (connected === this.plugged) return;
    this.plugged = connected;
    this.epoch++;
    this.parser.reset();
    this.emit('connection', connected);
  }

  // ---- ByteDevice ----------------------------------------------------------------------------

  get connected(): boolean {
    return this.plugged;
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    return this.on('connection', listener);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.on('data', listener);
  }

  write(bytes: Uint8Array): void {
    if (!this.plugged) return;
    // The request itself takes wire time before the module sees it.
    const requestDone = this.wireMs(bytes.length);
    for (const frame of this.parser.push(bytes)) {
      const reply = this.answer(frame.body);
      if (reply) this.send(reply, requestDone);
    }
  }

  /** Milliseconds `n` bytes take on the wire at the configured baud rate (0 when not paced). */
  wireMs(n: number): number {
    return this.options.baud ? (n * 10 * 1000) / this.options.baud : 0;
  }

  // ---- the protocol ----------------------------------------------------------------------------

  private answer(body: Uint8Array): Uint8Array | null {
    if (body.length < 2) return buildReply(Sw3.lengthError);
    const name = commandName(body[0]!, body[1]!);
    this.log.push(name);
    this.emit('command', name);
    if (name === 'unknown') return body[0] === 0x61 ? buildReply(Sw3.success) : buildReply(Sw3.commandError);
    if (name === 'reset' || name === 'status') return buildReply(name === 'reset' ? Sw3.success : this.samStatus);
    if (name === 'samId') return buildReply(Sw3.success, Uint8Array.from({ length: 16 }, (_, i) => (i * 37) & 0xff));
    if (this.samStatus !== Sw3.success) return buildReply(this.samStatus);

    const forced = this.failNext.get(name);
    if (forced !== undefined) {
      this.failNext.delete(name);
      if (name === 'findCard') this.found = false;
      this.selected = false;
      return buildReply(forced);
    }
    switch (name) {
      case 'findCard':
        this.found = this.card !== null;
        this.selected = false;
        return this.found ? buildReply(Sw3.cardFound, new Uint8Array(4)) : buildReply(Sw3.noCard);
      case 'selectCard':
        this.selected = this.found && this.card !== null;
        return this.selected ? buildReply(Sw3.success, new Uint8Array(8)) : buildReply(Sw3.selectFailed);
      case 'readTextPhoto':
      case 'readTextPhotoFingerprint': {
        const card = this.card;
        if (!this.selected || !card) return buildReply(Sw3.readFailed);
        this.selected = false;
        const withFp = name === 'readTextPhotoFingerprint';
        const fp = withFp ? (card.fingerprint ?? new Uint8Array(0)) : null;
        const head = withFp ? 6 : 4;
        const data = new Uint8Array(head + TEXT_LENGTH + PHOTO_LENGTH + (fp?.length ?? 0));
        data[0] = TEXT_LENGTH >> 8;
        data[1] = TEXT_LENGTH & 0xff;
        data[2] = PHOTO_LENGTH >> 8;
        data[3] = PHOTO_LENGTH & 0xff;
        if (fp) (data[4] = fp.length >> 8), (data[5] = fp.length & 0xff);
        data.set(card.text, head);
        data.set(card.photo, head + TEXT_LENGTH);
        if (fp) data.set(fp, head + TEXT_LENGTH + PHOTO_LENGTH);
        return buildReply(Sw3.success, data);
      }
    }
  }

  // ---- the wire ---------------------------------------------------------------------------------

  private send(reply: Uint8Array, afterMs: number): void {
    if (this.faults.silent) return;
    let bytes = reply;
    if (this.faults.garbage && this.random() < this.faults.garbage) {
      const junk = Uint8Array.from({ length: 1 + Math.floor(this.random() * 16) }, () => Math.floor(this.random() * 256));
      bytes = Buffer.concat([junk, bytes]);
    }
    if (this.faults.dropByte) {
      const p = this.faults.dropByte;
      bytes = bytes.filter(() => this.random() >= p);
    }
    const stall = this.faults.stallNextMs ?? 0;
    this.faults.stallNextMs = undefined;
    const epoch = this.epoch;
    const emit = (chunk: Uint8Array) => {
      if (this.plugged && epoch === this.epoch) this.emit('data', chunk);
    };
    if (!this.options.baud) {
      if (stall || afterMs) this.clock.setTimeout(() => emit(bytes), stall + afterMs);
      else emit(bytes);
      return;
    }
    // Paced: the line carries one byte per 10 bit times; chunks leave as they complete.
    const now = this.nowMs();
    let t = Math.max(now + afterMs + stall, this.lineFreeAt);
    const chunk = this.options.chunkBytes ?? 32;
    for (let i = 0; i < bytes.length; i += chunk) {
      const piece = bytes.slice(i, i + chunk);
      t += this.wireMs(piece.length);
      this.clock.setTimeout(() => emit(piece), t - now);
    }
    this.lineFreeAt = t;
  }

  private nowMs(): number {
    const c = this.clock as { elapsed?: number };
    return typeof c.elapsed === 'number' ? c.elapsed : performance.now();
  }

  private random(): number {
    // xorshift32: deterministic fault injection for a given seed.
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng / 2 ** 32;
  }
}

function commandName(cmd: number, para: number): SamCommandName | 'unknown' {
  for (const [name, [c, p]] of Object.entries(SamCommand)) if (c === cmd && p === para) return name as SamCommandName;
  return 'unknown';
}
