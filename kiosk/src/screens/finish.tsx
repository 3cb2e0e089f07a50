/** After submission: the receipt (printed, or as a QR code when the printer cannot), 好差评, done. */
import type { RatingLevel } from '../../../core/protocol/messages';
import { reasonLabel, strings } from '../i18n';
import { badRatingReasons, RATING_COMMENT_MAX, type Lang } from '../machine/kiosk-machine';
import { ime, PinyinPad } from '../input/field-input';
import { inputStrings } from '../input/i18n-input';
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
      {rating.level !== null && rating.level <= 2 && <RatingComment snapshot={snapshot} send={send} />}
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

const commentStrings: Record<string, { title: string; hint: (max: number) => string }> = {
  zh: { title: '意见和建议', hint: (n) => `请写下不满意的地方，可用拼音或手写，最多${n}字` },
  en: { title: 'Your comment', hint: (n) => `What went wrong? Pinyin or handwriting, up to ${n} characters` },
  // Machine-translated (input engineer): needs a human translator.
  ug: { title: 'پىكىر ۋە تەكلىپ', hint: (n) => `رازى بولمىغان يېرىڭىزنى يېزىڭ، پىنيىن ياكى قول يېزىقى، ئەڭ كۆپ ${n} خەت` },
};

const COMMENT_KEY = 'rating.comment';

/** A 差评's comment: the pinyin keyboard with 手写, its text going with the rating. */
function RatingComment({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const lang: Lang = context.settings.lang;
  const t = commentStrings[lang] ?? commentStrings.zh!;
  const si = inputStrings[lang];
  const open = context.values[ime.field] === COMMENT_KEY;
  const setIme = (patch: Record<string, string>) => {
    for (const [key, value] of Object.entries(patch)) send({ type: 'SET_VALUE', key, value });
  };
  const toggle = (on: boolean) => setIme({ [ime.field]: on ? COMMENT_KEY : '', [ime.pinyin]: '', [ime.page]: '0', [ime.mode]: '' });
  const comment = context.rating.comment;
  return (
    <section class="card rating-comment field" data-field-row={COMMENT_KEY}>
      <h2 id="rating-comment-title">{t.title}</h2>
      <p class="field-format" id="rating-comment-hint">
        {t.hint(RATING_COMMENT_MAX)}
      </p>
      <button type="button" class="field-value" data-field={COMMENT_KEY} aria-describedby="rating-comment-hint" aria-expanded={open} onClick={() => toggle(!open)}>
        <span class="visually-hidden">{t.title}：</span>
        <span class="field-text">{comment ? <bdi>{comment}</bdi> : <span class="placeholder">{si.tapToEnter}</span>}</span>
        <span class="field-change" aria-hidden="true">
          {open ? '▲' : si.change}
        </span>
      </button>
      {open && (
        <div class="ime-host">
          <PinyinPad
            id="rating-comment-editor"
            field={{ key: COMMENT_KEY, type: 'text', label: { zh: t.title, en: commentStrings.en!.title } }}
            value={comment}
            values={context.values}
            lang={lang}
            today={context.today()}
            setValue={(v) => send({ type: 'SET_RATING_COMMENT', comment: v })}
            setIme={setIme}
            onDone={() => toggle(false)}
          />
        </div>
      )}
    </section>
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
