/**
 * The prompt table: every screen of the statechart has a prompt in every language, none empty, none
 * longer than an old listener follows; and the table's ids are the ones the build renders.
 */
import { describe, expect, it } from 'vitest';
import { kioskMachine } from '../machine/kiosk-machine';
import { promptIds, promptLimits, prompts, promptUrl, type VoiceLang } from './prompts';
import { voiceStrings, volumeStep, volumeSteps } from './voice-strings';
import { stepPrompts } from './scene';

const langs = Object.keys(prompts) as VoiceLang[];

describe('voice prompt table', () => {
  it('has Mandarin and English', () => {
    expect(langs).toEqual(expect.arrayContaining(['zh', 'en']));
  });

  it.each(langs)('%s: every prompt id has a non-empty text within the length limit', (lang) => {
    for (const id of promptIds) {
      const text = prompts[lang][id];
      expect(text, `${lang}/${id}`).toBeTypeOf('string');
      expect(text.trim().length, `${lang}/${id} is empty`).toBeGreaterThan(0);
      expect([...text].length, `${lang}/${id}: "${text}"`).toBeLessThanOrEqual(promptLimits[lang]);
    }
    expect(Object.keys(prompts[lang]).sort()).toEqual([...promptIds].sort());
  });

  it('Mandarin prompts are written in Chinese characters (no pinyin or English left in)', () => {
    for (const id of promptIds) expect(prompts.zh[id], id).not.toMatch(/[A-Za-z]/);
  });

  it('Uyghur prompts and control words are in Arabic script (machine-translated, marked so in the table)', () => {
    for (const id of promptIds) expect(prompts.ug[id], id).toMatch(/^[\u0600-\u06ff\s«»،.؟!,:]+$/);
    for (const value of Object.values(voiceStrings.ug).flat()) expect(String(value)).toMatch(/^[\u0600-\u06ff\s]+$/);
  });

  it('every step of the statechart that shows a screen has a prompt', () => {
    const flowSteps = Object.keys(kioskMachine.root.states.session!.states.flow!.states);
    for (const step of ['attract', ...flowSteps]) {
      expect(stepPrompts[step], `step ${step} has no prompt`).toBeDefined();
      expect(promptIds).toContain(stepPrompts[step]);
    }
  });

  it('names the buttons as the screens do (开始办理, 申请办理, 下一步, 确认提交, 继续办理)', () => {
    expect(prompts.zh.attract).toContain('开始办理');
    expect(prompts.zh.guide).toContain('申请办理');
    expect(prompts.zh.chooseItems).toContain('下一步');
    expect(prompts.zh.review).toContain('确认提交');
    expect(prompts.zh.idleWarning).toContain('继续办理');
    expect(prompts.zh.identify).toContain('身份证');
  });

  it('voice control words exist for every language; volume steps round to the nearest', () => {
    for (const lang of langs) for (const value of Object.values(voiceStrings[lang]).flat()) expect(String(value).length).toBeGreaterThan(0);
    expect(volumeStep(0)).toBe(0);
    expect(volumeStep(0.7)).toBe(1);
    expect(volumeStep(0.9)).toBe(2);
    expect(volumeSteps[volumeStep(1)]).toBe(1);
    expect(promptUrl('zh', 'identify')).toBe('/voice/zh/identify.wav');
  });
});
