import { describe, expect, it } from 'vitest';
import type { IdCardReaderStatus } from '../../../../core/protocol/devices';
import { ManualClock } from '../printer/manual-clock';
import { inProcessOpener, type OpenTransport } from '../transport';
import { identityPresets } from './presets';
import type { CardRead } from './reader';
import { Sw3 } from './sam-frame';
import { SamIdCardReader, samReaderDelays as delays } from './sam-reader';
import { encodeCardText } from './card-text';
import { fakeWltPhoto, SamSimulator } from './sam-simulator';

const turn = () => new Promise<void>((r) => setImmediate(r));

function rig(options: { open?: (inner: OpenTransport) => OpenTransport; seed?: number; withFingerprint?: boolean } = {}) {
  const clock = new ManualClock();
  const sim = new SamSimulator({ clock, seed: options.seed });
  const inner = inProcessOpener(sim);
  const reader = new SamIdCardReader({ open: options.open ? options.open(inner) : inner, clock, withFingerprint: options.withFingerprint });
  const statuses: IdCardReaderStatus[] = [];
  const cards: CardRead[] = [];
  const errors: string[] = [];
  let removed = 0;
  reader.on('status', (s) => statuses.push(s));
  reader.on('card', (c) => cards.push(c));
  reader.on('read-error', (e) => errors.push(e));
  reader.on('removed', () => removed++);
  /** Lets port traffic run, then moves the clock timer by timer until `cond` holds. */
  async function until(cond: () => boolean, maxMs = 60_000): Promise<void> {
    const limit = clock.elapsed + maxMs;
    for (;;) {
      for (let i = 0; i < 20; i++) await turn();
      if (cond()) return;
      if (clock.elapsed > limit || !clock.advanceToNextTimer()) throw new Error(`condition not met; phase ${reader.phase()}, status ${JSON.stringify(reader.status())}`);
    }
  }
  /** Runs for `ms` of simulated time. */
  async function run(ms: number): Promise<void> {
    const end = clock.elapsed + ms;
    await until(() => clock.elapsed >= end, ms + 1);
  }
  return { clock, sim, reader, statuses, cards, errors, removed: () => removed, until, run };
}

describe('SAM reader polling machine (simulated clock)', () => {
  it('self-checks, reads a placed card once with its photo, and reports removal', async () => {
    const r = rig();
    await r.until(() => r.reader.status().state === 'ready');
    expect(r.sim.log.slice(0, 1)).toEqual(['status']);
    r.sim.placeIdentity(identityPresets.resident);
    await r.until(() => r.cards.length === 1);
    expect(r.cards[0]!.identity).toEqual(identityPresets.resident);
    expect(r.cards[0]!.photo).toHaveLength(1024);
    expect(Buffer.from(r.cards[0]!.photo!.subarray(0, 3)).toString()).toBe('WLT');
    expect(r.reader.status()).toEqual({ state: 'card-present' });
    // The card stays: presence checks only, never a second read.
    await r.run(10_000);
    expect(r.sim.log.filter((c) => c === 'readTextPhoto')).toHaveLength(1);
    expect(r.cards).toHaveLength(1);
    r.sim.removeCard();
    await r.until(() => r.removed() === 1);
    expect(r.reader.status()).toEqual({ state: 'ready' });
    // Removal takes REMOVAL_MISSES presence checks.
    expect(r.clock.elapsed).toBeGreaterThan(0);
    // Placed again: read again.
    r.sim.placeIdentity(identityPresets.father);
    await r.until(() => r.cards.length === 2);
    expect(r.cards[1]!.identity.name).toBe(identityPresets.father.name);
    await r.reader.close();
  });

  it('reads a card already lying on the reader again when asked (reread), and reports it gone if it is not', async () => {
    const r = rig();
    await r.until(() => r.reader.status().state === 'ready');
    r.sim.placeIdentity(identityPresets.resident);
    await r.until(() => r.cards.length === 1);
    await r.run(5_000);
    r.reader.reread();
    await r.until(() => r.cards.length === 2);
    expect(r.cards[1]!.identity).toEqual(identityPresets.resident);
    expect(r.sim.log.filter((c) => c === 'readTextPhoto')).toHaveLength(2);
    // Asked while a presence check is in flight: read once that check is back.
    r.clock.advanceToNextTimer();
    expect(r.reader.phase()).toBe('checkPresence');
    r.reader.reread();
    await r.until(() => r.cards.length === 3);
    // Lifted in the meantime: no card, a removal.
    r.sim.removeCard();
    r.reader.reread();
    await r.until(() => r.removed() === 1);
    expect(r.cards).toHaveLength(3);
    await r.reader.close();
  });

  it('runs the status self-check every SELF_CHECK_INTERVAL_MS while polling', async () => {
    const r = rig();
    await r.until(() => r.reader.status().state === 'ready');
    const start = r.sim.log.filter((c) => c === 'status').length;
    await r.run(delays.SELF_CHECK_INTERVAL_MS * 4 + delays.FIND_INTERVAL_MS);
    const checks = r.sim.log.filter((c) => c === 'status').length - start;
    expect(checks).toBe(4);
    const finds = r.sim.log.filter((c) => c === 'findCard').length;
    expect(finds).toBeGreaterThanOrEqual(((delays.SELF_CHECK_INTERVAL_MS * 4) / delays.FIND_INTERVAL_MS) * 0.8);
    await r.reader.close();
  });

  it('reports a failed or unauthorised SAM (60, 66) and recovers when it self-checks healthy', async () => {
    for (const code of [Sw3.samSelfCheckFailed, Sw3.samNotAuthorised]) {
      const r = rig();
      r.sim.setSamStatus(code);
      await r.until(() => r.reader.status().state === 'error');
      expect(r.reader.status()).toEqual({ state: 'error', type: 'sam-failed' });
      r.sim.setSamStatus(Sw3.success);
      await r.until(() => r.reader.status().state === 'ready');
      await r.reader.close();
    }
  });

  it('goes back to polling after "no card" (80) and "select failed" (81), and reads on the next try', async () => {
    const r = rig();
    await r.until(() => r.reader.status().state === 'ready');
    r.sim.placeIdentity(identityPresets.resident);
    r.sim.failOnce('findCard', Sw3.noCard);
    r.sim.failOnce('selectCard', Sw3.selectFailed);
    await r.until(() => r.cards.length === 1);
    expect(r.sim.log.filter((c) => c === 'selectCard').length).toBe(2);
    expect(r.errors).toEqual([]);
    await r.reader.close();
  });

  it('reports a read failure (41) once, as an error the kiosk shows, and waits for the card to leave', async () => {
    const r = rig();
    await r.until(() => r.reader.status().state === 'ready');
    r.sim.placeIdentity(identityPresets.resident);
    r.sim.failOnce('readTextPhoto', Sw3.readFailed);
    await r.until(() => r.errors.length === 1);
    expect(r.errors).toEqual(['read-failed']);
    await r.run(5000);
    expect(r.cards).toHaveLength(0);
    r.sim.removeCard();
    await r.until(() => r.removed() === 1);
    r.sim.placeIdentity(identityPresets.resident);
    await r.until(() => r.cards.length === 1);
    await r.reader.close();
  });

  it('reports an unknown card type as unsupported, never as fields', async () => {
    const r = rig();
    r.sim.placeIdentity(identityPresets.resident, { flag: 'Q' });
    await r.until(() => r.errors.length === 1);
    expect(r.errors).toEqual(['unsupported-card']);
    expect(r.cards).toEqual([]);
    await r.reader.close();
  });

  it('reads J and Y cards and the 生僻字 name', async () => {
    const r = rig();
    for (const preset of ['hk-resident', 'foreigner', 'rare-name'] as const) {
      r.sim.placeIdentity(identityPresets[preset]);
      await r.until(() => r.cards.at(-1)?.identity.idNumber === identityPresets[preset].idNumber);
      expect(r.cards.at(-1)!.identity).toEqual(identityPresets[preset]);
      r.sim.removeCard();
      await r.until(() => r.reader.status().state === 'ready');
    }
    await r.reader.close();
  });

  it('reads with 30 10 (text + photo + fingerprint) when configured, same identity and photo', async () => {
    const r = rig({ withFingerprint: true });
    r.sim.placeCard({ text: encodeCardText(identityPresets.resident), photo: fakeWltPhoto(7), fingerprint: new Uint8Array(1024).fill(0xf9) });
    await r.until(() => r.cards.length === 1);
    expect(r.sim.log).toContain('readTextPhotoFingerprint');
    expect(r.sim.log).not.toContain('readTextPhoto');
    expect(r.cards[0]!.identity).toEqual(identityPresets.resident);
    expect(Buffer.from(r.cards[0]!.photo!.subarray(0, 3)).toString()).toBe('WLT');
    await r.reader.close();
  });

  it('reads through garbage bytes and dropped bytes (retries), seeded', async () => {
    const r = rig({ seed: 42 });
    r.sim.faults = { garbage: 0.5, dropByte: 0.0005 };
    r.sim.placeIdentity(identityPresets.elder);
    await r.until(() => r.cards.length === 1, 120_000);
    expect(r.cards[0]!.identity).toEqual(identityPresets.elder);
    await r.reader.close();
  });

  it('survives a stall shorter than the timeout, and reports a hung module as timeout, then recovers', async () => {
    const r = rig();
    await r.until(() => r.reader.status().state === 'ready');
    r.sim.faults.stallNextMs = delays.COMMAND_TIMEOUT_MS / 2;
    r.sim.placeIdentity(identityPresets.resident);
    await r.until(() => r.cards.length === 1);
    r.sim.faults.silent = true;
    await r.until(() => r.reader.status().state === 'error');
    expect(r.reader.status()).toEqual({ state: 'error', type: 'timeout' });
    r.sim.faults.silent = false;
    await r.until(() => r.reader.status().state !== 'error');
    await r.reader.close();
  });
});

/**
 * Unplug in every phase of the machine (vxsuite's habit: one test per phase). Each test stops the
 * machine in the phase, pulls the plug, checks the status, plugs back in and checks that the
 * reader recovers by itself and reads a card.
 */
describe('SAM reader: unplug in every phase', () => {
  async function recovers(r: ReturnType<typeof rig>) {
    expect(r.reader.status()).toEqual({ state: 'error', type: 'disconnected' });
    r.sim.setConnected(true);
    r.sim.removeCard();
    await r.until(() => r.reader.status().state === 'ready');
    r.sim.placeIdentity(identityPresets.father);
    await r.until(() => r.cards.some((c) => c.identity.name === identityPresets.father.name));
    await r.reader.close();
  }

  it('connecting', async () => {
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    let first = true;
    const r = rig({ open: (inner) => async () => (first ? ((first = false), await gate) : undefined, inner()) });
    await r.until(() => r.reader.phase() === 'connecting');
    r.sim.setConnected(false);
    release();
    await r.until(() => r.reader.status().state === 'error');
    await recovers(r);
  });

  /** Pulls the plug the moment the module receives `command` (its reply never leaves). */
  function unplugOn(r: ReturnType<typeof rig>, command: string) {
    const off = r.sim.on('command', (name) => {
      if (name === command) off(), r.sim.setConnected(false);
    });
  }

  it('selfCheck', async () => {
    const r = rig();
    unplugOn(r, 'status');
    await r.until(() => r.reader.status().state === 'error');
    await recovers(r);
  });

  it('samFailed', async () => {
    const r = rig();
    r.sim.setSamStatus(Sw3.samSelfCheckFailed);
    await r.until(() => r.reader.phase() === 'samFailed');
    r.sim.setConnected(false);
    await r.until(() => JSON.stringify(r.reader.status()).includes('disconnected'));
    r.sim.setSamStatus(Sw3.success);
    await recovers(r);
  });

  it('waiting', async () => {
    const r = rig();
    await r.until(() => r.reader.phase() === 'waiting');
    r.sim.setConnected(false);
    await r.until(() => r.reader.status().state === 'error');
    await recovers(r);
  });

  for (const [phase, command] of [['find', 'findCard'], ['select', 'selectCard'], ['read', 'readTextPhoto']] as const) {
    it(phase, async () => {
      const r = rig();
      await r.until(() => r.reader.phase() === 'waiting');
      r.sim.placeIdentity(identityPresets.resident);
      unplugOn(r, command);
      await r.until(() => r.reader.status().state === 'error');
      expect(r.cards).toEqual([]);
      await recovers(r);
    });
  }

  it('cardPresent', async () => {
    const r = rig();
    r.sim.placeIdentity(identityPresets.resident);
    await r.until(() => r.reader.phase() === 'cardPresent');
    r.sim.setConnected(false);
    await r.until(() => r.reader.status().state === 'error');
    await recovers(r);
  });

  it('checkPresence', async () => {
    const r = rig();
    r.sim.placeIdentity(identityPresets.resident);
    await r.until(() => r.reader.phase() === 'cardPresent');
    unplugOn(r, 'findCard');
    await r.until(() => r.reader.status().state === 'error');
    await recovers(r);
  });

  it('unresponsive (a hung module, then unplugged)', async () => {
    const r = rig();
    await r.until(() => r.reader.phase() === 'waiting');
    r.sim.faults.silent = true;
    await r.until(() => r.reader.phase() === 'unresponsive');
    r.sim.setConnected(false);
    r.sim.faults.silent = false;
    await r.until(() => JSON.stringify(r.reader.status()).includes('disconnected'));
    await recovers(r);
  });

  it('disconnected (stays disconnected while unplugged, retrying lazily)', async () => {
    const r = rig();
    await r.until(() => r.reader.phase() === 'waiting');
    r.sim.setConnected(false);
    await r.until(() => r.reader.status().state === 'error');
    await r.run(delays.RECONNECT_DELAY_MS * 10);
    expect(r.reader.status()).toEqual({ state: 'error', type: 'disconnected' });
    await recovers(r);
  });
});
