/**
 * GET /api/speech on the real bridge process with the real espeak-ng: spoken control labels for the
 * kiosk's voice fallback. Valid audio, an in-memory cache, a length limit, clear 400s for bad input,
 * 503 when espeak-ng is missing, and the text never in the bridge's log (at the most verbose level);
 * and the build, which renders the prompts, stopping with a clear message without espeak-ng.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWav } from '../../core/audio/wav';
import { MAX_SPEECH_CHARS } from '../../device-bridge/src/speech/speech-route';
import { showBridgeLogOnFailure } from '../support/bridge-log';
import { root, startBridge, type RunningBridge } from '../support/bridge-process';

const speech = (base: string, query: Record<string, string>, method = 'GET') => fetch(new URL(`/api/speech?${new URLSearchParams(query)}`, base), { method });

describe('/api/speech (espeak-ng on the bridge)', () => {
  let bridge: RunningBridge;
  showBridgeLogOnFailure(() => bridge);
  beforeAll(async () => {
    bridge = await startBridge({ KIOSK_LOG_LEVEL: 'trace' });
  });
  afterAll(() => bridge?.stop());

  it('renders a label as a 16 kHz µ-law WAV, from the cache the second time', async () => {
    const first = await speech(bridge.url, { lang: 'zh', text: '出生医学证明甲乙' });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('audio/wav');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('x-speech-cache')).toBe('miss');
    const bytes = new Uint8Array(await first.arrayBuffer());
    const info = describeWav(bytes);
    expect(info.ok && info.value).toMatchObject({ audioFormat: 7, sampleRate: 16_000, channels: 1, bits: 8 });
    expect(info.ok && info.value.seconds).toBeGreaterThan(1);

    const second = await speech(bridge.url, { lang: 'zh', text: '出生医学证明甲乙' });
    expect(second.headers.get('x-speech-cache')).toBe('hit');
    expect(new Uint8Array(await second.arrayBuffer())).toEqual(bytes);

    const english = await speech(bridge.url, { lang: 'en', text: 'Birth certificate quux' });
    expect(english.status).toBe(200);
    const en = describeWav(new Uint8Array(await english.arrayBuffer()));
    expect(en.ok && en.value.seconds).toBeGreaterThan(0.5);
  });

  it(`takes labels up to ${MAX_SPEECH_CHARS} characters and refuses longer ones`, async () => {
    expect((await speech(bridge.url, { lang: 'zh', text: '办'.repeat(MAX_SPEECH_CHARS) })).status).toBe(200);
    const long = await speech(bridge.url, { lang: 'zh', text: '办'.repeat(MAX_SPEECH_CHARS + 1) });
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({ error: { message: `text is longer than ${MAX_SPEECH_CHARS} characters`, path: 'text' } });
  });

  it('bad input gets a 400 that names what is wrong; other methods a 405', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ lang: 'fr', text: 'bonjour' }, 'lang must be zh, en or ug', 'lang'],
      [{ text: '首页' }, 'lang must be zh, en or ug', 'lang'],
      [{ lang: 'zh' }, 'text is required (a control label)', 'text'],
      [{ lang: 'zh', text: '   ' }, 'text is required (a control label)', 'text'],
      [{ lang: 'zh', text: '首\u0007页' }, 'text contains control characters', 'text'],
    ];
    for (const [query, message, path] of cases) {
      const res = await speech(bridge.url, query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(await res.json()).toEqual({ error: { message, path } });
    }
    expect((await speech(bridge.url, { lang: 'zh', text: '首页' }, 'POST')).status).toBe(405);
  });

  it('the texts never reach the bridge log', () => {
    const log = bridge.output();
    expect(log.length).toBeGreaterThan(0);
    for (const text of ['出生医学证明甲乙', 'Birth certificate quux', 'bonjour', '办办办办']) expect(log).not.toContain(text);
    expect(log).not.toContain(encodeURIComponent('出生医学证明甲乙'));
  });
});

describe('/api/speech without espeak-ng', () => {
  let bridge: RunningBridge;
  showBridgeLogOnFailure(() => bridge);
  beforeAll(async () => {
    bridge = await startBridge({ KIOSK_ESPEAK: '/nonexistent/espeak-ng', KIOSK_LOG_LEVEL: 'trace' });
  });
  afterAll(() => bridge?.stop());

  it('answers 503 (the kiosk stays silent for that control) and logs the failure without the text', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await speech(bridge.url, { lang: 'zh', text: '婚姻登记丁戊' });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: { message: 'espeak-ng is not installed on this terminal: no spoken labels' } });
    }
    const log = bridge.output();
    expect(log).toContain('speech: rendering failed');
    expect(log).not.toContain('婚姻登记丁戊');
    expect(log).not.toContain(encodeURIComponent('婚姻登记丁戊'));
  });
});

describe('the build without espeak-ng', () => {
  it('stops with a message that says what to install (a kiosk without its prompts would be silent)', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'kiosk-build-no-espeak-'));
    const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--logLevel', 'error'], {
      cwd: root,
      env: { ...process.env, KIOSK_ESPEAK: '/nonexistent/espeak-ng' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('/nonexistent/espeak-ng is not installed');
    expect(r.stdout + r.stderr).toContain('apt-get install --no-install-recommends espeak-ng');
    expect(existsSync(join(outDir, 'voice'))).toBe(false);
  });
});
