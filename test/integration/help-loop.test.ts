/**
 * 帮办 that closes the loop (in-process bridge, real WebSocket, real SQLite back office; the http
 * platform against the contract-enforcing test server):
 * - no session, no call; one open call per session (a second press is the same call);
 * - the hall's 正在前来 and 已处理 reach the kiosk at once (local) or by polling (http);
 * - the citizen can cancel; ending the session, or the page going away, withdraws the open call.
 */
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bridge } from '../../device-bridge/src/bridge';
import { createLogger } from '../../device-bridge/src/log';
import { startInProcessBridge } from '../support/in-process-bridge';
import { PlatformServer } from '../support/platform-server';
import { TestKiosk } from '../support/test-kiosk';

const logger = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const bridges: Bridge[] = [];
afterAll(async () => {
  for (const b of bridges) await b.close();
});

async function start(env: Record<string, string> = {}): Promise<Bridge> {
  const b = await startInProcessBridge(logger, env);
  bridges.push(b);
  return b;
}

const until = async (check: () => boolean, what: string, timeout = 8000) => {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('帮办 help calls through the bridge (local back office)', () => {
  it('needs a session, keeps one open call per session, and pushes 正在前来 and 已处理', async () => {
    const b = await start();
    const hall = b.localPlatform!;
    const k = await TestKiosk.open(b.url, b.linkSecret);

    // No citizen, no call: a script on the page cannot fill the hall's list.
    const outside = await k.request({ type: 'help.call', context: 'attract' });
    expect(outside).toMatchObject({ ok: false, error: { code: 'no-session' } });
    expect(hall.helpCalls()).toHaveLength(0);

    expect((await k.request({ type: 'session.start' })).ok).toBe(true);
    const first = await k.request({ type: 'help.call', context: 'form' });
    const again = await k.request({ type: 'help.call', context: 'review' });
    expect(first).toMatchObject({ ok: true, result: { state: 'open' } });
    expect(again.result.callId).toBe(first.result.callId);
    expect(hall.helpCalls()).toHaveLength(1);
    expect(hall.helpCalls()[0]).toMatchObject({ context: 'form', state: 'open', handled: false });

    const id = Number(first.result.callId);
    expect(hall.markHelpComing(id)).toBe(true);
    await k.waitFor((e) => e.type === 'help.status' && e.state === 'coming');
    expect(hall.handleHelpCall(id)).toBe(true);
    await k.waitFor((e) => e.type === 'help.status' && e.state === 'handled');

    // Handled: a new press is a new call.
    const second = await k.request({ type: 'help.call', context: 'review' });
    expect(second.result.callId).not.toBe(first.result.callId);
    expect(hall.helpCalls()).toHaveLength(2);
    await k.close();
  });

  it('the citizen cancels; ending the session or closing the page withdraws the open call', async () => {
    const b = await start();
    const hall = b.localPlatform!;
    const stateOf = (callId: string) => hall.helpCalls().find((c) => String(c.id) === callId)?.state;

    const k = await TestKiosk.open(b.url, b.linkSecret);
    await k.request({ type: 'session.start' });
    const cancelled = (await k.request({ type: 'help.call', context: 'form' })).result.callId as string;
    expect(await k.request({ type: 'help.cancel' })).toMatchObject({ ok: true, result: { state: 'withdrawn' } });
    expect(stateOf(cancelled)).toBe('withdrawn');
    expect(await k.request({ type: 'help.cancel' })).toMatchObject({ ok: false, error: { code: 'no-help-call' } });
    // A withdrawn call cannot be answered by staff any more.
    expect(hall.markHelpComing(Number(cancelled))).toBe(false);

    const ended = (await k.request({ type: 'help.call', context: 'form' })).result.callId as string;
    expect(hall.markHelpComing(Number(ended))).toBe(true);
    await k.request({ type: 'session.end', reason: 'exit' });
    await until(() => stateOf(ended) === 'withdrawn', 'the call to be withdrawn at session end');

    await k.request({ type: 'session.start' });
    const dropped = (await k.request({ type: 'help.call', context: 'review' })).result.callId as string;
    await k.close();
    await until(() => stateOf(dropped) === 'withdrawn', 'the call to be withdrawn when the page went away');

    // A call staff already handled stays handled when the session ends.
    const k2 = await TestKiosk.open(b.url, b.linkSecret);
    await k2.request({ type: 'session.start' });
    const handled = (await k2.request({ type: 'help.call', context: 'receipt' })).result.callId as string;
    hall.handleHelpCall(Number(handled));
    await k2.waitFor((e) => e.type === 'help.status' && e.state === 'handled');
    await k2.request({ type: 'session.end', reason: 'done' });
    expect(stateOf(handled)).toBe('handled');
    expect(b.link.session.isEmpty()).toBe(true);
    await k2.close();
  });
});

describe('帮办 help calls through the bridge (http platform)', () => {
  it('follows the call by polling the platform and withdraws it at session end', async () => {
    const platform = new PlatformServer();
    const url = await platform.start();
    process.env.KIOSK_HELP_POLL_MS = '100';
    try {
      const b = await start({ KIOSK_PLATFORM_URL: url, KIOSK_PLATFORM_TIMEOUT_MS: '1000' });
      const k = await TestKiosk.open(b.url, b.linkSecret);
      await k.request({ type: 'session.start' });
      const call = await k.request({ type: 'help.call', context: 'form' });
      expect(call).toMatchObject({ ok: true, result: { state: 'open' } });
      const callId = call.result.callId as string;
      expect(platform.helpCalls.get(callId)).toBe('open');
      expect((await k.request({ type: 'help.call', context: 'form' })).result.callId).toBe(callId);
      expect(platform.helpCalls.size).toBe(1);

      platform.helpCalls.set(callId, 'coming');
      await k.waitFor((e) => e.type === 'help.status' && e.state === 'coming');
      await k.request({ type: 'session.end', reason: 'timeout' });
      await until(() => platform.helpCalls.get(callId) === 'withdrawn', 'the http platform to hear of the withdrawal');
      expect(platform.contractViolations).toEqual([]);
      await k.close();
    } finally {
      delete process.env.KIOSK_HELP_POLL_MS;
      await platform.close();
    }
  });
});
