/**
 * 办事指南 for a bundle or an item, readable without logging in: every element the catalog holds
 * (conditions, materials with form / copies / necessity, time limits, fees, basis, place and hours,
 * phones, steps, FAQs, sample texts, common mistakes). Illustrative compositions are labelled as
 * such, never shown as law. The guide can be printed on the receipt printer (打印办事指南) and taken
 * away as a QR code (指南二维码化).
 */
import type { Bundle, Catalog, Item, MaterialRequirement } from '../../../core/catalog/schema';
import { guideUrl } from '../../../core/receipt/guide-receipt';
import { a11yStrings } from '../i18n-a11y';
import { progressStrings } from '../i18n-progress';
import { strings, type Strings } from '../i18n';
import { catalogStrings, type CatalogStrings } from '../i18n-catalog';
import type { GuideRef, Lang } from '../machine/kiosk-machine';
import { QrCode } from '../ui/qr-code';
import type { ScreenProps } from './types';
import { localText } from '../languages';
import { Local } from '../ui/local';

interface Texts {
  lang: Lang;
  s: Strings;
  cs: CatalogStrings;
}

export function GuideScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const { catalog, guide } = context;
  const lang = context.settings.lang;
  const t: Texts = { lang, s: strings[lang], cs: catalogStrings[lang] };
  const { s } = t;
  if (!catalog || !guide) return null;
  const printing = snapshot.matches({ session: { flow: { guide: 'printing' } } });
  const actions = <GuideActions guide={guide} base={context.terminal?.guideBaseUrl} printing={printing} result={context.guidePrint} t={t} onPrint={() => send({ type: 'PRINT_GUIDE' })} />;

  if (guide.kind === 'item') {
    const item = catalog.items.find((i) => i.code === guide.code);
    if (!item) return null;
    const inBundles = catalog.bundles.filter((b) => b.items.some((bi) => bi.item === item.code));
    return (
      <>
        <h1 tabIndex={-1}><Local text={item.name} lang={lang} /></h1>
        <p class="muted">
          {s.guideTitle} · {item.code}
        </p>
        {item.illustrative && <Illustrative note={localText(item.illustrativeNote, lang)} t={t} />}
        {actions}
        <ItemGuide item={item} catalog={catalog} t={t} />
        <p class="notice notice-info">{s.applyItemHint}</p>
        {inBundles.map((b) => (
          <button key={b.code} class="btn btn-block" type="button" onClick={() => send({ type: 'OPEN_GUIDE', guide: { kind: 'bundle', code: b.code } })}>
            <Local text={b.name} lang={lang} />
          </button>
        ))}
      </>
    );
  }

  const bundle = catalog.bundles.find((b) => b.code === guide.code);
  if (!bundle) return null;
  return (
    <>
      <h1 tabIndex={-1}><Local text={bundle.name} lang={lang} /></h1>
      <p><Local text={bundle.summary} lang={lang} /></p>
      {bundle.illustrative && <Illustrative note={localText(bundle.illustrativeNote, lang)} t={t} />}
      {!context.submissionAvailability.available && (
        <p class="notice notice-danger" role="alert" data-testid="submission-unavailable">
          {progressStrings[lang].submissionUnavailable}
        </p>
      )}
      <button class="btn btn-primary btn-huge" type="button" disabled={!context.submissionAvailability.available} onClick={() => send({ type: 'APPLY' })}>
        {s.apply}
      </button>
      {context.settings.elder ? (
        // 长辈版: the one decision (申请办理) first; the full guide, its printout and QR code on request.
        <details class="card elder-more">
          <summary>{a11yStrings[lang].moreGuide}</summary>
          {actions}
          <BundleGuide bundle={bundle} catalog={catalog} t={t} />
        </details>
      ) : (
        <>
          {actions}
          <BundleGuide bundle={bundle} catalog={catalog} t={t} />
        </>
      )}
    </>
  );
}

function Illustrative({ note, t }: { note?: string; t: Texts }) {
  return (
    <p class="notice notice-warning" data-testid="illustrative">
      <strong>{t.cs.illustrativeLabel}</strong>
      {t.s.colon}{note ?? t.s.illustrative}
    </p>
  );
}

function GuideActions({
  guide,
  base,
  printing,
  result,
  t,
  onPrint,
}: {
  guide: GuideRef;
  base: string | undefined;
  printing: boolean;
  result: { printed: boolean } | null;
  t: Texts;
  onPrint: () => void;
}) {
  const { cs } = t;
  // Without a portal address the code still identifies the guide, as text.
  const data = base ? guideUrl(base, guide) : `办事指南 ${guide.kind}:${guide.code}`;
  return (
    <section class="card guide-actions">
      <div>
        <button class="btn btn-block" type="button" disabled={printing} onClick={onPrint}>
          {printing ? cs.printingGuide : cs.printGuide}
        </button>
        {result && (
          <p class={`notice ${result.printed ? 'notice-info' : 'notice-warning'}`} role="status" style={{ marginTop: 'var(--space-2)' }}>
            {result.printed ? cs.guidePrinted : cs.guideNotPrinted}
          </p>
        )}
      </div>
      <div>
        <QrCode data={data} label={cs.scanGuide} />
        <p class="qr-caption">{cs.scanGuide}</p>
      </div>
    </section>
  );
}

const dept = (catalog: Catalog, code: string, lang: Lang) => localText(catalog.departments.find((d) => d.code === code)?.name, lang) ?? code;

function MaterialLine({ req, catalog, t }: { req: MaterialRequirement; catalog: Catalog; t: Texts }) {
  const { lang, cs, s } = t;
  const material = catalog.materials.find((m) => m.code === req.material);
  const sources = material?.sources ?? [];
  const licence = sources.find((x) => x.type === 'e-licence');
  const shared = sources.some((x) => x.type === 'shared');
  return (
    <li>
      <strong>{localText(material?.name, lang) ?? req.material}</strong>
      {s.paren([cs.formName[req.form] ?? req.form, req.copies > 0 ? cs.copies(req.copies) : '', cs.necessity[req.necessity] ?? req.necessity, req.commitmentAllowed ? cs.commitment : ''].filter(Boolean).join(s.comma))}
      {licence && licence.type === 'e-licence' && <span class="muted"> · {cs.fromELicence(licence.licence)}</span>}
      {!licence && shared && <span class="muted"> · {cs.fromShared}</span>}
      {material?.spec && (
        <span class="muted">
          {' '}
          · {cs.spec}{s.colon}<Local text={material.spec} lang={lang} />
        </span>
      )}
      {req.note && <span class="muted"> · <Local text={req.note} lang={lang} /></span>}
    </li>
  );
}

function BundleGuide({ bundle, catalog, t }: { bundle: Bundle; catalog: Catalog; t: Texts }) {
  const { lang, s, cs } = t;
  const items = bundle.items.map((bi) => ({ ...bi, item: catalog.items.find((i) => i.code === bi.item)! }));
  const itemName = (code: string) => localText(catalog.items.find((i) => i.code === code)?.name, lang) ?? code;
  // 一套材料: each material once across the bundle's items (the strictest requirement shown).
  const merged = new Map<string, MaterialRequirement>();
  for (const { item } of items) for (const req of item.materials) if (!merged.has(req.material)) merged.set(req.material, req);
  return (
    <>
      <section class="card">
        <h2>{s.bundleItems}</h2>
        <ul>
          {items.map(({ item, optional, dependsOn }) => (
            <li key={item.code}>
              <Local text={item.name} lang={lang} /> <span class="chip">{optional ? s.optional : s.required}</span>{' '}
              <span class="muted">
                {dept(catalog, item.department, lang)} · {s.workingDays(item.timeLimit.promisedDays)}
                {dependsOn.length > 0 && ` · ${s.dependsOn}${s.colon}${dependsOn.map(itemName).join(s.listSep)}`}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section class="card">
        <dl class="guide">
          <dt>{s.leadDepartment}</dt>
          <dd>{dept(catalog, bundle.leadDepartment, lang)}</dd>
          {(bundle.coDepartments ?? []).length > 0 && (
            <>
              <dt>{cs.coDepartments}</dt>
              <dd>{bundle.coDepartments.map((d) => dept(catalog, d, lang)).join(s.listSep)}</dd>
            </>
          )}
          <dt>{s.promised}</dt>
          <dd>{s.workingDays(bundle.promisedDays)}</dd>
          <dt>{s.conditions}</dt>
          <dd>
            <ul>
              {bundle.conditions.map((c, i) => (
                <li key={i}><Local text={c} lang={lang} /></li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>
      {(bundle.questions ?? []).length > 0 && (
        <section class="card">
          <h2>{cs.scenarios}</h2>
          <p class="muted">{cs.scenariosHint}</p>
          <ul>
            {bundle.questions.map((q) => (
              <li key={q.id}>
                <Local text={q.text} lang={lang} /> <span class="muted">{s.paren(q.options.map((o) => localText(o.label, lang)).join(' / '))}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="card">
        <h2>{cs.mergedMaterials}</h2>
        <ul class="material-list">
          {[...merged.values()].map((req) => (
            <MaterialLine key={req.material} req={req} catalog={catalog} t={t} />
          ))}
        </ul>
      </section>
      {bundle.faqs.length > 0 && <Faqs faqs={bundle.faqs} t={t} />}
      {items.map(({ item }) => (
        <details class="card" key={item.code}>
          <summary>
            <strong><Local text={item.name} lang={lang} /></strong> — {s.guideTitle}
          </summary>
          <ItemGuide item={item} catalog={catalog} t={t} />
        </details>
      ))}
    </>
  );
}

function Faqs({ faqs, t }: { faqs: { q: { zh: string; en: string }; a: { zh: string; en: string } }[]; t: Texts }) {
  return (
    <section class="card">
      <h2>{t.s.faqs}</h2>
      {faqs.map((f, i) => (
        <div key={i} class="guide-section">
          <h3><Local text={f.q} lang={t.lang} /></h3>
          <p><Local text={f.a} lang={t.lang} /></p>
        </div>
      ))}
    </section>
  );
}

function ItemGuide({ item, catalog, t }: { item: Item; catalog: Catalog; t: Texts }) {
  const { lang, s, cs } = t;
  return (
    <section class="card">
      {item.illustrative && <Illustrative note={localText(item.illustrativeNote, lang)} t={t} />}
      {item.instantApproval && <p class="notice notice-info">{cs.instant}</p>}
      <dl class="guide">
        <dt>{s.department}</dt>
        <dd>{dept(catalog, item.department, lang)}</dd>
        <dt>{cs.kind}</dt>
        <dd>{item.kind}</dd>
        <dt>{s.legalBasis}</dt>
        <dd>
          <ul>
            {item.legalBasis.map((b, i) => (
              <li key={i}>{b}</li>
            ))}
          </ul>
        </dd>
        <dt>{s.conditions}</dt>
        <dd>
          <ul>
            {item.conditions.map((c, i) => (
              <li key={i}><Local text={c} lang={lang} /></li>
            ))}
          </ul>
        </dd>
        <dt>{s.materials}</dt>
        <dd>
          <ul class="material-list">
            {item.materials.map((m) => (
              <MaterialLine key={m.material} req={m} catalog={catalog} t={t} />
            ))}
          </ul>
        </dd>
        {(item.forms ?? []).length > 0 && (
          <>
            <dt>{cs.forms}</dt>
            <dd>{item.forms.map((f) => localText(f, lang)).join(s.listSep)}</dd>
          </>
        )}
        <dt>{s.steps}</dt>
        <dd>
          <ol>
            {item.steps.map((st, i) => (
              <li key={i}><Local text={st} lang={lang} /></li>
            ))}
          </ol>
        </dd>
        <dt>{s.timeLimit}</dt>
        <dd>
          {s.promised} {s.workingDays(item.timeLimit.promisedDays)}
          {item.timeLimit.statutoryDays !== null && `；${s.statutory} ${s.workingDays(item.timeLimit.statutoryDays)}`}
          {item.timeLimit.note && s.paren(localText(item.timeLimit.note, lang))}
        </dd>
        <dt>{s.fee}</dt>
        <dd>
          {item.fee.type === 'free' ? s.free : `￥${item.fee.amountYuan}`}
          {item.fee.type === 'charged' && (
            <span class="muted">
              {' '}
              · {cs.feeBasis}{s.colon}{item.fee.basis}
            </span>
          )}
        </dd>
        <dt>{s.result}</dt>
        <dd><Local text={item.result.name} lang={lang} /></dd>
        <dt>{s.delivery}</dt>
        <dd>{item.delivery.map((d) => cs.deliveryName[d] ?? d).join(s.listSep)}</dd>
        <dt>{cs.visits}</dt>
        <dd>{cs.visitsN(item.visits ?? 1)}</dd>
        <dt>{s.place}</dt>
        <dd><Local text={item.place} lang={lang} /></dd>
        <dt>{s.hours}</dt>
        <dd><Local text={item.hours} lang={lang} /></dd>
        {item.transit && (
          <>
            <dt>{cs.transit}</dt>
            <dd><Local text={item.transit} lang={lang} /></dd>
          </>
        )}
        <dt>{s.phones}</dt>
        <dd>
          <bdi dir="ltr">{item.phones.consult}</bdi> / <bdi dir="ltr">{item.phones.complaint}</bdi>
        </dd>
        {item.tracking && (
          <>
            <dt>{cs.tracking}</dt>
            <dd><Local text={item.tracking} lang={lang} /></dd>
          </>
        )}
      </dl>
      {(item.samples ?? []).length > 0 && (
        <div class="guide-section">
          <h3>{cs.samples}</h3>
          {item.samples.map((x, i) => (
            <p key={i}>
              <strong><Local text={x.title} lang={lang} />{s.colon}</strong>
              <Local text={x.text} lang={lang} />
            </p>
          ))}
        </div>
      )}
      {(item.commonMistakes ?? []).length > 0 && (
        <div class="guide-section">
          <h3>{cs.commonMistakes}</h3>
          <ul>
            {item.commonMistakes.map((m, i) => (
              <li key={i}><Local text={m} lang={lang} /></li>
            ))}
          </ul>
        </div>
      )}
      {item.faqs.length > 0 && (
        <div class="guide-section">
          <h3>{s.faqs}</h3>
          {item.faqs.map((f, i) => (
            <p key={i}>
              <strong><Local text={f.q} lang={lang} /></strong>
              <br />
              <Local text={f.a} lang={lang} />
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
