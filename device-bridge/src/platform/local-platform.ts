/**
 * The embedded back office ('local' platform): accepts applications, numbers them, and holds shared
 * data and e-licences for the simulator's preset identities.
 * Applications are kept in memory here; the durable SQLite back office and outbox are the subject of
 * the "submissions are never lost" issue and will replace this store behind the same interface.
 */
import { ok, type Result } from '../../../core/result';
import { identityPresets } from '../devices/idcard/presets';
import type { KnownData, Platform, PlatformError, PlatformRating, PlatformSubmission } from './platform';

const presetKnownData: Record<string, KnownData> = {
  [identityPresets.resident.idNumber]: {
    shared: {
      'contact.phone': '13812345678',
      'marriage.spouseName': identityPresets.father.name,
      'marriage.spouseIdNumber': identityPresets.father.idNumber,
      'birth.sex': '2',
      'birth.date': '2026-11-18',
      'birth.hospital': '天津市和平区妇产科医院',
      // The bank account linked to her social security card (社会保障卡金融账户).
      'bank.account': '6217001234567890123',
    },
    eLicences: ['居民身份证', '居民户口簿', '结婚证'],
  },
  [identityPresets.father.idNumber]: {
    shared: {
      'contact.phone': '13987654321',
      'marriage.spouseName': identityPresets.resident.name,
      'marriage.spouseIdNumber': identityPresets.resident.idNumber,
      'birth.sex': '2',
      'birth.date': '2026-11-18',
      'birth.hospital': '天津市和平区妇产科医院',
    },
    eLicences: ['居民身份证', '居民户口簿', '结婚证'],
  },
  [identityPresets.elder.idNumber]: {
    shared: { 'contact.phone': '13512340000' },
    eLicences: ['居民身份证', '居民户口簿'],
  },
};

export interface StoredApplication {
  acceptanceNumber: string;
  submission: PlatformSubmission;
  status: '已提交';
}

export class LocalPlatform implements Platform {
  readonly name = 'local';
  private readonly byKey = new Map<string, StoredApplication>();
  private readonly ratings = new Map<string, PlatformRating>();
  private sequence = 0;

  async submit(submission: PlatformSubmission): Promise<Result<{ acceptanceNumber: string }, PlatformError>> {
    const existing = this.byKey.get(submission.idempotencyKey);
    if (existing) return ok({ acceptanceNumber: existing.acceptanceNumber });
    this.sequence += 1;
    const day = submission.submittedAt.slice(0, 10).replaceAll('-', '');
    const acceptanceNumber = `SL${day}${submission.terminalId.replace(/[^A-Z0-9]/gi, '').slice(-4)}${String(this.sequence).padStart(4, '0')}`;
    this.byKey.set(submission.idempotencyKey, { acceptanceNumber, submission, status: '已提交' });
    return ok({ acceptanceNumber });
  }

  async rate(rating: PlatformRating): Promise<Result<void, PlatformError>> {
    this.ratings.set(rating.idempotencyKey, rating);
    return ok(undefined);
  }

  async lookupKnownData(idNumber: string): Promise<KnownData> {
    const known = presetKnownData[idNumber];
    return known ? structuredClone(known) : { shared: {}, eLicences: ['居民身份证'] };
  }

  /** For the staff view and tests: applications received, newest last. */
  applications(): StoredApplication[] {
    return [...this.byKey.values()];
  }

  ratingsReceived(): PlatformRating[] {
    return [...this.ratings.values()];
  }

  /** Submissions waiting for delivery: none, as this back office receives them in-process. */
  backlog(): number {
    return 0;
  }
}
