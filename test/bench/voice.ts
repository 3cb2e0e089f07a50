/**
 * Voice guidance: the size of the pre-rendered prompts the build writes (dist/kiosk/voice, espeak-ng
 * → 16 kHz µ-law WAV), and in Chromium (no synthesis voices: the WAV fallback) the time from a screen
 * change (the kiosk's `kiosk:screen:<step>` mark) to the prompt's audio element really playing (its
 * `playing` event), over repeated 首页 ⇄ 办事指南 changes.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { root, startBridge } from '../support/bridge-process';
import { launchBrowser, tap, waitForHeading } from '../support/browser';
import { openKioskRecording, type Played } from '../support/audio-recorder';
import { installNameShim, percentile, round, type BenchModule, type Figure } from './figures';

const changes = 30;

function promptFiles(): { count: number; bytes: number } {
  const dir = resolve(root, 'dist/kiosk/voice');
  let count = 0;
  let bytes = 0;
  for (const lang of readdirSync(dir)) {
    for (const f of readdirSync(join(dir, lang))) {
      count++;
      bytes += statSync(join(dir, lang, f)).size;
    }
  }
  return { count, bytes };
}

export const voiceBench: BenchModule = {
  area: 'voice',
  async run(): Promise<Figure[]> {
    const files = promptFiles();
    const samples: number[] = [];
    const bridge = await startBridge();
    try {
      const { browser, close } = await launchBrowser({ args: ['--autoplay-policy=no-user-gesture-required'] });
      try {
        const page = await openKioskRecording(browser, bridge.url);
        await installNameShim(page);
        await waitForHeading(page, '政务服务自助终端');
        await tap(page, '语音');
        await tap(page, '开始办理');
        await waitForHeading(page, '请选择要办理的事项');
        for (let i = 0; i < changes; i++) {
          const toGuide = i % 2 === 0;
          const [step, file] = toGuide ? ['guide', '/voice/zh/guide.wav'] : ['home', '/voice/zh/home.wav'];
          const before = await page.evaluate(() => (window as unknown as { __played: Played[] }).__played.length);
          if (toGuide) await tap(page, '新生儿出生一件事', '.tile');
          else await page.locator('nav button::-p-text(返回)').click();
          const ms = await page.evaluate(
            (n: number, src: string, mark: string) =>
              new Promise<number>((resolvePromise, reject) => {
                const started = performance.now();
                const poll = () => {
                  const p = (window as unknown as { __played: Played[] }).__played.slice(n).find((x) => x.src === src && x.playingAt !== null);
                  const marks = performance.getEntriesByName(mark);
                  if (p && marks.length) return resolvePromise(p.playingAt! - marks[marks.length - 1]!.startTime);
                  if (performance.now() - started > 15_000) return reject(new Error(`${src} did not start playing`));
                  setTimeout(poll, 5);
                };
                poll();
              }),
            before,
            file,
            `kiosk:screen:${step}`,
          );
          samples.push(ms);
        }
      } finally {
        await close();
      }
    } finally {
      await bridge.stop();
    }
    const note = `${changes} screen changes 首页 ⇄ 办事指南 in headless Chromium, kiosk:screen mark → the prompt's <audio> 'playing' event (WAV fallback, loopback bridge)`;
    return [
      { name: 'voice.prompts_kib', value: round(files.bytes / 1024), unit: 'KiB', budget: 5120, note: `${files.count} prompt files (one per prompt and language: zh, en, ug), 16 kHz 8-bit µ-law WAV rendered by espeak-ng at build time` },
      { name: 'voice.prompt_files', value: files.count, unit: 'files' },
      { name: 'voice.screen_to_audio_p50_ms', value: round(percentile(samples, 50)), unit: 'ms', note },
      { name: 'voice.screen_to_audio_p95_ms', value: round(percentile(samples, 95)), unit: 'ms', budget: 300, note },
    ];
  },
};
