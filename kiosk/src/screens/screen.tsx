/**
 * The frame every screen shares: a top bar (terminal, language, elder mode), the screen itself, and
 * a bottom bar with 返回 / 首页 / 退出 — always visible, always in the same place, within reach.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { strings } from '../i18n';
import { flowStep } from '../machine/kiosk-machine';
import { AttractScreen } from './attract';
import { HelpButton, HelpStatus } from './help';
import { HomeScreen } from './home';
import { lazyScreen } from './lazy-screen';
import type { ScreenProps } from './types';
import { WaitScreen } from './wait';
import { LanguageSwitch } from '../ui/language-switch';
import { VoiceControls } from '../voice/voice-controls';
import { A11yButton } from '../ui/a11y-bar';
import { a11yStrings } from '../i18n-a11y';
import { Local } from '../ui/local';

// Every step after home is a separate chunk (lazy-screen.tsx), preloaded once the attract screen is up.
const GuideScreen = lazyScreen(() => import('./guide').then((m) => m.GuideScreen));
const QuestionsScreen = lazyScreen(() => import('./questions').then((m) => m.QuestionsScreen));
const MaterialsScreen = lazyScreen(() => import('./materials').then((m) => m.MaterialsScreen));
const IdentifyScreen = lazyScreen(() => import('./identify').then((m) => m.IdentifyScreen));
const FaceScreen = lazyScreen(() => import('./identify').then((m) => m.FaceScreen));
const ChooseItemsScreen = lazyScreen(() => import('./apply').then((m) => m.ChooseItemsScreen));
const FormScreen = lazyScreen(() => import('./apply').then((m) => m.FormScreen));
const ReviewScreen = lazyScreen(() => import('./apply').then((m) => m.ReviewScreen));
const ReceiptScreen = lazyScreen(() => import('./finish').then((m) => m.ReceiptScreen));
const RatingScreen = lazyScreen(() => import('./finish').then((m) => m.RatingScreen));
const DoneScreen = lazyScreen(() => import('./finish').then((m) => m.DoneScreen));
const ProgressScreen = lazyScreen(() => import('./progress').then((m) => m.ProgressScreen));

export function Screen(props: ScreenProps) {
  const step = flowStep(props.snapshot.value);
  if (step === 'attract') return <AttractScreen {...props} />;
  const s = strings[props.snapshot.context.settings.lang];
  const body = (() => {
    switch (step) {
      case 'home':
        return <HomeScreen {...props} />;
      case 'guide':
        return <GuideScreen {...props} />;
      case 'questions':
        return <QuestionsScreen {...props} />;
      case 'materials':
        return <MaterialsScreen {...props} />;
      case 'identify':
        return <IdentifyScreen {...props} />;
      case 'face':
        return <FaceScreen {...props} />;
      case 'chooseItems':
        return <ChooseItemsScreen {...props} />;
      case 'form':
        return <FormScreen {...props} />;
      case 'review':
        return <ReviewScreen {...props} />;
      case 'submitting':
        return <WaitScreen title={s.submitting} />;
      case 'printing':
        return <WaitScreen title={s.printing} />;
      case 'receipt':
        return <ReceiptScreen {...props} />;
      case 'rating':
      case 'ratingSubmitting':
        return <RatingScreen {...props} />;
      case 'done':
        return <DoneScreen {...props} />;
      case 'progress':
        return <ProgressScreen {...props} />;
      default:
        return null;
    }
  })();
  // While a submission or print is in flight, leaving would lose track of it: no navigation.
  const busy = step === 'submitting' || step === 'printing' || step === 'ratingSubmitting';
  // After acceptance, "back" would re-open a submitted application.
  const noBack = busy || step === 'receipt' || step === 'rating' || step === 'done';
  return (
    <Shell {...props} busy={busy} noBack={noBack}>
      {body}
    </Shell>
  );
}

const exitStrings: Record<string, { title: string; body: string; stay: string; leave: string }> = {
  zh: { title: '确认退出吗？', body: '退出后，已读取的证件信息和已填写的内容将全部清除，需要重新办理。', stay: '继续办理', leave: '确认退出' },
  en: { title: 'Leave now?', body: 'Leaving clears the card read and everything entered; you would have to start again.', stay: 'Continue', leave: 'Leave' },
  // Machine-translated (input engineer): needs a human translator.
  ug: { title: 'چىقامسىز؟', body: 'چىقسىڭىز ئوقۇلغان كىنىشكە ئۇچۇرى ۋە تولدۇرغانلىرىڭىز ئۆچۈرۈلىدۇ، قايتا باشلاشقا توغرا كېلىدۇ.', stay: 'داۋاملاشتۇرۇش', leave: 'چىقىش' },
};

/** Whether leaving would lose something: a card read, a value entered, an answer, a photo, a signature. */
export function hasProgress(context: ScreenProps['snapshot']['context']): boolean {
  return (
    context.identity !== null ||
    Object.entries(context.values).some(([k, v]) => !k.startsWith('~') && v !== '') ||
    Object.keys(context.answers).length > 0 ||
    Object.keys(context.photos).length > 0 ||
    context.signature !== null
  );
}

/** 退出 asks before it wipes a half-finished application; the idle timeout runs on underneath. */
function ExitConfirm({ lang, onStay, onLeave }: { lang: string; onStay: () => void; onLeave: () => void }) {
  const t = exitStrings[lang] ?? exitStrings.zh!;
  const stay = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    stay.current?.focus();
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && onStay();
    window.addEventListener('keydown', esc);
    return () => window.removeEventListener('keydown', esc);
  }, []);
  return (
    <div class="overlay">
      <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="exit-title" aria-describedby="exit-desc" data-testid="exit-confirm">
        <h2 id="exit-title">{t.title}</h2>
        <p id="exit-desc">{t.body}</p>
        <div class="confirm-actions">
          <button ref={stay} class="btn btn-primary btn-huge" type="button" data-key="stay" onClick={onStay}>
            {t.stay}
          </button>
          <button class="btn btn-accent btn-huge" type="button" data-key="leave" onClick={onLeave}>
            {t.leave}
          </button>
        </div>
      </div>
    </div>
  );
}

function Shell({ snapshot, send, busy, noBack, children }: ScreenProps & { busy: boolean; noBack: boolean; children: ComponentChildren }) {
  const { context } = snapshot;
  const lang = context.settings.lang;
  const s = strings[lang];
  const step = flowStep(snapshot.value);
  const [confirmExit, setConfirmExit] = useState(false);
  // Accepted already (receipt, rating, done), or nothing to lose: 退出 leaves at once.
  const askFirst = !['receipt', 'rating', 'ratingSubmitting', 'done'].includes(step) && hasProgress(context);
  return (
    <div class="shell">
      <ReachBanner snapshot={snapshot} send={send} />
      <header class="topbar">
        <span class="terminal-name">{context.terminal ? <Local text={context.terminal.name} lang={lang} /> : s.appTitle}</span>
        <VoiceControls snapshot={snapshot} send={send} />
        <LanguageSwitch snapshot={snapshot} send={send} />
        <button class="btn" type="button" aria-pressed={context.settings.elder} onClick={() => send({ type: 'SET_ELDER', elder: !context.settings.elder })}>
          {context.settings.elder ? `✓ ${s.elderModeOn}` : s.elderMode}
        </button>
        <A11yButton snapshot={snapshot} send={send} />
      </header>
      <main class="main" id="main">
        {!context.bridgeConnected && <p class="notice notice-warning" role="status">{s.connecting}</p>}
        <HelpStatus snapshot={snapshot} send={send} />
        {context.cardError === 'another-person' && step !== 'identify' && step !== 'progress' && (
          <p class="notice notice-warning" role="alert">
            {s.cardAnotherPerson}
          </p>
        )}
        {children}
      </main>
      <nav class="navbar" aria-label={s.navigation}>
        <button class="btn" type="button" disabled={noBack} onClick={() => send({ type: 'BACK' })}>
          <span aria-hidden="true">‹</span> {s.back}
        </button>
        <button class="btn" type="button" disabled={busy} onClick={() => send({ type: 'HOME' })}>
          {s.home}
        </button>
        <HelpButton snapshot={snapshot} send={send} />
        <span class="spacer" />
        <button class="btn btn-accent" type="button" disabled={busy} aria-haspopup={askFirst ? 'dialog' : undefined} onClick={() => (askFirst ? setConfirmExit(true) : send({ type: 'EXIT' }))}>
          {s.exit}
        </button>
      </nav>
      {confirmExit && <ExitConfirm lang={lang} onStay={() => setConfirmExit(false)} onLeave={() => send({ type: 'EXIT' })} />}
    </div>
  );
}

/**
 * 低位操作: the part of the screen above a seated person's reach shows only what to read (no
 * control); the shell's controls sit in the band below (tokens.css, data-reach="low").
 */
export function ReachBanner({ snapshot }: ScreenProps) {
  const { context } = snapshot;
  if (context.settings.reach !== 'low') return null;
  const lang = context.settings.lang;
  return (
    <div class="reach-banner" data-testid="reach-banner">
      <p class="reach-banner-name">{context.terminal ? <Local text={context.terminal.name} lang={lang} /> : strings[lang].appTitle}</p>
      <p class="reach-banner-hint">
        <span aria-hidden="true">⬇ </span>
        {a11yStrings[lang].reachBanner}
      </p>
    </div>
  );
}
