/**
 * The kiosk link against hostile input (issue 14), on the real bridge process: only a client with
 * the bridge's `kiosk_link` cookie and the bridge's own Origin becomes the kiosk; malformed frames
 * close that one connection with a protocol error and the process stays up; the frame limit lets the
 * largest legal submission through and refuses one byte more; a replaced connection hands nothing
 * of the citizen to the new one; help calls and guide prints need a session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KioskRequest, MAX_MESSAGE_BYTES } from '../../core/protocol/messages';
import { showBridgeLogOnFailure } from '../support/bridge-log';
import { api, startBridge, type RunningBridge } from '../support/bridge-process';
import { closeCodeIn, frame, kioskSocket, rawKioskSocket, readUntilClosed, wsUrl } from '../support/kiosk-socket';
import { maximalSubmission } from '../support/maximal-submission';

type Event = { type: string; [k: string]: any };

/** A kiosk client over `ws` that collects events and correlates replies. */
async function openKiosk(url: string, secret?: string) {
  const ws = kioskSocket(url, secret);
  const events: Event[] = [];
  let closed: { code: number } | null = null;
  ws.on('message', (d) => events.push(JSON.parse(String(d))));
  ws.on('close', (code) => (closed = { code }));
  ws.on('error', () => undefined);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let nextId = 1;
  const waitFor = async (pred: (e: Event) => boolean, what = 'event') => {
    for (let i = 0; i < 1500; i++) {
      const found = events.find(pred);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${what}; events: ${events.map((e) => e.type).join(',')}`);
  };
  const request = async (body: Record<string, unknown>) => {
    const id = nextId++;
    ws.send(JSON.stringify({ ...body, id }));
    return (await waitFor((e) => e.type === 'reply' && e.id === id, `reply ${id}`)) as unknown as { ok: boolean; result?: any; error?: { code: string; path?: string } };
  };
  const closedWith = async () => {
    for (let i = 0; i < 1500 && !closed; i++) await new Promise((r) => setTimeout(r, 10));
    return (closed as { code: number } | null)?.code ?? null;
  };
  await waitFor((e) => e.type === 'hello', 'hello');
  return { ws, events, waitFor, request, closedWith };
}

/** The status of a WebSocket upgrade with these headers (null removes a header). */
async function upgradeStatus(url: string, headers: Record<string, string | null>): Promise<number> {
  const { socket, status } = await rawKioskSocket(url, headers);
  socket.destroy();
  return status;
}

describe('the kiosk link under hostile input', () => {
  let bridge: RunningBridge;
  showBridgeLogOnFailure(() => bridge);
  beforeAll(async () => {
    bridge = await startBridge();
  });
  afterAll(async () => {
    await bridge?.stop();
  });

  const stillUp = async () => {
    expect(bridge.process.exitCode).toBeNull();
    expect(bridge.process.signalCode).toBeNull();
    const health = await api<{ status: string }>(bridge.url, 'GET', '/healthz');
    expect(health.status).toBe(200);
  };

  it('refuses, before the upgrade, a client without the kiosk cookie or without the bridge’s Origin', async () => {
    expect(await upgradeStatus(bridge.url, {})).toBe(101);
    expect(await upgradeStatus(bridge.url, { Origin: null })).toBe(403);
    expect(await upgradeStatus(bridge.url, { Cookie: null })).toBe(403);
    expect(await upgradeStatus(bridge.url, { Cookie: 'kiosk_link=guessed' })).toBe(403);
    expect(await upgradeStatus(bridge.url, { Cookie: `other=1; kiosk_link=${bridge.linkSecret}x` })).toBe(403);
    expect(await upgradeStatus(bridge.url, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(bridge.url, { Origin: 'null' })).toBe(403);
    // A refused client never replaced anything: the `ws` package without cookie or Origin is refused too.
    const intruder = new WebSocket(wsUrl(bridge.url));
    intruder.on('error', () => undefined);
    const refused = await new Promise<string>((r) => (intruder.once('unexpected-response', (_req, res) => r(String(res.statusCode))), intruder.once('open', () => r('open'))));
    expect(refused).toBe('403');
    intruder.terminate();
  });

  it('never lets a refused client see a citizen, and keeps the kiosk’s session', async () => {
    const kiosk = await openKiosk(bridge.url);
    expect((await kiosk.request({ type: 'session.start' })).ok).toBe(true);
    // A local process without the cookie tries to take the kiosk's place.
    const intruder = new WebSocket(wsUrl(bridge.url), { origin: new URL(bridge.url).origin });
    const seen: string[] = [];
    intruder.on('message', (d) => seen.push(String(d)));
    intruder.on('error', () => undefined);
    await new Promise((r) => (intruder.once('close', r), setTimeout(r, 3000)));
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' });
    const inserted = await kiosk.waitFor((e) => e.type === 'card.inserted', 'card.inserted');
    expect(inserted.identity.name).toBeTruthy();
    expect(seen).toEqual([]);
    expect(kiosk.ws.readyState).toBe(WebSocket.OPEN);
    await kiosk.request({ type: 'session.end', reason: 'exit' });
    kiosk.ws.close();
  });

  const malformed: [string, () => Buffer, number][] = [
    ['an unmasked client frame', () => frame(0x1, Buffer.from('{"type":"session.start","id":1}'), { mask: false }), 1002],
    ['text that is not UTF-8', () => frame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 1007],
    ['a reserved bit', () => frame(0x1, Buffer.from('{}'), { rsv: 0b010 }), 1002],
    ['an unknown opcode', () => frame(0x3, Buffer.from('{}')), 1002],
    ['a 2 GB length', () => frame(0x1, Buffer.alloc(0), { length: 2n ** 31n }), 1009],
    ['a continuation frame with nothing to continue', () => frame(0x0, Buffer.from('x')), 1002],
    ['a fragmented control frame', () => frame(0x9, Buffer.from('ping'), { fin: false }), 1002],
    ['a 6 MB frame', () => frame(0x1, Buffer.alloc(6_000_001, 0x20)), 1009],
  ];
  for (const [what, bytes, code] of malformed) {
    it(`closes the connection that sends ${what} with ${code}, and the bridge stays up`, async () => {
      const { socket, status, rest } = await rawKioskSocket(bridge.url);
      expect(status).toBe(101);
      socket.write(bytes());
      const { bytes: read, closed } = await readUntilClosed(socket, rest);
      socket.destroy();
      expect(closed).toBe(true);
      expect(closeCodeIn(read)).toBe(code);
      await stillUp();
      // The next kiosk connection works as before.
      const kiosk = await openKiosk(bridge.url);
      expect((await kiosk.request({ type: 'session.start' })).ok).toBe(true);
      kiosk.ws.close();
    });
  }

  it('takes the largest legal submission in one frame, and refuses one byte more with 1009', async () => {
    const max = maximalSubmission();
    expect(KioskRequest.safeParse(max).success).toBe(true);
    const text = JSON.stringify(max);
    const bytes = Buffer.byteLength(text);
    expect(bytes).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    // Padded with JSON whitespace to exactly the limit: still one legal message.
    const atLimit = text + ' '.repeat(MAX_MESSAGE_BYTES - bytes);
    const kiosk = await openKiosk(bridge.url);
    expect((await kiosk.request({ type: 'session.start' })).ok).toBe(true);
    kiosk.ws.send(atLimit);
    const reply = await kiosk.waitFor((e) => e.type === 'reply' && e.id === max.id, 'reply to the maximal submission');
    // Checked by the schema and handed to the submission service (no card read, so refused there).
    expect(reply.error?.code).not.toBe('bad-message');
    expect(reply.error?.code).toBe('not-identified');
    kiosk.ws.send(`${atLimit} `);
    expect(await kiosk.closedWith()).toBe(1009);
    await stillUp();
  });

  it('hands nothing of the citizen to a new connection: the old one is closed (4000) and the session wiped first', async () => {
    const first = await openKiosk(bridge.url);
    expect((await first.request({ type: 'session.start' })).ok).toBe(true);
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' });
    const inserted = await first.waitFor((e) => e.type === 'card.inserted', 'card.inserted');
    const second = await openKiosk(bridge.url);
    expect(await first.closedWith()).toBe(4000);
    const text = JSON.stringify(second.events);
    expect(text).not.toContain(inserted.identity.idNumber);
    expect(text).not.toContain(inserted.identity.name);
    // The session went with the old connection: the new one is not identified and gets no card.
    const progress = await second.request({ type: 'progress.query', by: { kind: 'applicant' } });
    expect(progress.error?.code).toBe('no-session');
    expect((await second.request({ type: 'session.start' })).ok).toBe(true);
    const again = await second.request({ type: 'progress.query', by: { kind: 'applicant' } });
    expect(again.error?.code).toBe('not-identified');
    expect(second.events.some((e) => e.type === 'card.inserted')).toBe(false);
    const health = await api<{ kiosk: { sessionActive: boolean } }>(bridge.url, 'GET', '/healthz');
    expect(health.body.kiosk.sessionActive).toBe(true);
    await second.request({ type: 'session.end', reason: 'exit' });
    second.ws.close();
  });

  it('places help calls, prints guides and takes ratings only during a session', async () => {
    const kiosk = await openKiosk(bridge.url);
    const help = await kiosk.request({ type: 'help.call', context: 'home' });
    expect(help).toMatchObject({ ok: false, error: { code: 'no-session' } });
    const guide = await kiosk.request({ type: 'guide.print', guide: { kind: 'bundle', code: 'newborn' } });
    expect(guide).toMatchObject({ ok: false, error: { code: 'no-session' } });
    const notice = await kiosk.request({ type: 'notice.print', bundle: 'newborn', items: ['440000-WJ-0101'] });
    expect(notice).toMatchObject({ ok: false, error: { code: 'no-session' } });
    const rating = await kiosk.request({ type: 'rating.submit', acceptanceNumber: null, level: 5, reasons: [] });
    expect(rating).toMatchObject({ ok: false, error: { code: 'no-session' } });
    expect((await kiosk.request({ type: 'session.start' })).ok).toBe(true);
    expect((await kiosk.request({ type: 'help.call', context: 'home' })).ok).toBe(true);
    expect((await kiosk.request({ type: 'guide.print', guide: { kind: 'bundle', code: 'newborn' } })).ok).toBe(true);
    await kiosk.request({ type: 'session.end', reason: 'exit' });
    kiosk.ws.close();
  });

  it('pairs a browser the bridge did not launch with the one-time code it printed on stdout (/pair)', async () => {
    const code = /Pairing: open \S+pair and type (\d{8})/.exec(bridge.output())?.[1];
    expect(code).toBeDefined();
    // On stdout's banner only: never in a log line.
    expect(bridge.output().split('\n').filter((l) => l.includes(code!))).toHaveLength(1);
    expect(bridge.output().split('\n').filter((l) => l.startsWith('{') && l.includes(code!))).toEqual([]);
    const page = await fetch(new URL('/pair', bridge.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('终端配对');
    const post = (body: string, origin: string | null = new URL(bridge.url).origin) =>
      fetch(new URL('/pair', bridge.url), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) }, body });
    expect((await post(`code=${code}`, null)).status).toBe(403);
    expect((await post(`code=${code}`, 'http://evil.example')).status).toBe(403);
    const wrong = await post(`code=${code === '00000000' ? '00000001' : '00000000'}`);
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const paired = await post(`code=${code}`);
    expect(paired.status).toBe(303);
    const cookie = paired.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^kiosk_link=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    // The cookie makes a kiosk connection; the code does not work twice.
    const value = /^kiosk_link=([^;]+)/.exec(cookie)![1]!;
    const kiosk = await openKiosk(bridge.url, value);
    kiosk.ws.close();
    expect((await post(`code=${code}`)).status).toBe(403);
  });
});
