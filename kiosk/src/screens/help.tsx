/** 呼叫帮办 in the frame every screen shares (screen.tsx): the button and what became of the call. */
import { a11yStrings } from '../i18n-a11y';
import type { ScreenProps } from './types';

/** 呼叫帮办: in the bottom bar of every step; staff see the call at /hall (no personal data is sent). */
export function HelpButton({ snapshot, send }: ScreenProps) {
  const { help, settings } = snapshot.context;
  const a = a11yStrings[settings.lang];
  // Pressing again after a call places another one (staff may have missed it); the label says it was placed.
  return (
    <button class="btn help-button" type="button" disabled={help === 'calling'} onClick={() => send({ type: 'CALL_HELP' })}>
      {help === 'calling' ? a.helpCalling : help === 'called' ? `✓ ${a.helpCalledButton}` : a.helpCall}
    </button>
  );
}

export function HelpStatus({ snapshot }: ScreenProps) {
  const { help, settings } = snapshot.context;
  if (help !== 'called' && help !== 'failed') return null;
  return (
    <p class={`notice ${help === 'called' ? 'notice-info' : 'notice-warning'}`} role="status">
      {help === 'called' ? a11yStrings[settings.lang].helpComing : a11yStrings[settings.lang].helpFailed}
    </p>
  );
}
