/**
 * 无障碍设置: one button on the attract screen and in the top bar of every screen opens a panel with
 * big labelled buttons — 长辈版, 字号 (four steps), 配色 (three themes), 低位操作 — each showing its
 * state (aria-pressed). The statechart holds the settings; they reset when the session ends.
 */
import { useState } from 'preact/hooks';
import { a11yStrings } from '../i18n-a11y';
import { configuredSettings, type Contrast, type TextSize } from '../machine/kiosk-machine';
import type { ScreenProps } from '../screens/types';

const TEXT_SIZES: TextSize[] = [0, 1, 2, 3];
const CONTRASTS: Contrast[] = ['default', 'high-dark', 'high-light'];

export function A11yButton(props: ScreenProps) {
  const [open, setOpen] = useState(false);
  const a = a11yStrings[props.snapshot.context.settings.lang];
  return (
    <>
      <button class="btn a11y-open" type="button" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(true)}>
        <span aria-hidden="true" class="a11y-icon">
          Aa
        </span>
        {a.settings}
      </button>
      {open && <A11yPanel {...props} onClose={() => setOpen(false)} />}
    </>
  );
}

export function A11yPanel({ snapshot, send, onClose }: ScreenProps & { onClose: () => void }) {
  const { settings, terminal } = snapshot.context;
  const a = a11yStrings[settings.lang];
  const choice = (pressed: boolean, label: string, onClick: () => void, extra?: string) => (
    <button key={label} class={`btn a11y-choice${extra ? ` ${extra}` : ''}`} type="button" aria-pressed={pressed} onClick={onClick}>
      {pressed && <span aria-hidden="true">✓ </span>}
      {label}
    </button>
  );
  return (
    <div class="overlay a11y-overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="dialog a11y-panel" role="dialog" aria-modal="true" aria-labelledby="a11y-title" data-testid="a11y-panel">
        <h2 id="a11y-title" tabIndex={-1}>
          {a.settings}
        </h2>
        <div class="a11y-group" role="group" aria-labelledby="a11y-elder">
          <h3 id="a11y-elder">{a.elder}</h3>
          <div class="a11y-choices">{choice(settings.elder, settings.elder ? a.elderOn : a.elderOff, () => send({ type: 'SET_ELDER', elder: !settings.elder }), 'a11y-toggle')}</div>
        </div>
        <div class="a11y-group" role="group" aria-labelledby="a11y-size">
          <h3 id="a11y-size">{a.textSize}</h3>
          <div class="a11y-choices">{TEXT_SIZES.map((n) => choice(settings.textSize === n, a.textSizes[n]!, () => send({ type: 'SET_SETTINGS', settings: { textSize: n } }), `a11y-size-${n}`))}</div>
        </div>
        <div class="a11y-group" role="group" aria-labelledby="a11y-contrast">
          <h3 id="a11y-contrast">{a.contrast}</h3>
          <div class="a11y-choices">{CONTRASTS.map((c) => choice(settings.contrast === c, a.contrasts[c], () => send({ type: 'SET_SETTINGS', settings: { contrast: c } }), `a11y-theme-${c}`))}</div>
        </div>
        <div class="a11y-group" role="group" aria-labelledby="a11y-reach">
          <h3 id="a11y-reach">{a.reach}</h3>
          <div class="a11y-choices">
            {choice(settings.reach === 'low', settings.reach === 'low' ? a.reachOn : a.reachOff, () => send({ type: 'SET_SETTINGS', settings: { reach: settings.reach === 'low' ? 'standard' : 'low' } }), 'a11y-toggle')}
          </div>
        </div>
        {/*
          VOICE SLOT (a11y-voice): the voice controls (语音播报 on/off, 音量, 重听) go here as one more
          <div class="a11y-group">, bound to settings.voice / settings.volume through SET_SETTINGS.
        */}
        <div class="a11y-footer">
          <button
            class="btn"
            type="button"
            onClick={() => {
              // Back to what this terminal starts every session with (config accessibility), language kept.
              const { lang: _, elder, ...rest } = configuredSettings(terminal);
              send({ type: 'SET_ELDER', elder });
              send({ type: 'SET_SETTINGS', settings: rest });
            }}
          >
            {a.reset}
          </button>
          <button class="btn btn-primary" type="button" autoFocus onClick={onClose}>
            {a.close}
          </button>
        </div>
      </div>
    </div>
  );
}
