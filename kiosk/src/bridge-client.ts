/**
 * The kiosk's end of the one WebSocket to the device bridge. Incoming messages are checked against
 * the protocol schema (an off-schema message is reported and dropped, never half-used); requests
 * are correlated by id and time out; the socket reconnects by itself after any close — a dropped
 * connection (1006), a configuration reload (4001), even being replaced (4000) — with capped,
 * jittered backoff, and the page shows its connecting state meanwhile (it is never reloaded).
 * A message larger than the link's limit is refused here, before it would close the connection.
 *
 * The schema check (zod) is a separate chunk, fetched when the socket first connects: messages that
 * arrive before it is there wait, in order, and none is used unchecked.
 */
import type { BridgeMessage, ErrorBody, KioskRequest } from '../../core/protocol/messages';
import type { ParsedBridgeMessage } from './bridge-schema';
import { MAX_MESSAGE_BYTES } from '../../core/protocol/photo-limits';

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;
export type RequestBody = DistributiveOmit<KioskRequest, 'id'>;
type Event = Exclude<BridgeMessage, { type: 'reply' }>;

export class BridgeError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

export const bridgeDelays = { REQUEST_TIMEOUT_MS: 20_000, RECONNECT_MS: 1000, RECONNECT_MAX_MS: 15_000, STABLE_MS: 10_000 };

/**
 * The wait before reconnect attempt `attempt` (0 = the first after a close): RECONNECT_MS doubling
 * per failed attempt up to RECONNECT_MAX_MS, each drawn from 50–100 % of that (jitter, so pages and
 * restarts do not step in lockstep).
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(bridgeDelays.RECONNECT_MAX_MS, bridgeDelays.RECONNECT_MS * 2 ** Math.min(Math.max(0, attempt), 16));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

/** UTF-8 length of a string, without encoding it when it is clearly small. */
const utf8Length = (text: string) => (text.length * 3 <= MAX_MESSAGE_BYTES ? text.length : new TextEncoder().encode(text).length);

type Parse = (json: unknown) => ParsedBridgeMessage;
let parse: Parse | null = null;
let parseLoading: Promise<Parse> | null = null;
/** The schema check, imported once; a failed fetch is tried again on the next call. */
function loadParse(): Promise<Parse> {
  return (parseLoading ??= import('./bridge-schema').then(
    (m) => (parse = m.parseBridgeMessage),
    (e: unknown) => {
      parseLoading = null;
      throw e;
    },
  ));
}

export class BridgeClient {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private closed = false;
  /** Messages received before the schema check loaded, in order of arrival. */
  private backlog: string[] | null = null;
  /** Reconnect attempts since the last connection that stayed up (STABLE_MS). */
  private attempts = 0;
  private openedAt: number | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly url: string,
    private readonly onEvent: (event: Event) => void,
    private readonly onConnection: (connected: boolean) => void = () => {},
  ) {}

  connect(): void {
    this.closed = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    void loadParse().catch(() => undefined);
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.openedAt = Date.now();
      this.onConnection(true);
    };
    socket.onmessage = (e) => this.receive(String(e.data));
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.onConnection(false);
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new BridgeError({ code: 'disconnected', message: 'connection to the terminal service lost' }));
        this.pending.delete(id);
      }
      // Every close is followed by a reconnect (4000 too: the bridge only lets the kiosk's own page in,
      // so whoever replaced it is gone soon). Quick closes back off; a connection that lasted starts over.
      if (this.openedAt !== null && Date.now() - this.openedAt >= bridgeDelays.STABLE_MS) this.attempts = 0;
      this.openedAt = null;
      if (this.closed) return;
      this.retry = setTimeout(() => this.connect(), reconnectDelay(this.attempts));
      this.attempts += 1;
    };
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.socket?.close();
  }

  request<T = unknown>(body: RequestBody): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
        reject(new BridgeError({ code: 'disconnected', message: 'not connected to the terminal service' }));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BridgeError({ code: 'timeout', message: 'the terminal service did not answer' }));
      }, bridgeDelays.REQUEST_TIMEOUT_MS);
      const text = JSON.stringify({ ...body, id });
      if (utf8Length(text) > MAX_MESSAGE_BYTES) {
        // The bridge would close the connection (1009) and end the session: refuse it here instead.
        reject(new BridgeError({ code: 'too-large', message: 'the request is larger than the terminal service accepts' }));
        return;
      }
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.socket.send(text);
    });
  }

  private receive(text: string): void {
    if (parse && !this.backlog) {
      this.handle(text, parse);
      return;
    }
    if (this.backlog) {
      this.backlog.push(text);
      return;
    }
    this.backlog = [text];
    this.drainWhenLoaded();
  }

  private drainWhenLoaded(): void {
    loadParse().then(
      (p) => {
        const backlog = this.backlog ?? [];
        this.backlog = null;
        for (const text of backlog) this.handle(text, p);
      },
      () => {
        console.warn('could not load the bridge message schema; trying again');
        setTimeout(() => this.drainWhenLoaded(), bridgeDelays.RECONNECT_MS);
      },
    );
  }

  private handle(text: string, parse: Parse): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      console.warn('bridge sent a message that is not JSON');
      return;
    }
    const parsed = parse(json);
    if (!parsed.ok) {
      console.warn('bridge message off schema', parsed.path);
      return;
    }
    const message = parsed.message;
    if (message.type === 'reply') {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.ok) p.resolve(message.result);
      else p.reject(new BridgeError(message.error ?? { code: 'unknown', message: 'request failed' }));
      return;
    }
    this.onEvent(message);
  }
}
