/**
 * What is not needed to paint the attract screen loads as separate chunks, keeping the initial
 * script small (ARCHITECTURE.md "The first chunk and the lazy ones"): the screens from home on
 * (screen.tsx, whose later screens are lazy in turn), voice guidance, the idle warning, the dev dock,
 * the Uyghur string tables (i18n-load.ts). `preloadScreens()`, called once the attract screen is
 * rendered, fetches the `eager` ones at once and the rest in the first idle period, so no citizen's
 * tap waits for a chunk: a component only shows its stand-in if it is needed before its chunk arrived.
 */
import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ScreenProps } from './types';

interface Loader {
  load: () => Promise<unknown>;
  eager: boolean;
}
const loaders: Loader[] = [];
let preloading = false;

interface LazyOptions {
  /** Fetched as soon as the attract screen is rendered, not at idle (what the first tap needs). */
  eager?: boolean;
  /** Focus the new screen's heading once it arrives (the app does so on each step, before it was there). */
  focusHeading?: boolean;
  /** Shown until the chunk is there; null for components that show nothing themselves. */
  placeholder?: ComponentChildren;
}

/** A component whose code is a separate chunk. */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>, options: LazyOptions = {}): ComponentType<P> {
  const { eager = false, focusHeading = false, placeholder = <p role="status" class="muted">…</p> } = options;
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const get = () =>
    (pending ??= load().then(
      (c) => (loaded = c),
      (e: unknown) => {
        pending = null; // a failed fetch is tried again on the next use
        throw e;
      },
    ));
  register({ load: get, eager });
  return function Lazy(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (Component) return;
      let live = true;
      void get().then((c) => {
        if (!live) return;
        setComponent(() => c);
        if (focusHeading) requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true }));
      });
      return () => {
        live = false;
      };
    }, []);
    return Component ? <Component {...props} /> : <>{placeholder}</>;
  };
}

export function lazyScreen(load: () => Promise<ComponentType<ScreenProps>>): ComponentType<ScreenProps> {
  return lazyComponent(load, { focusHeading: true });
}

/** Something else to fetch at idle after boot (a chunk that is not a component, e.g. string tables). */
export function preloadAtIdle(load: () => Promise<unknown>): void {
  register({ load, eager: false });
}

function register(loader: Loader): void {
  loaders.push(loader);
  if (preloading) schedule(loader); // registered by a chunk that arrived after the preload began
}

function schedule({ load, eager }: Loader): void {
  const run = () => void load().catch(() => undefined); // loaded again on first use
  if (eager) run();
  else if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 500 });
  else setTimeout(run, 0);
}

/**
 * Fetches every lazy chunk: the eager ones now, the others in the first idle period. The fetches run
 * in parallel (streamed and compiled off the main thread); each chunk is evaluated as it arrives, in
 * its own short task, so a tap in between is handled first.
 */
export function preloadScreens(): void {
  if (preloading) return;
  preloading = true;
  for (const loader of loaders) schedule(loader);
}
