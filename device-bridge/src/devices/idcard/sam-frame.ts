/**
 * The SAM_V frame codec (GA/T 467 resident ID card readers), see docs/device-protocols.md:
 *
 *   AA AA AA 96 69 | LEN_HI LEN_LO | body… | CHK
 *
 * LEN (big-endian) counts every byte after itself, checksum included; CHK is the XOR of the length
 * bytes and the body. Host → SAM bodies are `CMD PARA [data]`; SAM → host bodies are
 * `SW1 SW2 SW3 [data]`. The checksum is always computed, never copied from byte tables (some
 * published tables are wrong).
 *
 * `SamFrameParser` is a resynchronising streaming parser: it hunts the preamble, checks length and
 * checksum, and on any mismatch drops one byte and hunts again, so garbage, dropped bytes and
 * frames split across or merged within chunks all come out right. It never throws on input.
 */

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Longest body we accept: read text + photo + fingerprint is 2321 bytes; anything far beyond is noise. */
export const MAX_FRAME_LENGTH = 4096;
const HEADER = PREAMBLE.length + 2;

/** XOR of every byte in the range. */
export function xorChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

/** A complete frame for `body` (command or reply body, without length and checksum). */
export function buildFrame(body: Uint8Array): Uint8Array {
  if (body.length + 1 > MAX_FRAME_LENGTH) throw new RangeError(`frame body too long: ${body.length}`);
  const len = body.length + 1;
  const frame = new Uint8Array(HEADER + len);
  frame.set(PREAMBLE);
  frame[5] = len >> 8;
  frame[6] = len & 0xff;
  frame.set(body, HEADER);
  frame[frame.length - 1] = xorChecksum(frame, PREAMBLE.length, frame.length - 1);
  return frame;
}

/** Host → SAM commands (CMD, PARA). */
export const SamCommand = {
  reset: [0x10, 0xff],
  status: [0x11, 0xff],
  samId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readTextPhoto: [0x30, 0x01],
  readTextPhotoFingerprint: [0x30, 0x10],
} as const satisfies Record<string, readonly [number, number]>;
export type SamCommandName = keyof typeof SamCommand;

export function buildCommand(name: SamCommandName, data: ArrayLike<number> = []): Uint8Array {
  const [cmd, para] = SamCommand[name];
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd;
  body[1] = para;
  body.set(Array.from(data), 2);
  return buildFrame(body);
}

/** SAM → host reply: SW1 SW2 = 00 00 and SW3 the result code. */
export function buildReply(sw3: number, data: ArrayLike<number> = []): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[2] = sw3;
  body.set(Array.from(data), 3);
  return buildFrame(body);
}

/** SW3 result codes, as named in docs/device-protocols.md. */
export const Sw3 = {
  success: 0x90,
  noContent: 0x91,
  cardFound: 0x9f,
  checksumError: 0x10,
  lengthError: 0x11,
  commandError: 0x21,
  unauthorised: 0x23,
  unknownError: 0x24,
  cardAuthFailed: 0x31,
  samAuthFailed: 0x32,
  verificationError: 0x33,
  unknownCardType: 0x40,
  readFailed: 0x41,
  randomFailed: 0x47,
  samSelfCheckFailed: 0x60,
  samNotAuthorised: 0x66,
  noCard: 0x80,
  selectFailed: 0x81,
} as const;

export interface SamFrame {
  /** Everything between the length bytes and the checksum. */
  body: Uint8Array;
}

export interface ParserStats {
  frames: number;
  /** Bytes skipped while hunting for a preamble (garbage, or the head of a corrupted frame). */
  skippedBytes: number;
  badChecksums: number;
  badLengths: number;
}

/**
 * Incremental parser. `push(chunk)` returns the complete, checksum-valid frames the chunk finished,
 * in order. Buffered bytes never exceed one maximal frame plus one chunk.
 */
export class SamFrameParser {
  private buf = new Uint8Array(0);
  readonly stats: ParserStats = { frames: 0, skippedBytes: 0, badChecksums: 0, badLengths: 0 };

  push(chunk: Uint8Array): SamFrame[] {
    const out: SamFrame[] = [];
    let buf: Uint8Array;
    if (this.buf.length === 0) buf = chunk;
    else {
      buf = new Uint8Array(this.buf.length + chunk.length);
      buf.set(this.buf);
      buf.set(chunk, this.buf.length);
    }
    let pos = 0;
    for (;;) {
      const start = findPreamble(buf, pos);
      if (start < 0) {
        // Keep a tail that may be the start of a preamble split across chunks.
        const keep = preambleTailLength(buf);
        this.stats.skippedBytes += buf.length - pos - keep;
        pos = buf.length - keep;
        break;
      }
      this.stats.skippedBytes += start - pos;
      pos = start;
      if (buf.length - pos < HEADER) break;
      const len = (buf[pos + 5]! << 8) | buf[pos + 6]!;
      if (len < 2 || len > MAX_FRAME_LENGTH) {
        this.stats.badLengths++;
        this.stats.skippedBytes++;
        pos++;
        continue;
      }
      const end = pos + HEADER + len;
      if (buf.length < end) {
        // Incomplete. A corrupt length (a dropped byte, garbage that looks like a header) could
        // make us wait for bytes that never come while a real reply sits behind it: if a complete,
        // valid frame starts later in the buffer, this candidate was noise.
        const later = findCompleteFrame(buf, pos + 1);
        if (later < 0) break;
        this.stats.badLengths++;
        this.stats.skippedBytes += later - pos;
        pos = later;
        continue;
      }
      if (xorChecksum(buf, pos + PREAMBLE.length, end - 1) !== buf[end - 1]) {
        this.stats.badChecksums++;
        this.stats.skippedBytes++;
        pos++;
        continue;
      }
      out.push({ body: buf.slice(pos + HEADER, end - 1) });
      this.stats.frames++;
      pos = end;
    }
    this.buf = pos >= buf.length ? new Uint8Array(0) : buf.slice(pos);
    return out;
  }

  /** Drop buffered bytes (after a timeout, before a new command). */
  reset(): void {
    this.stats.skippedBytes += this.buf.length;
    this.buf = new Uint8Array(0);
  }

  get buffered(): number {
    return this.buf.length;
  }
}

function findPreamble(buf: Uint8Array, from: number): number {
  const last = buf.length - PREAMBLE.length;
  outer: for (let i = from; i <= last; i++) {
    if (buf[i] !== 0xaa) continue;
    for (let j = 1; j < PREAMBLE.length; j++) if (buf[i + j] !== PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

/** The start of the first complete, checksum-valid frame at or after `from`, or -1. */
function findCompleteFrame(buf: Uint8Array, from: number): number {
  for (let p = findPreamble(buf, from); p >= 0; p = findPreamble(buf, p + 1)) {
    if (buf.length - p < HEADER) return -1;
    const len = (buf[p + 5]! << 8) | buf[p + 6]!;
    if (len < 2 || len > MAX_FRAME_LENGTH) continue;
    const end = p + HEADER + len;
    if (end > buf.length) continue;
    if (xorChecksum(buf, p + PREAMBLE.length, end - 1) === buf[end - 1]) return p;
  }
  return -1;
}

/** How many trailing bytes of `buf` form a proper prefix of the preamble. */
function preambleTailLength(buf: Uint8Array): number {
  for (let k = Math.min(PREAMBLE.length - 1, buf.length); k > 0; k--) {
    let match = true;
    for (let j = 0; j < k; j++) {
      if (buf[buf.length - k + j] !== PREAMBLE[j]) {
        match = false;
        break;
      }
    }
    if (match) return k;
  }
  return 0;
}

/** A decoded SAM reply: the result code and the data after it. */
export interface SamReply {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

export function decodeReply(frame: SamFrame): SamReply | null {
  if (frame.body.length < 3) return null;
  return { sw1: frame.body[0]!, sw2: frame.body[1]!, sw3: frame.body[2]!, data: frame.body.subarray(3) };
}

export const toHex = (bytes: ArrayLike<number>): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
