/** 办事指南 for a bundle or an item, readable without logging in. */
import type { Catalog, Item } from '../../../core/catalog/schema';
import { progressStrings } from '../i18n-progress';
import { strings, type Strings } from '../i18n';
import type { Lang } from '../machine/kiosk-machine';
import type { ScreenProps } from './types';

export function GuideScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const { catalog, guide } = context;
  const lang = context.settings.lang;
  const s = strings[lang];
  if (!catalog || !guide) return null;
  const dept = (code: string) => catalog.departments.find((d) => d.code === code)?.name[lang] ?? code;

  if (guide.kind === 'item') {
    const item = catalog.items.find((i) => i.code === guide.code);
    if (!item) return null;
    const inBundles = catalog.bundles.filter((b) => b.items.some((bi) => bi.item === item.code));
    return (
      <>
        <h1 tabIndex={-1}>{item.name[lang]}</h1>
        <p class="muted">{s.guideTitle} · {item.code}</p>
        <ItemGuide item={item} catalog={catalog} lang={lang} s={s} />
        <p class="notice notice-info">{s.applyItemHint}</p>
        {inBundles.map((b) => (
          <button key={b.code} class="btn btn-block" type="button" onClick={() => send({ type: 'OPEN_GUIDE', guide: { kind: 'bundle', code: b.code } })}>
            {b.name[lang]}
          </button>
        ))}
      </>
    );
  }

  const bundle = catalog.bundles.find((b) => b.code === guide.code);
  if (!bundle) return null;
  const items = bundle.items.map((bi) => ({ ...bi, item: catalog.items.find((i) => i.code === bi.item)! }));
  return (
    <>
      <h1 tabIndex={-1}>{bundle.name[lang]}</h1>
      <p>{bundle.summary[lang]}</p>
      {bundle.illustrative && <p class="notice notice-warning">{s.illustrative}</p>}
      {!context.submissionAvailability.available && (
        <p class="notice notice-danger" role="alert" data-testid="submission-unavailable">
          {progressStrings[lang].submissionUnavailable}
        </p>
      )}
      <button class="btn btn-primary btn-huge" type="button" disabled={!context.submissionAvailability.available} onClick={() => send({ type: 'APPLY' })}>
        {s.apply}
      </button>
      <section class="card">
        <h2>{s.bundleItems}</h2>
        <ul>
          {items.map(({ item, optional }) => (
            <li key={item.code}>
              {item.name[lang]} <span class="chip">{optional ? s.optional : s.required}</span> <span class="muted">{dept(item.department)}</span>
            </li>
          ))}
        </ul>
      </section>
      <section class="card">
        <dl class="guide">
          <dt>{s.leadDepartment}</dt>
          <dd>{dept(bundle.leadDepartment)}</dd>
          <dt>{s.promised}</dt>
          <dd>{s.workingDays(bundle.promisedDays)}</dd>
          <dt>{s.conditions}</dt>
          <dd>
            <ul>
              {bundle.conditions.map((c, i) => (
                <li key={i}>{c[lang]}</li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>
      {bundle.faqs.length > 0 && (
        <section class="card">
          <h2>{s.faqs}</h2>
          {bundle.faqs.map((f, i) => (
            <div key={i}>
              <h3>{f.q[lang]}</h3>
              <p>{f.a[lang]}</p>
            </div>
          ))}
        </section>
      )}
      {items.map(({ item }) => (
        <details class="card" key={item.code}>
          <summary>
            <strong>{item.name[lang]}</strong> — {s.guideTitle}
          </summary>
          <ItemGuide item={item} catalog={catalog} lang={lang} s={s} />
        </details>
      ))}
    </>
  );
}

function ItemGuide({ item, catalog, lang, s }: { item: Item; catalog: Catalog; lang: Lang; s: Strings }) {
  const materialName = (code: string) => catalog.materials.find((m) => m.code === code)?.name[lang] ?? code;
  return (
    <section class="card">
      {item.illustrative && <p class="notice notice-warning">{s.illustrative}</p>}
      <dl class="guide">
        <dt>{s.department}</dt>
        <dd>{catalog.departments.find((d) => d.code === item.department)?.name[lang]}</dd>
        <dt>{s.legalBasis}</dt>
        <dd>{item.legalBasis.join('；')}</dd>
        <dt>{s.conditions}</dt>
        <dd>
          <ul>
            {item.conditions.map((c, i) => (
              <li key={i}>{c[lang]}</li>
            ))}
          </ul>
        </dd>
        <dt>{s.materials}</dt>
        <dd>
          <ul>
            {item.materials.map((m) => (
              <li key={m.material}>
                {materialName(m.material)}（{m.form}
                {m.copies > 0 ? ` ×${m.copies}` : ''}，{m.necessity}）
              </li>
            ))}
          </ul>
        </dd>
        <dt>{s.steps}</dt>
        <dd>{item.steps.map((st) => st[lang]).join(' → ')}</dd>
        <dt>{s.timeLimit}</dt>
        <dd>
          {s.promised} {s.workingDays(item.timeLimit.promisedDays)}
          {item.timeLimit.statutoryDays !== null && `；${s.statutory} ${s.workingDays(item.timeLimit.statutoryDays)}`}
        </dd>
        <dt>{s.fee}</dt>
        <dd>{item.fee.type === 'free' ? s.free : `￥${item.fee.amountYuan}（${item.fee.basis}）`}</dd>
        <dt>{s.result}</dt>
        <dd>{item.result.name[lang]}</dd>
        <dt>{s.delivery}</dt>
        <dd>{item.delivery.join('、')}</dd>
        <dt>{s.place}</dt>
        <dd>{item.place[lang]}</dd>
        <dt>{s.hours}</dt>
        <dd>{item.hours[lang]}</dd>
        <dt>{s.phones}</dt>
        <dd>
          {item.phones.consult} / {item.phones.complaint}
        </dd>
      </dl>
    </section>
  );
}
