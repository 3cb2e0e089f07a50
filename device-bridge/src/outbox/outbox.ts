/**
 * The durable outbox: every submission and rating the citizen was told about is committed here
 * (SQLite, WAL, synchronous=FULL) BEFORE the kiosk hears "已提交", and stays until the platform has
 * acknowledged it and the retention window has passed. Personal data is sealed (AES-256-GCM, see
 * sealed.ts); in plain text the file holds only sequence numbers, idempotency keys, acceptance numbers,
 * an HMAC tag per applicant (for per-applicant order), states and times.
 *
 * Faults are values, not crashes: a disk that is full, a database file that is corrupt, a directory
 * that cannot be written or a key file that cannot be read make the outbox `available: false` with a
 * reason; the bridge then tells the kiosk to stop offering submission and /healthz names the fault.
 */
import type Database from 'better-sqlite3';
import { openPrivateDatabase } from './private-db';
import { mkdirSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { err, ok, type Result } from '../../../core/result';
import type { PlatformRating, PlatformSubmission } from '../platform/platform';
import { KeyFileError, loadOrCreateKey, Sealer } from './sealed';

export type OutboxPayload = { kind: 'submission'; submission: PlatformSubmission } | { kind: 'rating'; rating: PlatformRating };
export type OutboxFault = 'disk-full' | 'corrupt' | 'unwritable' | 'key' | 'io';

export interface OutboxOptions {
  file: string;
  keyFile: string;
  /** Delivered entries are deleted this long after delivery. */
  retentionMs: number;
  /** Below this much free space in the outbox's directory, no new submission is accepted. */
  minFreeBytes: number;
  now?: () => number;
  /** Free bytes in a directory; the real statfs by default. */
  freeBytes?: (dir: string) => number;
}

export interface OutboxEntry {
  seq: number;
  key: string;
  kind: OutboxPayload['kind'];
  applicant: string;
  reference: string | null;
  attempts: number;
  createdAt: number;
  payload: OutboxPayload;
}

export interface OutboxStatus {
  available: boolean;
  fault: OutboxFault | null;
  message: string | null;
  backlog: number;
  /** Entries that cannot be opened with the current key file (restore the key that sealed them). */
  unreadable: number;
  oldestPendingAgeS: number | null;
  delivered: number;
  rejected: number;
  lastDeliveryAt: string | null;
  lastError: string | null;
}

export interface EnqueueInput {
  key: string;
  /** The applicant's ID number: only its HMAC tag is stored in plain text. Null: ordered alone. */
  applicantIdNumber: string | null;
  /** Order this entry after the submission with this reference (a rating after the application it rates). */
  after?: string | null;
  /** Builds the payload once the entry's sequence number (and so its reference) is known. */
  build: (seq: number) => { reference: string | null; payload: OutboxPayload };
}

type Row = {
  seq: number;
  key: string;
  kind: OutboxPayload['kind'];
  applicant: string;
  reference: string | null;
  payload: Buffer;
  created_at: number;
  attempts: number;
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  applicant TEXT NOT NULL,
  reference TEXT,
  payload BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_error TEXT,
  done_at INTEGER
);
CREATE INDEX IF NOT EXISTS entries_by_state ON entries(state, applicant, seq);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
INSERT OR IGNORE INTO meta (k, v) VALUES ('schema', '1');
`;

export function classifySqliteError(e: unknown): OutboxFault {
  const code = (e as { code?: string }).code ?? '';
  if (e instanceof KeyFileError) return 'key';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'disk-full';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'EPERM') return 'unwritable';
  return 'io';
}

export class Outbox {
  private db: Database.Database | null = null;
  private sealer: Sealer | null = null;
  private faultState: { fault: OutboxFault; message: string } | null = null;
  private lastDeliveryAt: number | null = null;
  private lastError: string | null = null;
  private readonly now: () => number;
  private readonly freeBytes: (dir: string) => number;

  constructor(private readonly options: OutboxOptions) {
    this.now = options.now ?? Date.now;
    this.freeBytes =
      options.freeBytes ??
      ((dir) => {
        const s = statfsSync(dir);
        return s.bavail * s.bsize;
      });
    this.open();
  }

  /** (Re)opens the database; a fault is recorded, never thrown. */
  open(): boolean {
    if (this.db) return true;
    try {
      const key = loadOrCreateKey(this.options.keyFile);
      this.sealer = new Sealer(key, 'outbox');
      key.fill(0);
      mkdirSync(dirname(this.options.file), { recursive: true, mode: 0o700 });
      const db = openPrivateDatabase(this.options.file);
      try {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        db.pragma('secure_delete = ON');
        db.pragma('busy_timeout = 5000');
        const check = db.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
        db.exec(SCHEMA);
        // Entries set aside as unreadable are tried again with the key now in place.
        db.prepare("UPDATE entries SET state = 'pending' WHERE state = 'unreadable'").run();
      } catch (e) {
        db.close();
        throw e;
      }
      this.db = db;
      this.faultState = null;
      return true;
    } catch (e) {
      this.setFault(classifySqliteError(e), (e as Error).message);
      return false;
    }
  }

  get available(): boolean {
    return this.db !== null && this.faultState === null;
  }

  /** Tries to clear a fault: reopen after a failed open, re-check free space after a full disk. */
  recheck(): boolean {
    if (!this.db) return this.open();
    if (this.faultState?.fault === 'disk-full' && this.hasRoom()) this.faultState = null;
    return this.available;
  }

  private setFault(fault: OutboxFault, message: string): void {
    this.faultState = { fault, message };
  }

  private hasRoom(): boolean {
    if (this.options.minFreeBytes <= 0) return true;
    try {
      return this.freeBytes(dirname(this.options.file)) >= this.options.minFreeBytes;
    } catch {
      return false;
    }
  }

  /**
   * Commits an entry durably; returns its sequence number and reference. The same key twice returns
   * the first entry (a retried submit after a lost reply is not a second application).
   */
  enqueue(input: EnqueueInput): Result<{ seq: number; reference: string | null; duplicate: boolean }, { fault: OutboxFault; message: string }> {
    const db = this.db;
    const sealer = this.sealer;
    if (!db || !sealer) return err(this.faultState ?? { fault: 'io', message: 'outbox not open' });
    const existing = db.prepare('SELECT seq, reference FROM entries WHERE key = ?').get(input.key) as { seq: number; reference: string | null } | undefined;
    if (existing) return ok({ ...existing, duplicate: true });
    if (!this.hasRoom()) {
      this.setFault('disk-full', `less than ${this.options.minFreeBytes} bytes free for the outbox`);
      return err(this.faultState!);
    }
    const linked = input.after ? (db.prepare("SELECT applicant FROM entries WHERE reference = ? AND kind = 'submission'").get(input.after) as { applicant: string } | undefined) : undefined;
    const applicant = linked?.applicant ?? (input.applicantIdNumber ? sealer.tag(input.applicantIdNumber) : `solo:${input.key}`);
    try {
      const result = db.transaction(() => {
        const now = this.now();
        const info = db
          .prepare("INSERT INTO entries (key, kind, applicant, payload, created_at, next_at) VALUES (?, 'pending', ?, x'', ?, ?)")
          .run(input.key, applicant, now, now);
        const seq = Number(info.lastInsertRowid);
        const { reference, payload } = input.build(seq);
        db.prepare('UPDATE entries SET kind = ?, reference = ?, payload = ? WHERE seq = ?').run(payload.kind, reference, sealer.seal(payload, input.key), seq);
        return { seq, reference, duplicate: false };
      })();
      if (this.faultState?.fault === 'disk-full') this.faultState = null;
      return ok(result);
    } catch (e) {
      const fault = classifySqliteError(e);
      this.setFault(fault, (e as Error).message);
      return err(this.faultState!);
    }
  }

  /** Entries due for delivery: for each applicant only the oldest undelivered one (order per applicant). */
  due(limit = 20): OutboxEntry[] {
    if (!this.db || !this.sealer) return [];
    const rows = this.db
      .prepare(
        `SELECT e.seq, e.key, e.kind, e.applicant, e.reference, e.payload, e.created_at, e.attempts FROM entries e
         WHERE e.state = 'pending' AND e.next_at <= ?
           AND NOT EXISTS (SELECT 1 FROM entries p WHERE p.state IN ('pending', 'unreadable') AND p.applicant = e.applicant AND p.seq < e.seq)
         ORDER BY e.seq LIMIT ?`,
      )
      .all(this.now(), limit) as Row[];
    const entries: OutboxEntry[] = [];
    for (const r of rows) {
      try {
        entries.push(this.toEntry(r));
      } catch {
        // Sealed with another key (the key file was replaced): never dropped, set aside and reported.
        this.write(() => this.db!.prepare("UPDATE entries SET state = 'unreadable', last_error = 'cannot be opened with the current key file' WHERE seq = ?").run(r.seq));
      }
    }
    return entries;
  }

  /** When the next pending entry becomes due (ms since epoch), or null when nothing is pending. */
  nextDueAt(): number | null {
    if (!this.db) return null;
    const row = this.db.prepare("SELECT MIN(next_at) AS t FROM entries WHERE state = 'pending'").get() as { t: number | null };
    return row.t;
  }

  private toEntry(r: Row): OutboxEntry {
    return {
      seq: r.seq,
      key: r.key,
      kind: r.kind,
      applicant: r.applicant,
      reference: r.reference,
      attempts: r.attempts,
      createdAt: r.created_at,
      payload: this.sealer!.open<OutboxPayload>(r.payload, r.key),
    };
  }

  /** An entry by key, opened (for reprinting a receipt in the same session, and for tests). */
  get(key: string): (OutboxEntry & { state: string }) | null {
    if (!this.db) return null;
    const r = this.db.prepare('SELECT *, state FROM entries WHERE key = ?').get(key) as (Row & { state: string }) | undefined;
    return r ? { ...this.toEntry(r), state: r.state } : null;
  }

  /** Submissions not yet delivered, by reference or by applicant (进度查询 shows them as 已提交). */
  pendingSubmissions(by: { reference: string } | { applicantIdNumber: string }): PlatformSubmission[] {
    if (!this.db || !this.sealer) return [];
    const rows = (
      'reference' in by
        ? this.db.prepare("SELECT * FROM entries WHERE state = 'pending' AND kind = 'submission' AND reference = ?").all(by.reference)
        : this.db.prepare("SELECT * FROM entries WHERE state = 'pending' AND kind = 'submission' AND applicant = ? ORDER BY seq").all(this.sealer.tag(by.applicantIdNumber))
    ) as Row[];
    return rows.flatMap((r) => {
      const p = this.toEntry(r).payload;
      return p.kind === 'submission' ? [p.submission] : [];
    });
  }

  /** The submission with this reference while this terminal keeps it (pending, or delivered within retention). */
  retainedSubmission(reference: string): PlatformSubmission | null {
    if (!this.db || !this.sealer) return null;
    const row = this.db.prepare("SELECT * FROM entries WHERE state IN ('pending', 'delivered') AND kind = 'submission' AND reference = ?").get(reference) as Row | undefined;
    const p = row ? this.toEntry(row).payload : null;
    return p?.kind === 'submission' ? p.submission : null;
  }

  /** The idempotency key of the submission with this reference (tests, support). */
  keyOfReference(reference: string): string | null {
    if (!this.db) return null;
    const row = this.db.prepare("SELECT key FROM entries WHERE reference = ? AND kind = 'submission'").get(reference) as { key: string } | undefined;
    return row?.key ?? null;
  }

  markDelivered(seq: number): void {
    this.write(() => this.db!.prepare("UPDATE entries SET state = 'delivered', done_at = ?, last_error = NULL WHERE seq = ?").run(this.now(), seq));
    this.lastDeliveryAt = this.now();
  }

  markRejected(seq: number, reason: string): void {
    this.write(() => this.db!.prepare("UPDATE entries SET state = 'rejected', done_at = ?, last_error = ? WHERE seq = ?").run(this.now(), reason.slice(0, 300), seq));
  }

  markRetry(seq: number, nextAt: number, error: string): void {
    this.lastError = error.slice(0, 300);
    this.write(() => this.db!.prepare('UPDATE entries SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE seq = ?').run(nextAt, this.lastError, seq));
  }

  /** Deletes delivered and rejected entries older than the retention window; zeroes their pages. */
  purge(): number {
    if (!this.db) return 0;
    let removed = 0;
    this.write(() => {
      removed = this.db!.prepare("DELETE FROM entries WHERE state IN ('delivered', 'rejected') AND done_at <= ?").run(this.now() - this.options.retentionMs).changes;
      if (removed > 0) this.db!.pragma('wal_checkpoint(TRUNCATE)');
    });
    return removed;
  }

  private write(fn: () => void): void {
    if (!this.db) return;
    try {
      fn();
    } catch (e) {
      this.setFault(classifySqliteError(e), (e as Error).message);
      throw e;
    }
  }

  status(): OutboxStatus {
    const base = {
      available: this.available,
      fault: this.faultState?.fault ?? null,
      message: this.faultState?.message ?? null,
      lastDeliveryAt: this.lastDeliveryAt ? new Date(this.lastDeliveryAt).toISOString() : null,
      lastError: this.lastError,
    };
    if (!this.db) return { ...base, backlog: 0, unreadable: 0, oldestPendingAgeS: null, delivered: 0, rejected: 0 };
    try {
      const counts = this.db
        .prepare(
          `SELECT SUM(state = 'pending') AS pending, SUM(state = 'unreadable') AS unreadable, SUM(state = 'delivered') AS delivered, SUM(state = 'rejected') AS rejected,
                  MIN(CASE WHEN state IN ('pending', 'unreadable') THEN created_at END) AS oldest FROM entries`,
        )
        .get() as { pending: number | null; unreadable: number | null; delivered: number | null; rejected: number | null; oldest: number | null };
      return {
        ...base,
        backlog: (counts.pending ?? 0) + (counts.unreadable ?? 0),
        unreadable: counts.unreadable ?? 0,
        oldestPendingAgeS: counts.oldest === null ? null : Math.round((this.now() - counts.oldest) / 1000),
        delivered: counts.delivered ?? 0,
        rejected: counts.rejected ?? 0,
      };
    } catch (e) {
      this.setFault(classifySqliteError(e), (e as Error).message);
      return { ...base, available: false, fault: this.faultState!.fault, message: this.faultState!.message, backlog: 0, unreadable: 0, oldestPendingAgeS: null, delivered: 0, rejected: 0 };
    }
  }

  /** For tests: the durability settings actually in force. */
  db_pragmas(): { journal_mode: string; synchronous: number } | null {
    if (!this.db) return null;
    return { journal_mode: this.db.pragma('journal_mode', { simple: true }) as string, synchronous: this.db.pragma('synchronous', { simple: true }) as number };
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }
}
