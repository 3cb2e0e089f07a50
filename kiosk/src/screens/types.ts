import type { SnapshotFrom } from 'xstate';
import type { KioskEvent, kioskMachine } from '../machine/kiosk-machine';

export interface ScreenProps {
  snapshot: SnapshotFrom<typeof kioskMachine>;
  send: (event: KioskEvent) => void;
}
