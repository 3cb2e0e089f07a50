/**
 * Submissions, receipts and ratings, as the bridge handles them for the citizen at the kiosk.
 * The bridge re-runs the same composition engine the kiosk ran (core/catalog/compose.ts) and refuses
 * a submission that does not match it: values the card or shared data provide are taken from there,
 * not from the message; every field the citizen typed is validated again.
 */
import type { TerminalConfig } from '../../../core/config/terminal';
import { compose, validateMaterialChoices, validateSubmission, type KnownApplicant } from '../../../core/catalog/compose';
import { cardValuesOf } from '../../../core/catalog/card-values';
import { shanghaiDate, type WorkingCalendar } from '../../../core/calendar/working-days';
import { maskIdNumber, maskName } from '../../../core/identity';
import type { PlatformSubmission } from '../platform/platform';
import type { Catalog } from '../../../core/catalog/schema';
import type { ApplicationStatus, ErrorBody, GuidePrintResult, KioskRequest, PrintResult, SubmitResult } from '../../../core/protocol/messages';
import { acceptanceReceiptMarkdown } from '../../../core/receipt/acceptance-receipt';
import { guideBaseFromTrackUrl, guideReceiptMarkdown, guideUrl, type GuideRef } from '../../../core/receipt/guide-receipt';
import { oneTimeNoticeMarkdown, resultMarkdown } from '../../../core/receipt/result-documents';
import { noticeLines, oneTimeNotice, owedMaterials, type OwedMaterial } from '../../../core/catalog/notice';
import { owedLines, receiptLangOf } from '../../../core/receipt/owed-lines';
import { randomUUID } from 'node:crypto';
import type { Outbox } from '../outbox/outbox';
import type { DeliveryWorker } from '../outbox/delivery';
import { err, ok, type Result } from '../../../core/result';
import type { CatalogStore } from '../catalog/catalog-store';
import type { Devices } from '../devices/devices';
import { renderEscPos } from '../devices/printer/escpos';
import { renderReceiptEscPos } from '../devices/printer/raster-fallback';
import type { Logger } from '../log';
import type { Platform } from '../platform/platform';
import type { CitizenSession } from '../session/citizen-session';
import type { BridgeMetrics } from '../maintenance/metrics';

type SubmitRequest = Extract<KioskRequest, { type: 'submit' }>;
type RatingRequest = Extract<KioskRequest, { type: 'rating.submit' }>;

export interface ApplicationDeps {
  config: TerminalConfig;
  catalog: CatalogStore;
  calendar: WorkingCalendar;
  platform: Platform;
  devices: Devices;
  logger: Logger;
  /** Submissions and ratings are committed here before the citizen is told; the worker delivers them. */
  outbox: Outbox;
  worker: DeliveryWorker;
  now?: () => Date;
  /** Counters for /metrics (device-bridge/src/maintenance/metrics.ts). */
  metrics?: Pick<BridgeMetrics, 'completions' | 'printJobs' | 'ratings'>;
}

type ProgressRequest = Extract<KioskRequest, { type: 'progress.query' }>;
type NoticeRequest = Extract<KioskRequest, { type: 'notice.print' }>;

/** SL + Beijing date + the terminal's last 4 letters/digits + the outbox sequence (never reused). */
export function acceptanceNumberFor(terminalId: string, day: string, seq: number): string {
  return `SL${day.replaceAll('-', '')}${terminalId.replace(/[^A-Z0-9]/gi, '').slice(-4).toUpperCase()}${String(seq).padStart(6, '0')}`;
}

export class ApplicationService {
  private readonly now: () => Date;

  /** Set by the kiosk link: called when a submission finds the outbox unavailable. */
  onAvailabilityChange: (() => void) | null = null;

  constructor(private readonly deps: ApplicationDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async submit(session: CitizenSession, req: SubmitRequest): Promise<Result<SubmitResult, ErrorBody>> {
    const earlier = session.submissions.get(req.idempotencyKey);
    if (earlier) return ok(earlier.result);
    if (!session.active || !session.identity) return err({ code: 'not-identified', message: 'submit needs an identified citizen (card read)' });
    if (!session.faceVerified) return err({ code: 'not-verified', message: 'submit needs the live photo step first' });
    const catalog = this.deps.catalog.current();
    if (!catalog) return err({ code: 'no-catalog', message: 'the service catalog is not loaded' });
    if (this.deps.config.services.length && !this.deps.config.services.includes(req.bundle)) {
      return err({ code: 'not-offered', message: `bundle ${req.bundle} is not offered on this terminal`, path: 'bundle' });
    }

    const known: KnownApplicant = {
      card: cardValuesOf(session.identity),
      shared: session.known?.shared ?? {},
      eLicences: session.known?.eLicences ?? [],
    };
    const today = shanghaiDate(this.now());
    const composed = compose(catalog, req.bundle, req.items, known, today, this.deps.calendar, req.answers ?? {});
    if (!composed.ok) {
      const e = composed.error;
      const message = 'reason' in e ? e.reason.zh : 'item' in e ? `${e.kind}: ${e.item}` : e.kind;
      return err({ code: e.kind, message, path: 'question' in e ? `answers.${e.question}` : 'items' });
    }
    const composition = composed.value;

    // Card data is never taken from the message (a differing value is refused as tampering);
    // shared data may be corrected by the citizen.
    const values: Record<string, string> = {};
    for (const f of composition.fields) {
      const sent = req.values[f.field.key];
      if (!f.editable && sent !== undefined && sent !== f.value) {
        return err({ code: 'card-data-mismatch', message: `${f.field.key} comes from the ID card and cannot be changed`, path: `values.${f.field.key}` });
      }
      if (!f.editable) values[f.field.key] = f.value ?? '';
      else values[f.field.key] = sent !== undefined && sent !== '' ? sent : (f.value ?? '');
    }
    const unknownKey = Object.keys(req.values).find((k) => !composition.fields.some((f) => f.field.key === k));
    if (unknownKey) return err({ code: 'unknown-field', message: `field ${unknownKey} is not part of this application`, path: `values.${unknownKey}` });
    const problems = validateSubmission(composition, values);
    if (problems.length) {
      const p = problems[0];
      return err({ code: 'invalid-field', message: `${p.key}: ${p.message.zh}`, path: `values.${p.key}` });
    }
    if (req.materials) {
      const wrong = validateMaterialChoices(composition, req.materials);
      if (wrong.length) return err({ code: 'invalid-materials', message: `${wrong[0]!.material}: ${wrong[0]!.message.zh}`, path: `materials.${wrong[0]!.material}` });
    }
    // 容缺 / 告知承诺 chosen in the materials step: the citizen signs for exactly those materials.
    const mustSign = Object.entries(req.materials ?? {}).filter(([, c]) => c === 'deferred' || c === 'commitment').map(([m]) => m);
    const missing = mustSign.find((m) => !req.commitment?.materials.includes(m));
    if (missing) return err({ code: 'signature-required', message: `${missing} is to be supplied later or replaced by a commitment: the applicant must sign for it`, path: 'commitment' });
    // A signed commitment (容缺 / 告知承诺) may only cover materials this application lets the citizen defer or replace.
    if (req.commitment) {
      const allowed = new Set(composition.toBring.filter((m) => m.deferrable || m.commitmentAllowed).map((m) => m.material.code));
      const i = req.commitment.materials.findIndex((m) => !allowed.has(m));
      if (i >= 0) return err({ code: 'invalid-commitment', message: `${req.commitment.materials[i]} cannot be deferred or replaced by a commitment in this application`, path: `commitment.materials[${i}]` });
    }

    // Photos only of paper materials this application still needs (not 免提交), one each, real JPEGs.
    const attachments: { material: string; jpeg: Uint8Array }[] = [];
    for (const [i, photo] of req.photos.entries()) {
      const needed = composition.toBring.find((m) => m.material.code === photo.material);
      if (!needed || !needed.photograph) {
        return err({ code: 'unexpected-photo', message: `material ${photo.material} is not a paper material this application needs`, path: `photos[${i}].material` });
      }
      if (attachments.some((a) => a.material === photo.material)) {
        return err({ code: 'duplicate-photo', message: `material ${photo.material} is photographed twice`, path: `photos[${i}].material` });
      }
      const jpeg = Buffer.from(photo.jpeg.slice('data:image/jpeg;base64,'.length), 'base64');
      if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return err({ code: 'bad-photo', message: 'a photo is not a JPEG image', path: `photos[${i}].jpeg` });
      attachments.push({ material: photo.material, jpeg: new Uint8Array(jpeg) });
    }

    const submittedAt = this.now().toISOString();
    const departmentName = (code: string) => catalog.departments.find((d) => d.code === code)?.name ?? { zh: code, en: code };
    const identity = session.identity;
    // Durable BEFORE the citizen is told: the reply goes out only after this transaction committed.
    const committed = this.deps.outbox.enqueue({
      key: req.idempotencyKey,
      applicantIdNumber: identity.idNumber,
      build: (seq) => {
        const acceptanceNumber = acceptanceNumberFor(this.deps.config.terminal.id, today, seq);
        return {
          reference: acceptanceNumber,
          payload: {
            kind: 'submission',
            submission: {
              idempotencyKey: req.idempotencyKey,
              acceptanceNumber,
              terminalId: this.deps.config.terminal.id,
              bundle: req.bundle,
              bundleName: composition.bundle.name,
              items: composition.items.map((i) => ({ code: i.item.code, name: i.item.name, department: departmentName(i.item.department), dueDate: i.dueDate, instant: i.item.timeLimit.promisedDays === 0 })),
              promisedDate: composition.promisedDate,
              applicantIdNumber: identity.idNumber,
              applicantName: identity.name,
              values,
              delivery: req.delivery,
              commitment: req.commitment ? { ...req.commitment, signedAt: submittedAt } : null,
              answers: req.answers ?? {},
              materialChoices: req.materials ?? {},
              // Photos of paper materials: sealed in the outbox with the rest, never written elsewhere.
              attachments,
              submittedAt,
            },
          },
        };
      },
    });
    if (!committed.ok) {
      this.deps.logger.error({ fault: committed.error.fault }, 'outbox refused a submission; the kiosk stops offering submission');
      this.onAvailabilityChange?.();
      return err({ code: 'outbox-unavailable', message: `the terminal cannot store submissions now (${committed.error.fault}); please use the service hall` });
    }
    this.deps.worker.kick();

    const acceptanceNumber = committed.value.reference!;
    const trackUrl = `${this.deps.config.receipt.trackBaseUrl}?n=${encodeURIComponent(acceptanceNumber)}`;
    // 尚需补交: accepted without these; the receipt, the 已受理 screen and 进度查询 say what, where and by when.
    const owed = owedMaterials(composition, req.materials ?? {}, attachments.map((a) => a.material), today, this.deps.calendar);
    const lang = receiptLangOf(req.lang);
    const result: SubmitResult = {
      acceptanceNumber,
      promisedDate: composition.promisedDate,
      trackUrl,
      items: composition.items.map((i) => ({ code: i.item.code, name: i.item.name, department: departmentName(i.item.department), dueDate: i.dueDate })),
      owed,
    };
    session.submissions.set(req.idempotencyKey, {
      result,
      receipt: {
        terminalId: this.deps.config.terminal.id,
        acceptanceNumber,
        bundleName: composition.bundle.name[lang],
        applicantMasked: `${maskName(session.identity.name)}  ${maskIdNumber(session.identity.idNumber)}`,
        items: result.items.map((i) => ({ name: i.name[lang], department: i.department[lang], promisedDate: i.dueDate })),
        promisedDate: composition.promisedDate,
        delivery: req.delivery.method,
        deliveryDetail: req.delivery.method === 'pickup' ? this.deps.config.terminal.pickupPlace[lang] : maskAddress(req.delivery.address),
        lang,
        owed: owedLines(owed, lang),
        submittedAt,
        trackUrl,
        hallPhone: this.deps.config.terminal.hallPhone,
      },
    });
    this.deps.metrics?.completions.inc({ bundle: req.bundle });
    this.deps.logger.info({ bundle: req.bundle, items: req.items.length, photos: attachments.length, acceptanceNumber }, 'application submitted');
    return ok(result);
  }

  /** Prints the acceptance receipt of a submission made in this session. */
  async printReceipt(session: CitizenSession, acceptanceNumber: string): Promise<Result<PrintResult, ErrorBody>> {
    const submission = session.submissionByAcceptanceNumber(acceptanceNumber);
    if (!submission) return err({ code: 'unknown-acceptance-number', message: 'no submission with this number in this session', path: 'acceptanceNumber' });
    const bytes = await renderReceiptEscPos(acceptanceReceiptMarkdown(submission.receipt), renderEscPos);
    const printed = await this.deps.devices.printer.print(bytes);
    void this.deps.devices.printerMonitor.poll();
    this.deps.metrics?.printJobs.inc({ kind: 'receipt', result: printed.ok ? 'printed' : 'failed' });
    if (printed.ok) {
      this.deps.logger.info({ acceptanceNumber }, 'receipt printed');
      return ok({ printed: true });
    }
    this.deps.logger.warn({ acceptanceNumber, reason: printed.error.reason }, 'receipt not printed; the kiosk shows it as a QR code');
    return ok({ printed: false, reason: printed.error.reason, trackUrl: submission.result.trackUrl });
  }

  /** 打印办事指南: the guide of an item or bundle, for anyone at the terminal (no login). */
  async printGuide(ref: GuideRef): Promise<Result<GuidePrintResult, ErrorBody>> {
    const catalog = this.deps.catalog.current();
    if (!catalog) return err({ code: 'no-catalog', message: 'the service catalog is not loaded' });
    const url = guideUrl(guideBaseFromTrackUrl(this.deps.config.receipt.trackBaseUrl), ref);
    const markdown = guideReceiptMarkdown(catalog, ref, { terminalId: this.deps.config.terminal.id, hallPhone: this.deps.config.terminal.hallPhone, url });
    if (markdown === null) return err({ code: 'unknown-guide', message: `no ${ref.kind} ${ref.code} in the catalog`, path: 'guide.code' });
    const printed = await this.deps.devices.printer.print(renderEscPos(markdown));
    void this.deps.devices.printerMonitor.poll();
    if (printed.ok) {
      this.deps.logger.info({ guide: `${ref.kind}:${ref.code}` }, 'guide printed');
      return ok({ printed: true });
    }
    this.deps.logger.warn({ guide: `${ref.kind}:${ref.code}`, reason: printed.error.reason }, 'guide not printed');
    return ok({ printed: false, reason: printed.error.reason });
  }

  async rate(session: CitizenSession, req: RatingRequest): Promise<Result<void, ErrorBody>> {
    if (req.acceptanceNumber && !session.submissionByAcceptanceNumber(req.acceptanceNumber) && !session.queried.has(req.acceptanceNumber)) {
      return err({ code: 'unknown-acceptance-number', message: 'ratings are linked to a submission made or looked up in this session', path: 'acceptanceNumber' });
    }
    if (req.level <= 2 && req.reasons.length === 0) {
      return err({ code: 'reasons-required', message: 'a bad rating (不满意, 非常不满意) needs at least one reason', path: 'reasons' });
    }
    const key = req.idempotencyKey ?? randomUUID();
    const ratedAt = this.now().toISOString();
    // Delivered like a submission, after the application it rates (same applicant, so in order).
    const committed = this.deps.outbox.enqueue({
      key,
      applicantIdNumber: session.identity?.idNumber ?? null,
      // Queued behind the application it rates when that is still in this terminal's outbox.
      after: req.acceptanceNumber,
      build: () => ({
        reference: req.acceptanceNumber,
        payload: {
          kind: 'rating',
          rating: { idempotencyKey: key, acceptanceNumber: req.acceptanceNumber, terminalId: this.deps.config.terminal.id, level: req.level, reasons: req.reasons, comment: req.comment, ratedAt },
        },
      }),
    });
    if (!committed.ok) return err({ code: 'outbox-unavailable', message: `the terminal cannot store the rating now (${committed.error.fault})` });
    this.deps.worker.kick();
    this.deps.metrics?.ratings.inc({ level: String(req.level) });
    this.deps.logger.info({ level: req.level, reasons: req.reasons.length }, 'rating received');
    return ok(undefined);
  }

  /** 进度查询: the platform's view, plus what is still in this terminal's outbox (已提交, not yet delivered). */
  async progress(session: CitizenSession, req: ProgressRequest): Promise<Result<{ applications: ApplicationStatus[]; platformReachable: boolean }, ErrorBody>> {
    if (!session.active) return err({ code: 'no-session', message: 'start a session first' });
    let query: { acceptanceNumber: string } | { applicantIdNumber: string };
    if (req.by.kind === 'applicant') {
      if (!session.identity) return err({ code: 'not-identified', message: 'read the ID card (or scan an e-ID) first' });
      query = { applicantIdNumber: session.identity.idNumber };
    } else query = { acceptanceNumber: parseAcceptanceNumber(req.by.acceptanceNumber) };
    const fromPlatform = await this.deps.platform.status(query);
    const pending = 'acceptanceNumber' in query ? this.deps.outbox.pendingSubmissions({ reference: query.acceptanceNumber }) : this.deps.outbox.pendingSubmissions({ applicantIdNumber: query.applicantIdNumber });
    const local: ApplicationStatus[] = pending.map((s) => ({
      acceptanceNumber: s.acceptanceNumber,
      bundleName: s.bundleName,
      submittedAt: s.submittedAt,
      promisedDate: s.promisedDate,
      items: s.items.map((i) => ({ code: i.code, name: i.name, department: i.department, stage: '已提交' as const, dueDate: i.dueDate, reason: null, printable: false })),
    }));
    if (!fromPlatform.ok && fromPlatform.error.kind !== 'not-found') {
      if (local.length) return ok({ applications: local, platformReachable: false });
      return err({ code: 'platform-unavailable', message: fromPlatform.error.message });
    }
    const remote = fromPlatform.ok ? fromPlatform.value : [];
    const catalog = this.deps.catalog.current();
    // 尚需补交 for what this terminal still holds (pending, or delivered within the outbox's retention).
    const withOwed = (a: ApplicationStatus): ApplicationStatus => {
      const s = catalog ? this.deps.outbox.retainedSubmission(a.acceptanceNumber) : null;
      const owed = s && catalog ? owedOfSubmission(catalog, this.deps.calendar, s) : [];
      return owed.length ? { ...a, owed } : a;
    };
    const applications = [...local.filter((l) => !remote.some((r) => r.acceptanceNumber === l.acceptanceNumber)), ...remote].map(withOwed);
    if (applications.length === 0 && req.by.kind === 'acceptanceNumber') return err({ code: 'not-found', message: 'no application with this number', path: 'by.acceptanceNumber' });
    applications.forEach((a) => session.queried.add(a.acceptanceNumber));
    return ok({ applications, platformReachable: fromPlatform.ok || fromPlatform.error.kind === 'not-found' });
  }

  /** Self-print of a result the platform allows, for the identified applicant only. */
  async printResult(session: CitizenSession, acceptanceNumber: string, itemCode: string): Promise<Result<PrintResult, ErrorBody>> {
    if (!session.active || !session.identity) return err({ code: 'not-identified', message: 'results are printed for the identified applicant: read the ID card or scan an e-ID first' });
    const results = await this.deps.platform.results(acceptanceNumber, session.identity.idNumber);
    if (!results.ok) return err({ code: `platform-${results.error.kind}`, message: results.error.message });
    const r = results.value.find((x) => x.itemCode === itemCode);
    if (!r) return err({ code: 'no-printable-result', message: 'this item has no result to print here', path: 'itemCode' });
    const verifyUrl = `${this.deps.config.receipt.trackBaseUrl.replace(/\/track$/, '')}/verify?code=${encodeURIComponent(r.verificationCode)}`;
    const bytes = renderEscPos(resultMarkdown({ terminalId: this.deps.config.terminal.id, title: r.title.zh, issuer: r.issuer, issuedAt: r.issuedAt, verificationCode: r.verificationCode, verifyUrl, lines: r.lines }));
    const printed = await this.deps.devices.printer.print(bytes);
    void this.deps.devices.printerMonitor.poll();
    this.deps.metrics?.printJobs.inc({ kind: 'result', result: printed.ok ? 'printed' : 'failed' });
    if (!printed.ok) return ok({ printed: false, reason: printed.error.reason, trackUrl: verifyUrl });
    this.deps.logger.info({ acceptanceNumber, itemCode }, 'result self-printed');
    return ok({ printed: true });
  }

  /** 一次性告知: everything still to bring for the chosen items, printed at once. */
  async printNotice(session: CitizenSession, req: NoticeRequest): Promise<Result<PrintResult, ErrorBody>> {
    const catalog = this.deps.catalog.current();
    if (!catalog) return err({ code: 'no-catalog', message: 'the service catalog is not loaded' });
    const known: KnownApplicant = {
      card: session.identity ? cardValuesOf(session.identity) : {},
      shared: session.known?.shared ?? {},
      eLicences: session.known?.eLicences ?? [],
    };
    const composed = compose(catalog, req.bundle, req.items, known, shanghaiDate(this.now()), this.deps.calendar, req.answers ?? {});
    if (!composed.ok) return err({ code: composed.error.kind, message: 'these items cannot be composed', path: 'items' });
    const c = composed.value;
    // The catalog engine's own notice (core/catalog/notice.ts): the same list the kiosk shows.
    const notice = oneTimeNotice(c);
    const bytes = renderEscPos(
      oneTimeNoticeMarkdown({
        terminalId: this.deps.config.terminal.id,
        bundleName: c.bundle.name.zh,
        items: c.items.map((i) => i.item.name.zh),
        lines: noticeLines(notice, 'zh').slice(1),
        issuedAt: this.now().toISOString(),
        hallPhone: this.deps.config.terminal.hallPhone,
        place: this.deps.config.terminal.pickupPlace.zh,
      }),
    );
    const printed = await this.deps.devices.printer.print(bytes);
    void this.deps.devices.printerMonitor.poll();
    this.deps.metrics?.printJobs.inc({ kind: 'notice', result: printed.ok ? 'printed' : 'failed' });
    if (!printed.ok) return ok({ printed: false, reason: printed.error.reason, trackUrl: this.deps.config.receipt.trackBaseUrl });
    this.deps.logger.info({ bundle: req.bundle, materials: c.toBring.length }, '一次性告知 printed');
    return ok({ printed: true });
  }
}

/**
 * What a stored submission still owes, composed again from the catalog: the materials it was to
 * bring are the keys of its material choices (the kiosk sends one for each), photos are its attachments.
 */
export function owedOfSubmission(catalog: Catalog, calendar: WorkingCalendar, s: PlatformSubmission): OwedMaterial[] {
  const composed = compose(catalog, s.bundle, s.items.map((i) => i.code), { card: {}, shared: {}, eLicences: [] }, shanghaiDate(new Date(s.submittedAt)), calendar, s.answers ?? {});
  if (!composed.ok) return [];
  const choices = s.materialChoices ?? {};
  const c = { ...composed.value, toBring: composed.value.toBring.filter((m) => m.material.code in choices) };
  return owedMaterials(c, choices, (s.attachments ?? []).map((a) => a.material), shanghaiDate(new Date(s.submittedAt)), calendar);
}

/** Keeps the district and masks the rest: the receipt must not carry a full home address. */
function maskAddress(address: string): string {
  const chars = Array.from(address);
  return chars.slice(0, Math.min(6, chars.length)).join('') + '****';
}

/** A scanned receipt QR carries the tracking URL (…?n=SL…); a typed or scanned bare number is taken as is. */
export function parseAcceptanceNumber(data: string): string {
  try {
    const n = new URL(data).searchParams.get('n');
    if (n) return n.trim();
  } catch {
    // not a URL
  }
  return data.trim();
}
