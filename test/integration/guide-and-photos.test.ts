/**
 * The bridge's side of issue 3 on the kiosk: 打印办事指南 over the WebSocket reaches the (simulated)
 * receipt printer as real ESC/POS bytes; material photos ride on the submission, are checked against
 * the composition the bridge re-runs, and reach the platform — never the log.
 */
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { compose } from '../../core/catalog/compose';
import { cardValuesOf } from '../../core/catalog/card-values';
import { readdirSync, readFileSync } from 'node:fs';
import { WorkingCalendarData } from '../../core/calendar/schema';
import { makeCalendar, shanghaiDate } from '../../core/calendar/working-days';
import type { Bridge } from '../../device-bridge/src/bridge';
import { inProcessBridge } from '../support/in-process-bridge';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';
import { createLogger } from '../../device-bridge/src/log';
import { api, root } from '../support/bridge-process';
import { kioskSocket } from '../support/kiosk-socket';

let logged = '';
const calendarDir = resolve(root, 'config/calendar');
const calendarFile = readdirSync(calendarDir).filter((f) => f.endsWith('.json')).sort().at(-1)!;
const calendar = makeCalendar(WorkingCalendarData.parse(JSON.parse(readFileSync(resolve(calendarDir, calendarFile), 'utf8'))));
const logger = createLogger({ destination: new Writable({ write: (chunk, _e, cb) => ((logged += chunk), cb()) }) });

type Event = { type: string; [k: string]: any };

async function open(bridge: Bridge) {
  const ws = kioskSocket(bridge.url, bridge.linkSecret);
  const events: Event[] = [];
  ws.on('message', (d) => events.push(JSON.parse(String(d))));
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let nextId = 1;
  const waitFor = async (pred: (e: Event) => boolean) => {
    for (let i = 0; i < 500; i++) {
      const found = events.find(pred);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out; events: ${events.map((e) => e.type).join(',')}`);
  };
  const request = async (body: Record<string, unknown>) => {
    const id = nextId++;
    ws.send(JSON.stringify({ ...body, id }));
    return (await waitFor((e) => e.type === 'reply' && e.id === id)) as unknown as { ok: boolean; result?: any; error?: { code: string; path?: string; message: string } };
  };
  return { ws, events, waitFor, request };
}

interface Job {
  text: string;
  complete: boolean;
  qrCodes: string[];
}

// A tiny but real JPEG header followed by filler: the bridge checks the JPEG signature.
const jpeg = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 9)]).toString('base64')}`;

describe('guide printing and material photos at the bridge', () => {
  const held = inProcessBridge(logger);
  let bridge: Bridge;
  beforeAll(() => {
    bridge = held.bridge;
  });

  it('prints the guide of a bundle with a QR code to its guide page, without a login', async () => {
    await api(bridge.url, 'DELETE', '/sim/printer/jobs');
    const kiosk = await open(bridge);
    const hello = await kiosk.waitFor((e) => e.type === 'hello');
    expect(hello.terminal.guideBaseUrl).toBe('https://zwfw.example.gov.cn/guide');
    // No card needed, but a session: the printer is not for anyone who reaches the socket.
    expect((await kiosk.request({ type: 'session.start' })).ok).toBe(true);
    const r = await kiosk.request({ type: 'guide.print', guide: { kind: 'bundle', code: 'enterprise-start' } });
    expect(r).toMatchObject({ ok: true, result: { printed: true } });
    const { body } = await api<{ jobs: Job[] }>(bridge.url, 'GET', '/sim/printer/jobs');
    expect(body.jobs).toHaveLength(1);
    const job = body.jobs[0]!;
    expect(job.complete).toBe(true);
    expect(job.text).toContain('办事指南');
    expect(job.text).toContain('企业设立登记');
    expect(job.text).toContain('申请材料');
    expect(job.qrCodes).toEqual(['https://zwfw.example.gov.cn/guide?bundle=enterprise-start']);

    const unknown = await kiosk.request({ type: 'guide.print', guide: { kind: 'item', code: 'nope' } });
    expect(unknown.error).toMatchObject({ code: 'unknown-guide', path: 'guide.code' });
    const bad = await kiosk.request({ type: 'guide.print', guide: { kind: 'law', code: 'x' } });
    expect(bad.error).toMatchObject({ code: 'bad-message', path: 'guide.kind' });

    // Paper out: not printed, with the reason (the kiosk offers the QR code instead).
    await api(bridge.url, 'POST', '/sim/printer/state', { paper: 'out' });
    const out = await kiosk.request({ type: 'guide.print', guide: { kind: 'item', code: '440000-SC-0701' } });
    expect(out.result).toMatchObject({ printed: false });
    await api(bridge.url, 'POST', '/sim/printer/state', { paper: 'ok' });
    kiosk.ws.close();
  });

  it('attaches photos of the paper materials still needed, and refuses photos of anything else', async () => {
    const kiosk = await open(bridge);
    await kiosk.waitFor((e) => e.type === 'hello');
    await kiosk.request({ type: 'session.start' });
    await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' });
    const card = await kiosk.waitFor((e) => e.type === 'card.inserted');
    expect((await kiosk.request({ type: 'face.verify', frame: jpeg })).ok).toBe(true);

    // The kiosk's own view of the application: which materials it would ask the citizen to photograph.
    const catalog = bridge.catalog.current()!;
    const bundle = catalog.bundles.find((b) => b.code === 'enterprise-start')!;
    const answers = Object.fromEntries(bundle.questions.map((q) => [q.id, q.options[0]!.value]));
    const items = bundle.items.map((bi) => bi.item);
    const composed = compose(catalog, 'enterprise-start', items, { card: cardValuesOf(identityPresets.resident), shared: card.known.shared, eLicences: card.known.eLicences }, shanghaiDate(new Date()), calendar, answers);
    if (!composed.ok) throw new Error(JSON.stringify(composed.error));
    const values = Object.fromEntries(
      composed.value.fields.filter((f) => f.editable).map((f) => [f.field.key, f.value ?? (f.field.type === 'select' ? f.field.options![0]!.value : sampleValue(f.field.type, f.field.pattern))]),
    );
    const toPhotograph = composed.value.toBring.filter((m) => m.photograph);
    expect(toPhotograph.length).toBeGreaterThan(0);
    const covered = composed.value.materials.find((m) => m.covered);
    const base = { type: 'submit', bundle: 'enterprise-start', items, answers, values, delivery: { method: 'pickup' } };

    if (covered) {
      const r = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), photos: [{ material: covered.material.code, jpeg }] });
      expect(r.error).toMatchObject({ code: 'unexpected-photo', path: 'photos[0].material' });
    }
    const twice = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), photos: [{ material: toPhotograph[0]!.material.code, jpeg }, { material: toPhotograph[0]!.material.code, jpeg }] });
    expect(twice.error?.code).toBe('duplicate-photo');
    const notJpeg = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), photos: [{ material: toPhotograph[0]!.material.code, jpeg: 'data:image/jpeg;base64,iVBORw0KGgo=' }] });
    expect(notJpeg.error).toMatchObject({ code: 'bad-photo', path: 'photos[0].jpeg' });
    const tooBig = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), photos: [{ material: toPhotograph[0]!.material.code, jpeg: jpeg + 'A'.repeat(400_000) }] });
    expect(tooBig.error).toMatchObject({ code: 'bad-message', path: 'photos[0].jpeg' });

    const ok = await kiosk.request({ ...base, idempotencyKey: crypto.randomUUID(), photos: [{ material: toPhotograph[0]!.material.code, jpeg }] });
    expect(ok.error).toBeUndefined();
    // Committed to the durable outbox (sealed) with the answers and the photo bytes (issue 5).
    const entry = bridge.outbox.get(bridge.outbox.keyOfReference(ok.result.acceptanceNumber)!)!;
    const app = entry.payload.kind === 'submission' ? entry.payload : (null as never);
    expect(app.submission.answers).toEqual(answers);
    expect(app.submission.attachments).toHaveLength(1);
    expect(app.submission.attachments![0]!.material).toBe(toPhotograph[0]!.material.code);
    expect([...app.submission.attachments![0]!.jpeg.slice(0, 2)]).toEqual([0xff, 0xd8]);
    await bridge.worker.drained();
    expect(bridge.localPlatform!.received().some((r) => r.acceptanceNumber === ok.result.acceptanceNumber)).toBe(true);
    // Photos never reach the log.
    expect(logged).not.toContain(jpeg.slice(30, 80));
    kiosk.ws.close();
  });
});

/** A value that passes the field's own pattern (numbers for amounts and counts). */
function sampleValue(type: string, pattern?: string): string {
  if (pattern && new RegExp(pattern).test('10')) return '10';
  switch (type) {
    case 'phone':
      return '13800138000';
    case 'date':
      return '2026-01-05';
    case 'bankAccount':
      return '6222020200112233445';
    default:
      return '示例';
  }
}
