/** 待机: what the terminal offers, its hours, a large 开始办理, and entries for 长辈版 and language. */
import { strings } from '../i18n';
import { DeviceNotices } from '../ui/device-notices';
import { LanguageSwitch } from '../ui/language-switch';
import { A11yButton } from '../ui/a11y-bar';
import { a11yStrings } from '../i18n-a11y';
import { HelpButton } from './help';
import { Pictogram } from '../ui/pictograms';
import { VoiceControls } from '../voice/voice-controls';
import type { ScreenProps } from './types';
import { localText } from '../languages';
import { Local } from '../ui/local';

export function AttractScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const lang = context.settings.lang;
  const s = strings[lang];
  const offers: [string, string][] = [
    ['baby', s.offerBundles],
    ['guide', s.offerGuides],
    ['printer', s.offerReceipt],
    ['star', s.offerRating],
  ];
  return (
    <div class="shell attract-shell">
      <main class="main">
        <div class="attract">
          <div class="attract-info">
            <div class="hero">
              <h1 tabIndex={-1}>{s.appTitle}</h1>
              <p class="muted elder-hide"><Local text={context.terminal?.name} lang={lang} /></p>
              <p>
                <span class="chip">{context.terminal?.open24h ? s.hours24 : localText(context.terminal?.hours, lang)}</span>
              </p>
            </div>
            {context.lastEnd && (
              <p class="notice notice-info" role="status">
                {s.wipedNotice}
              </p>
            )}
            <DeviceNotices devices={context.devices} lang={lang} />
            <section class="card elder-hide" aria-labelledby="offers-title">
              <h2 id="offers-title">{s.offers}</h2>
              <div class="offers">
                {offers.map(([icon, text]) => (
                  <div class="offer" key={text}>
                    <Pictogram name={icon} />
                    <span>{text}</span>
                  </div>
                ))}
              </div>
            </section>
            {context.settings.reach === 'low' && <p class="reach-banner-hint">{a11yStrings[lang].reachBanner}</p>}
          </div>
          <div class="attract-actions">
            <button class="btn btn-primary btn-huge" type="button" onClick={() => send({ type: 'START' })}>
              {s.start}
            </button>
            <p class="muted elder-hide" style={{ textAlign: 'center' }}>{s.startHint}</p>
            <div class="row">
              <button class="btn" type="button" onClick={() => send({ type: 'START', elder: true })}>
                {s.elderModeLong}
              </button>
              <LanguageSwitch snapshot={snapshot} send={send} />
            </div>
            <div class="row">
              <A11yButton snapshot={snapshot} send={send} />
              <HelpButton snapshot={snapshot} send={send} />
            </div>
            <VoiceControls snapshot={snapshot} send={send} />
            <p class="muted" style={{ textAlign: 'center' }}>
              {s.help} <bdi dir="ltr">{context.terminal?.hallPhone ?? '12345'}</bdi>
            </p>
          </div>
        </div>
      </main>
    </div>
  );
}
