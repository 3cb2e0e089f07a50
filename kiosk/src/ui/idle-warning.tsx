/** The idle warning: a countdown and 继续办理, before the session is wiped. */
import { useMemo } from 'preact/hooks';
import { strings } from '../i18n';
import { delays } from '../machine/kiosk-machine';
import { useCountdown } from './use-countdown';
import type { ScreenProps } from '../screens/types';

export function IdleWarning({ snapshot, send }: ScreenProps) {
  const s = strings[snapshot.context.settings.lang];
  const deadline = useMemo(() => Date.now() + delays.idleWarning({ context: snapshot.context }), []);
  const seconds = useCountdown(deadline);
  return (
    <div class="overlay">
      <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-desc">
        <h2 id="idle-title">{s.idleTitle}</h2>
        <p class="countdown" aria-hidden="true">
          {seconds}
        </p>
        <p id="idle-desc" role="timer">
          {s.idleHint(seconds)}
        </p>
        <button class="btn btn-primary btn-huge" type="button" autoFocus onClick={() => send({ type: 'CONTINUE' })}>
          {s.continue}
        </button>
      </div>
    </div>
  );
}
