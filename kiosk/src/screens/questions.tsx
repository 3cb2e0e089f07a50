/** 情形引导: the bundle's scenario questions; the answers decide which items and materials apply. */
import { checkAnswers, scenarioNotes } from '../../../core/catalog/scenario';
import { strings } from '../i18n';
import { catalogStrings } from '../i18n-catalog';
import type { ScreenProps } from './types';
import { localText } from '../languages';
import { Local } from '../ui/local';

export function QuestionsScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const lang = context.settings.lang;
  const s = strings[lang];
  const cs = catalogStrings[lang];
  const bundle = context.catalog?.bundles.find((b) => b.code === context.bundle);
  if (!bundle) return null;
  const complete = checkAnswers(bundle, context.answers) === null;
  const notes = scenarioNotes(bundle, context.answers);
  // 长辈版: one question at a time (the first unanswered one); all of them again, to check, once answered.
  const current = bundle.questions.find((q) => !(q.id in context.answers));
  return (
    <>
      <h1 tabIndex={-1}>{cs.questionsTitle}</h1>
      <p class="muted elder-hide">
        <Local text={bundle.name} lang={lang} /> · {cs.questionsHint}
      </p>
      {bundle.questions.map((q, n) => (
        <fieldset key={q.id} class={current && current !== q ? 'question elder-hide' : 'question'}>
          <legend>
            {n + 1}. <Local text={q.text} lang={lang} />
          </legend>
          {q.hint && <p class="muted"><Local text={q.hint} lang={lang} /></p>}
          <div class="option-row" role="radiogroup" aria-label={localText(q.text, lang)}>
            {q.options.map((o) => (
              <button
                key={o.value}
                type="button"
                role="radio"
                class="btn"
                aria-checked={context.answers[q.id] === o.value}
                onClick={() => send({ type: 'ANSWER', question: q.id, value: o.value })}
              >
                <Local text={o.label} lang={lang} />
              </button>
            ))}
          </div>
        </fieldset>
      ))}
      {notes.length > 0 && (
        <ul class="notice notice-info" aria-live="polite">
          {notes.map((n, i) => (
            <li key={i}><Local text={n} lang={lang} /></li>
          ))}
        </ul>
      )}
      {!complete && <p class="muted elder-hide">{cs.questionsIncomplete}</p>}
      <button class={complete ? 'btn btn-primary btn-huge' : 'btn btn-primary btn-huge elder-hide'} type="button" disabled={!complete} onClick={() => send({ type: 'NEXT' })}>
        {s.next}
      </button>
    </>
  );
}
