/**
 * The small bit of audio arithmetic voice prompts need, pure and I/O-free: read the 16-bit PCM WAV
 * espeak-ng writes (22 050 Hz, also its streaming form with 0x7fffffff sizes), trim the silence it
 * pads around speech, resample to 16 kHz and write it as 8-bit µ-law WAV (WAVE_FORMAT_MULAW, 7).
 *
 * Why µ-law: Chromium plays it from a plain <audio>, it halves the bytes of 16-bit PCM (16 KiB per
 * second at 16 kHz), and for espeak-ng's formant voice the telephone-grade companding is inaudible.
 * No Opus encoder is installed on the terminals or in CI, and this needs no new package.
 */
import { err, ok, type Result } from '../result';

export interface Pcm {
  sampleRate: number;
  /** Mono samples, −32768‥32767. */
  samples: Int16Array;
}

export const PROMPT_SAMPLE_RATE = 16_000;

/** Reads a mono 16-bit PCM WAV; the data chunk may claim more bytes than there are (streamed output). */
export function parsePcmWav(bytes: Uint8Array): Result<Pcm, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return err('not a RIFF/WAVE file');
  let at = 12;
  let format: { audioFormat: number; channels: number; sampleRate: number; bits: number } | null = null;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return err('fmt chunk too short');
      format = { audioFormat: view.getUint16(body, true), channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!format) return err('data chunk before fmt chunk');
      if (format.audioFormat !== 1 || format.bits !== 16 || format.channels !== 1) return err(`unsupported format ${format.audioFormat}/${format.bits} bit/${format.channels} channels (want PCM 16-bit mono)`);
      const end = Math.min(bytes.length, body + size);
      const count = Math.floor((end - body) / 2);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = view.getInt16(body + i * 2, true);
      return ok({ sampleRate: format.sampleRate, samples });
    }
    at = body + size + (size % 2);
  }
  return err('no data chunk');
}

/** Cuts leading and trailing silence (|x| below `threshold`), keeping `padMs` around the speech. */
export function trimSilence(pcm: Pcm, threshold = 200, padMs = 60): Pcm {
  const { samples } = pcm;
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) < threshold) first++;
  if (first === samples.length) return { sampleRate: pcm.sampleRate, samples: new Int16Array(0) };
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) < threshold) last--;
  const pad = Math.round((pcm.sampleRate * padMs) / 1000);
  return { sampleRate: pcm.sampleRate, samples: samples.slice(Math.max(0, first - pad), Math.min(samples.length, last + 1 + pad)) };
}

/**
 * Resamples by band-limited interpolation: a windowed-sinc low-pass at 0.45 × the lower rate (so
 * nothing above the new Nyquist folds back), evaluated at each output instant.
 */
export function resample(pcm: Pcm, rate: number): Pcm {
  if (pcm.sampleRate === rate) return pcm;
  const ratio = pcm.sampleRate / rate;
  const cutoff = (0.45 * Math.min(rate, pcm.sampleRate)) / pcm.sampleRate; // cycles per input sample
  const half = 16; // taps each side
  const out = new Int16Array(Math.floor(pcm.samples.length / ratio));
  const src = pcm.samples;
  for (let i = 0; i < out.length; i++) {
    const t = i * ratio;
    const centre = Math.floor(t);
    let sum = 0;
    let weight = 0;
    for (let k = centre - half + 1; k <= centre + half; k++) {
      if (k < 0 || k >= src.length) continue;
      const x = t - k;
      const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
      const window = 0.5 + 0.5 * Math.cos((Math.PI * x) / half); // Hann
      const w = sinc * window;
      sum += src[k]! * w;
      weight += w;
    }
    const v = weight === 0 ? 0 : sum / weight;
    out[i] = Math.max(-32768, Math.min(32767, Math.round(v)));
  }
  return { sampleRate: rate, samples: out };
}

/** G.711 µ-law of one 16-bit sample. */
export function muLaw(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  let s = sample;
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; exponent--, mask >>= 1);
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** A mono 8-bit µ-law WAV (fmt chunk of 18 bytes, as the format requires for non-PCM). */
export function encodeMuLawWav(pcm: Pcm): Uint8Array {
  const n = pcm.samples.length;
  const out = new Uint8Array(46 + n + (n % 2));
  const view = new DataView(out.buffer);
  const put = (at: number, s: string) => [...s].forEach((c, i) => (out[at + i] = c.charCodeAt(0)));
  put(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 18, true);
  view.setUint16(20, 7, true); // WAVE_FORMAT_MULAW
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, pcm.sampleRate, true);
  view.setUint32(28, pcm.sampleRate, true); // bytes per second
  view.setUint16(32, 1, true); // block align
  view.setUint16(34, 8, true); // bits per sample
  view.setUint16(36, 0, true); // no extra format bytes
  put(38, 'data');
  view.setUint32(42, n, true);
  for (let i = 0; i < n; i++) out[46 + i] = muLaw(pcm.samples[i]!);
  return out;
}

/** espeak-ng's output → the prompt format: trimmed, 16 kHz, µ-law WAV. */
export function toPromptWav(espeakWav: Uint8Array): Result<Uint8Array, string> {
  const pcm = parsePcmWav(espeakWav);
  if (!pcm.ok) return pcm;
  const trimmed = trimSilence(pcm.value);
  if (trimmed.samples.length === 0) return err('the synthesiser produced only silence');
  return ok(encodeMuLawWav(resample(trimmed, PROMPT_SAMPLE_RATE)));
}

/** What a test or the bench checks of a prompt file: a RIFF/WAVE header with a µ-law or PCM format, and its length. */
export function describeWav(bytes: Uint8Array): Result<{ audioFormat: number; sampleRate: number; channels: number; bits: number; dataBytes: number; seconds: number }, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  if (bytes.length < 44 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE' || tag(12) !== 'fmt ') return err('not a RIFF/WAVE file');
  const fmtSize = view.getUint32(16, true);
  const audioFormat = view.getUint16(20, true);
  const channels = view.getUint16(22, true);
  const sampleRate = view.getUint32(24, true);
  const byteRate = view.getUint32(28, true);
  const bits = view.getUint16(34, true);
  const dataAt = 20 + fmtSize;
  if (tag(dataAt) !== 'data') return err('no data chunk after fmt');
  const dataBytes = Math.min(view.getUint32(dataAt + 4, true), bytes.length - dataAt - 8);
  return ok({ audioFormat, sampleRate, channels, bits, dataBytes, seconds: dataBytes / byteRate });
}
