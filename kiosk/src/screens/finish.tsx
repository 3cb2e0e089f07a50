/** After submission: the receipt (printed, or as a QR code when the printer cannot), 好差评, done. */
import type { RatingLevel } from '../../../core/protocol/messages';
import { reasonLabel, strings } from '../i18n';
import { badRatingReasons } from '../machine/kiosk-machine';
import { QrCode } from '../ui/qr-code';
import type { ScreenProps } from './types';
import { Local } from '../ui/local';
import { OwedList } from '../ui/owed-list';

export function ReceiptScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const lang = context.settings.lang;
  const s = strings[lang];
  const { submission, print } = context;
  if (!submission) return null;
  const printed = print?.printed === true;
  return (
    <>
      <h1 tabIndex={-1}>{s.receiptTitle}</h1>
      <section class="card">
        <p class="muted">{s.acceptanceNumber}</p>
        <p class="receipt-number" data-testid="acceptance-number">
          <bdi dir="ltr">{submission.acceptanceNumber}</bdi>
        </p>
        <p>
          <strong>{s.promisedDate}{s.colon}</strong>
          <bdi dir="ltr">{submission.promisedDate}</bdi>
        </p>
        <ul>
          {submission.items.map((i) => (
            <li key={i.code}>
              <Local text={i.name} lang={lang} /> <span class="muted elder-hide">· <Local text={i.department} lang={lang} /> · <bdi dir="ltr">{i.dueDate}</bdi></span>
            </li>
          ))}
        </ul>
      </section>
      <OwedList owed={submission.owed} lang={lang} />
      {printed ? (
        <p class="notice notice-info" role="status">
          {s.receiptPrinted}
        </p>
      ) : (
        <>
          <p class="notice notice-warning" role="alert">
            {s.receiptNotPrinted}
          </p>
          <button class="btn" type="button" onClick={() => send({ type: 'REPRINT' })}>
            {s.reprint}
          </button>
        </>
      )}
      <div style={{ display: 'flex', gap: 'var(--space-3)', alignItems: 'center', margin: 'var(--space-3) 0' }}>
        <QrCode data={submission.trackUrl} label={s.scanToTrack} />
        <p>{s.scanToTrack}</p>
      </div>
      <button class="btn btn-primary btn-huge" type="button" onClick={() => send({ type: 'NEXT' })}>
        {s.next}
      </button>
    </>
  );
}

export function RatingScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const lang = context.settings.lang;
  const s = strings[lang];
  const { rating } = context;
  const sending = snapshot.matches({ session: { flow: 'ratingSubmitting' } });
  const levels: RatingLevel[] = [5, 4, 3, 2, 1];
  return (
    <>
      <h1 tabIndex={-1}>{s.rateTitle}</h1>
      <div class="rating-levels" role="radiogroup" aria-label={s.rateTitle}>
        {levels.map((level) => (
          <button
            key={level}
            type="button"
            role="radio"
            class="btn"
            aria-checked={rating.level === level}
            onClick={() => send({ type: 'SET_RATING', level })}
          >
            <span class="stars" aria-hidden="true">
              {'★'.repeat(level)}
            </span>
            <span>{s.rateLevels[level - 1]}</span>
          </button>
        ))}
      </div>
      {rating.level !== null && rating.level <= 2 && (
        <section class="card">
          <h2>{s.rateReasons}</h2>
          <div class="option-row" role="group" aria-label={s.rateReasons}>
            {badRatingReasons.map((r) => (
              <button key={r} type="button" class="btn" aria-pressed={rating.reasons.includes(r)} onClick={() => send({ type: 'TOGGLE_REASON', reason: r })}>
                {reasonLabel(r, lang)}
              </button>
            ))}
          </div>
        </section>
      )}
      {rating.error && (
        <p class="notice notice-danger" role="alert">
          {rating.error === 'incomplete' ? s.rateIncomplete : s.rateFailed}
        </p>
      )}
      <button class="btn btn-primary btn-huge" type="button" disabled={sending} onClick={() => send({ type: 'SUBMIT_RATING' })}>
        {s.rateSubmit}
      </button>
      <p style={{ textAlign: 'center', marginTop: 'var(--space-3)' }}>
        <button class="btn" type="button" disabled={sending} onClick={() => send({ type: 'SKIP_RATING' })}>
          {s.rateSkip}
        </button>
      </p>
    </>
  );
}

export function DoneScreen({ snapshot, send }: ScreenProps) {
  const s = strings[snapshot.context.settings.lang];
  return (
    <div style={{ textAlign: 'center' }}>
      <h1 tabIndex={-1}>{s.doneTitle}</h1>
      <p>{s.doneHint}</p>
      <button class="btn btn-primary btn-huge" type="button" onClick={() => send({ type: 'FINISH' })}>
        {s.finish}
      </button>
    </div>
  );
}
