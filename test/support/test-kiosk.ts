/**
 * A kiosk-side WebSocket client for integration tests: it collects the bridge's events and
 * correlates replies, as the kiosk page's bridge client does.
 */
import WebSocket from 'ws';
import { kioskSocket, testLinkSecret } from './kiosk-socket';

export type BridgeEvent = { type: string; [k: string]: any };
export type Reply = { ok: boolean; result?: any; error?: { code: string; message: string; path?: string } };

export class TestKiosk {
  readonly events: BridgeEvent[] = [];
  private nextId = 1;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.events.push(JSON.parse(String(d))));
  }

  /** Connects to the bridge at `url` (its http:// address) with its link secret and waits for the hello. */
  static async open(url: string, secret: string = testLinkSecret): Promise<TestKiosk> {
    const ws = kioskSocket(url, secret);
    const kiosk = new TestKiosk(ws);
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    await kiosk.waitFor((e) => e.type === 'hello');
    return kiosk;
  }

  async waitFor(pred: (e: BridgeEvent) => boolean, timeout = 8000): Promise<BridgeEvent> {
    const start = Date.now();
    for (;;) {
      const found = this.events.find(pred);
      if (found) return found;
      if (Date.now() - start > timeout) throw new Error(`timed out; events: ${JSON.stringify(this.events.map((e) => e.type))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async request(body: Record<string, unknown>): Promise<Reply> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ ...body, id }));
    return (await this.waitFor((e) => e.type === 'reply' && e.id === id)) as unknown as Reply;
  }

  /** Resolves when the bridge has closed or the socket is gone. */
  close(): Promise<void> {
    return new Promise((r) => {
      if (this.ws.readyState === WebSocket.CLOSED) return r();
      this.ws.once('close', () => r());
      this.ws.close();
    });
  }
}
