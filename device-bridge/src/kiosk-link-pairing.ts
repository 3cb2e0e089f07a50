/**
 * Pairing a browser the bridge did not launch (a developer's `npm start` without a display, or
 * `browser.launch: never`): the bridge prints a one-time code on stdout — and nowhere else, never in
 * the log — and serves `/pair`, where typing the code sets the `kiosk_link` cookie in that browser.
 * The code works once; wrong codes are rate-limited (5 a minute) and after 20 wrong ones pairing is
 * off until the bridge restarts. With a browser the bridge launches, pairing is never enabled.
 *
 * No I/O here: the HTTP layer calls `page()` and `attempt()` and writes what they return.
 */
import { randomInt } from 'node:crypto';
import { linkCookieHeader, secretsEqual } from './kiosk-link-auth';

export const pairingLimits = { PER_MINUTE: 5, WRONG_BEFORE_OFF: 20, CODE_DIGITS: 8 };

export type PairingOutcome =
  | { ok: true; setCookie: string }
  | { ok: false; status: 403 | 404 | 429; reason: 'off' | 'used' | 'rate-limited' | 'wrong' };

export class KioskPairing {
  private code: string | null = null;
  private used = false;
  private wrong = 0;
  private recent: number[] = [];

  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Turns pairing on with a fresh code and returns it, for the caller to print on stdout only. */
  start(): string {
    this.code = String(randomInt(0, 10 ** pairingLimits.CODE_DIGITS)).padStart(pairingLimits.CODE_DIGITS, '0');
    this.used = false;
    this.wrong = 0;
    this.recent = [];
    return this.code;
  }

  get enabled(): boolean {
    return this.code !== null || this.used;
  }

  attempt(input: string): PairingOutcome {
    if (this.used) return { ok: false, status: 403, reason: 'used' };
    if (this.code === null) return { ok: false, status: 404, reason: 'off' };
    const t = this.now();
    this.recent = this.recent.filter((at) => t - at < 60_000);
    if (this.recent.length >= pairingLimits.PER_MINUTE) return { ok: false, status: 429, reason: 'rate-limited' };
    this.recent.push(t);
    if (!secretsEqual(input.replace(/\s+/g, ''), this.code)) {
      this.wrong += 1;
      if (this.wrong >= pairingLimits.WRONG_BEFORE_OFF) this.code = null;
      return { ok: false, status: 403, reason: 'wrong' };
    }
    this.code = null;
    this.used = true;
    return { ok: true, setCookie: linkCookieHeader(this.secret) };
  }

  /** The /pair page: a plain form, no script. `outcome` of the last attempt, if any. */
  page(outcome?: PairingOutcome): string {
    const note = !outcome
      ? ''
      : outcome.ok
        ? ''
        : {
            off: '配对未开启 / Pairing is off (the bridge launched the kiosk browser itself, or too many wrong codes: restart the bridge)',
            used: '配对码已使用 / The pairing code was used already: restart the bridge for a new one',
            'rate-limited': '尝试过多，请一分钟后再试 / Too many tries: wait a minute',
            wrong: '配对码不正确 / Wrong pairing code',
          }[outcome.reason];
    return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>终端配对 / Pair this browser</title>
<style>body{font:20px system-ui,sans-serif;margin:3em auto;max-width:36em}input,button{font-size:1.2em}</style></head>
<body><h1>终端配对 / Pair this browser</h1>
<p>输入终端服务在控制台打印的配对码，本浏览器即可作为自助终端页面。<br>Type the pairing code the bridge printed on its console; this browser then becomes the kiosk page.</p>
${note ? `<p role="alert">${note}</p>` : ''}
<form method="post" action="/pair"><label>配对码 / Code <input name="code" inputmode="numeric" autocomplete="off" maxlength="16" required></label> <button type="submit">配对 / Pair</button></form>
</body></html>`;
  }
}

/** `code=…` from an application/x-www-form-urlencoded body (at most 1 kB is read by the caller). */
export const pairingCodeFromForm = (body: string): string => new URLSearchParams(body).get('code') ?? '';
