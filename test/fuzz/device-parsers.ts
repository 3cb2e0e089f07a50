/**
 * Property-based fuzzing of the device byte parsers: the SAM frame parser and the ESC/POS status
 * decoder and command interpreter. The same properties run in CI (`*.test.ts`, ≥100,000 inputs in a
 * few seconds) and in the nightly-style script (`npm run fuzz`, many more, with a fresh seed).
 */
import fc from 'fast-check';
import { decodeStatus } from '../../device-bridge/src/devices/printer/escpos';
import { EscPosInterpreter } from '../../device-bridge/src/devices/printer/escpos-interpreter';
import { buildFrame, MAX_FRAME_LENGTH, PREAMBLE, SamFrameParser, xorChecksum } from '../../device-bridge/src/devices/idcard/sam-frame';

const hasPreamble = (b: Uint8Array): boolean => {
  outer: for (let i = 0; i + PREAMBLE.length <= b.length; i++) {
    for (let j = 0; j < PREAMBLE.length; j++) if (b[i + j] !== PREAMBLE[j]) continue outer;
    return true;
  }
  return false;
};

/** Bytes biased towards the preamble's bytes, so partial preambles and fake headers are common. */
const noisyByte = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) },
  { weight: 2, arbitrary: fc.constantFrom(0xaa, 0x96, 0x69, 0x00, 0x05, 0x08) },
);
const noise = (maxLength: number) => fc.array(noisyByte, { maxLength }).map((a) => Uint8Array.from(a));
/** Garbage that does not itself contain a whole preamble (see `framesInGarbage`). */
const garbage = noise(40).filter((g) => !hasPreamble(g));
const body = fc.uint8Array({ minLength: 1, maxLength: 300 });

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) out.set(p, o), (o += p.length);
  return out;
}

/** Split `bytes` at the given cut points (as a serial driver hands over arbitrary chunks). */
function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) out.push(bytes.subarray(prev, p)), (prev = p);
  out.push(bytes.subarray(prev));
  return out;
}

const cuts = fc.array(fc.nat(), { maxLength: 12 });

function feedAll(parser: SamFrameParser, chunks: Uint8Array[]) {
  return chunks.flatMap((c) => parser.push(c));
}

/** Random bytes in random chunks: no exception, bounded buffer, and every frame out is genuine. */
export const samRandomBytes = fc.property(noise(600), cuts, (bytes, c) => {
  const parser = new SamFrameParser();
  for (const chunk of chunked(bytes, c)) {
    for (const frame of parser.push(chunk)) {
      const rebuilt = buildFrame(frame.body);
      if (xorChecksum(rebuilt, 5, rebuilt.length - 1) !== rebuilt[rebuilt.length - 1]) return false;
    }
    if (parser.buffered > MAX_FRAME_LENGTH + 7 + chunk.length) return false;
  }
  return true;
});

/**
 * Valid frames with garbage between them, split at random points: every frame is found, in order.
 * Garbage holding a whole preamble is excluded: a fake header whose 8-bit checksum happens to match
 * is indistinguishable from a frame on the wire (the reader client rejects such a reply by its
 * shape and retries the command).
 */
export const samFramesInGarbage = fc.property(
  fc.array(fc.tuple(garbage, body), { minLength: 1, maxLength: 5 }),
  garbage,
  cuts,
  (pairs, tail, c) => {
    const stream = concat([...pairs.flatMap(([g, b]) => [g, buildFrame(b)]), tail]);
    const found = feedAll(new SamFrameParser(), chunked(stream, c));
    if (found.length !== pairs.length) return false;
    return found.every((f, i) => Buffer.from(f.body).equals(Buffer.from(pairs[i]![1])));
  },
);

type Mutation = { kind: 'flip' | 'drop' | 'insert' | 'dup'; at: number; value: number };
const mutation = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('flip', 'drop', 'insert', 'dup'),
  at: fc.nat(),
  value: fc.integer({ min: 0, max: 255 }),
});

function mutate(bytes: Uint8Array, ms: readonly Mutation[]): { out: Uint8Array; first: number } {
  let a = Array.from(bytes);
  let first = a.length;
  for (const m of ms) {
    const at = a.length ? m.at % a.length : 0;
    first = Math.min(first, at);
    if (m.kind === 'flip') a[at] = (a[at] ?? 0) ^ (m.value || 1);
    else if (m.kind === 'drop') a.splice(at, 1);
    else if (m.kind === 'insert') a.splice(at, 0, m.value);
    else a = [...a.slice(0, at), ...a.slice(at, at + 1 + (m.value % 16)), ...a.slice(at)];
  }
  return { out: Uint8Array.from(a), first };
}

/**
 * A stream of valid frames, mutated (flipped, dropped, inserted, duplicated bytes): no exception,
 * and every frame that lies wholly before the first mutation is still found.
 */
export const samMutatedStream = fc.property(
  fc.array(body, { minLength: 1, maxLength: 4 }),
  fc.array(mutation, { minLength: 1, maxLength: 4 }),
  cuts,
  (bodies, ms, c) => {
    const frames = bodies.map(buildFrame);
    const { out, first } = mutate(concat(frames), ms);
    const found = feedAll(new SamFrameParser(), chunked(out, c));
    let end = 0;
    let intact = 0;
    for (const f of frames) {
      end += f.length;
      if (end <= first) intact++;
    }
    if (found.length < intact) return false;
    for (let i = 0; i < intact; i++) if (!Buffer.from(found[i]!.body).equals(Buffer.from(bodies[i]!))) return false;
    return true;
  },
);

/** DLE EOT replies: any four bytes decode to a status value, never an exception. */
export const escposStatusBytes = fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 0, maxLength: 6 }), (replies) => {
  const status = decodeStatus(replies);
  return typeof status.state === 'string';
});

/** Escape-heavy random bytes fed to the ESC/POS interpreter in chunks: no exception, no hang. */
const escposByte = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) },
  { weight: 2, arbitrary: fc.constantFrom(0x1b, 0x1c, 0x1d, 0x10, 0x04, 0x0a, 0x40, 0x26, 0x2e, 0x28, 0x6b, 0x76, 0x30, 0x56, 0x31, 0x50, 0x51) },
);
export const escposInterpreterBytes = fc.property(fc.array(escposByte, { maxLength: 400 }), cuts, (bytes, c) => {
  const interpreter = new EscPosInterpreter();
  for (const chunk of chunked(Uint8Array.from(bytes), c)) interpreter.feed(chunk);
  interpreter.abortJob();
  return true;
});

/** Every property with its share of the CI budget (≥100,000 inputs in all). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous property tuples
export const properties: Record<string, { property: fc.IRawProperty<any>; ciRuns: number }> = {
  samRandomBytes: { property: samRandomBytes, ciRuns: 30_000 },
  samFramesInGarbage: { property: samFramesInGarbage, ciRuns: 25_000 },
  samMutatedStream: { property: samMutatedStream, ciRuns: 25_000 },
  escposStatusBytes: { property: escposStatusBytes, ciRuns: 10_000 },
  escposInterpreterBytes: { property: escposInterpreterBytes, ciRuns: 15_000 },
};
