import { describe, expect, it } from 'vitest';
import { blockedShortcut } from './lockdown';

const k = (key: string, mods: { ctrl?: boolean; alt?: boolean; meta?: boolean } = {}) => ({ key, ctrlKey: !!mods.ctrl, altKey: !!mods.alt, metaKey: !!mods.meta });

describe('blockedShortcut', () => {
  it('swallows the browser shortcuts', () => {
    for (const key of ['n', 't', 'w', 'p', 'o', 'l', 'N', 'I', 'J', 'u', 's', 'f', '+', '-', '0', 'Tab', 'r']) expect(blockedShortcut(k(key, { ctrl: true })), key).toBe(true);
    for (const key of ['F1', 'F4', 'F5', 'F11', 'F12', 'BrowserBack', 'ContextMenu']) expect(blockedShortcut(k(key)), key).toBe(true);
    expect(blockedShortcut(k('F4', { alt: true }))).toBe(true);
    expect(blockedShortcut(k('ArrowLeft', { alt: true }))).toBe(true);
    expect(blockedShortcut(k('n', { meta: true }))).toBe(true);
  });
  it('leaves typing and editing alone', () => {
    for (const key of ['a', '中', '1', 'Enter', 'Backspace', 'Escape', 'ArrowLeft', ' ']) expect(blockedShortcut(k(key)), key).toBe(false);
    for (const key of ['a', 'c', 'v', 'x', 'z', 'y', 'Backspace', 'ArrowRight']) expect(blockedShortcut(k(key, { ctrl: true })), key).toBe(false);
  });
});
