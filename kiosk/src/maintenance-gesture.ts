/**
 * The hidden way into the maintenance console on the kiosk itself: five taps within three seconds
 * in the top-left corner (an 80 px square, where no control of the citizen screens sits). It only
 * opens the PIN prompt; the PIN is checked by the bridge (rate-limited, locked after failures).
 * Leaving the kiosk page closes its connection, which wipes any citizen session on the bridge.
 */
export const gesture = { TAPS: 5, WINDOW_MS: 3000, CORNER_PX: 80 };

/**
 * Ends any console session left open on this screen: when the kiosk page is back, the technician is
 * gone, and the next person at the screen must not find the console still signed in.
 */
export function endConsoleSessionOnThisScreen(): void {
  void fetch('/maintenance/api/logout', { method: 'POST', headers: { 'x-maintenance': '1' }, credentials: 'same-origin' }).catch(() => undefined);
}

export function installMaintenanceGesture(target: Document = document, open: () => void = () => location.assign('/maintenance?kiosk=1'), now: () => number = () => performance.now()): () => void {
  let taps: number[] = [];
  const onPointer = (e: PointerEvent) => {
    if (e.clientX > gesture.CORNER_PX || e.clientY > gesture.CORNER_PX) {
      taps = [];
      return;
    }
    const t = now();
    taps = [...taps.filter((x) => t - x < gesture.WINDOW_MS), t];
    if (taps.length >= gesture.TAPS) {
      taps = [];
      open();
    }
  };
  target.addEventListener('pointerdown', onPointer, { capture: true });
  return () => target.removeEventListener('pointerdown', onPointer, { capture: true });
}
