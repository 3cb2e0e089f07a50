/**
 * 24/7 and forgetful (issue 14): one kiosk page that never reloads, as on the terminal.
 * - After a session has ended, a V8 heap snapshot of the page (CDP HeapProfiler, after a full GC)
 *   holds no string of the citizen: not the ID number, name or address read from the card, not the
 *   spouse's name from shared data, not what was typed (the child's name, the search query), and no
 *   detached DOM of earlier screens. A failure names what retains each string (its path from a GC
 *   root), so the cause can be fixed rather than guessed.
 * - A short soak: the page's DOM nodes and listeners on the attract screen are the same after
 *   dozens of complete and abandoned sessions as after the first, and its heap grows little.
 *   (The full figures per 1,000 sessions are `npm run soak`, test/bench/soak.ts.)
 * Sessions are driven with handle-free touches (test/support/finger-taps.ts): puppeteer's element
 * handles would themselves keep old screens alive.
 */
import { describe, expect, it } from 'vitest';
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';
import { openKiosk } from '../support/browser';
import { pageMemory, takeHeapSnapshot, type HeapSnapshot } from '../support/heap-snapshot';
import { kioskUnderTest } from '../support/kiosk-under-test';
import { childName, runSession, SEARCH_QUERY, SESSION_MIX, soakCitizen, waitForAttract, waitForWiped, type SessionKind } from '../support/soak-sessions';

/** Everything of the citizen that must not outlive the session, by what it is. */
const citizenStrings = {
  'ID number': soakCitizen.idNumber,
  name: soakCitizen.name,
  address: soakCitizen.address,
  'spouse (shared data)': identityPresets.father.name,
  'typed child name': childName,
  'typed search query': SEARCH_QUERY,
};

/** Strings holding `needle` that were not in the baseline snapshot, each with what retains it. */
function newHolders(snap: HeapSnapshot, baseline: Set<string>, needle: string): string[] {
  const fresh = new Set(snap.stringsContaining(needle).filter((s) => !baseline.has(s)));
  if (fresh.size === 0) return [];
  const nodes = snap.nodesNamed((name, type) => type.includes('string') && fresh.has(name));
  const paths = nodes.slice(0, 5).map((n) => snap.describePath(n));
  return paths.length ? paths : [...fresh].map((s) => `in the string table only: ${JSON.stringify(s.slice(0, 80))}`);
}

describe('the kiosk page forgets the citizen', () => {
  // The shortest idle timeout the configuration allows, for the walk-away session.
  const kiosk = kioskUnderTest({ KIOSK_IDLE_TIMEOUT_S: '10', KIOSK_IDLE_WARNING_S: '5' });

  it('keeps no byte of the last citizens in its heap after the wipe', async () => {
    const { bridge, browser } = kiosk;
    const page = await openKiosk(browser, bridge.url);
    const { cdp } = await pageMemory(page);
    // Warm up without a citizen (screens, the search index, the pinyin table are loaded), then the
    // baseline: catalog strings that happen to contain a needle (e.g. the query's letters in a
    // bundle's pinyin) are the catalog's, not the citizen's.
    await runSession(page, bridge.url, 'exit-home');
    const before = await takeHeapSnapshot(cdp);
    const baseline = new Map(Object.values(citizenStrings).map((v) => [v, new Set(before.stringsContaining(v))]));
    expect(before.stringsContaining(soakCitizen.idNumber)).toEqual([]);

    // Typed and abandoned on the form, walked away from, completed, and last the search box.
    const sessions: SessionKind[] = ['exit-form', 'timeout-form', 'complete', 'back-identify', 'search-guide'];
    for (const kind of sessions) await runSession(page, bridge.url, kind, 40_000);
    await waitForWiped(page);

    const snap = await takeHeapSnapshot(cdp);
    const held = Object.fromEntries(Object.entries(citizenStrings).map(([what, v]) => [what, newHolders(snap, baseline.get(v)!, v)]));
    expect(held).toEqual(Object.fromEntries(Object.keys(citizenStrings).map((what) => [what, []])));
    // No screen of an earlier session survives detached from the document.
    const detached = snap.nodesNamed((_, type) => type === 'native').filter((n) => snap.detachedness(n) === 2);
    expect(detached.slice(0, 3).map((n) => snap.describePath(n))).toEqual([]);
    await page.close();
  }, 90_000);
});

describe('a kiosk page that never reloads', () => {
  const kiosk = kioskUnderTest();

  it('has as many DOM nodes and listeners after 24 sessions as after the first, and a bounded heap', async () => {
    const { bridge, browser } = kiosk;
    const page = await openKiosk(browser, bridge.url);
    const { counters } = await pageMemory(page);
    await waitForAttract(page);
    // The fresh page measured once its lazy parts are in (the dev dock comes at idle, later on a loaded machine).
    await page.waitForSelector('aside.dev-dock', { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 500));
    const fresh = await counters();
    await runSession(page, bridge.url, SESSION_MIX[0]!);
    await waitForWiped(page);
    const first = await counters();
    for (let i = 1; i < 24; i++) await runSession(page, bridge.url, SESSION_MIX[i % SESSION_MIX.length]!);
    await waitForWiped(page);
    const last = await counters();
    // The attract screen after a session differs from a fresh one by the wiped notice only.
    expect(first.nodes - fresh.nodes).toBeLessThanOrEqual(10);
    expect({ nodes: last.nodes, listeners: last.listeners, documents: last.documents }).toEqual({ nodes: first.nodes, listeners: first.listeners, documents: first.documents });
    // Generous: warm-up (compiled code, inline caches) grows the heap by ~1 MB over the first dozens.
    expect((last.heapUsed - first.heapUsed) / 1e6).toBeLessThan(4);
    await page.close();
  }, 120_000);
});
