/** 一件事: choose items → one merged, pre-filled form → review (materials, date, delivery) → submit. */
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { withVoice } from '../voice/voice';
import type { FormField } from '../../../core/catalog/schema';
import { applicableItems, excludedItems } from '../../../core/catalog/scenario';
import { regionalText } from '../../../core/catalog/regional-text';
import { editorKind, FieldInput, fieldFormat, ime, AddressPicker } from '../input/field-input';
import { isSensitive, MaskedNumber, maskSensitive } from '../input/masked-number';
import { inputStrings } from '../input/i18n-input';
import { surnameShortcuts } from '../input/pinyin';
import { progressStrings } from '../i18n-progress';
import { commitmentMaterials, otherCardFields } from '../machine/kiosk-machine';
import { SignaturePad } from '../ui/signature-pad';
import { a11yStrings } from '../i18n-a11y';
import { strings } from '../i18n';
import { catalogStrings } from '../i18n-catalog';
import { owedStrings } from '../i18n-owed';
import type { ScreenProps } from './types';
import { coreTextLang, localText } from '../languages';
import { Local } from '../ui/local';

export function ChooseItemsScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const { catalog } = context;
  const lang = context.settings.lang;
  const s = strings[lang];
  const bundle = catalog?.bundles.find((b) => b.code === context.bundle);
  if (!catalog || !bundle) return null;
  const itemName = (code: string) => localText(catalog.items.find((i) => i.code === code)?.name, lang) ?? code;
  return (
    <>
      <h1 tabIndex={-1}>{s.chooseTitle}</h1>
      <p class="muted elder-hide">
        <Local text={bundle.name} lang={lang} /> · {s.chooseHint}
      </p>
      {context.chooseError && (
        <p class="notice notice-danger" role="alert">
          {context.chooseError}
        </p>
      )}
      <div role="group" aria-label={s.chooseTitle}>
        {/* What the 情形 answers leave in the bundle, with 必办 as the answers make it; the rest is listed apart. */}
        {applicableItems(bundle, context.answers).map((bi) => {
          const checked = context.chosen.includes(bi.item);
          const item = catalog.items.find((i) => i.code === bi.item)!;
          const dept = localText(catalog.departments.find((d) => d.code === item.department)?.name, lang);
          return (
            <button
              key={bi.item}
              type="button"
              role="checkbox"
              class="check-row"
              aria-checked={checked}
              aria-disabled={!bi.optional}
              data-item={bi.item}
              data-required={!bi.optional}
              onClick={() => bi.optional && send({ type: 'TOGGLE_ITEM', item: bi.item })}
            >
              <span class="check-box" aria-hidden="true">
                {checked ? '✓' : ''}
              </span>
              <span class="check-body">
                <strong><Local text={item.name} lang={lang} /></strong>
                <br />
                <span class="muted elder-hide">
                  {dept} · {s.workingDays(item.timeLimit.promisedDays)}
                  {bi.dependsOn.length > 0 && ` · ${s.dependsOn}${s.colon}${bi.dependsOn.map(itemName).join(s.listSep)}`}
                </span>
              </span>
              <span class="chip">{bi.optional ? s.optional : s.required}</span>
            </button>
          );
        })}
      </div>
      {excludedItems(bundle, context.answers).length > 0 && (
        <section class="card" data-testid="excluded-items">
          <h2>{owedStrings[lang].excludedTitle}</h2>
          <ul>
            {excludedItems(bundle, context.answers).map((x) => (
              <li key={x.item} data-item={x.item}>
                {itemName(x.item)}
                {x.notes.map((n, i) => (
                  <span class="muted" key={i}> · <Local text={n} lang={lang} /></span>
                ))}
              </li>
            ))}
          </ul>
        </section>
      )}
      <button class="btn btn-primary btn-huge" type="button" disabled={context.chosen.length === 0} onClick={() => send({ type: 'NEXT' })}>
        {s.next}
      </button>
    </>
  );
}

export function FormScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const lang = context.settings.lang;
  const s = strings[lang];
  const si = inputStrings[lang];
  const composition = context.composition;
  if (!composition) return null;
  const sourceLabel = { card: s.fromCard, shared: s.fromShared, citizen: s.fromCitizen, answer: owedStrings[lang].fromAnswer };
  const values = context.values;
  // The field whose on-screen editor is open: the one chosen, else the first still empty.
  const typedFields = composition.fields.filter((f) => f.editable && editorKind(f.field) !== 'select');
  const chosen = values[ime.field];
  const active = chosen ?? typedFields.find((f) => !(values[f.field.key] ?? ''))?.field.key ?? '';
  const setIme = (patch: Record<string, string>) => {
    // An editor opened by itself (the first empty field) stays open once it is used.
    if (chosen === undefined && active) send({ type: 'SET_VALUE', key: ime.field, value: active });
    for (const [key, value] of Object.entries(patch)) send({ type: 'SET_VALUE', key, value });
  };
  const open = (key: string) => setIme({ [ime.field]: key, [ime.pinyin]: '', [ime.page]: '0', [ime.mode]: '' });
  const next = (key: string) => {
    const after = typedFields.slice(typedFields.findIndex((f) => f.field.key === key) + 1);
    open(after.find((f) => !(values[f.field.key] ?? ''))?.field.key ?? '');
  };
  // A newborn's name: the parents' surnames are on hand (ID card, marriage registration data).
  const surnames = surnameShortcuts([context.identity?.name, values['spouse.name']]);
  // Another person present (a spouse, a seller): their ID card fills their fields instead of typing.
  const waitingFor = values['~card.other'] ?? '';
  const roleOf = (key: string) => Object.keys(si.otherRole).find((r) => key in otherCardFields(r));
  const offered = new Set<string>();
  const otherCardOffer = (key: string) => {
    const role = roleOf(key);
    if (!role || offered.has(role)) return null;
    const fields = composition.fields.filter((f) => f.editable && f.field.key in otherCardFields(role));
    if (!fields.some((f) => !(values[f.field.key] ?? ''))) return null;
    offered.add(role);
    const who = si.otherRole[role]!;
    return waitingFor === role ? (
      <div class="other-card" key={`other-${role}`} data-other-card={role}>
        <p class="notice notice-info" role="status">
          {si.placeOtherCard(who)}
        </p>
        <button type="button" class="btn" onClick={() => send({ type: 'CANCEL_OTHER_CARD' })}>
          {si.cancel}
        </button>
      </div>
    ) : (
      <div class="other-card" key={`other-${role}`} data-other-card={role}>
        <button type="button" class="btn btn-block" data-key="other-card" onClick={() => send({ type: 'READ_OTHER_CARD', role })}>
          {si.readOtherCard(who)}
        </button>
      </div>
    );
  };
  return (
    <>
      <h1 tabIndex={-1}>{s.formTitle}</h1>
      <p class="muted elder-hide">{s.formHint}</p>
      <ElderPrefilledNote snapshot={snapshot} send={send} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send({ type: 'NEXT' });
        }}
      >
        {composition.fields.map(({ field, source, editable }) => {
          const id = `f-${field.key.replace(/\./g, '-')}`;
          const value = values[field.key] ?? '';
          const error = context.fieldErrors[field.key];
          // 长辈版 shows only what the citizen must decide; what the card or shared data filled is checked on the review screen.
          const fieldClass = isPrefilled(source, value, error) ? 'field elder-hide' : 'field';
          const labelText = (
            <>
              <Local text={field.label} lang={lang} />
              <span class="chip source">{sourceLabel[source]}</span>
            </>
          );
          if (field.type === 'select' && field.options) {
            return (
              <fieldset class={fieldClass} key={field.key} data-field-row={field.key} style={{ border: 0, padding: 0, margin: '0 0 var(--space-3)' }} aria-describedby={error ? `${id}-err` : undefined}>
                <legend class="label">{labelText}</legend>
                <div class="option-row">
                  {field.options.map((o) => (
                    <button
                      key={o.value}
                      type="button"
                      class="btn"
                      aria-pressed={value === o.value}
                      disabled={!editable}
                      onClick={() => send({ type: 'SET_VALUE', key: field.key, value: o.value })}
                    >
                      <Local text={o.label} lang={lang} />
                    </button>
                  ))}
                </div>
                {error && (
                  <p class="error" id={`${id}-err`} role="alert" {...coreTextLang(lang)}>
                    {error}
                  </p>
                )}
              </fieldset>
            );
          }
          const isOpen = editable && active === field.key;
          const format = fieldFormat(field, lang);
          const described = [error ? `${id}-err` : field.hint ? `${id}-hint` : '', format ? `${id}-format` : ''].filter(Boolean).join(' ') || undefined;
          return (
            <Fragment key={field.key}>
              {otherCardOffer(field.key)}
              <div class={isOpen ? `${fieldClass} field-open` : fieldClass} key={field.key} data-field-row={field.key}>
                <span class="label" id={`${id}-label`}>
                  {labelText}
                </span>
                {editable ? (
                  <button
                    type="button"
                    class="field-value"
                    id={id}
                    data-field={field.key}
                    aria-describedby={described}
                    aria-expanded={isOpen}
                    onClick={() => (isOpen ? next(field.key) : open(field.key))}
                  >
                    <span class="visually-hidden">{localText(field.label, lang)}：</span>
                    <span class="field-text">{value ? shownValue(field, value) : <span class="placeholder">{si.tapToEnter}</span>}</span>
                    <span class="field-change" aria-hidden="true">
                      {isOpen ? '▲' : si.change}
                    </span>
                  </button>
                ) : (
                  <p class="field-value field-fixed" id={id} data-field={field.key}>
                    {shownValue(field, value)}
                  </p>
                )}
                {isSensitive(field.type) && value && <MaskedNumber type={field.type} value={value} lang={lang} compact />}
                {format && (
                  <p class="field-format" id={`${id}-format`} data-testid="field-format">
                    {format}
                  </p>
                )}
                {field.hint && !error && (
                  <p class="muted" id={`${id}-hint`}>
                    {/* Examples name this terminal's region (config terminal.region), not the city the data came from. */}
                    <Local text={regionalText(field.hint, context.terminal?.region)} lang={lang} />
                  </p>
                )}
                {error && (
                  <p class="error" id={`${id}-err`} role="alert" {...coreTextLang(lang)}>
                    {error}
                  </p>
                )}
                {isOpen && (
                  <FieldInput
                    id={`${id}-editor`}
                    field={field}
                    value={value}
                    values={values}
                    lang={lang}
                    today={context.today()}
                    surnames={field.key === 'child.name' ? surnames : []}
                    cardAddress={context.identity?.address || null}
                    setValue={(v) => setIme({ [field.key]: v })}
                    setIme={setIme}
                    onDone={() => next(field.key)}
                  />
                )}
              </div>
            </Fragment>
          );
        })}
        <button class="btn btn-primary btn-huge" type="submit">
          {s.next}
        </button>
      </form>
    </>
  );
}

const isPrefilled = (source: string, value: string, error: string | undefined) => source !== 'citizen' && value !== '' && !error;

/** 长辈版: one line instead of the fields already filled from the card and shared data. */
function ElderPrefilledNote({ snapshot }: ScreenProps) {
  const { context } = snapshot;
  if (!context.settings.elder || !context.composition) return null;
  const n = context.composition.fields.filter((f) => isPrefilled(f.source, context.values[f.field.key] ?? '', context.fieldErrors[f.field.key])).length;
  if (n === 0) return null;
  return (
    <p class="notice notice-info" data-testid="elder-prefilled">
      {a11yStrings[context.settings.lang].prefilled(n)}
    </p>
  );
}

/** A value isolated from the page's direction; numbers and dates stay left to right in Uyghur. */
function shownValue(field: Pick<FormField, 'type' | 'pattern'>, value: string) {
  // An ID or card number never in full on screen (a person behind could read it): 按住查看 beside it.
  if (isSensitive(field.type)) return <bdi dir="ltr">{maskSensitive(field.type, value)}</bdi>;
  const kind = editorKind(field);
  return kind === 'numpad' || kind === 'date' ? <bdi dir="ltr">{value}</bdi> : <bdi>{value}</bdi>;
}

export function ReviewScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  // The 告知承诺书 is read in full before the signature pad opens.
  const [reading, setReading] = useState(false);
  const [commitmentRead, setCommitmentRead] = useState(context.signature !== null);
  const { voice, volume, lang } = context.settings;
  // The text of the 告知承诺书, read aloud in voice mode while it is on screen.
  const commitmentParagraphs =
    context.composition && context.catalog
      ? owedStrings[lang].commitmentText(
          localText(context.composition.bundle.name, lang),
          context.composition.toBring.filter((m) => commitmentMaterials(context.composition, context.materialChoices).includes(m.material.code)).map((m) => localText(m.material.name, lang)),
        )
      : [];
  const spokenText = commitmentParagraphs.join('\n');
  useEffect(() => {
    if (!reading || !voice) return;
    withVoice((e) => e.sayText(spokenText.split('\n'), lang, volume));
    return () => withVoice((e) => e.stop());
  }, [reading, voice, spokenText]);
  const s = strings[lang];
  const { composition, catalog } = context;
  if (!composition || !catalog) return null;
  const dept = (code: string) => localText(catalog.departments.find((d) => d.code === code)?.name, lang) ?? code;
  const covered = composition.materials.filter((m) => m.covered);
  const mailAddress = context.delivery.method === 'mail' ? context.delivery.address : (context.identity?.address ?? '');
  // 容缺 / 告知承诺 chosen: sign first (the bridge refuses such a submission without the signature).
  const needsSignature = commitmentMaterials(composition, context.materialChoices).length > 0 && context.signature === null;
  return (
    <>
      <h1 tabIndex={-1}>{s.reviewTitle}</h1>
      {context.submitError && (
        <p class="notice notice-danger" role="alert">
          {s.submitFailed}{s.paren(context.submitError)}
        </p>
      )}
      <section class="card">
        <h2><Local text={composition.bundle.name} lang={lang} /></h2>
        <ul>
          {composition.items.map(({ item, dueDate }) => (
            <li key={item.code}>
              <Local text={item.name} lang={lang} /> <span class="muted elder-hide">· {dept(item.department)} · <bdi dir="ltr">{dueDate}</bdi></span>
            </li>
          ))}
        </ul>
        <p>
          <strong>{s.promisedDate}{s.colon}</strong>
          <bdi dir="ltr">{composition.promisedDate}</bdi>
        </p>
      </section>
      <section class="card">
        <h2>{s.formTitle}</h2>
        <dl class="guide">
          {composition.fields.map(({ field }) => {
            const v = context.values[field.key] ?? '';
            const shown = localText(field.options?.find((o) => o.value === v)?.label, lang) ?? v;
            return [<dt key={`${field.key}-t`}><Local text={field.label} lang={lang} /></dt>, <dd key={`${field.key}-d`}>{isSensitive(field.type) && v ? <MaskedNumber type={field.type} value={v} lang={lang} /> : <bdi>{shown || '—'}</bdi>}</dd>];
          })}
        </dl>
      </section>
      <section class="card">
        <h2>{s.materials}</h2>
        {covered.length > 0 && (
          <p>
            <span class="chip">{s.materialsCovered}</span> {covered.map((m) => localText(m.material.name, lang)).join(s.listSep)}
          </p>
        )}
        {Object.keys(context.photos).length > 0 && (
          <p>
            <span class="chip">{catalogStrings[lang].photographed}</span> {catalogStrings[lang].reviewPhotos(composition.toBring.filter((m) => m.material.code in context.photos).length)}
          </p>
        )}
        <h3>{s.materialsToBring}</h3>
        {composition.toBring.length === 0 ? (
          <p>{s.nothingToBring}</p>
        ) : (
          <ul class="material-list">
            {composition.toBring.map((m) => (
              <li key={m.material.code}>
                <Local text={m.material.name} lang={lang} />{s.paren(`${catalogStrings[lang].formName[m.form] ?? m.form}${s.comma}${catalogStrings[lang].necessity[m.necessity] ?? m.necessity}`)}
                {m.material.code in context.photos && <span class="muted"> · {catalogStrings[lang].photographed}</span>}
                {context.materialChoices[m.material.code] && <span class="chip"> {catalogStrings[lang].supply[context.materialChoices[m.material.code]!]}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {composition.toBring.length > 0 && (
        <section class="card" aria-labelledby="notice-title">
          <h2 id="notice-title">{progressStrings[lang].noticeTitle}</h2>
          <button class="btn" type="button" disabled={context.notice === 'printing'} onClick={() => send({ type: 'PRINT_NOTICE' })}>
            {progressStrings[lang].printNotice}
          </button>
          {context.notice && context.notice !== 'printing' && (
            <p class={`notice ${context.notice.printed ? 'notice-info' : 'notice-warning'}`} role="status">
              {context.notice.printed ? progressStrings[lang].noticePrinted : progressStrings[lang].noticeNotPrinted}
            </p>
          )}
        </section>
      )}
      {commitmentMaterials(composition, context.materialChoices).length > 0 && (
        <section class="card" aria-labelledby="sign-title">
          <h2 id="sign-title">{progressStrings[lang].signTitle}</h2>
          <p>{progressStrings[lang].signExplain}</p>
          <ul>
            {composition.toBring
              .filter((m) => commitmentMaterials(composition, context.materialChoices).includes(m.material.code))
              .map((m) => (
                <li key={m.material.code}><Local text={m.material.name} lang={lang} />{s.paren(m.necessity === '容缺' ? catalogStrings[lang].supply.deferred : catalogStrings[lang].supply.commitment)}</li>
              ))}
          </ul>
          {/* The 告知承诺书 in full, on its own screen, before the pad opens (issue 15). */}
          {!commitmentRead ? (
            <>
              <p class="muted">{owedStrings[lang].commitmentFirst}</p>
              <button class="btn btn-primary" type="button" data-testid="read-commitment" onClick={() => setReading(true)}>
                {owedStrings[lang].commitmentRead}
              </button>
            </>
          ) : (
            <SignaturePad
              strokes={context.signature}
              onChange={(strokes) => send(strokes ? { type: 'SIGNED', strokes } : { type: 'CLEAR_SIGNATURE' })}
              label={progressStrings[lang].signHere}
              clearLabel={progressStrings[lang].signClear}
            />
          )}
          {reading && (
            <div class="commitment-full" role="dialog" aria-modal="true" aria-labelledby="commitment-title" data-testid="commitment-text">
              <h2 id="commitment-title">{owedStrings[lang].commitmentTitle}</h2>
              <p class="muted">{owedStrings[lang].commitmentIntro}</p>
              {commitmentParagraphs.map((para, i) => (
                <p key={i}>{para}</p>
              ))}
              <div class="button-row">
                <button class="btn" type="button" onClick={() => setReading(false)}>
                  {owedStrings[lang].commitmentBack}
                </button>
                <button class="btn btn-primary btn-huge" type="button" onClick={() => (setReading(false), setCommitmentRead(true))}>
                  {owedStrings[lang].commitmentAgree}
                </button>
              </div>
            </div>
          )}
          {context.signature && <p class="chip">{progressStrings[lang].signed}</p>}
        </section>
      )}
      <section class="card">
        <h2>{s.delivery}</h2>
        <div class="option-row" role="group" aria-label={s.delivery}>
          <button class="btn" type="button" aria-pressed={context.delivery.method === 'pickup'} onClick={() => send({ type: 'SET_DELIVERY', delivery: { method: 'pickup' } })}>
            {s.pickup}
          </button>
          <button
            class="btn"
            type="button"
            aria-pressed={context.delivery.method === 'mail'}
            onClick={() => send({ type: 'SET_DELIVERY', delivery: { method: 'mail', address: mailAddress } })}
          >
            {s.mail}
          </button>
        </div>
        {context.delivery.method === 'pickup' ? (
          <p class="muted"><Local text={context.terminal?.pickupPlace} lang={lang} /></p>
        ) : (
          <div class={context.values[ime.field] === 'delivery.address' ? 'field field-open' : 'field'}>
            <span class="label" id="mail-address-label">
              {s.mailAddress}
            </span>
            <button
              type="button"
              class="field-value"
              id="mail-address"
              data-field="delivery.address"
              aria-expanded={context.values[ime.field] === 'delivery.address'}
              onClick={() => send({ type: 'SET_VALUE', key: ime.field, value: context.values[ime.field] === 'delivery.address' ? '' : 'delivery.address' })}
            >
              <span class="visually-hidden">{s.mailAddress}：</span>
              <span class="field-text">{context.delivery.address || <span class="placeholder">{inputStrings[lang].tapToEnter}</span>}</span>
              <span class="field-change" aria-hidden="true">
                {inputStrings[lang].change}
              </span>
            </button>
            {context.values[ime.field] === 'delivery.address' && (
              <AddressPicker
                id="mail-address-editor"
                field={{ key: 'delivery.address', type: 'address', label: { zh: strings.zh.mailAddress, en: strings.en.mailAddress, ...{ [lang]: s.mailAddress } } }}
                value={context.delivery.address}
                values={context.values}
                lang={lang}
                today={context.today()}
                cardAddress={context.identity?.address || null}
                setValue={(address) => send({ type: 'SET_DELIVERY', delivery: { method: 'mail', address } })}
                setIme={(patch) => {
                  for (const [key, value] of Object.entries(patch)) send({ type: 'SET_VALUE', key, value });
                }}
                onDone={() => send({ type: 'SET_VALUE', key: ime.field, value: '' })}
              />
            )}
          </div>
        )}
      </section>
      {!context.submissionAvailability.available && (
        <p class="notice notice-danger" role="alert" data-testid="submission-unavailable">
          {progressStrings[lang].submissionUnavailable}
        </p>
      )}
      {needsSignature && (
        <p class="notice notice-warning" role="status" data-testid="signature-needed">
          {progressStrings[lang].signRequired}
        </p>
      )}
      <button class="btn btn-primary btn-huge" type="button" disabled={!context.submissionAvailability.available || needsSignature} onClick={() => send({ type: 'SUBMIT', idempotencyKey: crypto.randomUUID() })}>
        {s.submit}
      </button>
    </>
  );
}
