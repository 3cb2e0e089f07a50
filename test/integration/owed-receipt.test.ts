/**
 * Issue 15 at the bridge, over its real WebSocket and simulated printer: the 一次性告知书 of a bundle
 * with 情形 questions prints (the answers reach the bridge); a submission accepted without its
 * required materials gets a receipt in the session's language that follows the delivery chosen and
 * lists what is owed, and 进度查询 lists the same.
 */
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { kioskSocket } from '../support/kiosk-socket';
import type { Bridge } from '../../device-bridge/src/bridge';
import { inProcessBridge } from '../support/in-process-bridge';
import { createLogger } from '../../device-bridge/src/log';
import { api } from '../support/bridge-process';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';
import { compose } from '../../core/catalog/compose';
import { cardValuesOf } from '../../core/catalog/card-values';
import { shanghaiDate } from '../../core/calendar/working-days';
import { loadSampleCalendar, loadSampleCatalog } from '../support/sample-catalog';

type Reply = { ok: boolean; result?: any; error?: { code: string; message: string; path?: string } };
const logger = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const fakeJpeg = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]).toString('base64')}`;

async function connect(bridge: Bridge) {
  const ws = kioskSocket(bridge.url, bridge.linkSecret);
  const events: any[] = [];
  ws.on('message', (d) => events.push(JSON.parse(String(d))));
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const waitFor = async (pred: (e: any) => boolean) => {
    for (let i = 0; i < 1000; i++) {
      const found = events.find(pred);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('timed out');
  };
  let id = 1;
  const request = async (body: Record<string, unknown>): Promise<Reply> => {
    const n = id++;
    ws.send(JSON.stringify({ ...body, id: n }));
    return waitFor((e) => e.type === 'reply' && e.id === n);
  };
  await waitFor((e) => e.type === 'hello');
  await request({ type: 'session.start' });
  await api(bridge.url, 'POST', '/sim/id-card', { preset: 'resident' });
  await waitFor((e) => e.type === 'card.inserted');
  await request({ type: 'face.verify', frame: fakeJpeg });
  return { request, close: () => ws.close() };
}

const jobs = async (bridge: Bridge) => (await api<{ jobs: { id: number; text: string; complete: boolean }[] }>(bridge.url, 'GET', '/sim/printer/jobs')).body.jobs;

describe('owed materials at the bridge', () => {
  const held = inProcessBridge(logger);
  let bridge: Bridge;
  beforeAll(() => {
    bridge = held.bridge;
  });

  it('prints the 一次性告知书 of a bundle with 情形 questions when the answers come with it', async () => {
    const kiosk = await connect(bridge);
    const r = await kiosk.request({ type: 'notice.print', bundle: 'restaurant', items: ['440000-SC-1407', '440000-SC-1402'], answers: { entity: 'individual', largeVenue: 'no', sign: 'no' } });
    expect(r.result).toEqual({ printed: true });
    expect((await jobs(bridge)).at(-1)!.text).toContain('一次性告知');
    kiosk.close();
  });

  it('gives an English, mailed receipt that lists what is owed, and 进度查询 lists it too', async () => {
    const kiosk = await connect(bridge);
    const items = ['440000-WJ-1101', '440000-GA-1102', '440000-MZ-1103'];
    const answers = { deathPlace: 'home', pension: 'no', property: 'no', providentFund: 'no' };
    const values = { 'applicant.phone': '13800138000', 'heir.relation': 'child', 'deceased.name': '林大山', 'deceased.idNumber': '120101199005204513', 'deceased.deathDate': '2026-11-20', 'deceased.deathPlace': '家中' };
    // As the kiosk does: a choice for every material to bring (here: all "provided", none photographed).
    const known = await bridge.localPlatform!.lookupKnownData(identityPresets.resident.idNumber);
    const c = compose(loadSampleCatalog(), 'after-death', items, { card: cardValuesOf(identityPresets.resident), ...known }, shanghaiDate(new Date()), loadSampleCalendar(), answers);
    if (!c.ok) throw new Error(JSON.stringify(c.error));
    const materials = Object.fromEntries(c.value.toBring.map((m) => [m.material.code, 'provided']));
    const submit = await kiosk.request({ type: 'submit', idempotencyKey: crypto.randomUUID(), bundle: 'after-death', items, answers, values, materials, delivery: { method: 'mail', address: '天津市和平区南营门街道100号' }, lang: 'en' });
    expect(submit.error).toBeUndefined();
    const owed = submit.result.owed as { material: string; dueDate: string; where: { en: string } }[];
    // Every required material not handed over is owed.
    expect(owed.map((o) => o.material)).toEqual(c.value.toBring.filter((m) => m.necessity !== '非必要').map((m) => m.material.code));
    expect(owed.length).toBeGreaterThan(0);
    const printed = await kiosk.request({ type: 'receipt.print', acceptanceNumber: submit.result.acceptanceNumber });
    expect(printed.result).toEqual({ printed: true });
    const paper = (await jobs(bridge)).at(-1)!.text;
    expect(paper).toContain('ACCEPTANCE RECEIPT');
    expect(paper).toMatch(/Result +By post/);
    expect(paper).not.toContain('Collect');
    expect(paper).toContain('STILL TO BE HANDED IN');
    expect(paper).toContain(`Hand in by ${owed[0]!.dueDate}`);
    const progress = await kiosk.request({ type: 'progress.query', by: { kind: 'acceptanceNumber', acceptanceNumber: submit.result.acceptanceNumber } });
    expect(progress.result.applications[0].owed.map((o: { material: string }) => o.material)).toEqual(owed.map((o) => o.material));
    kiosk.close();
  });
});
