/**
 * The bridge's side of issue 15 over the real WebSocket: handwriting recognised by the real zinnia
 * (bounded requests; strokes never in the log), and a card lying on the reader before the session
 * is delivered when the kiosk asks (`card.reread`, as 身份核验 does when it opens).
 */
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { kioskSocket } from '../support/kiosk-socket';
import type { Bridge } from '../../device-bridge/src/bridge';
import { inProcessBridge } from '../support/in-process-bridge';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';
import { createLogger } from '../../device-bridge/src/log';
import { api } from '../support/bridge-process';
import { penStrokes } from '../support/hanzi-strokes';

let logged = '';
const logger = createLogger({ destination: new Writable({ write: (chunk, _e, cb) => ((logged += chunk), cb()) }) });
type Event = { type: string; [k: string]: unknown };

async function open(bridge: Bridge) {
  const events: Event[] = [];
  const ws = kioskSocket(bridge.url, bridge.linkSecret);
  ws.on('message', (d) => events.push(JSON.parse(String(d)) as Event));
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let id = 1;
  const waitFor = async (pred: (e: Event) => boolean, timeout = 10_000) => {
    const start = Date.now();
    for (;;) {
      const found = events.find(pred);
      if (found) return found;
      if (Date.now() - start > timeout) throw new Error(`timed out; events: ${JSON.stringify(events.map((e) => e.type))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const request = async (body: Record<string, unknown>) => {
    const n = id++;
    ws.send(JSON.stringify({ ...body, id: n }));
    return (await waitFor((e) => e.type === 'reply' && e.id === n)) as unknown as { ok: boolean; result?: { candidates?: string[] }; error?: { code: string; path?: string } };
  };
  await waitFor((e) => e.type === 'hello');
  return { events, waitFor, request, close: () => ws.close() };
}

describe('handwriting and a card already on the reader, through the bridge', () => {
  const held = inProcessBridge(logger);
  let bridge: Bridge;
  beforeAll(() => {
    bridge = held.bridge;
  });

  it('recognises a handwritten character, refuses an unbounded one by its path, and logs no stroke', async () => {
    const k = await open(bridge);
    // Like every request but session.start/end, recognition belongs to a citizen session.
    expect((await k.request({ type: 'handwriting.recognise', character: { width: 300, height: 300, strokes: [[[1, 1]]] } })).error?.code).toBe('no-session');
    await k.request({ type: 'session.start' });
    const strokes = penStrokes('事', { size: 300, seed: 1, jitter: 2 })!;
    const r = await k.request({ type: 'handwriting.recognise', character: { width: 300, height: 300, strokes } });
    expect(r.ok).toBe(true);
    expect(r.result!.candidates![0]).toBe('事');
    expect(r.result!.candidates!.length).toBeLessThanOrEqual(10);
    const tooMany = await k.request({ type: 'handwriting.recognise', character: { width: 300, height: 300, strokes: Array.from({ length: 41 }, () => [[1, 1]]) } });
    expect(tooMany.error).toMatchObject({ code: 'bad-message', path: 'character.strokes' });
    const offPad = await k.request({ type: 'handwriting.recognise', character: { width: 300, height: 300, strokes: [[[5000, 1]]] } });
    expect(offPad.error?.code).toBe('bad-message');
    const first = strokes[0]!.slice(0, 3).map(([x, y]) => `[${x},${y}]`).join(',');
    expect(logged).not.toContain(first);
    expect(logged).not.toContain('"strokes"');
    k.close();
  });

  it('delivers the card lying on the reader since before the session when the kiosk asks', async () => {
    await api(bridge.url, 'DELETE', '/sim/id-card');
    const k = await open(bridge);
    expect((await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' })).status).toBe(200);
    // Read and ignored (no session yet): the reader reports the card present, the page gets nothing.
    await k.waitFor((e) => e.type === 'devices' && (e.devices as { idcard: { state: string } }).idcard.state === 'card-present');
    expect(k.events.some((e) => e.type === 'card.inserted')).toBe(false);
    expect((await k.request({ type: 'session.start' })).ok).toBe(true);
    expect((await k.request({ type: 'card.reread' })).ok).toBe(true);
    const card = (await k.waitFor((e) => e.type === 'card.inserted')) as unknown as { identity: { idNumber: string } };
    expect(card.identity.idNumber).toBe(identityPresets.resident.idNumber);
    k.close();
  });
});
