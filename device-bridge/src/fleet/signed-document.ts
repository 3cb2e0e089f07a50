/**
 * Documents the fleet operator publishes to terminals — desired configuration, catalog, commands —
 * signed with the fleet's Ed25519 key (node:crypto). The signature covers the canonical JSON of
 * every field but the signature itself, so nothing can be changed, retargeted or re-versioned
 * without the private key. Terminals hold only the public key (config `fleet.publicKey`).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../../core/catalog/canonical-json';
import { describeZodError } from '../../../core/protocol/messages';
import { err, ok, type Result } from '../../../core/result';

/**
 * The largest message a terminal reads, before it is even parsed: a catalog (every fragment of it,
 * the shipped one is ≈ 0.3 MB) or a configuration patch; a command is a few hundred bytes. Inside
 * these, the terminal configuration and catalog schemas limit every string and list.
 */
export const fleetLimits = { DOCUMENT_BYTES: 16 * 1024 * 1024, COMMAND_BYTES: 8 * 1024 } as const;

/** `terminal:<id>`, `group:<name>` or `all`. */
export const Target = z.string().regex(/^(all|terminal:[A-Za-z0-9-]{3,40}|group:[A-Za-z0-9_-]{1,40})$/);

export const FleetDocument = z
  .object({
    kind: z.enum(['config', 'catalog']),
    target: Target,
    /** Monotonic per kind and target: a terminal refuses a version not newer than the one it applied. */
    version: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    issuedAt: z.string().datetime(),
    /** config: a JSON merge patch (RFC 7396) on the terminal's configuration; catalog: `{fragments: {"file.json": …}}`. */
    payload: z.record(z.string().max(64), z.unknown()),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
    /** Base64 of an Ed25519 signature (64 bytes: 88 characters). */
    signature: z.string().min(1).max(200),
  })
  .strict();
export type FleetDocument = z.infer<typeof FleetDocument>;

export const CommandName = z.enum(['diagnose', 'print-test-page', 'collect-logs', 'restart-browser']);
export type CommandName = z.infer<typeof CommandName>;

export const FleetCommand = z
  .object({
    kind: z.literal('command'),
    target: Target,
    requestId: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/),
    command: CommandName,
    issuedAt: z.string().datetime(),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
    signature: z.string().min(1).max(200),
  })
  .strict();
export type FleetCommand = z.infer<typeof FleetCommand>;

type Unsigned<T> = Omit<T, 'signature' | 'keyId'>;

/** First 16 hex characters of SHA-256 over the public key (SPKI DER): which key signed. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function generateFleetKeys(): { privateKeyPem: string; publicKeyPem: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

export function signDocument<T extends FleetDocument | FleetCommand>(unsigned: Unsigned<T>, privateKeyPem: string): T {
  const privateKey = createPrivateKey(privateKeyPem);
  const keyId = keyIdOf(createPublicKey(privateKey));
  const body = { ...unsigned, keyId };
  const signature = sign(null, Buffer.from(canonicalJson(body)), privateKey).toString('base64');
  return { ...body, signature } as T;
}

export type VerifyError = { code: 'too-large' | 'unsigned' | 'off-schema' | 'wrong-key' | 'bad-signature' | 'not-json'; message: string };

/** Parses and verifies a received message: size, JSON, schema, key, signature — in that order, each with its reason. */
export function verifyMessage<S extends typeof FleetDocument | typeof FleetCommand>(
  payload: Buffer | string,
  schema: S,
  publicKey: KeyObject,
): Result<z.infer<S>, VerifyError> {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  const max = (schema as unknown) === FleetCommand ? fleetLimits.COMMAND_BYTES : fleetLimits.DOCUMENT_BYTES;
  if (size > max) return err({ code: 'too-large', message: `the message has ${size} bytes; at most ${max} are read` });
  let json: unknown;
  try {
    json = JSON.parse(payload.toString());
  } catch {
    return err({ code: 'not-json', message: 'the message is not JSON' });
  }
  if (typeof json !== 'object' || json === null || !('signature' in json) || !(json as { signature: unknown }).signature) {
    return err({ code: 'unsigned', message: 'the document carries no signature' });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return err({ code: 'off-schema', message: `envelope ${describeZodError(parsed.error).message}` });
  const doc = parsed.data as FleetDocument | FleetCommand;
  if (doc.keyId !== keyIdOf(publicKey)) return err({ code: 'wrong-key', message: `signed with key ${doc.keyId}, this terminal trusts ${keyIdOf(publicKey)}` });
  const { signature, ...body } = doc;
  let good = false;
  try {
    good = verify(null, Buffer.from(canonicalJson(body)), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good) return err({ code: 'bad-signature', message: 'the signature does not match the document (tampered or wrongly signed)' });
  return ok(parsed.data as z.infer<S>);
}

/** RFC 7396 JSON merge patch: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** Configuration a fleet document must not change: who the terminal is, who may maintain it, whom it trusts. */
export const protectedConfigPaths = ['terminal.id', 'maintenance', 'fleet', 'bridge', '$schema'];

export function touchesProtected(patch: Record<string, unknown>): string | null {
  for (const path of protectedConfigPaths) {
    const [head, tail] = path.split('.');
    if (!(head! in patch)) continue;
    if (!tail) return path;
    const sub = patch[head!];
    if (typeof sub !== 'object' || sub === null || tail in sub) return path;
  }
  return null;
}
