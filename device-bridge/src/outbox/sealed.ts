/**
 * Encryption at rest for what the terminal must keep about a citizen (the outbox until delivered,
 * and the local back office). AES-256-GCM with a random 96-bit nonce per record; the key lives in a
 * file readable only by the bridge's user (created 0600 when missing, refused when group/other can
 * read it). Records carry a version byte so the format can change.
 * Applicants are ordered and looked up by an HMAC tag of the ID number, never the number itself.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const VERSION = 1;
const NONCE = 12;
const TAG = 16;

export class KeyFileError extends Error {
  constructor(
    message: string,
    readonly reason: 'unreadable' | 'insecure' | 'malformed' | 'unwritable',
  ) {
    super(message);
  }
}

/** Reads the 32-byte key (hex, 64 chars) or creates it with mode 0600 (O_EXCL, so two processes never race). */
export function loadOrCreateKey(file: string): Buffer {
  if (!existsSync(file)) {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, randomBytes(32).toString('hex') + '\n');
      closeSync(fd);
      chmodSync(file, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new KeyFileError(`cannot create key file ${file}: ${(e as Error).message}`, 'unwritable');
    }
  }
  let text: string;
  try {
    const mode = statSync(file).mode & 0o077;
    if (mode !== 0) throw new KeyFileError(`key file ${file} is readable by group or others (mode ${(statSync(file).mode & 0o777).toString(8)}); chmod 600 it`, 'insecure');
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    if (e instanceof KeyFileError) throw e;
    throw new KeyFileError(`cannot read key file ${file}: ${(e as Error).message}`, 'unreadable');
  }
  if (!/^[0-9a-f]{64}$/.test(text)) throw new KeyFileError(`key file ${file} does not hold 64 hex characters`, 'malformed');
  return Buffer.from(text, 'hex');
}

export class Sealer {
  private readonly encKey: Buffer;
  private readonly tagKey: Buffer;

  /** `purpose` separates keys derived for different stores from one key file. */
  constructor(master: Buffer, purpose: string) {
    this.encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `gov-kiosk ${purpose} enc`, 32));
    this.tagKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `gov-kiosk ${purpose} tag`, 32));
  }

  /** `aad` binds the ciphertext to its row (e.g. the idempotency key): a swapped payload fails to open. */
  seal(plain: unknown, aad: string): Buffer {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, nonce);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(plain, binaryReplacer), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
  }

  open<T>(sealed: Buffer, aad: string): T {
    if (sealed[0] !== VERSION) throw new Error(`unknown sealed record version ${sealed[0]}`);
    const nonce = sealed.subarray(1, 1 + NONCE);
    const tag = sealed.subarray(1 + NONCE, 1 + NONCE + TAG);
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, nonce);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(sealed.subarray(1 + NONCE + TAG)), decipher.final()]);
    return JSON.parse(plain.toString('utf8'), binaryReviver) as T;
  }

  /** A stable pseudonym for an applicant: orders their submissions and finds them, reveals nothing. */
  tag(idNumber: string): string {
    return createHmac('sha256', this.tagKey).update(idNumber.toUpperCase()).digest('base64url').slice(0, 32);
  }
}

/** Bytes (material photos) survive the JSON inside a sealed record as {"$bytes": base64}, and come back as Uint8Array. */
export function binaryReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Uint8Array) return { $bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') };
  return value;
}

export function binaryReviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.$bytes === 'string' && Object.keys(v).length === 1) return new Uint8Array(Buffer.from(v.$bytes, 'base64'));
  }
  return value;
}
