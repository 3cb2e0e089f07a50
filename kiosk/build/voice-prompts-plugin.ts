/**
 * Build step (Vite plugin): renders every voice prompt (kiosk/src/voice/prompts.ts) with espeak-ng
 * into the build output as dist/kiosk/voice/<lang>/<id>.wav (16 kHz µ-law, silence trimmed), the
 * fallback that lets a terminal without a speech engine speak.
 *
 * Rebuilds are fast: each file is cached in node_modules/.cache/kiosk-voice under the SHA-256 of what
 * makes its sound (espeak-ng's version, voice, speed, the text as spoken, the output format), so only changed
 * texts are rendered again. Without espeak-ng the build fails with a message saying what to install:
 * a kiosk built without its prompts would be silent exactly where voice guidance matters most.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { espeakVersion, espeakVoices, renderWithEspeak, textForEspeak, type SpeechLang } from '../../device-bridge/src/speech/espeak';
import { promptIds, prompts, type PromptId } from '../src/voice/prompts';

/** Bump when core/audio/wav.ts changes what it writes, so cached files are made again. */
const FORMAT = 'mulaw-16k-trim-v1';

export interface VoicePromptsReport {
  files: number;
  rendered: number;
  bytes: number;
  ms: number;
}

/** A prompt's WAV from the cache, or rendered (and cached) when the text, voice or espeak-ng changed. */
async function promptWav(cacheDir: string, version: string, lang: SpeechLang, text: string): Promise<{ wav: Uint8Array; rendered: boolean } | { error: string }> {
  const key = createHash('sha256').update(JSON.stringify([version, espeakVoices[lang], textForEspeak(lang, text), FORMAT])).digest('hex');
  const cached = join(cacheDir, `${key}.wav`);
  try {
    return { wav: await readFile(cached), rendered: false };
  } catch {
    const r = await renderWithEspeak(lang, text);
    if (!r.ok) return { error: r.error.message };
    // Written under a temporary name first: two builds at once never read half a file.
    const tmp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await mkdir(cacheDir, { recursive: true });
    await writeFile(tmp, r.value);
    await rename(tmp, cached);
    return { wav: r.value, rendered: true };
  }
}

const missingMessage = (message: string) =>
  `voice prompts: ${message}. The build pre-renders the spoken prompts with espeak-ng ` +
  `(kiosk/build/voice-prompts-plugin.ts; README "Voice guidance"). Install it: apt-get install --no-install-recommends espeak-ng`;

export function voicePrompts(options: { cacheDir?: string; onReport?: (r: VoicePromptsReport) => void } = {}): Plugin {
  const cacheDir = options.cacheDir ?? resolve(import.meta.dirname, '../../node_modules/.cache/kiosk-voice');
  return {
    name: 'kiosk-voice-prompts',
    // `npm run dev`: the same files, rendered on first request.
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/voice\/(\w+)\/(\w+)\.wav$/.exec(req.url ?? '');
        const lang = m?.[1] as SpeechLang | undefined;
        const id = m?.[2] as PromptId | undefined;
        if (!lang || !id || !(lang in espeakVoices) || !(lang in prompts) || !promptIds.includes(id)) return next();
        void (async () => {
          const version = await espeakVersion();
          const r = version.ok ? await promptWav(cacheDir, version.value, lang, prompts[lang][id]) : { error: missingMessage(version.error.message) };
          if ('error' in r) {
            res.statusCode = 503;
            res.end(r.error);
            return;
          }
          res.setHeader('content-type', 'audio/wav');
          res.end(r.wav);
        })().catch(next);
      });
    },
    async generateBundle() {
      const started = performance.now();
      const version = await espeakVersion();
      if (!version.ok) this.error(missingMessage(version.error.message));
      let rendered = 0;
      let bytes = 0;
      const jobs = (Object.keys(prompts) as SpeechLang[])
        .filter((lang) => lang in espeakVoices)
        .flatMap((lang) => promptIds.map((id) => ({ lang, id, text: prompts[lang][id] })));
      const renderOne = async ({ lang, id, text }: (typeof jobs)[number]): Promise<void> => {
        const r = await promptWav(cacheDir, version.ok ? version.value : '', lang, text);
        if ('error' in r) return this.error(`voice prompt ${lang}/${id} ("${text}"): ${r.error}`);
        if (r.rendered) rendered++;
        bytes += r.wav.length;
        this.emitFile({ type: 'asset', fileName: `voice/${lang}/${id}.wav`, source: r.wav });
      };
      // Two at a time: the machine has two cores.
      for (let i = 0; i < jobs.length; i += 2) await Promise.all(jobs.slice(i, i + 2).map(renderOne));
      options.onReport?.({ files: jobs.length, rendered, bytes, ms: performance.now() - started });
      this.info?.(`voice prompts: ${jobs.length} files, ${(bytes / 1024).toFixed(0)} KiB (${rendered} rendered, the rest cached)`);
    },
  };
}
