import { describe, expect, it } from 'vitest';
import { gesture, installMaintenanceGesture } from './maintenance-gesture';

/** A minimal event target standing in for the document (the unit project runs in Node). */
function fakeDocument() {
  const listeners: ((e: { clientX: number; clientY: number }) => void)[] = [];
  return {
    addEventListener: (_: string, l: (e: { clientX: number; clientY: number }) => void) => listeners.push(l),
    removeEventListener: () => listeners.splice(0),
    tap: (x: number, y: number) => listeners.forEach((l) => l({ clientX: x, clientY: y })),
  };
}

describe('hidden maintenance gesture', () => {
  it('opens after five taps in the top-left corner within the window, not otherwise', () => {
    const doc = fakeDocument();
    let now = 0;
    let opened = 0;
    installMaintenanceGesture(doc as unknown as Document, () => opened++, () => now);
    for (let i = 0; i < gesture.TAPS - 1; i++) doc.tap(10, 10), (now += 300);
    expect(opened).toBe(0);
    doc.tap(10, 10);
    expect(opened).toBe(1);
    // Too slow: taps older than the window do not count.
    for (let i = 0; i < gesture.TAPS; i++) doc.tap(10, 10), (now += gesture.WINDOW_MS);
    expect(opened).toBe(1);
    // A tap elsewhere breaks the sequence.
    for (let i = 0; i < 3; i++) doc.tap(10, 10);
    doc.tap(500, 500);
    doc.tap(10, 10);
    doc.tap(10, 10);
    expect(opened).toBe(1);
  });
});
