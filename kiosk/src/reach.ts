/** The low-reach layout (低位, for wheelchair users and children): where a seated person's hand reaches. */
import type { TerminalInfo } from '../../core/protocol/messages';

/** Without a configured cabinet: a 21.5" portrait kiosk whose screen starts 1000 mm above the floor; reach 1220 mm. */
export const DEFAULT_REACH = { screenBottomMm: 1000, maxReachMm: 1220 };

/**
 * How many pixels at the bottom of the screen a seated person can reach: the height between the
 * screen's lower edge and the highest forward reach (config display.reach), at this screen's density.
 */
export function reachBandPx(terminal: Pick<TerminalInfo, 'reach' | 'pxPerMm'> | null, screenHeightPx: number): number {
  const { screenBottomMm, maxReachMm } = terminal?.reach ?? DEFAULT_REACH;
  const px = (maxReachMm - screenBottomMm) * (terminal?.pxPerMm ?? 4);
  return Math.round(Math.min(screenHeightPx, Math.max(0, px)));
}

