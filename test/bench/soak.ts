/**
 * The memory soak (issue 14): SOAK_SESSIONS (default 1,000) complete and abandoned sessions
 * through one kiosk page that never reloads, against the real bridge process. The mix
 * (test/support/soak-sessions.ts): a fifth complete 新生儿出生一件事 (card, live photo, the
 * child's name on the pinyin keyboard, submit, printed receipt), the rest abandoned with 退出 on
 * every step (home, a searched guide, identify, the live photo, back to identify, the form with a
 * letter typed, the review), and one in SOAK_TIMEOUT_EVERY (default 100) left to the idle timeout
 * on the form (the shortest the configuration allows: 10 s + 5 s).
 *
 * On the attract screen after the first session and after the last (after a full GC): the page's
 * DOM nodes and listeners (CDP Memory.getDOMCounters) and JS heap (Performance.getMetrics), the
 * bridge's RSS (/proc/<pid>/status) and open file descriptors (/proc/<pid>/fd). Growth is given
 * per 1,000 sessions.
 *
 *   npm run soak            (SOAK_SESSIONS=200 npm run soak for a shorter run)
 */
import { readdirSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { startBridge } from '../support/bridge-process';
import { launchBrowser, openKiosk } from '../support/browser';
import { pageMemory, type PageCounters } from '../support/heap-snapshot';
import { runSession, SESSION_MIX, waitForAttract, waitForWiped, type SessionKind } from '../support/soak-sessions';
import { installNameShim, median, round, type BenchModule, type Figure } from './figures';

interface BridgeCounters {
  rssBytes: number;
  fds: number;
  /** V8 heap in use after a full GC (through the bridge's inspector), bytes. */
  heapUsed: number;
}

/**
 * The bridge runs with its inspector on a loopback port (NODE_OPTIONS=--inspect=127.0.0.1:0, a
 * benchmark-only switch): a full GC is forced through it before RSS is read, so the figure is
 * memory kept, not garbage not yet collected.
 */
async function bridgeInspector(output: () => string): Promise<{ gcAndHeap: () => Promise<number>; close: () => void }> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(output())?.[1];
  if (!url) throw new Error('the bridge did not open its inspector');
  const ws = new WebSocket(url);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  let id = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<{ result?: { result?: { value?: unknown } } }>((resolve) => {
      const n = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(String(data)) as { id?: number };
        if (msg.id === n) {
          ws.off('message', onMessage);
          resolve(msg as never);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  return {
    gcAndHeap: async () => {
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
      const r = await call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true });
      return Number(r.result?.result?.value ?? NaN);
    },
    close: () => ws.close(),
  };
}

function procCounters(pid: number): { rssBytes: number; fds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return { rssBytes: kb * 1024, fds: readdirSync(`/proc/${pid}/fd`).length };
}

export function sessionKindAt(i: number, timeoutEvery: number): SessionKind {
  if (timeoutEvery > 0 && i % timeoutEvery === timeoutEvery - 1) return 'timeout-form';
  return SESSION_MIX[i % SESSION_MIX.length]!;
}

export const soakBench: BenchModule = {
  area: 'soak',
  async run(): Promise<Figure[]> {
    const sessions = Number(process.env.SOAK_SESSIONS ?? 1000);
    const timeoutEvery = Number(process.env.SOAK_TIMEOUT_EVERY ?? 100);
    if (!(sessions >= 2)) throw new Error('SOAK_SESSIONS must be at least 2');
    const bridge = await startBridge({ KIOSK_IDLE_TIMEOUT_S: '10', KIOSK_IDLE_WARNING_S: '5', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:0`.trim() });
    const pid = bridge.process.pid!;
    const inspector = await bridgeInspector(bridge.output);
    const bridgeCounters = async (): Promise<BridgeCounters> => {
      const heapUsed = await inspector.gcAndHeap();
      return { ...procCounters(pid), heapUsed };
    };
    const { browser, close } = await launchBrowser();
    const kinds = new Map<SessionKind, number>();
    const durations: number[] = [];
    let failures = 0;
    let first: { page: PageCounters; bridge: BridgeCounters } | null = null;
    let last: { page: PageCounters; bridge: BridgeCounters } | null = null;
    const started = performance.now();
    try {
      const page = await openKiosk(browser, bridge.url);
      await installNameShim(page);
      const { counters } = await pageMemory(page);
      await waitForAttract(page);
      const measure = async () => {
        await waitForWiped(page);
        return { page: await counters(), bridge: await bridgeCounters() };
      };
      for (let i = 0; i < sessions; i++) {
        const kind = sessionKindAt(i, timeoutEvery);
        const t = performance.now();
        try {
          await runSession(page, bridge.url, kind);
          durations.push(performance.now() - t);
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        } catch (e) {
          // A session that could not be driven (a loaded machine) is counted; the idle timeout brings the page back.
          failures++;
          process.stdout.write(`  session ${i + 1} (${kind}) failed: ${(e as Error).message}\n`);
          if (failures > sessions / 20) throw new Error(`${failures} sessions failed`);
          await waitForAttract(page);
        }
        if (i === 0) first = await measure();
        if ((i + 1) % 100 === 0 || i === sessions - 1) {
          last = await measure();
          const p = last.page;
          process.stdout.write(
            `  ${i + 1} sessions, ${round((performance.now() - started) / 1000, 0)} s: page ${p.nodes} nodes, ${p.listeners} listeners, heap ${round(p.heapUsed / 1e6, 2)} MB; bridge RSS ${round(last.bridge.rssBytes / 1e6, 1)} MB, heap ${round(last.bridge.heapUsed / 1e6, 1)} MB, ${last.bridge.fds} fds\n`,
          );
        }
      }
    } finally {
      inspector.close();
      await close();
      await bridge.stop();
    }
    const wall = (performance.now() - started) / 1000;
    const per1000 = 1000 / (sessions - 1);
    const f = first!;
    const l = last!;
    const mix = [...kinds].map(([k, n]) => `${k} ${n}`).join(', ');
    return [
      { name: 'soak.sessions', value: sessions, unit: 'sessions', note: `one page, never reloaded: ${mix}${failures ? `; ${failures} not driven to the end` : ''}` },
      { name: 'soak.wall_s', value: round(wall, 0), unit: 's', note: `median session ${round(median(durations), 0)} ms (complete ones ≈ 2.5 s, idle timeouts ≈ 17 s), 2 shared cores` },
      { name: 'soak.page_dom_nodes_growth', value: l.page.nodes - f.page.nodes, unit: 'nodes', budget: 0, note: `attract screen after the first session: ${f.page.nodes} nodes, ${f.page.listeners} listeners; after the last: ${l.page.nodes}, ${l.page.listeners}` },
      { name: 'soak.page_listeners_growth', value: l.page.listeners - f.page.listeners, unit: 'listeners', budget: 0 },
      { name: 'soak.page_heap_mb_per_1000', value: round(((l.page.heapUsed - f.page.heapUsed) / 1e6) * per1000, 2), unit: 'MB', budget: 5, note: `JS heap after GC: ${round(f.page.heapUsed / 1e6, 2)} MB after the first session, ${round(l.page.heapUsed / 1e6, 2)} MB after the last` },
      { name: 'soak.bridge_rss_mb_per_1000', value: round(((l.bridge.rssBytes - f.bridge.rssBytes) / 1e6) * per1000, 1), unit: 'MB', budget: 10, note: `bridge RSS after a forced GC ${round(f.bridge.rssBytes / 1e6, 1)} → ${round(l.bridge.rssBytes / 1e6, 1)} MB` },
      { name: 'soak.bridge_heap_mb_per_1000', value: round(((l.bridge.heapUsed - f.bridge.heapUsed) / 1e6) * per1000, 2), unit: 'MB', note: `bridge JS heap after GC ${round(f.bridge.heapUsed / 1e6, 1)} → ${round(l.bridge.heapUsed / 1e6, 1)} MB` },
      { name: 'soak.bridge_fds_growth', value: l.bridge.fds - f.bridge.fds, unit: 'fds', budget: 0, note: `bridge open file descriptors ${f.bridge.fds} → ${l.bridge.fds}` },
    ];
  },
};
