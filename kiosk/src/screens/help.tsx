/** 呼叫帮办 in the frame every screen shares (screen.tsx): the button and what became of the call. */
import { a11yStrings } from '../i18n-a11y';
import type { ScreenProps } from './types';

/** 呼叫帮办: in the bottom bar of every step; staff see the call at /hall (no personal data is sent). */
export function HelpButton({ snapshot, send }: ScreenProps) {
  const { help, settings } = snapshot.context;
  const a = a11yStrings[settings.lang];
  // One open call per session: while it is open the button says so (取消呼叫 is in the notice below).
  const open = help === 'called' || help === 'coming' || help === 'cancelling';
  return (
    <button class="btn help-button" type="button" disabled={help === 'calling' || open} onClick={() => send({ type: 'CALL_HELP' })}>
      {help === 'calling' ? a.helpCalling : open ? `✓ ${a.helpCalledButton}` : a.helpCall}
    </button>
  );
}

/** What became of the call: placed, staff on the way, handled, or not placed; with 取消呼叫 while it is open. */
export function HelpStatus({ snapshot, send }: ScreenProps) {
  const { help, helpCancelFailed, settings } = snapshot.context;
  const a = a11yStrings[settings.lang];
  if (help === null || help === 'calling') return null;
  const text = help === 'failed' ? a.helpFailed : help === 'coming' ? a.helpOnTheWay : help === 'handled' ? a.helpHandled : a.helpComing;
  const cancellable = help === 'called' || help === 'coming' || help === 'cancelling';
  return (
    <div class={`notice help-status ${help === 'failed' || helpCancelFailed ? 'notice-warning' : 'notice-info'}`} role="status">
      <p>
        {text}
        {helpCancelFailed && cancellable ? <>{' '}{a.helpCancelFailed}</> : null}
      </p>
      {cancellable ? (
        <button class="btn btn-secondary help-cancel" type="button" disabled={help === 'cancelling'} onClick={() => send({ type: 'CANCEL_HELP' })}>
          {help === 'cancelling' ? a.helpCancelling : a.helpCancel}
        </button>
      ) : null}
    </div>
  );
}
