/** 尚需补交: the materials an accepted application still owes, on 已受理 and in 进度查询 (issue 15). */
import type { OwedMaterialT } from '../../../core/protocol/messages';
import { owedStrings } from '../i18n-owed';
import type { Lang } from '../machine/kiosk-machine';
import { Local } from './local';

export function OwedList({ owed, lang, id = 'owed' }: { owed: readonly OwedMaterialT[] | undefined; lang: Lang; id?: string }) {
  if (!owed || owed.length === 0) return null;
  const o = owedStrings[lang];
  return (
    <section class="card notice-warning" data-testid="owed" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{o.owedTitle}</h2>
      <p>{o.owedIntro(owed.length)}</p>
      <ol class="material-list">
        {owed.map((m) => (
          <li key={m.material} data-material={m.material}>
            <strong><Local text={m.name} lang={lang} /></strong> ({o.formName[m.form] ?? m.form}{m.copies > 0 ? ` ${o.copies(m.copies)}` : ''})
            <br />
            <span data-testid="owed-due">{o.owedDue(m.dueDate, m.days)}</span>
            {m.reason === 'deferred' && <span class="chip"> {o.owedDeferred}</span>}
            <br />
            <span class="muted">{o.owedWhere}: <Local text={m.where} lang={lang} />{m.upload ? ` · ${o.owedUpload}` : ''}</span>
            <br />
            <span class="muted">{o.owedIfMissing}: <Local text={m.ifMissing} lang={lang} /></span>
          </li>
        ))}
      </ol>
    </section>
  );
}
