/**
 * The voice engine's choice between the browser's speechSynthesis and the pre-rendered audio, and
 * how it sequences, repeats and stops. speechSynthesis and <audio> do not exist in Node: this test
 * replaces them with fakes at the engine's browser seam (VoiceSeam) and nowhere else. The real
 * objects are exercised in Chromium by test/e2e/voice.test.ts (where no synthesis voice exists, so
 * the audio fallback runs for real).
 */
import { describe, expect, it } from 'vitest';
import { MAX_LABEL_CHARS, PROMPT_GRACE_MS, VoiceEngine, type AudioLike, type SpeechSynthesisLike, type VoiceSeam } from './engine';

class FakeSynthesis implements SpeechSynthesisLike {
  voices: { lang: string; name: string; localService?: boolean }[] = [];
  spoken: { text: string; lang: string; voice: string | null; volume: number }[] = [];
  cancelled = 0;
  private listeners: (() => void)[] = [];
  getVoices() {
    return this.voices;
  }
  speak(u: unknown) {
    this.spoken.push(u as FakeSynthesis['spoken'][number]);
  }
  cancel() {
    this.cancelled++;
  }
  addEventListener(_: 'voiceschanged', l: () => void) {
    this.listeners.push(l);
  }
  /** The browser loads its voices late and says so with `voiceschanged`. */
  loadVoices(voices: FakeSynthesis['voices']) {
    this.voices = voices;
    this.listeners.forEach((l) => l());
  }
}

class FakeAudio implements AudioLike {
  volume = 1;
  played = false;
  paused = false;
  private listeners: Record<string, (() => void)[]> = {};
  constructor(readonly url: string) {}
  play() {
    this.played = true;
    return Promise.resolve();
  }
  pause() {
    this.paused = true;
  }
  addEventListener(type: 'ended' | 'error', l: () => void) {
    (this.listeners[type] ??= []).push(l);
  }
  fire(type: 'ended' | 'error') {
    this.listeners[type]?.forEach((l) => l());
  }
}

function setup(synthesis: FakeSynthesis | null = new FakeSynthesis()) {
  const audios: FakeAudio[] = [];
  const clock = { now: 10_000 };
  const seam: VoiceSeam = {
    synthesis,
    utterance: (text, lang, voice, volume) => ({ text, lang, voice: (voice as { name: string } | null)?.name ?? null, volume }),
    audio: (url) => {
      const a = new FakeAudio(url);
      audios.push(a);
      return a;
    },
    now: () => clock.now,
  };
  return { engine: new VoiceEngine(seam), audios, synthesis, clock };
}

describe('voice engine: which back end speaks', () => {
  it('no synthesis voices (headless Chromium, a terminal without speech-dispatcher) → the pre-rendered WAV at the set volume', () => {
    const { engine, audios, synthesis } = setup();
    expect(engine.backendFor('zh')).toBe('audio');
    engine.sayPrompts(['identify'], 'zh', 0.4);
    expect(audios.map((a) => [a.url, a.volume, a.played])).toEqual([['/voice/zh/identify.wav', 0.4, true]]);
    expect(synthesis!.spoken).toEqual([]);
  });

  it('no speechSynthesis at all → audio', () => {
    const { engine, audios } = setup(null);
    engine.sayPrompts(['home'], 'en', 1);
    expect(audios[0]!.url).toBe('/voice/en/home.wav');
  });

  it('a Mandarin voice appearing later (voiceschanged) → synthesis for zh; English stays on audio without an English voice', () => {
    const { engine, audios, synthesis } = setup();
    synthesis!.loadVoices([
      { lang: 'de-DE', name: 'German' },
      { lang: 'zh-CN', name: 'Mandarin (network)', localService: false },
      { lang: 'zh-CN', name: 'Mandarin (local)', localService: true },
    ]);
    expect(engine.backendFor('zh')).toBe('synthesis');
    expect(engine.backendFor('en')).toBe('audio');
    engine.sayPrompts(['identify', 'readerDown'], 'zh', 0.7);
    expect(synthesis!.spoken.map((u) => [u.voice, u.volume])).toEqual([
      ['Mandarin (local)', 0.7],
      ['Mandarin (local)', 0.7],
    ]);
    expect(synthesis!.spoken[0]!.text).toContain('身份证');
    expect(audios).toEqual([]);
    engine.sayPrompts(['identify'], 'en', 0.7);
    expect(audios[0]!.url).toBe('/voice/en/identify.wav');
  });

  it('espeak-ng voices from speech-dispatcher are passed over: the pre-rendered prompts read better', () => {
    const { engine, synthesis } = setup();
    synthesis!.loadVoices([{ lang: 'cmn', name: 'Chinese (Mandarin, latin as English) espeak-ng', localService: true }, { lang: 'en-US', name: 'English (America) espeak-ng' }]);
    expect(engine.backendFor('zh')).toBe('audio');
    expect(engine.backendFor('en')).toBe('audio');
  });

  it('Cantonese or Taiwanese voices are not taken for Mandarin prompts in simplified Chinese', () => {
    const { engine, synthesis } = setup();
    synthesis!.loadVoices([{ lang: 'zh-HK', name: 'Cantonese' }, { lang: 'zh-TW', name: 'Taiwan' }]);
    expect(engine.backendFor('zh')).toBe('audio');
    synthesis!.loadVoices([{ lang: 'cmn-Hans-CN', name: 'Mandarin' }]);
    expect(engine.backendFor('zh')).toBe('synthesis');
  });
});

describe('voice engine: sequence, repeat, stop, labels', () => {
  it('plays a screen prompt then its notice, one after the other; repeat plays them again', () => {
    const { engine, audios } = setup();
    engine.sayPrompts(['attract', 'readerDown'], 'zh', 0.7);
    expect(audios.map((a) => a.url)).toEqual(['/voice/zh/attract.wav']);
    audios[0]!.fire('ended');
    expect(audios.map((a) => a.url)).toEqual(['/voice/zh/attract.wav', '/voice/zh/readerDown.wav']);
    engine.repeat(1);
    expect(audios[1]!.paused).toBe(true);
    expect(audios[2]!.url).toBe('/voice/zh/attract.wav');
    expect(audios[2]!.volume).toBe(1);
    expect(engine.log.filter((e) => e.kind === 'prompt').map((e) => e.kind === 'prompt' && e.id)).toEqual(['attract', 'readerDown', 'attract']);
  });

  it('stop (screen change, voice off) pauses what plays, cancels synthesis and drops what was queued', () => {
    const { engine, audios, synthesis } = setup();
    engine.sayPrompts(['attract', 'readerDown'], 'zh', 0.7);
    engine.stop();
    expect(audios[0]!.paused).toBe(true);
    expect(synthesis!.cancelled).toBeGreaterThan(0);
    audios[0]!.fire('ended');
    expect(audios).toHaveLength(1);
  });

  it('a missing file or a 503 (error) moves on to the next prompt instead of hanging', () => {
    const { engine, audios } = setup();
    engine.sayPrompts(['attract', 'printerOut'], 'zh', 0.7);
    audios[0]!.fire('error');
    expect(audios[1]!.url).toBe('/voice/zh/printerOut.wav');
  });

  it('a control label goes to the bridge (/api/speech), URL-encoded, whitespace collapsed, cut to the limit', () => {
    const { engine, audios } = setup();
    engine.sayLabel('  新生儿出生\n一件事 ', 'zh', 0.7);
    expect(audios[0]!.url).toBe(`/api/speech?lang=zh&text=${encodeURIComponent('新生儿出生 一件事')}`);
    engine.sayLabel('x'.repeat(200), 'en', 0.7);
    expect(decodeURIComponent(audios[1]!.url.split('text=')[1]!)).toHaveLength(MAX_LABEL_CHARS);
    engine.sayLabel('   ', 'en', 0.7);
    expect(audios).toHaveLength(2);
  });

  it('reads a long text (the 告知承诺书) aloud in order, in pieces within the limit, cut after punctuation', () => {
    const { engine, audios } = setup();
    const long = '本人承诺所填写的信息和提交的材料真实、准确、完整、有效，并愿意承担相应的法律责任；对容缺受理的材料，本人将在受理凭证载明的期限内补交，逾期未补交的，同意终止办理，已受理的申请不再继续。';
    engine.sayText([long, '五、本承诺书经本人签名后生效。'], 'zh', 0.7);
    const spoken = () => audios.map((a) => decodeURIComponent(a.url.split('text=')[1]!));
    for (let i = 0; i < 10 && audios.at(-1)!.url.includes('text='); i++) {
      const before = audios.length;
      audios.at(-1)!.fire('ended');
      if (audios.length === before) break;
    }
    expect(spoken().join('')).toBe(long + '五、本承诺书经本人签名后生效。');
    for (const piece of spoken()) expect(piece.length).toBeLessThanOrEqual(MAX_LABEL_CHARS);
    expect(spoken()[0]!.endsWith('；') || spoken()[0]!.endsWith('，')).toBe(true);
  });

  it('a label focused as a screen appears waits for its prompt; later ones interrupt', () => {
    const { engine, audios, clock } = setup();
    engine.sayPrompts(['idleWarning'], 'zh', 0.7);
    clock.now += 100; // the dialog's autofocused button
    engine.sayLabel('继续办理', 'zh', 0.7);
    expect(audios[0]!.paused).toBe(false);
    expect(audios).toHaveLength(1);
    audios[0]!.fire('ended');
    expect(audios[1]!.url).toContain('/api/speech?lang=zh');
    clock.now += PROMPT_GRACE_MS;
    engine.sayLabel('退出', 'zh', 0.7);
    expect(audios[1]!.paused).toBe(true);
    expect(decodeURIComponent(audios[2]!.url)).toContain('退出');
  });

  it('keeps a bounded log (the terminal runs for weeks)', () => {
    const { engine } = setup();
    for (let i = 0; i < 500; i++) engine.sayPrompts(['home'], 'zh', 0.7);
    expect(engine.log.length).toBeLessThanOrEqual(200);
    expect(engine.log.at(-1)).toMatchObject({ kind: 'prompt', id: 'home' });
  });

  it('setVolume changes the playing element at once', () => {
    const { engine, audios } = setup();
    engine.sayPrompts(['home'], 'zh', 0.4);
    engine.setVolume(1);
    expect(audios[0]!.volume).toBe(1);
  });
});
