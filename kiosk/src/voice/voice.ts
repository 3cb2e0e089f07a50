/**
 * The page's one voice engine, loaded as its own chunk the first time voice is switched on: a
 * terminal where nobody uses voice never downloads the engine or the prompt table. Calls made while
 * it loads run once it is there, in the order they were made.
 */
import type { VoiceEngine } from './engine';

let engine: VoiceEngine | null = null;
let loading: Promise<VoiceEngine> | null = null;

export function loadVoiceEngine(): Promise<VoiceEngine> {
  return (loading ??= import('./engine').then((m) => (engine = m.browserVoiceEngine())));
}

/** The engine if it has been loaded (nothing to stop or log otherwise). */
export const loadedVoiceEngine = (): VoiceEngine | null => engine;

/** Uses the engine now if it is loaded, else as soon as it is. */
export function withVoice(use: (e: VoiceEngine) => void): void {
  if (engine) use(engine);
  else void loadVoiceEngine().then(use);
}
