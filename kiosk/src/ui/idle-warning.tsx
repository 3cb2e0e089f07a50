/**
 * The idle warning: a countdown and 继续办理, before the session is wiped. In 长辈版 it asks
 * "还需要更多时间吗？" — a question, not an alarm — after a longer wait, and counts down longer.
 */
import { useMemo } from 'preact/hooks';
import { strings } from '../i18n';
import { a11yStrings } from '../i18n-a11y';
import { delays } from '../machine/kiosk-machine';
import { useCountdown } from './use-countdown';
import type { ScreenProps } from '../screens/types';

export function IdleWarning({ snapshot, send }: ScreenProps) {
  const { lang, elder } = snapshot.context.settings;
  const s = strings[lang];
  const a = a11yStrings[lang];
  const deadline = useMemo(() => Date.now() + delays.idleWarning({ context: snapshot.context }), []);
  const seconds = useCountdown(deadline);
  return (
    <div class="overlay">
      <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-desc" data-testid="idle-warning">
        <h2 id="idle-title">{elder ? a.elderIdleTitle : s.idleTitle}</h2>
        <p class="countdown" aria-hidden="true">
          {seconds}
        </p>
        <p id="idle-desc" role="timer">
          {elder ? a.elderIdleHint(seconds) : s.idleHint(seconds)}
        </p>
        <button class="btn btn-primary btn-huge" type="button" autoFocus onClick={() => send({ type: 'CONTINUE' })}>
          {elder ? a.elderIdleMore : s.continue}
        </button>
      </div>
    </div>
  );
}
