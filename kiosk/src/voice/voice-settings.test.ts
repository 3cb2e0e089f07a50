/**
 * Voice on/off and volume in the statechart: changeable at any moment, the terminal's configured
 * default (accessibility.voice) starts each session, and a session's changes are gone for the next
 * citizen.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { testTerminal } from '../../../test/support/test-terminal';
import { kioskMachine } from '../machine/kiosk-machine';

const terminal = (voice: boolean) => testTerminal({ accessibility: { elder: false, highContrast: false, voice } });

// No step that calls the bridge is entered here, so the machine's own (throwing) actors stay unused.
const start = () => createActor(kioskMachine, { input: { today: () => '2026-12-01' } }).start();

describe('voice settings', () => {
  it('can be switched at any moment, and volume stays within 0‥1', () => {
    const actor = start();
    actor.send({ type: 'SET_SETTINGS', settings: { voice: true } });
    expect(actor.getSnapshot().context.settings.voice).toBe(true);
    actor.send({ type: 'START' });
    actor.send({ type: 'SET_SETTINGS', settings: { volume: 1.7 } });
    expect(actor.getSnapshot().context.settings.volume).toBe(1);
    actor.send({ type: 'SET_SETTINGS', settings: { volume: -2 } });
    expect(actor.getSnapshot().context.settings.volume).toBe(0);
    actor.send({ type: 'SET_SETTINGS', settings: { volume: 0.4 } });
    actor.send({ type: 'SET_SETTINGS', settings: { volume: Number.NaN } });
    expect(actor.getSnapshot().context.settings.volume).toBe(0.4);
    actor.send({ type: 'SET_SETTINGS', settings: { voice: false } });
    expect(actor.getSnapshot().context.settings).toMatchObject({ voice: false, lang: 'zh', elder: false });
  });

  it('a session ends → voice and volume back to the terminal default for the next citizen', () => {
    const actor = start();
    actor.send({ type: 'TERMINAL', terminal: terminal(true), devices: null as never });
    actor.send({ type: 'START' });
    actor.send({ type: 'SET_SETTINGS', settings: { voice: false, volume: 0.4 } });
    actor.send({ type: 'EXIT' });
    expect(actor.getSnapshot().value).toBe('attract');
    expect(actor.getSnapshot().context.settings).toMatchObject({ voice: true, volume: 0.7 });

    actor.send({ type: 'TERMINAL', terminal: terminal(false), devices: null as never });
    actor.send({ type: 'START' });
    actor.send({ type: 'SET_SETTINGS', settings: { voice: true, volume: 1 } });
    actor.send({ type: 'EXIT' });
    expect(actor.getSnapshot().context.settings).toMatchObject({ voice: false, volume: 0.7 });
  });
});
