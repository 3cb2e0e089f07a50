/** The prompt audio format: espeak-ng's PCM in, trimmed 16 kHz µ-law WAV out. */
import { describe, expect, it } from 'vitest';
import { describeWav, encodeMuLawWav, muLaw, parsePcmWav, resample, toPromptWav, trimSilence, type Pcm } from './wav';

/** A 16-bit PCM WAV as espeak-ng writes it; `streamed` sets the sizes to 0x7fffffff as with --stdout. */
function pcmWav(samples: Int16Array, rate = 22_050, streamed = false): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(out.buffer);
  const put = (at: number, s: string) => [...s].forEach((c, i) => (out[at + i] = c.charCodeAt(0)));
  put(0, 'RIFF');
  v.setUint32(4, streamed ? 0x7fffffff : out.length - 8, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, streamed ? 0x7fffffff : samples.length * 2, true);
  samples.forEach((s, i) => v.setInt16(44 + i * 2, s, true));
  return out;
}

const tone = (hz: number, seconds: number, rate: number, amplitude = 10_000) =>
  Int16Array.from({ length: Math.round(seconds * rate) }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate)));

const zeroCrossings = (s: Int16Array) => s.reduce((n, x, i) => (i > 0 && (s[i - 1]! < 0) !== (x < 0) ? n + 1 : n), 0);

describe('prompt audio', () => {
  it('reads espeak-ng’s streamed WAV (sizes 0x7fffffff)', () => {
    const samples = tone(440, 0.1, 22_050);
    const parsed = parsePcmWav(pcmWav(samples, 22_050, true));
    expect(parsed.ok && parsed.value.samples).toEqual(samples);
    expect(parsePcmWav(new TextEncoder().encode('not a wav file at all'))).toEqual({ ok: false, error: 'not a RIFF/WAVE file' });
  });

  it('µ-law matches G.711 at known points', () => {
    expect(muLaw(0)).toBe(0xff);
    expect(muLaw(32767)).toBe(0x80);
    expect(muLaw(-32768)).toBe(0x00);
    expect(muLaw(-1)).toBe(0x7f);
  });

  it('resampling keeps the pitch and the duration, and removes what the new rate cannot hold', () => {
    const pcm: Pcm = { sampleRate: 22_050, samples: tone(440, 1, 22_050) };
    const out = resample(pcm, 16_000);
    expect(out.samples.length).toBeGreaterThanOrEqual(15_999);
    expect(out.samples.length).toBeLessThanOrEqual(16_000);
    expect(Math.abs(zeroCrossings(out.samples) / 2 - 440)).toBeLessThan(3);
    // 10 kHz is above 8 kHz (the new Nyquist): filtered out, not folded down to 6 kHz.
    const high = resample({ sampleRate: 22_050, samples: tone(10_000, 0.5, 22_050) }, 16_000);
    const peak = high.samples.slice(100, -100).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    expect(peak).toBeLessThan(1_500);
  });

  it('trims the silence around speech, keeping a short pad', () => {
    const samples = new Int16Array(22_050);
    samples.set(tone(300, 0.2, 22_050), 11_025);
    const trimmed = trimSilence({ sampleRate: 22_050, samples }, 200, 60);
    expect(trimmed.samples.length).toBeGreaterThan(0.2 * 22_050);
    expect(trimmed.samples.length).toBeLessThan(0.2 * 22_050 + 2 * 0.06 * 22_050 + 10);
  });

  it('toPromptWav gives a valid µ-law WAV; pure silence is an error, not an empty file', () => {
    const samples = new Int16Array(22_050);
    samples.set(tone(300, 0.5, 22_050), 5_000);
    const wav = toPromptWav(pcmWav(samples));
    expect(wav.ok).toBe(true);
    const info = describeWav(wav.ok ? wav.value : new Uint8Array());
    expect(info.ok && info.value).toMatchObject({ audioFormat: 7, sampleRate: 16_000, channels: 1, bits: 8 });
    expect(info.ok && info.value.seconds).toBeGreaterThan(0.5);
    expect(toPromptWav(pcmWav(new Int16Array(1000)))).toEqual({ ok: false, error: 'the synthesiser produced only silence' });
    expect(encodeMuLawWav({ sampleRate: 16_000, samples: new Int16Array(3) }).length % 2).toBe(0);
  });
});
