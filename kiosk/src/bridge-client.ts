/**
 * The kiosk's end of the one WebSocket to the device bridge. Incoming messages are checked against
 * the protocol schema (an off-schema message is reported and dropped, never half-used); requests
 * are correlated by id and time out; the socket reconnects by itself.
 *
 * The schema check (zod) is a separate chunk, fetched when the socket first connects: messages that
 * arrive before it is there wait, in order, and none is used unchecked.
 */
import type { BridgeMessage, ErrorBody, KioskRequest } from '../../core/protocol/messages';
import type { ParsedBridgeMessage } from './bridge-schema';

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;
export type RequestBody = DistributiveOmit<KioskRequest, 'id'>;
type Event = Exclude<BridgeMessage, { type: 'reply' }>;

export class BridgeError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

export const bridgeDelays = { REQUEST_TIMEOUT_MS: 20_000, RECONNECT_MS: 1000 };

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

  constructor(
    private readonly url: string,
    private readonly onEvent: (event: Event) => void,
    private readonly onConnection: (connected: boolean) => void = () => {},
  ) {}

  connect(): void {
    this.closed = false;
    void loadParse().catch(() => undefined);
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => this.onConnection(true);
    socket.onmessage = (e) => this.receive(String(e.data));
    socket.onclose = (e) => {
      this.onConnection(false);
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new BridgeError({ code: 'disconnected', message: 'connection to the terminal service lost' }));
        this.pending.delete(id);
      }
      // 4000: another kiosk page took over the bridge; two pages must not fight over one session.
      if (!this.closed && e.code !== 4000) setTimeout(() => this.connect(), bridgeDelays.RECONNECT_MS);
    };
  }

  close(): void {
    this.closed = true;
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
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.socket.send(JSON.stringify({ ...body, id }));
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
