/**
 * Fuzzing the kiosk link on the real bridge process, as an attacker on the socket would: after a
 * valid handshake (with the kiosk-link cookie, so the input reaches the frame parser and the
 * protocol), (1) random WebSocket frames over a raw TCP socket — bad opcodes, reserved bits, bad and
 * huge lengths, unmasked frames, fragments, control frames, bad UTF-8 — and (2) random JSON messages,
 * near-schema ones generated from the zod shapes of core/protocol/messages.ts (KioskRequest) and
 * off-schema ones. Properties: every message gets exactly one schema-valid answer and the connection
 * stays up; a frame sequence may close its connection, only with a WebSocket close code; the process
 * never dies. The CI run (test/integration/kiosk-link-fuzz.test.ts) and `npm run fuzz` share this.
 */
import fc from 'fast-check';
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { BridgeMessage, KioskRequest } from '../../core/protocol/messages';
import { closeCodeIn, frame, kioskSocket, rawKioskSocket, readUntilClosed } from '../support/kiosk-socket';

// ---- JSON messages from the schema's shapes ----------------------------------------------------

type Def = { type: string; [k: string]: any };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const checks = (d: Def): { check: string; [k: string]: any }[] => (d.checks ?? []).map((c: { _zod: { def: { check: string } } }) => c._zod.def);
const maxLen = (d: Def, fallback: number) => checks(d).find((c) => c.check === 'max_length')?.maximum ?? fallback;

const anyJson = fc.jsonValue({ maxDepth: 2 });

/** Values of (and near) a zod schema: mostly what it accepts, often just off its edges. */
export function arbitraryOf(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  const off = depth > 3 ? fc.constant(null) : anyJson;
  const near = (a: fc.Arbitrary<unknown>) => fc.oneof({ weight: 6, arbitrary: a }, { weight: 1, arbitrary: off });
  switch (d.type) {
    case 'optional':
      return fc.oneof(fc.constant(undefined), arbitraryOf(d.innerType, depth));
    case 'nullable':
      return fc.oneof(fc.constant(null), arbitraryOf(d.innerType, depth));
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return arbitraryOf(d.innerType, depth);
    case 'pipe':
      return arbitraryOf(d.in, depth);
    case 'lazy':
      return arbitraryOf(d.getter(), depth);
    case 'literal':
      return near(fc.constantFrom(...(d.values as unknown[])));
    case 'enum':
      return near(fc.constantFrom(...Object.values(d.entries as Record<string, unknown>)));
    case 'boolean':
      return near(fc.boolean());
    case 'number':
      return near(fc.oneof(fc.nat(100), fc.integer(), fc.double(), fc.constantFrom(-1, 0, 1, 0.5, 2 ** 53, -0, 1e308)));
    case 'string': {
      const max = maxLen(d, 40);
      const fmt = checks(d).find((c) => c.check === 'string_format');
      const prefix = fmt?.format === 'starts_with' ? String(fmt.prefix) : null;
      return near(
        fc.oneof(
          fc.string({ maxLength: Math.min(max, 30) }),
          fc.string({ unit: 'grapheme', maxLength: 12 }),
          fc.uuid(),
          ...(prefix ? [fc.base64String({ maxLength: 64 }).map((b) => prefix + b)] : []),
          fc.constant('x'.repeat(Math.min(max + 1, 5000))),
        ),
      );
    }
    case 'array': {
      const max = Math.min(maxLen(d, 4), 4);
      return near(fc.array(arbitraryOf(d.element, depth + 1), { maxLength: max }));
    }
    case 'tuple':
      return near(fc.tuple(...(d.items as z.ZodType[]).map((i) => arbitraryOf(i, depth + 1))));
    case 'record':
      return near(fc.dictionary(fc.string({ maxLength: 12 }), arbitraryOf(d.valueType, depth + 1), { maxKeys: 4 }));
    case 'object': {
      const shape = d.shape as Record<string, z.ZodType>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, arbitraryOf(v, depth + 1)]));
      return near(
        fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 2 }), fc.boolean()).map(([obj, extra, withExtra]) => {
          const out: Record<string, unknown> = { ...(withExtra ? extra : {}), ...(obj as Record<string, unknown>) };
          for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
          return out;
        }),
      );
    }
    case 'union':
      return fc.oneof(...(d.options as z.ZodType[]).map((o) => arbitraryOf(o, depth)));
    default:
      return off;
  }
}

/** One kiosk → bridge text: near-schema requests (most), off-schema JSON, and text that is not JSON. */
export const messageText: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: arbitraryOf(KioskRequest).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
);

type Answer = { type: string; id?: number };

/**
 * Sends `batches` batches of `perBatch` messages over one kiosk connection and checks that each gets
 * exactly one answer (reply or error) that is itself schema-valid, and that the connection stays up.
 */
export async function fuzzMessages(bridgeUrl: string, secret: string, { batches, perBatch, seed }: { batches: number; perBatch: number; seed: number }): Promise<number> {
  const ws = kioskSocket(bridgeUrl, secret);
  let answers = 0;
  let bad: string | null = null;
  let closed: number | null = null;
  ws.on('message', (data) => {
    const text = String(data);
    const parsed = BridgeMessage.safeParse(JSON.parse(text));
    if (!parsed.success) bad ??= text.slice(0, 300);
    const m = parsed.success ? (parsed.data as Answer) : null;
    if (m && (m.type === 'reply' || m.type === 'error')) answers += 1;
  });
  ws.on('close', (code) => (closed = code));
  ws.on('error', () => undefined);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let sent = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(messageText, { minLength: perBatch, maxLength: perBatch }), async (texts) => {
        const expected = answers + texts.length;
        for (const t of texts) ws.send(t);
        sent += texts.length;
        for (let i = 0; answers < expected && closed === null && i < 3000; i++) await new Promise((r) => setTimeout(r, 5));
        if (closed !== null) throw new Error(`the bridge closed the kiosk connection (${closed})`);
        if (bad) throw new Error(`an answer off the BridgeMessage schema: ${bad}`);
        if (answers !== expected) throw new Error(`expected ${expected} answers, got ${answers}`);
      }),
      { numRuns: batches, seed, endOnFailure: true },
    );
  } finally {
    ws.close();
  }
  return sent;
}

// ---- raw frames ---------------------------------------------------------------------------------

const payload = fc.oneof(
  fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
  messageText.map((t) => Buffer.from(t)),
  fc.constant(Buffer.from([0xc3, 0x28])), // bad UTF-8
  fc.constant(Buffer.from([0xed, 0xa0, 0x80])), // a UTF-16 surrogate in UTF-8
);
const oneFrame = fc.oneof(
  // Valid-looking: text, binary, ping, pong, fragments.
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(0x0, 0x1, 0x2, 0x9, 0xa), payload, fc.boolean()).map(([op, p, fin]) => frame(op, p, { fin })) },
  // Bad opcodes, reserved bits, unmasked.
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 15 }), payload, fc.integer({ min: 0, max: 7 }), fc.boolean(), fc.boolean()).map(([op, p, rsv, mask, fin]) => frame(op, p, { rsv, mask, fin })) },
  // Declared lengths that lie: shorter, longer, huge (up to 2^63).
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(0x1, 0x2, 0x8, 0x9), payload, fc.oneof(fc.bigInt({ min: 0n, max: 70_000n }), fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }))).map(([op, p, length]) => frame(op, p, { length })),
  },
  // A close frame, with a code (valid or not) and a reason.
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.uint8Array({ maxLength: 10 })).map(([code, r]) => frame(0x8, Buffer.concat([Buffer.from([code >> 8, code & 255]), Buffer.from(r)]))) },
  // Raw garbage.
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 30 }).map((a) => Buffer.from(a)) },
);

/** Close codes a server may send: protocol ones, and 3000–4999 (ws echoes a client's valid close code). */
const closeCodeAllowed = (code: number) => (code >= 1000 && code <= 1014) || (code >= 3000 && code <= 4999);

/** Random frame sequences, one connection each; returns the number of frames sent and the close codes seen. */
export async function fuzzFrames(bridgeUrl: string, secret: string, { connections, maxFrames, seed }: { connections: number; maxFrames: number; seed: number }): Promise<{ frames: number; codes: Map<number | null, number> }> {
  let frames = 0;
  const codes = new Map<number | null, number>();
  await fc.assert(
    fc.asyncProperty(fc.array(oneFrame, { minLength: 1, maxLength: maxFrames }), async (sequence) => {
      const { socket, status, rest } = await rawKioskSocket(bridgeUrl, {}, secret);
      if (status !== 101) throw new Error(`handshake refused (${status})`);
      socket.on('error', () => undefined);
      frames += sequence.length;
      socket.write(Buffer.concat(sequence));
      socket.end(); // the rest of a lying length never comes: the bridge must give up on it
      const { bytes } = await readUntilClosed(socket as Socket, rest, 5000);
      socket.destroy();
      const code = closeCodeIn(bytes);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (code !== null && !closeCodeAllowed(code)) throw new Error(`unexpected close code ${code}`);
    }),
    { numRuns: connections, seed, endOnFailure: true },
  );
  return { frames, codes };
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}
