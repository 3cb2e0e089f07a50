/**
 * Wires the statechart to the world: the bridge (WebSocket + catalog over HTTP), the camera, the
 * document (language, elder mode, theme attributes) and user activity for the idle timeout.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { createActor, fromPromise } from 'xstate';
import { makeCalendar, shanghaiDate } from '../../core/calendar/working-days';
import type { WorkingCalendarData as CalendarData } from '../../core/calendar/schema';
import type { Catalog } from '../../core/catalog/schema';
import type { ApplicationStatus, FaceResult, GuidePrintResult, PrintResult, SubmitResult } from '../../core/protocol/messages';
import { BridgeClient } from './bridge-client';
import { liveTrackCount, releaseAll } from './camera';
import { strings } from './i18n';
import { flowStep, kioskMachine, offeredLanguages } from './machine/kiosk-machine';
import { useSnapshot } from './machine/use-actor';
import { reachBandPx } from './reach';
import { preloadScreens } from './screens/lazy-screen';
import { Screen } from './screens/screen';
import { DevDock } from './ui/dev-dock';
import { IdleWarning } from './ui/idle-warning';
import { useVoiceGuidance } from './voice/use-voice-guidance';
import { loadedVoiceEngine } from './voice/voice';
import { languages } from './languages';

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
          await bridge.request({ type: 'rating.submit', ...input, comment: '', idempotencyKey: crypto.randomUUID() });
        }),
        queryProgress: fromPromise(({ input }) => bridge.request<{ applications: ApplicationStatus[]; platformReachable: boolean }>({ type: 'progress.query', by: input })),
        printResult: fromPromise(({ input }) => bridge.request<PrintResult>({ type: 'result.print', ...input })),
      },
      actions: {
        notifySessionStart: () => void bridge.request({ type: 'session.start' }).catch(() => undefined),
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
        callHelp: () =>
          void bridge
            .request({ type: 'help.call', context: flowStep(actor.getSnapshot().value) })
            .then(() => actor.send({ type: 'HELP_CALLED', ok: true }))
            .catch(() => actor.send({ type: 'HELP_CALLED', ok: false })),
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

export function App() {
  const { actor, bridge } = useMemo(createKiosk, []);
  const snapshot = useSnapshot(actor);
  const { context } = snapshot;
  const lang = context.settings.lang;

  useEffect(() => {
    actor.start();
    bridge.connect();
    void loadCatalog().then(({ catalog, calendar }) => actor.send({ type: 'CATALOG', catalog, calendar: makeCalendar(calendar) }));
    // The screens loaded as separate chunks, fetched once the attract screen is painted.
    const preload = setTimeout(preloadScreens, 300);
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
      clearTimeout(preload);
      actor.stop();
      bridge.close();
    };
  }, [actor, bridge]);

  useEffect(() => {
    const root = document.documentElement;
    // Language, direction and the script's fonts switch together (languages.ts): ug mirrors the layout.
    root.lang = languages[lang].tag;
    root.dir = languages[lang].dir;
    root.style.setProperty('--font-family', languages[lang].fontStack);
    root.dataset.elder = String(context.settings.elder);
    // Targets ≥ 15 mm on this cabinet's screen (elder mode: ≥ 22 mm).
    const pxPerMm = context.terminal?.pxPerMm ?? 4;
    root.style.setProperty('--target-min', `${Math.ceil(pxPerMm * (context.settings.elder ? 22 : 16))}px`);
    document.title = strings[lang].appTitle;
  }, [lang, context.settings.elder, context.terminal?.pxPerMm]);

  useVoiceGuidance(snapshot);

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
    performance.mark(`kiosk:screen:${flowStep(snapshot.value)}`);
    // Move focus to the new screen's heading so screen readers and keyboards start at the top.
    // A new screen starts at its top, not where the previous one was scrolled to.
    document.querySelector('main')?.scrollTo(0, 0);
    const h1 = document.querySelector<HTMLElement>('main h1');
    h1?.focus({ preventScroll: true });
  }, [flowStep(snapshot.value)]);

  return (
    <>
      <Screen snapshot={snapshot} send={actor.send} />
      {snapshot.matches({ session: { idle: 'warning' } }) && <IdleWarning snapshot={snapshot} send={actor.send} />}
      {context.terminal?.devDock && <DevDock lang={lang} />}
    </>
  );
}
