/**
 * The voice engine: says a screen's prompt, repeats it, reads a focused control's name, stops.
 *
 * Two back ends, chosen per language each time something is said:
 *  - `synthesis`: the browser's speechSynthesis, when it has a voice for the language (getVoices(),
 *    which fills in late: the `voiceschanged` event updates the choice) that is not espeak-ng
 *    (Chromium started with --enable-speech-dispatcher lists espeak-ng's voices: they would read
 *    worse than our own espeak-ng prompts, which carry pronunciation fixes);
 *  - `audio`: the fallback. Screen prompts are WAV files pre-rendered with espeak-ng at build time
 *    (/voice/<lang>/<id>.wav); a control's name, which may come from the catalog, is rendered by the
 *    bridge (/api/speech?lang=&text=), which answers 503 when it has no espeak-ng: then that control
 *    stays silent. Chromium on a terminal without speech-dispatcher has no voices: this is the usual path.
 *
 * The browser objects are behind a narrow seam (`VoiceSeam`) so the choice can be unit-tested with a
 * fake speechSynthesis; everything else runs as is in Chromium end-to-end.
 */
import { promptUrl, prompts, type PromptId, type VoiceLang as Lang } from './prompts';

export type VoiceBackend = 'synthesis' | 'audio';

/** What a test may observe (window.__kiosk.voiceLog()): prompt ids and control names, never form values. */
export type VoiceLogEntry =
  | { kind: 'prompt'; id: PromptId; lang: Lang; backend: VoiceBackend; volume: number; at: number }
  | { kind: 'label'; text: string; lang: Lang; backend: VoiceBackend; volume: number; at: number }
  | { kind: 'stop'; at: number };

export interface SpeechSynthesisLike {
  getVoices(): { lang: string; name: string; localService?: boolean }[];
  speak(utterance: unknown): void;
  cancel(): void;
  addEventListener(type: 'voiceschanged', listener: () => void): void;
}

export interface AudioLike {
  volume: number;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: 'ended' | 'error', listener: () => void, options?: { once?: boolean }): void;
}

/** The browser seam: speechSynthesis (or null), utterances, audio elements. */
export interface VoiceSeam {
  synthesis: SpeechSynthesisLike | null;
  utterance(text: string, lang: Lang, voice: unknown, volume: number): unknown;
  audio(url: string): AudioLike;
  now(): number;
}

/** Voices that speak a language: for zh, Mandarin as read in the mainland (zh, zh-CN, zh-Hans, zh-SG, cmn-…), not zh-HK / zh-TW. */
const voiceLangs: Record<Lang, RegExp> = { zh: /^(cmn|zh)(?:$|[-_](?:cn|hans|sg)\b)/i, en: /^en\b/i, ug: /^ug\b/i };

/** The BCP 47 tag an utterance carries. */
const utteranceLang: Record<Lang, string> = { zh: 'zh-CN', en: 'en', ug: 'ug-Arab-CN' };

/** The longest control name sent to /api/speech (the bridge refuses longer ones). */
export const MAX_LABEL_CHARS = 80;
const LOG_ENTRIES = 200;
/** A focus change this soon after a screen's prompt began came with the screen: it waits its turn. */
export const PROMPT_GRACE_MS = 700;

export class VoiceEngine {
  private voices: ReturnType<SpeechSynthesisLike['getVoices']> = [];
  private current: AudioLike | null = null;
  private queue: (() => void)[] = [];
  private lastPrompts: PromptId[] = [];
  private lastLang: Lang = 'zh';
  private generation = 0;
  private promptsStartedAt = -Infinity;
  /** The most recent LOG_ENTRIES things said (a terminal runs for weeks: the log must not grow). */
  readonly log: VoiceLogEntry[] = [];

  constructor(private readonly seam: VoiceSeam) {
    if (seam.synthesis) {
      this.voices = seam.synthesis.getVoices();
      seam.synthesis.addEventListener('voiceschanged', () => (this.voices = seam.synthesis!.getVoices()));
    }
  }

  /** Which back end speaks `lang` now. */
  backendFor(lang: Lang): VoiceBackend {
    return this.voiceFor(lang) ? 'synthesis' : 'audio';
  }

  private voiceFor(lang: Lang) {
    // espeak-ng behind speech-dispatcher is the same synthesiser as our pre-rendered prompts, minus
    // their fixes (the pinyin voice, the misread words): the prompts are better than that voice.
    const matching = this.voices.filter((v) => voiceLangs[lang].test(v.lang) && !/e-?speak/i.test(v.name));
    // A local voice works offline; a network one may not be reachable from a terminal.
    return matching.find((v) => v.localService) ?? matching[0] ?? null;
  }

  /** Says the prompts one after another (a screen, then e.g. a device notice), after stopping what was playing. */
  sayPrompts(ids: PromptId[], lang: Lang, volume: number): void {
    this.stop();
    this.promptsStartedAt = this.seam.now();
    this.lastPrompts = ids;
    this.lastLang = lang;
    for (const id of ids) this.enqueue({ kind: 'prompt', id }, lang, volume);
  }

  /** 重听: the last prompts again. */
  repeat(volume: number): void {
    if (this.lastPrompts.length) this.sayPrompts(this.lastPrompts, this.lastLang, volume);
  }

  /**
   * Reads a control's accessible name (a label, never a value). It interrupts what is being said —
   * except a screen's prompt that has only just begun: focus that moves with a new screen or dialog
   * (an autofocused button) is read after the prompt instead of cutting it off.
   */
  sayLabel(text: string, lang: Lang, volume: number): void {
    const label = text.replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL_CHARS);
    if (!label) return;
    if (this.seam.now() - this.promptsStartedAt >= PROMPT_GRACE_MS) this.stop();
    this.enqueue({ kind: 'label', text: label }, lang, volume);
  }

  /**
   * Reads a longer text aloud in order (the 告知承诺书 before signing, issue 15): what was being said
   * stops, then each paragraph in pieces a label may hold, cut after punctuation where it can be.
   */
  sayText(paragraphs: readonly string[], lang: Lang, volume: number): void {
    this.stop();
    for (const p of paragraphs) for (const piece of textPieces(p)) this.enqueue({ kind: 'label', text: piece }, lang, volume);
  }

  /** Stops speech now (screen change, voice off, session end). */
  stop(): void {
    this.generation++;
    this.queue = [];
    if (this.current) {
      this.current.pause();
      this.current = null;
    }
    this.seam.synthesis?.cancel();
    this.note({ kind: 'stop', at: this.seam.now() });
  }

  private note(entry: VoiceLogEntry): void {
    this.log.push(entry);
    if (this.log.length > LOG_ENTRIES) this.log.splice(0, this.log.length - LOG_ENTRIES);
  }

  /** Applies a new volume to what is playing (the audio element); synthesis takes it from the next utterance. */
  setVolume(volume: number): void {
    if (this.current) this.current.volume = volume;
  }

  private enqueue(what: { kind: 'prompt'; id: PromptId } | { kind: 'label'; text: string }, lang: Lang, volume: number): void {
    const generation = this.generation;
    const run = () => {
      if (generation !== this.generation) return;
      const backend = this.backendFor(lang);
      this.note(what.kind === 'prompt' ? { kind: 'prompt', id: what.id, lang, backend, volume, at: this.seam.now() } : { kind: 'label', text: what.text, lang, backend, volume, at: this.seam.now() });
      if (backend === 'synthesis') {
        const text = what.kind === 'prompt' ? prompts[lang][what.id] : what.text;
        const utterance = this.seam.utterance(text, lang, this.voiceFor(lang), volume);
        this.seam.synthesis!.speak(utterance); // the synthesiser queues utterances itself
        this.next();
        return;
      }
      const url = what.kind === 'prompt' ? promptUrl(lang, what.id) : `/api/speech?lang=${lang}&text=${encodeURIComponent(what.text)}`;
      const audio = this.seam.audio(url);
      audio.volume = volume;
      this.current = audio;
      const advance = () => {
        if (this.current === audio) this.current = null;
        if (generation === this.generation) this.next();
      };
      audio.addEventListener('ended', advance, { once: true });
      // A missing file or a 503 from the bridge (no espeak-ng there): silence, and on to the next.
      audio.addEventListener('error', advance, { once: true });
      audio.play().catch(advance);
    };
    if (this.queue.length === 0 && !this.current) {
      this.queue.push(run);
      this.next();
    } else this.queue.push(run);
  }

  private next(): void {
    const run = this.queue.shift();
    run?.();
  }
}

/** A paragraph in pieces of at most MAX_LABEL_CHARS, cut after 。；，、.;, where possible. */
export function textPieces(paragraph: string): string[] {
  const out: string[] = [];
  let rest = paragraph.replace(/\s+/g, ' ').trim();
  while (rest.length > MAX_LABEL_CHARS) {
    const window = rest.slice(0, MAX_LABEL_CHARS);
    const cut = Math.max(...['。', '；', '，', '、', '. ', '; ', ', '].map((p) => window.lastIndexOf(p.trim()) + 1));
    const at = cut > MAX_LABEL_CHARS / 3 ? cut : MAX_LABEL_CHARS;
    out.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) out.push(rest);
  return out;
}

/** The engine on the real browser: window.speechSynthesis when it exists, <audio> elements. */
export function browserVoiceEngine(): VoiceEngine {
  const synthesis = typeof speechSynthesis === 'undefined' ? null : speechSynthesis;
  return new VoiceEngine({
    synthesis,
    utterance: (text, lang, voice, volume) => {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = utteranceLang[lang];
      if (voice) u.voice = voice as SpeechSynthesisVoice;
      u.volume = volume;
      u.rate = 0.9;
      return u;
    },
    audio: (url) => new Audio(url),
    now: () => performance.now(),
  });
}
