/**
 * espeak-ng, the offline synthesiser behind the voice prompts' fallback: run at build time for the
 * fixed prompts (kiosk/build/voice-prompts-plugin.ts) and by the bridge for labels that only exist at
 * run time (/api/speech). The text goes in on stdin, never on the command line, so it does not show
 * in the process list; the WAV comes back on stdout and is turned into 16 kHz µ-law (core/audio/wav).
 *
 * Voices: `cmn-latn-pinyin` for Mandarin, `en-us` for English, `ug` for Uyghur. Not plain `cmn`: espeak-ng's Mandarin
 * dictionary turns many characters into pinyin with tone digits, which `cmn` then reads as English
 * (办理 came out as "ban four li three"). With `cmn-latn-pinyin`, Latin text is read as pinyin, which
 * is also how the few words its dictionary gets wrong are given to it (mandarinSpokenForms).
 */
import { spawn } from 'node:child_process';
import { err, ok, type Result } from '../../../core/result';
import { toPromptWav } from '../../../core/audio/wav';

export type SpeechLang = 'zh' | 'en' | 'ug';

export const espeakVoices: Record<SpeechLang, { voice: string; speed: number }> = {
  // A little slower than espeak-ng's default 175 words per minute: the listeners are often old.
  zh: { voice: 'cmn-latn-pinyin', speed: 150 },
  en: { voice: 'en-us', speed: 150 },
  // Uyghur in Arabic script (espeak-ng reads it; quality unreviewed by a Uyghur speaker).
  ug: { voice: 'ug', speed: 150 },
};

/**
 * Words espeak-ng reads wrongly in Mandarin — a polyphonic character (多音字) taken in its other
 * reading, or the tone change of 一 and 不 — written for it in pinyin with tone numbers. A real
 * Mandarin engine (speechSynthesis with a zh-CN voice) reads the characters and never sees these.
 * Found by reading `espeak-ng -v cmn-latn-pinyin -x` for every prompt and control label.
 */
export const mandarinSpokenForms: readonly (readonly [string, string])[] = [
  ['重听', 'chong2 ting1'], // not zhòng tīng (hard of hearing)
  ['长辈', 'zhang3 bei4'], // not cháng
  ['一件事', 'yi2 jian4 shi4'],
  ['下一步', 'xia4 yi2 bu4'],
  ['一遍', 'yi2 bian4'],
  ['一点', 'yi4 dian3'],
  ['不要', 'bu2 yao4'],
  ['不是', 'bu2 shi4'],
  ['调大', 'tiao2 da4'], // not diào
  ['调小', 'tiao2 xiao3'],
];

/** The text as espeak-ng should get it: Mandarin with the spoken forms above substituted. */
export function textForEspeak(lang: SpeechLang, text: string): string {
  if (lang !== 'zh') return text;
  let out = text;
  for (const [word, pinyin] of mandarinSpokenForms) out = out.split(word).join(` ${pinyin} `);
  return out;
}

export const espeakBinary = () => process.env.KIOSK_ESPEAK ?? 'espeak-ng';

export type EspeakError = { kind: 'missing'; message: string } | { kind: 'failed'; message: string };

/** Renders `text` in `lang` with espeak-ng; `missing` when the binary cannot be started. */
export function renderWithEspeak(lang: SpeechLang, text: string, options: { binary?: string; timeoutMs?: number } = {}): Promise<Result<Uint8Array, EspeakError>> {
  const binary = options.binary ?? espeakBinary();
  const { voice, speed } = espeakVoices[lang];
  return new Promise((resolvePromise) => {
    let settled = false;
    const done = (r: Result<Uint8Array, EspeakError>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise(r);
    };
    // -b 1: the input is UTF-8; --stdout: the WAV on stdout; -z: no final sentence pause.
    const child = spawn(binary, ['-b', '1', '-z', '-v', voice, '-s', String(speed), '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(err({ kind: 'failed', message: `espeak-ng took longer than ${options.timeoutMs ?? 10_000} ms` }));
    }, options.timeoutMs ?? 10_000);
    child.on('error', (e: NodeJS.ErrnoException) =>
      done(err(e.code === 'ENOENT' ? { kind: 'missing', message: `${binary} is not installed (Debian: apt-get install espeak-ng)` } : { kind: 'failed', message: e.message })),
    );
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString().slice(0, 500)));
    child.on('close', (code) => {
      if (code !== 0) return done(err({ kind: 'failed', message: `espeak-ng exited with ${code}: ${stderr.trim()}` }));
      const wav = toPromptWav(new Uint8Array(Buffer.concat(chunks)));
      done(wav.ok ? wav : err({ kind: 'failed', message: `espeak-ng output: ${wav.error}` }));
    });
    child.stdin.on('error', () => undefined); // a missing binary closes stdin; 'error' above reports it
    child.stdin.end(textForEspeak(lang, text));
  });
}

/** `espeak-ng --version`'s first line, part of the build cache key (another version, other audio). */
export function espeakVersion(binary = espeakBinary()): Promise<Result<string, EspeakError>> {
  return new Promise((resolvePromise) => {
    const child = spawn(binary, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.on('error', (e: NodeJS.ErrnoException) =>
      resolvePromise(err(e.code === 'ENOENT' ? { kind: 'missing', message: `${binary} is not installed (Debian: apt-get install espeak-ng)` } : { kind: 'failed', message: e.message })),
    );
    child.on('close', (code) => resolvePromise(code === 0 ? ok(out.split('\n')[0]!.trim()) : err({ kind: 'failed', message: `${binary} --version exited with ${code}` })));
  });
}
