/**
 * GET /api/speech?lang=zh|en|ug&text=… → audio/wav: a control's name spoken by espeak-ng, for the
 * kiosk's voice fallback when the browser has no voice and the name is not a pre-rendered prompt
 * (catalog names, for instance). Rules:
 *  - the text is a control's label (the kiosk never sends values); at most MAX_SPEECH_CHARS
 *    characters, no control characters; anything else is a 400 that says what is wrong;
 *  - the text is never logged, never written to disk, and is not a cache key (its SHA-256 is);
 *    it reaches espeak-ng on stdin, not on the command line;
 *  - renders run one at a time, recent ones are cached in memory (LRU); at most MAX_PENDING_RENDERS
 *    wait (the one running included): beyond that the answer is 503 with Retry-After, so a burst
 *    of requests cannot queue work (and memory) without bound;
 *  - without espeak-ng the answer is 503 and the kiosk stays silent for that control.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../log';
import { sendError } from '../http/app';
import { renderWithEspeak, type SpeechLang } from './espeak';

export const MAX_SPEECH_CHARS = 80;
/** Renders running or waiting at once; one more is refused with 503. */
export const MAX_PENDING_RENDERS = 4;
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export interface SpeechStats {
  renders: number;
  hits: number;
}

export class SpeechRoute {
  private readonly cache = new Map<string, Uint8Array>();
  private chain: Promise<unknown> = Promise.resolve();
  private pending = 0;
  /** Until when espeak-ng is taken as missing (checked again after a minute: it may be installed). */
  private missingUntil = 0;
  readonly stats: SpeechStats & { busy: number; maxPending: number } = { renders: 0, hits: 0, busy: 0, maxPending: 0 };

  constructor(
    private readonly options: { logger: Logger; binary?: string; cacheEntries?: number; now?: () => number },
  ) {}

  async handle(req: FastifyRequest, res: FastifyReply): Promise<FastifyReply> {
    const query = req.query as Record<string, unknown>;
    const lang = typeof query.lang === 'string' ? query.lang : null;
    const text = (typeof query.text === 'string' ? query.text : '').trim();
    if (lang !== 'zh' && lang !== 'en' && lang !== 'ug') return sendError(res, 400, 'lang must be zh, en or ug', 'lang');
    if (!text) return sendError(res, 400, 'text is required (a control label)', 'text');
    if ([...text].length > MAX_SPEECH_CHARS) return sendError(res, 400, `text is longer than ${MAX_SPEECH_CHARS} characters`, 'text');
    if (CONTROL_CHARS.test(text)) return sendError(res, 400, 'text contains control characters', 'text');

    const now = this.options.now?.() ?? Date.now();
    if (now < this.missingUntil) return sendError(res, 503, 'espeak-ng is not installed on this terminal: no spoken labels');
    const key = createHash('sha256').update(`${lang}\u0000${text}`).digest('hex');
    let wav = this.cache.get(key);
    const hit = wav !== undefined;
    if (wav) {
      this.stats.hits++;
      this.cache.delete(key); // most recently used last
      this.cache.set(key, wav);
    } else {
      if (this.pending >= MAX_PENDING_RENDERS) {
        this.stats.busy++;
        res.header('retry-after', '1');
        return sendError(res, 503, 'speech is busy: try again in a moment');
      }
      const result = await this.serially(() => renderWithEspeak(lang as SpeechLang, text, { ...(this.options.binary ? { binary: this.options.binary } : {}), timeoutMs: 5000 }));
      if (!result.ok) {
        // The text stays out of the log: only what failed and how long the label was.
        this.options.logger.warn({ lang, chars: [...text].length, kind: result.error.kind, err: result.error.message }, 'speech: rendering failed');
        if (result.error.kind === 'missing') {
          this.missingUntil = now + 60_000;
          return sendError(res, 503, 'espeak-ng is not installed on this terminal: no spoken labels');
        }
        return sendError(res, 500, 'speech could not be rendered');
      }
      wav = result.value;
      this.stats.renders++;
      this.cache.set(key, wav);
      while (this.cache.size > (this.options.cacheEntries ?? 200)) this.cache.delete(this.cache.keys().next().value!);
    }
    return res.headers({ 'content-type': 'audio/wav', 'cache-control': 'no-store', 'x-speech-cache': hit ? 'hit' : 'miss' }).send(Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength));
  }

  /** One espeak-ng at a time: two cores, and the kiosk only ever needs the latest label. */
  private serially<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    this.stats.maxPending = Math.max(this.stats.maxPending, this.pending);
    const run = this.chain.then(task, task).finally(() => this.pending--);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
