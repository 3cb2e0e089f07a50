/**
 * The SAM simulator's error statuses and faults through the simulator API, against the real bridge
 * process: what a trainer (or the dev dock) uses to show every reader failure the kiosk handles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startBridge, type RunningBridge } from '../support/bridge-process';

type Health = { devices: { idcard: { state: string; type?: string } } };

describe('/sim/id-card/sam', () => {
  let bridge: RunningBridge;
  beforeAll(async () => {
    bridge = await startBridge();
  });
  afterAll(async () => {
    await bridge?.stop();
  });

  const idcard = async () => (await api<Health>(bridge.url, 'GET', '/healthz')).body.devices.idcard;
  async function eventually(cond: () => Promise<boolean>, ms = 15_000) {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('a SAM that fails its self-check (60) is a sam-failed status until it recovers', async () => {
    expect((await api(bridge.url, 'POST', '/sim/id-card/sam', { status: 'self-check-failed' })).status).toBe(200);
    await eventually(async () => (await idcard()).type === 'sam-failed');
    expect(await idcard()).toEqual({ state: 'error', type: 'sam-failed' });
    await api(bridge.url, 'POST', '/sim/id-card/sam', { status: 'ok' });
    await eventually(async () => (await idcard()).state === 'ready');
  });

  it('reads a card through garbage on the line and after a one-shot select failure (81)', async () => {
    await api(bridge.url, 'POST', '/sim/id-card/sam', { failNext: 'select-failed', faults: { garbage: 0.5 } });
    expect((await api(bridge.url, 'POST', '/sim/id-card', { preset: 'foreigner' })).body).toEqual({ status: { state: 'card-present' } });
    await api(bridge.url, 'POST', '/sim/id-card/sam', { faults: { garbage: 0 } });
    expect((await api(bridge.url, 'DELETE', '/sim/id-card')).body).toEqual({ status: { state: 'ready' } });
  });

  it('refuses an off-schema body with the field named', async () => {
    const r = await api<{ error: { path: string } }>(bridge.url, 'POST', '/sim/id-card/sam', { status: 'on fire' });
    expect(r.status).toBe(400);
    expect(r.body.error.path).toBe('status');
  });
});
