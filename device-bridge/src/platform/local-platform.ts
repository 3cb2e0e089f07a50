/**
 * The embedded back office ('local' platform) in SQLite: receives applications (idempotent by key),
 * moves their items through 已提交 → 已受理 → 审查中 → 已办结 → 待领取/已邮寄 by configurable time
 * rules (for demos) or by staff at /hall (also 需补正 / 不予受理 with a reason), decides 即办 items at
 * once (秒批) with a printable result carrying a verification code, takes ratings and help calls,
 * issues one-time e-ID QR codes for the simulator's preset identities and holds their shared data.
 * Personal data (name, ID number, form values) is sealed like the outbox's; applicants are found by
 * an HMAC tag.
 */
import type Database from 'better-sqlite3';
import { openPrivateDatabase } from '../outbox/private-db';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Identity } from '../../../core/identity';
import { maskIdNumber, maskName } from '../../../core/identity';
import type { ApplicationStatus, PrintableResult, Stage } from '../../../core/protocol/messages';
import { err, ok, type Result } from '../../../core/result';
import { identityPresets, isPresetName } from '../devices/idcard/presets';
import { loadOrCreateKey, Sealer } from '../outbox/sealed';
import type { HelpCall, HelpCallState, KnownData, Platform, PlatformError, PlatformRating, PlatformSubmission, StatusQuery } from './platform';
import { knownDataFor } from './preset-data';

export interface StageRules {
  acceptAfterS: number;
  reviewAfterS: number;
  doneAfterS: number;
}

export interface LocalPlatformOptions {
  file: string;
  keyFile: string;
  stages: StageRules;
  now?: () => number;
  /** How long an issued e-ID QR code is valid. */
  eidTtlMs?: number;
}

export interface HallApplication {
  acceptanceNumber: string;
  bundleName: string;
  applicantMasked: string;
  delivery: string;
  submittedAt: string;
  receivedAt: string;
  promisedDate: string;
  deliveries: number;
  /** 容缺 / 告知承诺 signed on screen: the materials and how many strokes the signature has. */
  commitment: { materials: string[]; strokes: number } | null;
  items: { code: string; name: string; department: string; stage: Stage; dueDate: string; reason: string | null; instant: boolean }[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS applications (
  acceptance_number TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  applicant TEXT NOT NULL,
  sealed BLOB NOT NULL,
  terminal_id TEXT NOT NULL,
  bundle TEXT NOT NULL,
  bundle_name TEXT NOT NULL,
  delivery_method TEXT NOT NULL,
  promised_date TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  deliveries INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS applications_by_applicant ON applications(applicant, received_at);
CREATE TABLE IF NOT EXISTS items (
  acceptance_number TEXT NOT NULL REFERENCES applications(acceptance_number),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  department TEXT NOT NULL,
  due_date TEXT NOT NULL,
  instant INTEGER NOT NULL,
  stage TEXT NOT NULL,
  manual INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  verification_code TEXT,
  decided_at INTEGER,
  PRIMARY KEY (acceptance_number, code)
);
CREATE TABLE IF NOT EXISTS ratings (
  idempotency_key TEXT PRIMARY KEY,
  acceptance_number TEXT,
  terminal_id TEXT NOT NULL,
  level INTEGER NOT NULL,
  reasons TEXT NOT NULL,
  sealed_comment BLOB,
  rated_at TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS help_calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  terminal_id TEXT NOT NULL,
  context TEXT NOT NULL,
  at TEXT NOT NULL,
  handled_at INTEGER,
  coming_at INTEGER,
  withdrawn_at INTEGER
);
CREATE TABLE IF NOT EXISTS eid_codes (
  code TEXT PRIMARY KEY,
  preset TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
`;

type SealedApplicant = {
  name: string;
  idNumber: string;
  values: Record<string, string>;
  delivery: PlatformSubmission['delivery'];
  commitment: PlatformSubmission['commitment'];
  answers?: PlatformSubmission['answers'];
  materialChoices?: PlatformSubmission['materialChoices'];
  attachments?: PlatformSubmission['attachments'];
};
type ItemRow = { acceptance_number: string; code: string; name: string; department: string; due_date: string; instant: number; stage: Stage; manual: number; reason: string | null; verification_code: string | null; decided_at: number | null };
type AppRow = { acceptance_number: string; applicant: string; sealed: Buffer; idempotency_key: string; bundle: string; bundle_name: string; delivery_method: string; promised_date: string; submitted_at: string; received_at: number; deliveries: number };

export const finalStages: readonly Stage[] = ['已办结', '待领取', '已邮寄', '不予受理'];
export const stageOrder: readonly Stage[] = ['已提交', '已受理', '审查中', '已办结', '待领取', '已邮寄', '需补正', '不予受理'];

export class LocalPlatform implements Platform {
  readonly name = 'local';
  private readonly db: Database.Database;
  private readonly sealer: Sealer;
  private readonly now: () => number;

  constructor(private readonly options: LocalPlatformOptions) {
    this.now = options.now ?? Date.now;
    mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
    const key = loadOrCreateKey(options.keyFile);
    this.sealer = new Sealer(key, 'backoffice');
    key.fill(0);
    this.db = openPrivateDatabase(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    // Back offices made before help calls had states: add the columns (SQLite has no ADD COLUMN IF NOT EXISTS).
    const helpColumns = new Set((this.db.prepare('PRAGMA table_info(help_calls)').all() as { name: string }[]).map((c) => c.name));
    for (const column of ['coming_at', 'withdrawn_at']) if (!helpColumns.has(column)) this.db.exec(`ALTER TABLE help_calls ADD COLUMN ${column} INTEGER`);
  }

  async submit(s: PlatformSubmission): Promise<Result<{ acceptanceNumber: string }, PlatformError>> {
    const existing = this.db.prepare('SELECT acceptance_number FROM applications WHERE idempotency_key = ?').get(s.idempotencyKey) as { acceptance_number: string } | undefined;
    if (existing) {
      this.db.prepare('UPDATE applications SET deliveries = deliveries + 1 WHERE idempotency_key = ?').run(s.idempotencyKey);
      return ok({ acceptanceNumber: existing.acceptance_number });
    }
    if (this.db.prepare('SELECT 1 FROM applications WHERE acceptance_number = ?').get(s.acceptanceNumber)) {
      return err({ kind: 'rejected', message: `acceptance number ${s.acceptanceNumber} is already used by another submission` });
    }
    const now = this.now();
    const sealed: SealedApplicant = {
      name: s.applicantName,
      idNumber: s.applicantIdNumber,
      values: s.values,
      delivery: s.delivery,
      commitment: s.commitment ?? null,
      answers: s.answers ?? {},
      materialChoices: s.materialChoices ?? {},
      attachments: s.attachments ?? [],
    };
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO applications (acceptance_number, idempotency_key, applicant, sealed, terminal_id, bundle, bundle_name, delivery_method, promised_date, submitted_at, received_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(s.acceptanceNumber, s.idempotencyKey, this.sealer.tag(s.applicantIdNumber), this.sealer.seal(sealed, s.acceptanceNumber), s.terminalId, s.bundle, JSON.stringify(s.bundleName), s.delivery.method, s.promisedDate, s.submittedAt, now);
      const insert = this.db.prepare(
        'INSERT INTO items (acceptance_number, code, name, department, due_date, instant, stage, verification_code, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const i of s.items) {
        // 秒批: an item promised in 0 working days is decided by rules at once.
        insert.run(s.acceptanceNumber, i.code, JSON.stringify(i.name), JSON.stringify(i.department), i.dueDate, i.instant ? 1 : 0, i.instant ? '已办结' : '已提交', i.instant ? verificationCode() : null, i.instant ? now : null);
      }
    })();
    return ok({ acceptanceNumber: s.acceptanceNumber });
  }

  /** Applies the time rules to items no one at /hall has touched. */
  advance(): void {
    const { acceptAfterS, reviewAfterS, doneAfterS } = this.options.stages;
    const rows = this.db
      .prepare(
        `SELECT i.acceptance_number, i.code, i.stage, a.received_at, a.delivery_method FROM items i JOIN applications a USING (acceptance_number)
         WHERE i.manual = 0 AND i.instant = 0 AND i.stage NOT IN ('待领取', '已邮寄')`,
      )
      .all() as { acceptance_number: string; code: string; stage: Stage; received_at: number; delivery_method: string }[];
    const update = this.db.prepare('UPDATE items SET stage = ?, decided_at = CASE WHEN ? THEN ? ELSE decided_at END WHERE acceptance_number = ? AND code = ?');
    const now = this.now();
    for (const r of rows) {
      const age = (now - r.received_at) / 1000;
      let stage: Stage = '已提交';
      if (acceptAfterS > 0 && age >= acceptAfterS) stage = '已受理';
      if (reviewAfterS > 0 && age >= reviewAfterS) stage = '审查中';
      if (doneAfterS > 0 && age >= doneAfterS) stage = '已办结';
      if (doneAfterS > 0 && age >= doneAfterS + Math.max(acceptAfterS, 1)) stage = r.delivery_method === 'mail' ? '已邮寄' : '待领取';
      if (stageOrder.indexOf(stage) > stageOrder.indexOf(r.stage)) update.run(stage, stage === '已办结' ? 1 : 0, now, r.acceptance_number, r.code);
    }
  }

  async status(query: StatusQuery): Promise<Result<ApplicationStatus[], PlatformError>> {
    this.advance();
    const apps =
      'acceptanceNumber' in query
        ? (this.db.prepare('SELECT * FROM applications WHERE acceptance_number = ?').all(query.acceptanceNumber) as AppRow[])
        : (this.db.prepare('SELECT * FROM applications WHERE applicant = ? ORDER BY received_at DESC LIMIT 20').all(this.sealer.tag(query.applicantIdNumber)) as AppRow[]);
    if (apps.length === 0 && 'acceptanceNumber' in query) return err({ kind: 'not-found', message: `no application ${query.acceptanceNumber}` });
    return ok(apps.map((a) => this.toStatus(a)));
  }

  private toStatus(a: AppRow): ApplicationStatus {
    const items = this.db.prepare('SELECT * FROM items WHERE acceptance_number = ? ORDER BY rowid').all(a.acceptance_number) as ItemRow[];
    return {
      acceptanceNumber: a.acceptance_number,
      bundleName: JSON.parse(a.bundle_name),
      submittedAt: a.submitted_at,
      promisedDate: a.promised_date,
      items: items.map((i) => ({
        code: i.code,
        name: JSON.parse(i.name),
        department: JSON.parse(i.department),
        stage: i.stage,
        dueDate: i.due_date,
        reason: i.reason,
        printable: i.verification_code !== null && i.stage !== '不予受理',
      })),
    };
  }

  async results(acceptanceNumber: string, applicantIdNumber: string | null): Promise<Result<PrintableResult[], PlatformError>> {
    const a = this.db.prepare('SELECT * FROM applications WHERE acceptance_number = ?').get(acceptanceNumber) as AppRow | undefined;
    if (!a) return err({ kind: 'not-found', message: `no application ${acceptanceNumber}` });
    if (!applicantIdNumber || this.sealer.tag(applicantIdNumber) !== a.applicant) {
      return err({ kind: 'rejected', message: 'results are printed only for the identified applicant' });
    }
    const applicant = this.sealer.open<SealedApplicant>(a.sealed, a.acceptance_number);
    const items = this.db.prepare("SELECT * FROM items WHERE acceptance_number = ? AND verification_code IS NOT NULL AND stage != '不予受理'").all(acceptanceNumber) as ItemRow[];
    return ok(
      items.map((i) => {
        const name = JSON.parse(i.name) as { zh: string; en: string };
        const dept = JSON.parse(i.department) as { zh: string; en: string };
        return {
          acceptanceNumber,
          itemCode: i.code,
          title: { zh: `${name.zh} 办理结果`, en: `${name.en}: decision` },
          verificationCode: i.verification_code!,
          issuedAt: new Date(i.decided_at ?? a.received_at).toISOString(),
          issuer: dept.zh,
          lines: [`申请人：${maskName(applicant.name)}  ${maskIdNumber(applicant.idNumber)}`, `事项：${name.zh}`, '结果：准予办理（秒批）', `受理编号：${acceptanceNumber}`],
        };
      }),
    );
  }

  async rate(r: PlatformRating): Promise<Result<void, PlatformError>> {
    if (r.acceptanceNumber && !this.db.prepare('SELECT 1 FROM applications WHERE acceptance_number = ?').get(r.acceptanceNumber)) {
      // The application may still be in this terminal's outbox: the outbox delivers in order per
      // applicant, so this only happens for a rating given elsewhere; accept it unlinked to nothing.
      return err({ kind: 'not-found', message: `no application ${r.acceptanceNumber}` });
    }
    this.db
      .prepare('INSERT OR IGNORE INTO ratings (idempotency_key, acceptance_number, terminal_id, level, reasons, sealed_comment, rated_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.idempotencyKey, r.acceptanceNumber, r.terminalId, r.level, JSON.stringify(r.reasons), r.comment ? this.sealer.seal(r.comment, r.idempotencyKey) : null, r.ratedAt, this.now());
    return ok(undefined);
  }

  async lookupKnownData(idNumber: string): Promise<KnownData> {
    return knownDataFor(idNumber);
  }

  /** One-time e-ID QR codes (电子身份证 / 亮证码) for a simulator preset. */
  issueEidCode(preset: string): string {
    if (!isPresetName(preset)) throw new Error(`unknown preset ${preset}`);
    const code = `EID1:${randomBytes(18).toString('base64url')}`;
    this.db.prepare('INSERT INTO eid_codes (code, preset, expires_at) VALUES (?, ?, ?)').run(code, preset, this.now() + (this.options.eidTtlMs ?? 10 * 60_000));
    return code;
  }

  async resolveQrIdentity(code: string): Promise<Result<Identity, PlatformError>> {
    const row = this.db.prepare('SELECT * FROM eid_codes WHERE code = ?').get(code) as { preset: string; expires_at: number; used_at: number | null } | undefined;
    if (!row) return err({ kind: 'not-found', message: 'unknown e-ID code' });
    if (row.used_at !== null) return err({ kind: 'rejected', message: 'this e-ID code was already used; show a fresh one' });
    if (row.expires_at < this.now()) return err({ kind: 'rejected', message: 'this e-ID code has expired; show a fresh one' });
    this.db.prepare('UPDATE eid_codes SET used_at = ? WHERE code = ?').run(this.now(), code);
    if (!isPresetName(row.preset)) return err({ kind: 'not-found', message: 'unknown identity' });
    return ok({ ...identityPresets[row.preset] } as Identity);
  }

  async helpCall(call: HelpCall): Promise<Result<{ callId: string }, PlatformError>> {
    const info = this.db.prepare('INSERT INTO help_calls (terminal_id, context, at) VALUES (?, ?, ?)').run(call.terminalId, call.context, call.at);
    const callId = String(info.lastInsertRowid);
    this.helpChanged(callId, 'open');
    return ok({ callId });
  }

  async helpCallState(callId: string): Promise<Result<HelpCallState, PlatformError>> {
    const row = this.helpRow(callId);
    return row ? ok(helpState(row)) : err({ kind: 'not-found', message: 'no such help call' });
  }

  async withdrawHelpCall(callId: string): Promise<Result<HelpCallState, PlatformError>> {
    const changed = this.db.prepare('UPDATE help_calls SET withdrawn_at = ? WHERE id = ? AND handled_at IS NULL AND withdrawn_at IS NULL').run(this.now(), Number(callId)).changes > 0;
    const row = this.helpRow(callId);
    if (!row) return err({ kind: 'not-found', message: 'no such help call' });
    if (changed) this.helpChanged(callId, 'withdrawn');
    return ok(helpState(row));
  }

  private readonly helpListeners = new Set<(callId: string, state: HelpCallState) => void>();

  onHelpCallChange(listener: (callId: string, state: HelpCallState) => void): () => void {
    this.helpListeners.add(listener);
    return () => this.helpListeners.delete(listener);
  }

  private helpChanged(callId: string, state: HelpCallState): void {
    for (const l of this.helpListeners) l(callId, state);
  }

  private helpRow(callId: string): HelpRow | undefined {
    return /^\d{1,15}$/.test(callId) ? (this.db.prepare('SELECT * FROM help_calls WHERE id = ?').get(Number(callId)) as HelpRow | undefined) : undefined;
  }

  // ── staff (/hall) and tests ────────────────────────────────────────────────────────────────

  hallApplications(limit = 200): HallApplication[] {
    this.advance();
    const apps = this.db.prepare('SELECT * FROM applications ORDER BY received_at DESC LIMIT ?').all(limit) as AppRow[];
    return apps.map((a) => {
      const applicant = this.sealer.open<SealedApplicant>(a.sealed, a.acceptance_number);
      const items = this.db.prepare('SELECT * FROM items WHERE acceptance_number = ? ORDER BY rowid').all(a.acceptance_number) as ItemRow[];
      return {
        acceptanceNumber: a.acceptance_number,
        bundleName: (JSON.parse(a.bundle_name) as { zh: string }).zh,
        applicantMasked: `${maskName(applicant.name)} ${maskIdNumber(applicant.idNumber)}`,
        delivery: a.delivery_method === 'mail' ? '邮寄' : '窗口领取',
        submittedAt: a.submitted_at,
        receivedAt: new Date(a.received_at).toISOString(),
        promisedDate: a.promised_date,
        deliveries: a.deliveries,
        commitment: applicant.commitment ? { materials: applicant.commitment.materials, strokes: applicant.commitment.signature.length } : null,
        items: items.map((i) => ({
          code: i.code,
          name: (JSON.parse(i.name) as { zh: string }).zh,
          department: (JSON.parse(i.department) as { zh: string }).zh,
          stage: i.stage,
          dueDate: i.due_date,
          reason: i.reason,
          instant: i.instant === 1,
        })),
      };
    });
  }

  /** Staff move an item (or every item) of an application; 需补正 / 不予受理 need a reason. */
  move(acceptanceNumber: string, itemCode: string | null, stage: Stage, reason: string | null): Result<number, string> {
    if ((stage === '需补正' || stage === '不予受理') && !reason?.trim()) return err('需补正 and 不予受理 need a reason');
    const now = this.now();
    const info = this.db
      .prepare(
        `UPDATE items SET stage = ?, manual = 1, reason = ?, decided_at = CASE WHEN ? IN ('已办结', '不予受理') THEN ? ELSE decided_at END
         WHERE acceptance_number = ? AND (? IS NULL OR code = ?)`,
      )
      .run(stage, reason?.trim() || null, stage, now, acceptanceNumber, itemCode, itemCode);
    return info.changes ? ok(info.changes) : err('no such application or item');
  }

  helpCalls(): { id: number; terminalId: string; context: string; at: string; state: HelpCallState; handled: boolean }[] {
    return (this.db.prepare('SELECT * FROM help_calls ORDER BY id DESC LIMIT 100').all() as HelpRow[]).map((h) => ({
      id: h.id,
      terminalId: h.terminal_id,
      context: h.context,
      at: h.at,
      state: helpState(h),
      handled: h.handled_at !== null,
    }));
  }

  /** Staff answer a call: 正在前来 (on the way), pushed to the kiosk at once. Not for a withdrawn or handled call. */
  markHelpComing(id: number): boolean {
    const changed = this.db.prepare('UPDATE help_calls SET coming_at = ? WHERE id = ? AND handled_at IS NULL AND withdrawn_at IS NULL AND coming_at IS NULL').run(this.now(), id).changes > 0;
    if (changed) this.helpChanged(String(id), 'coming');
    return changed;
  }

  /** Staff close a call: 已处理, pushed to the kiosk (its idle timeout resumes). */
  handleHelpCall(id: number): boolean {
    const changed = this.db.prepare('UPDATE help_calls SET handled_at = ? WHERE id = ? AND handled_at IS NULL AND withdrawn_at IS NULL').run(this.now(), id).changes > 0;
    if (changed) this.helpChanged(String(id), 'handled');
    return changed;
  }

  /** For tests: acceptance numbers received, with how many times each was delivered. */
  received(): { acceptanceNumber: string; idempotencyKey: string; deliveries: number }[] {
    return (this.db.prepare('SELECT acceptance_number, idempotency_key, deliveries FROM applications ORDER BY received_at').all() as { acceptance_number: string; idempotency_key: string; deliveries: number }[]).map((r) => ({
      acceptanceNumber: r.acceptance_number,
      idempotencyKey: r.idempotency_key,
      deliveries: r.deliveries,
    }));
  }

  ratingsReceived(): { acceptanceNumber: string | null; level: number }[] {
    return (this.db.prepare('SELECT acceptance_number, level FROM ratings ORDER BY received_at').all() as { acceptance_number: string | null; level: number }[]).map((r) => ({ acceptanceNumber: r.acceptance_number, level: r.level }));
  }

  close(): void {
    this.db.close();
  }
}

/** A verification code for a printed result: 16 characters of Crockford base32 in groups of four. */
export function verificationCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (b) => alphabet[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

interface HelpRow {
  id: number;
  terminal_id: string;
  context: string;
  at: string;
  handled_at: number | null;
  coming_at: number | null;
  withdrawn_at: number | null;
}

function helpState(row: HelpRow): HelpCallState {
  if (row.handled_at !== null) return 'handled';
  if (row.withdrawn_at !== null) return 'withdrawn';
  return row.coming_at !== null ? 'coming' : 'open';
}
