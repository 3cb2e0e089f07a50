/**
 * Questions about a device status, without the schemas (and zod) that define it: the kiosk's initial
 * script asks them, and validation is a separate chunk there. core/protocol/devices.ts re-exports them.
 */
import type { IdCardReaderStatus } from './devices';

/** Whether a device can be used right now; the kiosk offers alternatives when it cannot. */
export const readerCanRead = (s: IdCardReaderStatus): boolean => s.state === 'ready' || s.state === 'card-present';
