/**
 * The voice controls' words and volume steps: part of the initial script (the 语音 toggle is on the
 * attract screen), unlike the prompt table and the engine, which load when voice is first switched on.
 */
import type { VoiceLang } from './prompts';

/** The voice controls' own words (语音 on/off, 重听, 音量). */
export const voiceStrings: Record<VoiceLang, { voice: string; repeat: string; volume: string; levels: readonly [string, string, string]; louder: string; quieter: string; group: string }> = {
  zh: { voice: '语音', repeat: '重听', volume: '音量', levels: ['小', '中', '大'], louder: '大声一点', quieter: '小声一点', group: '语音引导' },
  en: { voice: 'Voice', repeat: 'Repeat', volume: 'Volume', levels: ['Low', 'Medium', 'High'], louder: 'Louder', quieter: 'Quieter', group: 'Voice guidance' },
  // Machine-translated: to be reviewed by a translator.
  ug: { voice: 'ئاۋاز', repeat: 'قايتا ئاڭلاش', volume: 'ئاۋاز مىقدارى', levels: ['كىچىك', 'ئوتتۇرا', 'چوڭ'], louder: 'ئاۋازنى چوڭايتىش', quieter: 'ئاۋازنى كىچىكلىتىش', group: 'ئاۋازلىق يېتەكلەش' },
};

/** Three volume steps (小/中/大): few enough to find by touch, far enough apart to hear the change. */
export const volumeSteps = [0.4, 0.7, 1] as const;

/** The step nearest to a volume (settings may hold any 0‥1 value). */
export function volumeStep(volume: number): 0 | 1 | 2 {
  let best: 0 | 1 | 2 = 0;
  for (const i of [1, 2] as const) if (Math.abs(volumeSteps[i] - volume) < Math.abs(volumeSteps[best] - volume)) best = i;
  return best;
}
