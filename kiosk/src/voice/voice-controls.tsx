/**
 * 语音 on/off (aria-pressed), and while voice is on: 重听 (say this screen's prompt again) and the
 * volume in three steps (− 小/中/大 +). Self-contained: it needs only the snapshot and send, so the
 * accessibility bar can place it anywhere (the shell's top bar and the attract screen today).
 */
import type { ScreenProps } from '../screens/types';
import { voiceStrings, volumeStep, volumeSteps } from './prompts';
import { voiceEngine } from './use-voice-guidance';

export function VoiceControls({ snapshot, send }: ScreenProps) {
  const { voice, volume, lang } = snapshot.context.settings;
  const v = voiceStrings[lang];
  const step = volumeStep(volume);
  const setStep = (next: number) => {
    const value = volumeSteps[next]!;
    send({ type: 'SET_SETTINGS', settings: { volume: value } });
    // Hear the new loudness at once: the prompt again, at that volume.
    voiceEngine().repeat(value);
  };
  return (
    <div class="voice-controls" role="group" aria-label={v.group}>
      <button class="btn" type="button" aria-pressed={voice} onClick={() => send({ type: 'SET_SETTINGS', settings: { voice: !voice } })}>
        <span aria-hidden="true">{voice ? '🔊' : '🔈'}</span>
        {v.voice}
      </button>
      {voice && (
        <>
          <button class="btn" type="button" onClick={() => voiceEngine().repeat(volume)}>
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
