/** 身份核验: the ID card through the bridge, then a live photo with the camera. */
import { readerCanRead } from '../../../core/protocol/device-checks';
import { captureFrame } from '../camera';
import { useCameraVideo } from '../ui/use-camera-video';
import { cardErrorText, strings } from '../i18n';
import { progressStrings } from '../i18n-progress';
import { Pictogram } from '../ui/pictograms';
import type { ScreenProps } from './types';
import type { Identity } from '../../../core/identity';
import type { Lang } from '../machine/kiosk-machine';
import { MaskedNumber, nationText, sexText } from '../input/masked-number';

const cardLabels: Record<string, { title: string; name: string; sex: string; nation: string; idNumber: string }> = {
  zh: { title: '已读取的证件', name: '姓名', sex: '性别', nation: '民族', idNumber: '证件号码' },
  en: { title: 'Card read', name: 'Name', sex: 'Sex', nation: 'Ethnicity', idNumber: 'ID number' },
  // Machine-translated (input engineer): needs a human translator.
  ug: { title: 'ئوقۇلغان كىنىشكە', name: 'ئىسمى', sex: 'جىنسى', nation: 'مىللىتى', idNumber: 'كىنىشكە نومۇرى' },
};

/** Whose card was read: name, 性别 and 民族 in words, the number masked (按住查看 shows it). */
export function CardSummary({ identity, lang }: { identity: Identity; lang: Lang }) {
  const t = cardLabels[lang] ?? cardLabels.zh!;
  const sex = sexText(identity.sex, lang);
  const nation = nationText(identity.nation);
  return (
    <section class="card card-summary" aria-label={t.title} data-testid="card-summary">
      <dl class="guide">
        <dt>{t.name}</dt>
        <dd>
          <bdi>{identity.name}</bdi>
        </dd>
        {sex && (
          <>
            <dt>{t.sex}</dt>
            <dd data-testid="card-sex">{sex}</dd>
          </>
        )}
        {nation && (
          <>
            <dt>{t.nation}</dt>
            <dd data-testid="card-nation">{nation}</dd>
          </>
        )}
        <dt>{t.idNumber}</dt>
        <dd data-field-row="card.idNumber">
          <MaskedNumber type="idNumber" value={identity.idNumber} lang={lang} />
        </dd>
      </dl>
    </section>
  );
}

export function IdentifyScreen({ snapshot }: ScreenProps) {
  const { context } = snapshot;
  const s = strings[context.settings.lang];
  const readerOk = context.devices ? readerCanRead(context.devices.idcard) : true;
  return (
    <>
      <h1 tabIndex={-1}>{s.identifyTitle}</h1>
      {!readerOk && (
        <p class="notice notice-danger" role="alert">
          {s.readerDown}
        </p>
      )}
      {context.cardError && (
        <p class="notice notice-danger" role="alert">
          {cardErrorText(s, context.cardError)}
        </p>
      )}
      <p style={{ fontSize: 'var(--text-xl)', fontWeight: 700, textAlign: 'center' }} role="status">
        {s.placeCard}
      </p>
      <div class="card-reader-art">
        <Pictogram name="card" />
      </div>
      <p class="muted" style={{ textAlign: 'center' }}>{s.placeCardHint}</p>
      <p class="notice notice-info" style={{ textAlign: 'center' }} data-testid="eid-hint">
        {progressStrings[context.settings.lang].eidHint}
      </p>
    </>
  );
}

export function FaceScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const s = strings[context.settings.lang];
  const { video, ready } = useCameraVideo('face', (e) => send({ type: 'CAMERA_FAILED', message: e.name || 'camera' }));
  const verifying = snapshot.matches({ session: { flow: { face: 'verifying' } } });


  const error = context.face.error;
  return (
    <>
      <h1 tabIndex={-1}>{s.faceTitle}</h1>
      {context.terminal?.identityVerifier.realComparison === false && <p class="notice notice-warning">{s.demoVerifier}</p>}
      {error && (
        <p class="notice notice-danger" role="alert">
          {error === 'no-match' ? s.faceNoMatch : error === 'verify-failed' ? s.faceVerifyFailed : s.cameraFailed}
        </p>
      )}
      {context.identity && <CardSummary identity={context.identity} lang={context.settings.lang} />}
      <p>{s.faceHint}</p>
      <div class="camera-frame">
        <video ref={video} muted playsInline aria-label={s.faceTitle} />
        <div class="face-guide" aria-hidden="true" />
      </div>
      <button
        class="btn btn-primary btn-huge"
        type="button"
        disabled={!ready || verifying}
        onClick={() => video.current && send({ type: 'FACE_CAPTURED', frame: captureFrame(video.current) })}
      >
        {verifying ? s.verifying : s.capture}
      </button>
    </>
  );
}
