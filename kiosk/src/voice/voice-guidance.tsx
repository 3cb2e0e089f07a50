/**
 * useVoiceGuidance as a component that renders nothing, so that the app can load it as a separate
 * chunk (app.tsx), fetched as soon as the attract screen is rendered: until it is there no prompt
 * is said, and once it mounts it says the current screen's prompt as on any screen change.
 */
import type { SnapshotFrom } from 'xstate';
import type { kioskMachine } from '../machine/kiosk-machine';
import { useVoiceGuidance } from './use-voice-guidance';

export function VoiceGuidance({ snapshot }: { snapshot: SnapshotFrom<typeof kioskMachine> }) {
  useVoiceGuidance(snapshot);
  return null;
}
