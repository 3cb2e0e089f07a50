/** 呼叫帮办 in the frame every screen shares (screen.tsx): the button and what became of the call. */
import { progressStrings } from '../i18n-progress';
import type { ScreenProps } from './types';

/** 呼叫帮办: in the bottom bar of every step; staff see the call at /hall (no personal data is sent). */
export function HelpButton({ snapshot, send }: ScreenProps) {
  const p = progressStrings[snapshot.context.settings.lang];
  return (
    <button class="btn" type="button" disabled={snapshot.context.help === 'calling'} onClick={() => send({ type: 'CALL_HELP' })}>
      {p.helpCall}
    </button>
  );
}

export function HelpStatus({ snapshot }: ScreenProps) {
  const { help, settings } = snapshot.context;
  const p = progressStrings[settings.lang];
  if (help !== 'called' && help !== 'failed') return null;
  return (
    <p class={`notice ${help === 'called' ? 'notice-info' : 'notice-warning'}`} role="status">
      {help === 'called' ? p.helpCalled : p.helpFailed}
    </p>
  );
}
