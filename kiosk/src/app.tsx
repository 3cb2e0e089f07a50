/**
 * Wires the statechart to the world: the bridge (WebSocket + catalog over HTTP), the camera, the
 * document (language, elder mode, theme attributes) and user activity for the idle timeout.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createActor, fromPromise } from 'xstate';
import { makeCalendar, shanghaiDate } from '../../core/calendar/working-days';
import type { WorkingCalendarData as CalendarData } from '../../core/calendar/schema';
import type { Catalog } from '../../core/catalog/schema';
import type { ApplicationStatus, FaceResult, GuidePrintResult, PrintResult, SubmitResult } from '../../core/protocol/messages';
import { BridgeClient } from './bridge-client';
import { setHandwritingRecogniser } from './input/handwriting';
import { liveTrackCount, releaseAll } from './camera';
import { strings } from './i18n';
import { loadCatalogRules } from './machine/catalog-rules';
import { flowStep, kioskMachine, offeredLanguages } from './machine/kiosk-machine';
import { useSnapshot } from './machine/use-actor';
import { reachBandPx } from './reach';
import { lazyComponent, preloadScreens } from './screens/lazy-screen';
import { AttractScreen } from './screens/attract';
import { loadedVoiceEngine } from './voice/voice';
import { languages } from './languages';
import { languageReady, loadLanguage } from './i18n-load';

// Not needed to paint the attract screen: separate chunks (lazy-screen.tsx). The screens from home on
// (screen.tsx: the shell, home, and the later screens, themselves lazy) and voice guidance are fetched
// as soon as the attract screen is rendered; the rest in the first idle period.
const SessionScreen = lazyComponent(() => import('./screens/screen').then((m) => m.Screen), { eager: true, focusHeading: true });
const VoiceGuidance = lazyComponent(() => import('./voice/voice-guidance').then((m) => m.VoiceGuidance), { eager: true, placeholder: null });
const IdleWarning = lazyComponent(() => import('./ui/idle-warning').then((m) => m.IdleWarning), { placeholder: null });
const DevDock = lazyComponent(() => import('./ui/dev-dock').then((m) => m.DevDock), { placeholder: null });
import { dropScreenMarks, forgetEngineState } from './forget';

function createKiosk() {
  let bridge: BridgeClient;
  const actor = createActor(
    kioskMachine.provide({
      actors: {
        verifyFace: fromPromise(({ input }) => bridge.request<FaceResult>({ type: 'face.verify', frame: input.frame })),
        submit: fromPromise(({ input }) => bridge.request<SubmitResult>({ type: 'submit', ...input })),
        printReceipt: fromPromise(({ input }) => bridge.request<PrintResult>({ type: 'receipt.print', acceptanceNumber: input.acceptanceNumber })),
        printGuide: fromPromise(({ input }) => bridge.request<GuidePrintResult>({ type: 'guide.print', guide: input })),
        submitRating: fromPromise(async ({ input }) => {
          await bridge.request({ type: 'rating.submit', ...input, idempotencyKey: crypto.randomUUID() });
        }),
        queryProgress: fromPromise(({ input }) => bridge.request<{ applications: ApplicationStatus[]; platformReachable: boolean }>({ type: 'progress.query', by: input })),
        printResult: fromPromise(({ input }) => bridge.request<PrintResult>({ type: 'result.print', ...input })),
      },
      actions: {
        notifySessionStart: () => void bridge.request({ type: 'session.start' }).catch(() => undefined),
        rereadCard: () => void bridge.request({ type: 'card.reread' }).catch(() => undefined),
        notifySessionEnd: (_, params) => void bridge.request({ type: 'session.end', reason: params.reason }).catch(() => undefined),
        releaseCamera: () => releaseAll(),
        printNotice: (_, params) =>
          void bridge
            .request<PrintResult>({ type: 'notice.print', ...params })
            .then((result) => actor.send({ type: 'NOTICE_PRINTED', result }))
            .catch(() => actor.send({ type: 'NOTICE_PRINTED', result: { printed: false, reason: 'error', trackUrl: '' } })),
        expectOtherCard: (_, params) => {
          if (params.expect || params.waiting) void bridge.request({ type: 'card.other', expect: params.expect }).catch(() => undefined);
        },
        // Deferred a microtask: from the attract screen this transition's action runs before the session's
        // entry sends session.start, and the bridge places help calls only during a session.
        callHelp: () =>
          queueMicrotask(
            () =>
              void bridge
                .request({ type: 'help.call', context: flowStep(actor.getSnapshot().value) })
                .then(() => actor.send({ type: 'HELP_CALLED', ok: true }))
                .catch(() => actor.send({ type: 'HELP_CALLED', ok: false })),
          ),
        cancelHelp: () =>
          void bridge
            .request({ type: 'help.cancel' })
            .then(() => actor.send({ type: 'HELP_CANCELLED', ok: true }))
            .catch(() => actor.send({ type: 'HELP_CANCELLED', ok: false })),
      },
    }),
    { input: { today: () => shanghaiDate(new Date()) } },
  );
  bridge = new BridgeClient(
    `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
    (event) => {
      switch (event.type) {
        case 'hello':
          if (performance.getEntriesByName('kiosk:hello').length === 0) performance.mark('kiosk:hello'); // the boot bench's milestone
          // On the attract screen the machine applies changed configured defaults itself (kiosk-machine.ts, attract).
          actor.send({ type: 'TERMINAL', terminal: event.terminal, devices: event.devices });
          // A session begun before the connection was up (a citizen quicker than the WebSocket, e.g. on a
          // loaded machine) starts on the bridge now; otherwise the bridge ignores the card as out of session.
          if (!actor.getSnapshot().matches('attract')) void bridge.request({ type: 'session.start' }).catch(() => undefined);
          break;
        case 'devices':
          actor.send({ type: 'DEVICES', devices: event.devices });
          break;
        case 'card.inserted':
          actor.send({ type: 'CARD_INSERTED', identity: event.identity, known: event.known });
          break;
        case 'card.error':
          actor.send({ type: 'CARD_ERROR', reason: event.reason });
          break;
        case 'card.removed':
          actor.send({ type: 'CARD_REMOVED' });
          break;
        case 'card.other':
          actor.send({ type: 'OTHER_CARD', person: event.person });
          break;
        case 'submission.status':
          actor.send({ type: 'SUBMISSION_STATUS', status: event.status });
          break;
        case 'help.status':
          actor.send({ type: 'HELP_STATUS', state: event.state });
          break;
        case 'qr.scanned':
          actor.send({ type: 'QR_SCANNED', data: event.data });
          break;
        case 'error':
          console.warn('bridge error', event.error.code);
          break;
        default:
          break;
      }
    },
    (connected) => actor.send({ type: 'CONNECTION', connected }),
  );
  setHandwritingRecogniser((character) => bridge.request<{ candidates: string[] }>({ type: 'handwriting.recognise', character }).then((r) => r.candidates));
  return { actor, bridge };
}

async function loadCatalog(): Promise<{ catalog: Catalog; calendar: CalendarData }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch('/api/catalog');
      if (res.ok) return (await res.json()) as { catalog: Catalog; calendar: CalendarData };
    } catch {
      /* the bridge may be restarting */
    }
    await new Promise((r) => setTimeout(r, Math.min(5000, 500 * 2 ** attempt)));
  }
}

/**
 * Loads the search chunk and builds the index for this catalog version (core/catalog/search.ts keeps
 * it), each in an idle period; home's search then finds both ready.
 */
function prepareSearch(catalog: Catalog): void {
  const idle = (f: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(f, { timeout: 2000 }) : setTimeout(f, 0));
  idle(() => void import('../../core/catalog/search').then((m) => idle(() => m.searchIndexFor(catalog)), () => undefined));
}

async function loadCatalogRulesRetrying(): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await loadCatalogRules();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, Math.min(5000, 500 * 2 ** attempt)));
    }
  }
}

export function App() {
  const { actor, bridge } = useMemo(createKiosk, []);
  const snapshot = useSnapshot(actor);
  const { context } = snapshot;
  const lang = context.settings.lang;
  // A language whose tables are a lazy chunk (Uyghur, i18n-load.ts) is shown once they are in place;
  // until then the tables hold the Chinese stand-in and the page says zh (a moment, just after boot).
  const [tablesLoaded, setTablesLoaded] = useState(0);
  const ready = languageReady(lang);
  useEffect(() => {
    if (ready) return;
    let live = true;
    const again = () => live && setTablesLoaded((n) => n + 1);
    loadLanguage(lang).then(again, () => setTimeout(again, 1000));
    return () => {
      live = false;
    };
  }, [lang, ready, tablesLoaded]);
  const shownLang = ready ? lang : 'zh';

  useEffect(() => {
    actor.start();
    bridge.connect();
    // The catalog's composition rules are a chunk of their own (catalog-rules.ts), fetched alongside.
    void Promise.all([loadCatalog(), loadCatalogRulesRetrying()]).then(([{ catalog, calendar }]) => {
      actor.send({ type: 'CATALOG', catalog, calendar: makeCalendar(calendar) });
      // Home's search engine (pinyin dictionary) and the catalog's index, at idle: not in the first tap on home.
      prepareSearch(catalog);
    });
    // The separate chunks (later screens, Uyghur tables…), fetched in the first idle period: effects run once the attract screen is painted.
    preloadScreens();
    // Any touch or key is activity: it restarts the idle timer.
    let last = 0;
    const onActivity = () => {
      const now = Date.now();
      if (now - last < 500) return;
      last = now;
      actor.send({ type: 'ACTIVITY' });
    };
    window.addEventListener('pointerdown', onActivity, { capture: true });
    window.addEventListener('keydown', onActivity, { capture: true });
    // Lockdown inside the page: no context menu, no pinch zoom, no drag-out.
    const prevent = (e: Event) => e.preventDefault();
    window.addEventListener('contextmenu', prevent);
    window.addEventListener('dragstart', prevent);
    (window as unknown as { __kiosk: unknown }).__kiosk = {
      liveCameraTracks: liveTrackCount,
      state: () => flowStep(actor.getSnapshot().value),
      voiceLog: () => loadedVoiceEngine()?.log.slice() ?? [],
      languages: () => offeredLanguages(actor.getSnapshot().context),
      hasTerminal: () => actor.getSnapshot().context.terminal !== null,
    };
    return () => {
      window.removeEventListener('pointerdown', onActivity, { capture: true });
      window.removeEventListener('keydown', onActivity, { capture: true });
      window.removeEventListener('contextmenu', prevent);
      window.removeEventListener('dragstart', prevent);
      actor.stop();
      bridge.close();
    };
  }, [actor, bridge]);

  useEffect(() => {
    const root = document.documentElement;
    // Language, direction and the script's fonts switch together (languages.ts): ug mirrors the layout.
    root.lang = languages[shownLang].tag;
    root.dir = languages[shownLang].dir;
    root.style.setProperty('--font-family', languages[shownLang].fontStack);
    root.dataset.elder = String(context.settings.elder);
    // Targets ≥ 15 mm on this cabinet's screen (elder mode: ≥ 22 mm).
    const pxPerMm = context.terminal?.pxPerMm ?? 4;
    root.style.setProperty('--target-min', `${Math.ceil(pxPerMm * (context.settings.elder ? 22 : 16))}px`);
    document.title = strings[shownLang].appTitle;
  }, [shownLang, context.settings.elder, context.terminal?.pxPerMm]);

  // 字号, 配色 and the low-reach band (tokens.css reads the attributes; the band is this cabinet's).
  const { textSize, contrast, reach } = context.settings;
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.textSize = String(textSize);
    root.dataset.contrast = contrast;
    root.dataset.reach = reach;
    const band = () => root.style.setProperty('--reach-band', `${reachBandPx(context.terminal, window.innerHeight)}px`);
    band();
    window.addEventListener('resize', band);
    return () => window.removeEventListener('resize', band);
  }, [textSize, contrast, reach, context.terminal]);

  useEffect(() => {
    const step = flowStep(snapshot.value);
    // Back on the attract screen: the session's state is wiped; drop what the engine kept of it too.
    if (step === 'attract') {
      forgetEngineState();
      dropScreenMarks();
    }
    performance.mark(`kiosk:screen:${step}`);
    // Move focus to the new screen's heading so screen readers and keyboards start at the top.
    // A new screen starts at its top, not where the previous one was scrolled to.
    document.querySelector('main')?.scrollTo(0, 0);
    const h1 = document.querySelector<HTMLElement>('main h1');
    h1?.focus({ preventScroll: true });
  }, [flowStep(snapshot.value)]);

  return (
    <>
      {flowStep(snapshot.value) === 'attract' ? <AttractScreen snapshot={snapshot} send={actor.send} /> : <SessionScreen snapshot={snapshot} send={actor.send} />}
      <VoiceGuidance snapshot={snapshot} />
      {snapshot.matches({ session: { idle: 'warning' } }) && <IdleWarning snapshot={snapshot} send={actor.send} />}
      {context.terminal?.devDock && <DevDock lang={lang} />}
    </>
  );
}
