/**
 * What espeak-ng is given for Mandarin, checked with the real espeak-ng (`-x` prints the phonemes it
 * would speak): no prompt or control word falls into its English reading, and the words it reads
 * wrongly on its own come out in the right tones through mandarinSpokenForms.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { promptIds, prompts } from '../../../kiosk/src/voice/prompts';
import { voiceStrings } from '../../../kiosk/src/voice/voice-strings';
import { espeakVoices, mandarinSpokenForms, renderWithEspeak, textForEspeak } from './espeak';

const phonemes = (text: string) => execFileSync('espeak-ng', ['-v', espeakVoices.zh.voice, '-q', '-x'], { input: textForEspeak('zh', text) }).toString();

describe('espeak-ng Mandarin input', () => {
  it('substitutes the spoken forms, and only in Mandarin', () => {
    expect(textForEspeak('zh', '重听')).toBe(' chong2 ting1 ');
    expect(textForEspeak('zh', '请点下一步')).toBe('请点 xia4 yi2 bu4 ');
    expect(textForEspeak('en', '重听')).toBe('重听');
    expect(new Set(mandarinSpokenForms.map(([w]) => w)).size).toBe(mandarinSpokenForms.length);
  });

  it('every Mandarin prompt and control word is read as Mandarin (no switch to English phonemes)', () => {
    const texts = [...promptIds.map((id) => prompts.zh[id]), ...Object.values(voiceStrings.zh).flat().map(String)];
    for (const text of texts) expect(phonemes(text), text).not.toContain('(en)');
  });

  it('重听 is chóng tīng (tone 2), 长辈 zhǎng, 调大 tiáo', () => {
    expect(phonemes('重听')).toMatch(/ts\.h'ong35/);
    expect(phonemes('长辈版')).toMatch(/ts\.'a21N/);
    expect(phonemes('调大')).toMatch(/thj'Au35/);
  });

  it('renders a prompt to a 16 kHz µ-law WAV; a missing binary is reported as such', async () => {
    const r = await renderWithEspeak('zh', '请将身份证放在读卡区');
    expect(r.ok && Buffer.from(r.value.subarray(0, 4)).toString()).toBe('RIFF');
    const missing = await renderWithEspeak('zh', '首页', { binary: '/nonexistent/espeak-ng' });
    expect(missing).toEqual({ ok: false, error: { kind: 'missing', message: '/nonexistent/espeak-ng is not installed (Debian: apt-get install espeak-ng)' } });
  });
});
