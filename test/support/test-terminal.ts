/**
 * The terminal as the kiosk's statechart hears it in the bridge's hello (TerminalInfo), for unit
 * tests of the machine: a plain 4 px/mm cabinet with short timeouts; `overrides` change what a test
 * is about (accessibility defaults, languages …).
 */
import type { TerminalInfo } from '../../core/protocol/messages';

export function testTerminal(overrides: Partial<TerminalInfo> = {}): TerminalInfo {
  return {
    id: 'T-1',
    name: { zh: '测试终端', en: 'Test terminal' },
    hours: { zh: '24小时', en: '24 h' },
    open24h: true,
    idleTimeoutMs: 60_000,
    idleWarningMs: 20_000,
    devDock: false,
    pxPerMm: 4,
    hallPhone: '12345',
    pickupPlace: { zh: '窗口', en: 'Window' },
    bundles: [],
    identityVerifier: { name: 'embedded', realComparison: false },
    ...overrides,
  };
}
