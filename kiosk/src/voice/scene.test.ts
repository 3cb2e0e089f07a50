/** Which prompts a screen says: the step, its variants, the idle warning, and the device notices where they matter. */
import { describe, expect, it } from 'vitest';
import type { DeviceStatuses } from '../../../core/protocol/devices';
import { noticePrompts, screenPrompt, type Scene } from './scene';

const fine = { idcard: { state: 'ready' }, printer: { state: 'idle', paper: 'ok' } } as unknown as DeviceStatuses;
const scene = (over: Partial<Scene>): Scene => ({ step: 'home', materialsCamera: false, printed: null, idleWarning: false, devices: fine, ...over });

describe('screen prompts', () => {
  it('a step says its own prompt; variants for the camera and for a receipt that could not be printed', () => {
    expect(screenPrompt(scene({ step: 'attract' }))).toBe('attract');
    expect(screenPrompt(scene({ step: 'identify' }))).toBe('identify');
    expect(screenPrompt(scene({ step: 'materials' }))).toBe('materials');
    expect(screenPrompt(scene({ step: 'materials', materialsCamera: true }))).toBe('materialsCamera');
    expect(screenPrompt(scene({ step: 'receipt', printed: true }))).toBe('receipt');
    expect(screenPrompt(scene({ step: 'receipt', printed: false }))).toBe('receiptQr');
    expect(screenPrompt(scene({ step: 'ratingSubmitting' }))).toBe('rating');
    expect(screenPrompt(scene({ step: 'nowhere' }))).toBeNull();
  });

  it('the idle warning speaks over any screen, and silences notices', () => {
    const down = { ...fine, idcard: { state: 'error', type: 'disconnected' } } as unknown as DeviceStatuses;
    expect(screenPrompt(scene({ step: 'form', idleWarning: true }))).toBe('idleWarning');
    expect(noticePrompts(scene({ step: 'attract', idleWarning: true, devices: down }))).toEqual([]);
  });

  it('device notices: the reader where a card is read, the printer on the attract screen', () => {
    const down = { idcard: { state: 'error', type: 'disconnected' }, printer: { state: 'no-paper' } } as unknown as DeviceStatuses;
    expect(noticePrompts(scene({ step: 'attract', devices: down }))).toEqual(['readerDown', 'printerOut']);
    expect(noticePrompts(scene({ step: 'identify', devices: down }))).toEqual(['readerDown']);
    expect(noticePrompts(scene({ step: 'progress', devices: down }))).toEqual(['readerDown']);
    expect(noticePrompts(scene({ step: 'form', devices: down }))).toEqual([]);
    expect(noticePrompts(scene({ step: 'attract', devices: { ...fine, printer: { state: 'error', type: 'disconnected' } } as unknown as DeviceStatuses }))).toEqual(['printerUnavailable']);
    expect(noticePrompts(scene({ step: 'attract' }))).toEqual([]);
    expect(noticePrompts(scene({ step: 'attract', devices: null }))).toEqual([]);
  });
});
