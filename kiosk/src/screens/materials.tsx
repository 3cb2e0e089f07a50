/**
 * 一套材料: the merged material list — what the government already holds is 免提交, the rest is
 * listed once with form, copies and necessity (容缺, 告知承诺 where allowed) — and a guided camera
 * step that photographs the paper materials the citizen has with them, one at a time, with a frame
 * guide, a legibility check computed in the page, and retake. Photos stay in the session's memory.
 */
import { useState } from 'preact/hooks';
import type { ComposedMaterial } from '../../../core/catalog/compose';
import { MAX_PHOTO_CHARS } from '../../../core/protocol/photo-limits';
import { captureDocument } from '../camera';
import { useCameraVideo } from '../ui/use-camera-video';
import { strings } from '../i18n';
import { catalogStrings } from '../i18n-catalog';
import { ANALYSIS_WIDTH, measureLegibility, type Legibility } from '../legibility';
import { materialsToPhotograph, type Lang } from '../machine/kiosk-machine';
import type { ScreenProps } from './types';
import { localText } from '../languages';
import { Local } from '../ui/local';

export function MaterialsScreen(props: ScreenProps) {
  if (props.snapshot.matches({ session: { flow: { materials: 'camera' } } })) return <MaterialCamera key={props.snapshot.context.photoMaterial} {...props} />;
  return <MaterialList {...props} />;
}

function MaterialList({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const lang = context.settings.lang;
  const s = strings[lang];
  const cs = catalogStrings[lang];
  const { composition, catalog } = context;
  if (!composition || !catalog) return null;
  const itemName = (code: string) => localText(catalog.items.find((i) => i.code === code)?.name, lang) ?? code;
  const covered = composition.materials.filter((m) => m.covered);
  const toPhotograph = materialsToPhotograph(composition, context.materialChoices);
  const missing = toPhotograph.filter((m) => !(m in context.photos));
  return (
    <>
      <h1 tabIndex={-1}>{cs.materialsTitle}</h1>
      <p class="muted">{cs.materialsHint}</p>
      {covered.length > 0 && (
        <section class="card">
          <h2>{cs.coveredHeading}</h2>
          <ul class="material-list">
            {covered.map((m) => (
              <li key={m.material.code}>
                <Local text={m.material.name} lang={lang} />{' '}
                <span class="muted">
                  · {m.covered!.producedBy ? cs.producedBy(itemName(m.covered!.producedBy)) : cs.coveredBy(m.covered!.by === 'shared' ? s.fromShared : m.covered!.name)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="card">
        <h2>{cs.toBring}</h2>
        {composition.toBring.length === 0 && <p>{s.nothingToBring}</p>}
        {composition.toBring.map((m) => (
          <MaterialRow
            key={m.material.code}
            m={m}
            photo={context.photos[m.material.code]}
            canPhotograph={toPhotograph.includes(m.material.code)}
            choice={context.materialChoices[m.material.code] ?? 'provided'}
            lang={lang}
            itemName={itemName}
            send={send}
          />
        ))}
      </section>
      {missing.length > 0 && (
        <button class="btn btn-block" type="button" onClick={() => send({ type: 'CAPTURE_MATERIAL', material: missing[0]! })}>
          {cs.startPhotos}{s.paren(String(missing.length))}
        </button>
      )}
      <button class="btn btn-primary btn-huge" type="button" style={{ marginTop: 'var(--space-3)' }} onClick={() => send({ type: 'NEXT' })}>
        {s.next}
      </button>
    </>
  );
}

function MaterialRow({
  m,
  photo,
  canPhotograph,
  choice,
  lang,
  itemName,
  send,
}: {
  m: ComposedMaterial;
  photo: string | undefined;
  canPhotograph: boolean;
  choice: 'provided' | 'deferred' | 'commitment';
  lang: Lang;
  itemName: (code: string) => string;
  send: ScreenProps['send'];
}) {
  const cs = catalogStrings[lang];
  const s = strings[lang];
  const name = localText(m.material.name, lang);
  return (
    <div class="material-row" data-material={m.material.code} data-necessity={m.necessity}>
      {photo && <img src={photo} alt={`${name} · ${cs.photographed}`} />}
      <div class="material-body">
        <strong>{name}</strong>
        {s.paren([cs.formName[m.form] ?? m.form, m.copies > 0 ? cs.copies(m.copies) : '', cs.necessity[m.necessity] ?? m.necessity].filter(Boolean).join(s.comma))}
        <br />
        <span class="muted">{m.items.map(itemName).join(s.listSep)}</span>
        {(m.deferrable || m.commitmentAllowed) && (
          // 容缺受理 / 告知承诺: the citizen may supply it later or sign a commitment instead.
          <div class="option-row" role="radiogroup" aria-label={`${name}${s.colon}${cs.howSupplied}`} style={{ marginTop: 'var(--space-1)' }}>
            {(['provided', 'deferred', 'commitment'] as const).filter((c) => c === 'provided' || (c === 'deferred' ? m.deferrable : m.commitmentAllowed)).map((c) => (
              <button key={c} type="button" role="radio" class="btn" aria-checked={choice === c} onClick={() => send({ type: 'CHOOSE_MATERIAL', material: m.material.code, choice: c })}>
                {cs.supply[c]}
              </button>
            ))}
          </div>
        )}
        {!canPhotograph && choice === 'provided' && (
          <>
            <br />
            <span class="muted">{cs.windowOnly}</span>
          </>
        )}
        {canPhotograph && (
          <>
            <br />
            <span class={photo ? 'chip' : 'muted'}>{photo ? cs.photographed : cs.notPhotographed}</span>
          </>
        )}
      </div>
      {canPhotograph && (
        <div class="button-row" style={{ flexDirection: 'column', flex: 'none' }}>
          <button class="btn" type="button" aria-label={`${photo ? cs.retakePhoto : cs.takePhoto}${s.colon}${name}`} onClick={() => send({ type: 'CAPTURE_MATERIAL', material: m.material.code })}>
            {photo ? cs.retakePhoto : cs.takePhoto}
          </button>
          {photo && (
            <button class="btn" type="button" aria-label={`${cs.removePhoto}${s.colon}${name}`} onClick={() => send({ type: 'REMOVE_PHOTO', material: m.material.code })}>
              {cs.removePhoto}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function MaterialCamera({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const lang = context.settings.lang;
  const cs = catalogStrings[lang];
  const s = strings[lang];
  const [failed, setFailed] = useState(false);
  // Leaving the step (or going on to the next material) releases the camera.
  const { video, ready } = useCameraVideo('document', () => setFailed(true));
  const [shot, setShot] = useState<{ jpeg: string; legibility: Legibility } | null>(null);
  const composition = context.composition;
  const code = context.photoMaterial;
  const list = materialsToPhotograph(composition, context.materialChoices);
  const material = composition?.materials.find((m) => m.material.code === code);


  if (!material || !code) return null;
  const name = localText(material.material.name, lang);
  const capture = () => {
    if (!video.current) return;
    const { jpeg, pixels } = captureDocument(video.current, MAX_PHOTO_CHARS, ANALYSIS_WIDTH);
    setShot({ jpeg, legibility: measureLegibility(pixels) });
  };

  return (
    <>
      <h1 tabIndex={-1}>
        {cs.photoTitle}{s.colon}{name}
      </h1>
      <p class="muted">
        {cs.photoOf(list.indexOf(code) + 1, list.length)} · {cs.formName[material.form] ?? material.form}
        {material.copies > 0 && `${s.comma}${cs.copies(material.copies)}`}
        {material.material.spec && ` · ${localText(material.material.spec, lang)}`}
      </p>
      {failed && (
        <p class="notice notice-danger" role="alert">
          {cs.cameraFailed}
        </p>
      )}
      {/* The live picture stays mounted (hidden) while a shot is reviewed, so a retake is instant. */}
      <div hidden={shot !== null}>
        <p>{cs.photoHint}</p>
        <div class="camera-frame document">
          <video ref={video} muted playsInline aria-label={cs.photoTitle} />
          <div class="document-guide" aria-hidden="true" />
        </div>
        <button class="btn btn-primary btn-huge" type="button" disabled={!ready || failed} onClick={capture}>
          {cs.capture}
        </button>
      </div>
      {shot && (
        <>
          <img class="photo-preview" src={shot.jpeg} alt={`${cs.photoPreview}${s.colon}${name}`} />
          <div role="status" class={`notice ${shot.legibility.ok ? 'notice-info' : 'notice-warning'}`} data-testid="legibility" data-ok={String(shot.legibility.ok)}>
            {shot.legibility.ok ? cs.legible : shot.legibility.problems.map((p) => cs.problems[p]).join('；')}
          </div>
          <div class="button-row">
            <button class={`btn ${shot.legibility.ok ? '' : 'btn-primary'}`} type="button" onClick={() => setShot(null)}>
              {cs.retake}
            </button>
            <button class={`btn ${shot.legibility.ok ? 'btn-primary' : ''}`} type="button" onClick={() => send({ type: 'PHOTO_ACCEPTED', material: code, jpeg: shot.jpeg })}>
              {shot.legibility.ok ? cs.usePhoto : cs.useAnyway}
            </button>
          </div>
        </>
      )}
      <button class="btn btn-block" type="button" style={{ marginTop: 'var(--space-3)' }} onClick={() => send({ type: 'NEXT' })}>
        {cs.notWithMe}
      </button>
    </>
  );
}
