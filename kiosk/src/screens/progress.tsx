/**
 * 进度查询: by ID card or e-ID QR (the card reader's CARD_INSERTED) or by scanning the acceptance
 * receipt's QR code. Each item shows its stage, handling department and due date, with a yellow or
 * red card near or past the promised date; results the platform allows are self-printed here with
 * their verification code; the application can be rated (好差评).
 */
import { dueWarning } from '../../../core/progress/warnings';
import { cardErrorText, strings } from '../i18n';
import { labelled, progressStrings, stageLabel } from '../i18n-progress';
import { Pictogram } from '../ui/pictograms';
import { QrCode } from '../ui/qr-code';
import type { ScreenProps } from './types';
import { localText } from '../languages';
import { Local } from '../ui/local';
import { OwedList } from '../ui/owed-list';

export function ProgressScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const lang = context.settings.lang;
  const p = progressStrings[lang];
  const s = strings[lang];
  const { progress, calendar } = context;
  const querying = snapshot.matches({ session: { flow: { progress: 'querying' } } });
  const printing = snapshot.matches({ session: { flow: { progress: 'printingResult' } } });
  const today = context.today();
  return (
    <>
      <h1 tabIndex={-1}>{p.progressTitle}</h1>
      <p class="notice notice-info" role="status">
        {querying ? p.progressQuerying : p.progressHow}
      </p>
      {context.cardError && <p class="notice notice-danger" role="alert">{cardErrorText(s, context.cardError)}</p>}
      {progress.error && (
        <p class="notice notice-danger" role="alert">
          {p.progressFailedBecause(progress.error)}
        </p>
      )}
      {!progress.applications && !querying && (
        <div class="card-reader-art">
          <Pictogram name="card" />
        </div>
      )}
      {progress.applications && !progress.platformReachable && (
        <p class="notice notice-warning" role="status">
          {p.progressPlatformDown}
        </p>
      )}
      {progress.applications?.length === 0 && <p class="notice notice-warning">{p.progressNone}</p>}
      {progress.applications?.map((a) => (
        <section class="card progress-app" key={a.acceptanceNumber} aria-labelledby={`app-${a.acceptanceNumber}`}>
          <h2 id={`app-${a.acceptanceNumber}`}><Local text={a.bundleName} lang={lang} /></h2>
          <p>
            <span class="muted">{s.acceptanceNumber}</span> <strong data-testid="progress-number"><bdi dir="ltr">{a.acceptanceNumber}</bdi></strong>
            <br />
            <span class="muted">{p.promised}</span> <bdi dir="ltr">{a.promisedDate}</bdi>
          </p>
          <ul class="progress-items">
            {a.items.map((i) => {
              const warn = calendar ? dueWarning(i.stage, i.dueDate, today, calendar) : null;
              const printingThis = printing && progress.print?.itemCode === i.code;
              const printedThis = progress.print?.itemCode === i.code ? progress.print : null;
              return (
                <li key={i.code} class={`progress-item${warn ? ` warn-${warn}` : ''}`} data-stage={i.stage} data-item={i.code}>
                  <div class="progress-item-head">
                    <strong><Local text={i.name} lang={lang} /></strong>
                    <span class="stage-chip">{stageLabel(i.stage, lang)}</span>
                  </div>
                  <div class="muted">
                    {labelled(p.department, localText(i.department, lang), lang)} · {labelled(p.due, i.dueDate, lang)}
                  </div>
                  {i.reason && <div>{labelled(p.reason, i.reason, lang)}</div>}
                  {warn && (
                    <div class={`warn-label warn-label-${warn}`} role="note">
                      {warn === 'red' ? p.warnRed : p.warnYellow}
                    </div>
                  )}
                  {i.printable && (
                    <button
                      class="btn btn-primary"
                      type="button"
                      disabled={printing || !context.identity}
                      onClick={() => send({ type: 'PRINT_RESULT', acceptanceNumber: a.acceptanceNumber, itemCode: i.code })}
                    >
                      {printingThis ? p.printingResult : p.printResult}
                    </button>
                  )}
                  {i.printable && !context.identity && <div class="muted">{p.resultNeedsId}</div>}
                  {printedThis?.result?.printed === true && <p class="notice notice-info" role="status">{p.resultPrinted}</p>}
                  {printedThis?.result?.printed === false && (
                    <div class="notice notice-warning" role="alert">
                      {p.resultNotPrinted}
                      <QrCode data={printedThis.result.trackUrl} label={p.resultNotPrinted} />
                    </div>
                  )}
                  {printedThis?.error && <p class="notice notice-danger" role="alert">{printedThis.error}</p>}
                </li>
              );
            })}
          </ul>
          <OwedList owed={a.owed} lang={lang} id={`owed-${a.acceptanceNumber}`} />
          <button class="btn btn-block" type="button" onClick={() => send({ type: 'RATE_APPLICATION', acceptanceNumber: a.acceptanceNumber })}>
            {p.rateThis}
          </button>
        </section>
      ))}
    </>
  );
}
