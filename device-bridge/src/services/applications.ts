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
import type { ErrorBody, GuidePrintResult, KioskRequest, PrintResult, SubmitResult } from '../../../core/protocol/messages';
import { acceptanceReceiptMarkdown } from '../../../core/receipt/acceptance-receipt';
import { guideBaseFromTrackUrl, guideReceiptMarkdown, guideUrl, type GuideRef } from '../../../core/receipt/guide-receipt';
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
  now?: () => Date;
  /** Counters for /metrics (device-bridge/src/maintenance/metrics.ts). */
  metrics?: Pick<BridgeMetrics, 'completions' | 'printJobs' | 'ratings'>;
}

export class ApplicationService {
  private readonly now: () => Date;

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
    const delivered = await this.deps.platform.submit({
      idempotencyKey: req.idempotencyKey,
      terminalId: this.deps.config.terminal.id,
      bundle: req.bundle,
      items: composition.items.map((i) => ({ code: i.item.code, dueDate: i.dueDate })),
      promisedDate: composition.promisedDate,
      applicantIdNumber: session.identity.idNumber,
      values,
      delivery: req.delivery,
      submittedAt,
      answers: { ...(req.answers ?? {}) },
      attachments,
    });
    if (!delivered.ok) return err({ code: `platform-${delivered.error.kind}`, message: delivered.error.message });

    const { acceptanceNumber } = delivered.value;
    const trackUrl = `${this.deps.config.receipt.trackBaseUrl}?n=${encodeURIComponent(acceptanceNumber)}`;
    const departmentName = (code: string) => catalog.departments.find((d) => d.code === code)?.name ?? { zh: code, en: code };
    const result: SubmitResult = {
      acceptanceNumber,
      promisedDate: composition.promisedDate,
      trackUrl,
      items: composition.items.map((i) => ({ code: i.item.code, name: i.item.name, department: departmentName(i.item.department), dueDate: i.dueDate })),
    };
    session.submissions.set(req.idempotencyKey, {
      result,
      receipt: {
        terminalId: this.deps.config.terminal.id,
        acceptanceNumber,
        bundleName: composition.bundle.name.zh,
        applicantMasked: `${maskName(session.identity.name)}  ${maskIdNumber(session.identity.idNumber)}`,
        items: result.items.map((i) => ({ name: i.name.zh, department: i.department.zh, promisedDate: i.dueDate })),
        promisedDate: composition.promisedDate,
        delivery: req.delivery.method,
        deliveryDetail: req.delivery.method === 'pickup' ? this.deps.config.terminal.pickupPlace.zh : maskAddress(req.delivery.address),
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
    if (req.acceptanceNumber && !session.submissionByAcceptanceNumber(req.acceptanceNumber)) {
      return err({ code: 'unknown-acceptance-number', message: 'ratings are linked to a submission of this session', path: 'acceptanceNumber' });
    }
    if (req.level <= 2 && req.reasons.length === 0) {
      return err({ code: 'reasons-required', message: 'a bad rating (不满意, 非常不满意) needs at least one reason', path: 'reasons' });
    }
    const rated = await this.deps.platform.rate({
      idempotencyKey: `${req.acceptanceNumber ?? 'visit'}:${this.now().toISOString()}`,
      acceptanceNumber: req.acceptanceNumber,
      terminalId: this.deps.config.terminal.id,
      level: req.level,
      reasons: req.reasons,
      comment: req.comment,
      ratedAt: this.now().toISOString(),
    });
    if (!rated.ok) return err({ code: `platform-${rated.error.kind}`, message: rated.error.message });
    this.deps.metrics?.ratings.inc({ level: String(req.level) });
    this.deps.logger.info({ level: req.level, reasons: req.reasons.length }, 'rating received');
    return ok(undefined);
  }
}

/** Keeps the district and masks the rest: the receipt must not carry a full home address. */
function maskAddress(address: string): string {
  const chars = Array.from(address);
  return chars.slice(0, Math.min(6, chars.length)).join('') + '****';
}
