/**
 * Which prompts belong to what the citizen sees: the step's own prompt, a variant when the step has
 * one (the materials camera, a receipt shown as a QR code), the idle warning above everything, and
 * the device notices where the device matters (the reader on attract / identify / progress, the
 * printer on attract). Pure: unit-tested against the statechart's steps.
 */
import { readerCanRead } from '../../../core/protocol/device-checks';
import type { DeviceStatuses } from '../../../core/protocol/devices';
import type { PromptId } from './prompts';

/** The statechart's flow steps that show a screen, each with its prompt. */
export const stepPrompts: Record<string, PromptId> = {
  attract: 'attract',
  home: 'home',
  guide: 'guide',
  questions: 'questions',
  identify: 'identify',
  face: 'face',
  chooseItems: 'chooseItems',
  form: 'form',
  materials: 'materials',
  review: 'review',
  submitting: 'submitting',
  printing: 'printing',
  receipt: 'receipt',
  rating: 'rating',
  // Sending a rating keeps the rating screen: no new prompt.
  ratingSubmitting: 'rating',
  done: 'done',
  progress: 'progress',
};

export interface Scene {
  step: string;
  materialsCamera: boolean;
  /** The receipt's print outcome (null until known). */
  printed: boolean | null;
  idleWarning: boolean;
  devices: DeviceStatuses | null;
}

/** The prompt for the screen itself (null: a step without a screen of its own). */
export function screenPrompt(scene: Scene): PromptId | null {
  if (scene.idleWarning) return 'idleWarning';
  if (scene.step === 'materials' && scene.materialsCamera) return 'materialsCamera';
  if (scene.step === 'receipt' && scene.printed === false) return 'receiptQr';
  return stepPrompts[scene.step] ?? null;
}

/** Device notices worth saying on this screen, in the order the screen shows them. */
export function noticePrompts(scene: Scene): PromptId[] {
  const d = scene.devices;
  if (!d || scene.idleWarning) return [];
  const out: PromptId[] = [];
  if (['attract', 'identify', 'progress'].includes(scene.step) && !readerCanRead(d.idcard)) out.push('readerDown');
  if (scene.step === 'attract') {
    if (d.printer.state === 'no-paper') out.push('printerOut');
    else if (d.printer.state !== 'idle') out.push('printerUnavailable');
  }
  return out;
}
