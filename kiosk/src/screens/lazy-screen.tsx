/**
 * Screens that are not needed to paint the attract and home screens (guide, questions, materials and
 * document camera, identify/face, items/form/review, receipt/rating/done, progress) load as separate
 * chunks, keeping the initial script small (screen.tsx lists them).
 * `preloadScreens()` fetches them once the attract screen is up, so no citizen ever waits for one.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ScreenProps } from './types';

type Loader = () => Promise<ComponentType<ScreenProps>>;
const loaders: (() => Promise<unknown>)[] = [];

export function lazyScreen(load: Loader): ComponentType<ScreenProps> {
  let loaded: ComponentType<ScreenProps> | null = null;
  let pending: Promise<ComponentType<ScreenProps>> | null = null;
  const get = () => (pending ??= load().then((c) => (loaded = c)));
  loaders.push(get);
  return function LazyScreen(props: ScreenProps) {
    const [Screen, setScreen] = useState<ComponentType<ScreenProps> | null>(() => loaded);
    useEffect(() => {
      if (Screen) return;
      let live = true;
      void get().then((c) => {
        if (!live) return;
        setScreen(() => c);
        // The app focuses a new screen's heading on each step; this one arrived a moment later.
        requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true }));
      });
      return () => {
        live = false;
      };
    }, []);
    return Screen ? <Screen {...props} /> : <p role="status" class="muted">…</p>;
  };
}

export function preloadScreens(): void {
  for (const load of loaders) void load();
}
