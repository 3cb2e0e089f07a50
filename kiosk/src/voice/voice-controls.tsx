/**
 * 语音 on/off (aria-pressed), and while voice is on: 重听 (say this screen's prompt again) and the
 * volume in three steps (− 小/中/大 +). Self-contained: it needs only the snapshot and send, so the
 * accessibility bar can place it anywhere (the shell's top bar and the attract screen today).
 */
import type { ScreenProps } from '../screens/types';
import { withVoice } from './voice';
import { voiceStrings, volumeStep, volumeSteps } from './voice-strings';

export function VoiceControls({ snapshot, send }: ScreenProps) {
  const { voice, volume, lang } = snapshot.context.settings;
  const v = voiceStrings[lang];
  const step = volumeStep(volume);
  const setStep = (next: number) => {
    const value = volumeSteps[next]!;
    send({ type: 'SET_SETTINGS', settings: { volume: value } });
    // Hear the new loudness at once: the prompt again, at that volume.
    withVoice((e) => e.repeat(value));
  };
  return (
    <div class="voice-controls" role="group" aria-label={v.group}>
      <button class="btn" type="button" aria-pressed={voice} onClick={() => send({ type: 'SET_SETTINGS', settings: { voice: !voice } })}>
        <SpeakerIcon on={voice} />
        {v.voice}
      </button>
      {voice && (
        <>
          <button class="btn" type="button" onClick={() => withVoice((e) => e.repeat(volume))}>
            {v.repeat}
          </button>
          <button class="btn" type="button" aria-label={v.quieter} disabled={step === 0} onClick={() => setStep(step - 1)}>
            −
          </button>
          <span class="voice-level" role="status">
            {v.volume} {v.levels[step]}
          </span>
          <button class="btn" type="button" aria-label={v.louder} disabled={step === volumeSteps.length - 1} onClick={() => setStep(step + 1)}>
            +
          </button>
        </>
      )}
    </div>
  );
}

/** A loudspeaker, with sound waves when voice is on (drawn: the kiosk's fonts have no emoji glyphs). */
function SpeakerIcon({ on }: { on: boolean }) {
  return (
    <svg viewBox="0 0 32 32" width="32" height="32" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
      <path d="M5 12h5l7-6v20l-7-6H5z" fill="currentColor" />
      {on ? (
        <>
          <path d="M21 11.5a6 6 0 0 1 0 9" />
          <path d="M24.5 8a11 11 0 0 1 0 16" />
        </>
      ) : (
        <path d="M21 12l7 8M28 12l-7 8" />
      )}
    </svg>
  );
}
