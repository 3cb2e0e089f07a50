/**
 * The whole citizen flow as one XState v5 statechart. Preact renders its state; it does not own the
 * flow. Side effects with the bridge are invoked actors (with visible failure paths) or named
 * actions, provided by the app (kiosk/src/app.tsx) and by tests.
 *
 *   attract ─START─▶ session ┬ flow: home ▶ guide ▶ questions (情形) ▶ identify ▶ face ▶ chooseItems
 *      ▲                     │        ▶ form ▶ materials (list ⇄ camera) ▶ review
 *      │                     │        ▶ submitting ▶ printing ▶ receipt ▶ rating ▶ done
 *      │                     └ idle: watching ─(idle timeout)▶ warning ─(countdown)▶ attract
 *      └───────────── EXIT, timeout, done: every citizen datum is wiped on leaving `session`
 */
import { and, assign, enqueueActions, fromPromise, not, setup } from 'xstate';
import type { Composition } from '../../../core/catalog/compose';
import { applicableItems, checkAnswers, closeChoice, questionsOf, unchoose } from '../../../core/catalog/scenario';
import { catalogRules } from './catalog-rules';
import type { MaterialChoice } from '../../../core/catalog/notice';
import type { Catalog } from '../../../core/catalog/schema';
import type { WorkingCalendar } from '../../../core/calendar/working-days';
import type { Identity } from '../../../core/identity';
import type { DeviceStatuses } from '../../../core/protocol/devices';
import type { Delivery, FaceResult, GuidePrintResult, KnownData, MaterialPhoto, PrintResult, RatingLevel, SubmitResult, TerminalInfo } from '../../../core/protocol/messages';
import type { ApplicationStatus, SubmissionAvailability } from '../../../core/protocol/messages';
import { cardValuesOf } from '../../../core/catalog/card-values';
import { localText } from '../languages';

export type Lang = 'zh' | 'en' | 'ug';
export type GuideRef = { kind: 'bundle' | 'item'; code: string };
export type BrowseMode = 'stage' | 'department';

export type Contrast = 'default' | 'high-dark' | 'high-light';
export type TextSize = 0 | 1 | 2 | 3;
export interface Settings {
  lang: Lang; elder: boolean; textSize: TextSize; contrast: Contrast;
  voice: boolean; volume: number /* 0..1 */; reach: 'standard' | 'low';
}

export interface KioskContext {
  terminal: TerminalInfo | null;
  catalog: Catalog | null;
  calendar: WorkingCalendar | null;
  devices: DeviceStatuses | null;
  /** Whether the WebSocket to the device bridge is up; without it no card can be read. */
  bridgeConnected: boolean;
  today: () => string;
  settings: Settings;
  /** Everything below is about the citizen and is wiped when the session ends. */
  browse: { mode: BrowseMode; filter: string | null };
  /** What the citizen typed into the search box (on-screen keyboard): pinyin, initials or words. */
  query: string;
  guide: GuideRef | null;
  /** 打印办事指南: the last result, for the guide on screen. */
  guidePrint: GuidePrintResult | null;
  bundle: string | null;
  /** Scenario answers (情形): question id → option value. */
  answers: Record<string, string>;
  identity: Identity | null;
  known: KnownData | null;
  cardError: 'unsupported-card' | 'read-failed' | 'another-person' | null;
  face: { result: FaceResult | null; error: string | null };
  chosen: string[];
  composition: Composition | null;
  chooseError: string | null;
  values: Record<string, string>;
  fieldErrors: Record<string, string>;
  /** Photos of paper materials (material code → JPEG data URL): session memory only. */
  photos: Record<string, string>;
  /** The material being photographed in the camera step. */
  photoMaterial: string | null;
  /** 容缺 (supply later) or 告知承诺 (a signed commitment) instead of providing a material now. */
  materialChoices: Record<string, 'deferred' | 'commitment'>;
  delivery: Delivery;
  idempotencyKey: string | null;
  submitError: string | null;
  submission: SubmitResult | null;
  print: PrintResult | null;
  rating: { level: RatingLevel | null; reasons: string[]; comment: string; error: string | null };
  /** How the last session ended; kept for the attract screen's "wiped" notice and for metrics. */
  lastEnd: 'done' | 'exit' | 'timeout' | null;
  /** Whether the terminal can store submissions (its durable outbox works); not about the citizen. */
  submissionAvailability: SubmissionAvailability;
  /** 进度查询 (issue 5): what was asked, what came back, a self-printed result. Wiped with the citizen. */
  progress: {
    query: ProgressQuery | null;
    applications: ApplicationStatus[] | null;
    /** False when the platform could not be reached and only this terminal's undelivered applications are shown. */
    platformReachable: boolean;
    error: string | null;
    print: { itemCode: string; result: PrintResult | null; error: string | null } | null;
  };
  /** The application a rating from 进度查询 is for. */
  ratingTarget: string | null;
  /** 告知承诺 / 容缺 signed on screen: the strokes, stored with the submission. */
  signature: Strokes | null;
  /** The 一次性告知 printout's outcome on the review screen. */
  notice: PrintResult | 'printing' | null;
  /**
   * 帮办: a help call to the service hall from any step: being placed, placed (`called`), staff on
   * the way (`coming`), being cancelled, closed by staff (`handled`), or not placed (`failed`).
   * One open call per session; the bridge withdraws it when the session ends.
   */
  help: 'calling' | 'called' | 'coming' | 'cancelling' | 'handled' | 'failed' | null;
  /** The last 取消呼叫 did not reach the hall (the call stays open). */
  helpCancelFailed: boolean;
}

/** Another person's card read for the form (a spouse, a seller): what the form takes from it. */
export interface OtherPerson {
  name: string;
  idNumber: string;
  address: string;
}

/**
 * The form fields another person's card fills, for a role (the key prefix: `spouse`, `seller`):
 * name, ID number, and the card's address (a resident ID card's address is the 户籍地址).
 */
export const otherCardFields = (role: string): Record<string, keyof OtherPerson> => ({
  [`${role}.name`]: 'name',
  [`${role}.idNumber`]: 'idNumber',
  [`${role}.hukouAddress`]: 'address',
  [`${role}.address`]: 'address',
});

/** A signature: strokes of [x, y, t] points (x, y in 0‥1 of the pad, t in ms). */
export type Strokes = [number, number, number][][];
export type ProgressQuery = { kind: 'applicant' } | { kind: 'acceptanceNumber'; acceptanceNumber: string };

export type KioskEvent =
  | { type: 'TERMINAL'; terminal: TerminalInfo; devices: DeviceStatuses }
  | { type: 'CATALOG'; catalog: Catalog; calendar: WorkingCalendar }
  | { type: 'DEVICES'; devices: DeviceStatuses }
  | { type: 'CONNECTION'; connected: boolean }
  | { type: 'START'; elder?: boolean }
  | { type: 'SET_LANG'; lang: Lang }
  | { type: 'SET_ELDER'; elder: boolean }
  | { type: 'SET_SETTINGS'; settings: Partial<Omit<Settings, 'lang' | 'elder'>> }
  | { type: 'ACTIVITY' }
  | { type: 'CONTINUE' }
  | { type: 'HOME' }
  | { type: 'EXIT' }
  | { type: 'BACK' }
  | { type: 'BROWSE'; mode: BrowseMode; filter: string | null }
  | { type: 'SEARCH'; query: string }
  | { type: 'OPEN_GUIDE'; guide: GuideRef }
  | { type: 'PRINT_GUIDE' }
  | { type: 'APPLY' }
  | { type: 'ANSWER'; question: string; value: string }
  | { type: 'CAPTURE_MATERIAL'; material: string }
  | { type: 'PHOTO_ACCEPTED'; material: string; jpeg: string }
  | { type: 'REMOVE_PHOTO'; material: string }
  | { type: 'CHOOSE_MATERIAL'; material: string; choice: 'provided' | 'deferred' | 'commitment' }
  | { type: 'CARD_INSERTED'; identity: Identity; known: KnownData }
  | { type: 'CARD_ERROR'; reason: 'unsupported-card' | 'read-failed' | 'another-person' }
  | { type: 'CARD_REMOVED' }
  | { type: 'FACE_CAPTURED'; frame: string }
  | { type: 'CAMERA_FAILED'; message: string }
  | { type: 'TOGGLE_ITEM'; item: string }
  | { type: 'NEXT' }
  | { type: 'SET_VALUE'; key: string; value: string }
  | { type: 'SET_DELIVERY'; delivery: Delivery }
  | { type: 'SUBMIT'; idempotencyKey: string }
  | { type: 'REPRINT' }
  | { type: 'SET_RATING'; level: RatingLevel }
  | { type: 'TOGGLE_REASON'; reason: string }
  /** 差评: what the citizen writes about it (on-screen keyboard or handwriting), at most RATING_COMMENT_MAX characters. */
  | { type: 'SET_RATING_COMMENT'; comment: string }
  | { type: 'SUBMIT_RATING' }
  | { type: 'SKIP_RATING' }
  | { type: 'FINISH' }
  | { type: 'SUBMISSION_STATUS'; status: SubmissionAvailability }
  | { type: 'OPEN_PROGRESS' }
  | { type: 'QR_SCANNED'; data: string }
  | { type: 'PRINT_RESULT'; acceptanceNumber: string; itemCode: string }
  | { type: 'RATE_APPLICATION'; acceptanceNumber: string }
  | { type: 'SIGNED'; strokes: Strokes }
  | { type: 'CLEAR_SIGNATURE' }
  | { type: 'PRINT_NOTICE' }
  | { type: 'NOTICE_PRINTED'; result: PrintResult }
  | { type: 'READ_OTHER_CARD'; role: string }
  | { type: 'CANCEL_OTHER_CARD' }
  | { type: 'OTHER_CARD'; person: OtherPerson }
  | { type: 'CALL_HELP' }
  | { type: 'HELP_CALLED'; ok: boolean }
  | { type: 'CANCEL_HELP' }
  | { type: 'HELP_CANCELLED'; ok: boolean }
  /** The hall answered the call (pushed by the bridge): 正在前来, 已处理, or withdrawn. */
  | { type: 'HELP_STATUS'; state: 'open' | 'coming' | 'handled' | 'withdrawn' };

export interface SubmitInput {
  idempotencyKey: string;
  bundle: string;
  items: string[];
  values: Record<string, string>;
  delivery: Delivery;
  answers: Record<string, string>;
  photos: MaterialPhoto[];
  /** How each material to bring is supplied (checked again by the bridge). */
  materials: Record<string, MaterialChoice>;
  commitment?: { materials: string[]; signature: Strokes } | null;
  lang?: Lang;
}

export const defaultSettings: Settings = { lang: 'zh', elder: false, textSize: 0, contrast: 'default', voice: false, volume: 0.7, reach: 'standard' };

/**
 * The settings every session starts from: the terminal's configured defaults (maintenance console,
 * fleet), else the built-in ones. An older configuration's `highContrast: true` means the dark theme.
 */
export function configuredSettings(terminal: TerminalInfo | null): Settings {
  const a = terminal?.accessibility;
  return {
    lang: terminal?.languages?.[0] ?? defaultSettings.lang,
    elder: a?.elder ?? defaultSettings.elder,
    textSize: a?.textSize ?? defaultSettings.textSize,
    contrast: a?.contrast ?? (a?.highContrast ? 'high-dark' : defaultSettings.contrast),
    voice: a?.voice ?? defaultSettings.voice,
    volume: a?.volume ?? defaultSettings.volume,
    reach: a?.reach ?? defaultSettings.reach,
  };
}

/** A settings change from the UI, with anything out of range dropped (the event may come from anywhere). */
function validSettings(change: Partial<Omit<Settings, 'lang' | 'elder'>>): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (change.textSize !== undefined && [0, 1, 2, 3].includes(change.textSize)) out.textSize = change.textSize;
  if (change.contrast !== undefined && ['default', 'high-dark', 'high-light'].includes(change.contrast)) out.contrast = change.contrast;
  if (typeof change.voice === 'boolean') out.voice = change.voice;
  if (typeof change.volume === 'number' && Number.isFinite(change.volume)) out.volume = Math.min(1, Math.max(0, change.volume));
  if (change.reach === 'standard' || change.reach === 'low') out.reach = change.reach;
  return out;
}

/** The languages this terminal offers, first is the default (config `languages`; both when unset). */
export function offeredLanguages(context: { terminal: { languages?: readonly Lang[] } | null }): readonly Lang[] {
  return context.terminal?.languages?.length ? context.terminal.languages : ['zh', 'en'];
}

/** A 差评's comment, as the protocol bounds it (core/protocol/messages.ts rating.submit). */
export const RATING_COMMENT_MAX = 300;

/** Reasons offered for a bad rating (不满意, 非常不满意), after Shanxi's follow-up questions. */
export const badRatingReasons = ['服务指引不清晰', '办事程序不便利', '材料手续不精简', '操作界面不友好', '等待时间过长', '设备故障'];

const citizenBlank = (): Omit<KioskContext, 'terminal' | 'catalog' | 'calendar' | 'devices' | 'bridgeConnected' | 'today' | 'settings' | 'lastEnd' | 'submissionAvailability'> => ({
  browse: { mode: 'stage', filter: null },
  query: '',
  guide: null,
  guidePrint: null,
  bundle: null,
  answers: {},
  identity: null,
  known: null,
  cardError: null,
  face: { result: null, error: null },
  chosen: [],
  composition: null,
  chooseError: null,
  values: {},
  fieldErrors: {},
  photos: {},
  photoMaterial: null,
  materialChoices: {},
  delivery: { method: 'pickup' },
  idempotencyKey: null,
  submitError: null,
  submission: null,
  print: null,
  rating: { level: null, reasons: [], comment: '', error: null },
  progress: { query: null, applications: null, platformReachable: true, error: null, print: null },
  ratingTarget: null,
  signature: null,
  notice: null,
  help: null,
  helpCancelFailed: false,
});

/**
 * Materials the citizen signs for (容缺 / 告知承诺): those chosen as deferred or replaced by a commitment
 * in the materials step; without choices, every material that may be deferred or replaced.
 */
export function commitmentMaterials(composition: Composition | null, choices?: Readonly<Record<string, string>>): string[] {
  const toBring = composition?.toBring ?? [];
  if (choices) return toBring.filter((m) => choices[m.material.code] === 'commitment' || choices[m.material.code] === 'deferred').map((m) => m.material.code);
  return toBring.filter((m) => m.deferrable || m.commitmentAllowed).map((m) => m.material.code);
}

/** 长辈版: no time pressure. The idle timeout is this many times longer, and so is the warning's countdown. */
export const ELDER_IDLE_FACTOR = 3;
export const ELDER_WARNING_FACTOR = 2;

/** Named delays (vxsuite's habit): tests advance a simulated clock by exactly these. */
export const delays = {
  idleTimeout: ({ context }: { context: KioskContext }) => (context.terminal?.idleTimeoutMs ?? 90_000) * (context.settings.elder ? ELDER_IDLE_FACTOR : 1),
  idleWarning: ({ context }: { context: KioskContext }) => (context.terminal?.idleWarningMs ?? 30_000) * (context.settings.elder ? ELDER_WARNING_FACTOR : 1),
  doneScreen: 15_000,
  /**
   * 帮办: while a help call is open the session is kept for this long without a touch (staff may be
   * busy with another citizen); then the usual warning asks before anything is wiped. Bounded, so
   * a citizen who called and walked away does not leave their data on screen for ever.
   */
  helpWait: 15 * 60_000,
};

function composeFor(context: KioskContext, chosen: string[]) {
  if (!context.catalog || !context.calendar || !context.bundle) return null;
  return catalogRules().compose(
    context.catalog,
    context.bundle,
    chosen,
    { card: context.identity ? cardValuesOf(context.identity) : {}, shared: context.known?.shared ?? {}, eLicences: context.known?.eLicences ?? [] },
    context.today(),
    context.calendar,
    context.answers,
  );
}

const bundleOf = (context: KioskContext) => context.catalog?.bundles.find((b) => b.code === context.bundle) ?? null;

/**
 * Paper materials the citizen photographs, in the merged list's order: not 免提交, and not left for
 * later (容缺) or replaced by a commitment (告知承诺).
 */
export function materialsToPhotograph(composition: Composition | null, choices: Record<string, string> = {}): string[] {
  return (composition?.materials ?? []).filter((m) => m.photograph && m.covered === null && !choices[m.material.code]).map((m) => m.material.code);
}

/** The next material after `current` that has no photo yet: the guided step goes one at a time. */
function nextToPhotograph(context: KioskContext, current: string | null, photos: Record<string, string>): string | null {
  const list = materialsToPhotograph(context.composition, context.materialChoices);
  const from = current === null ? 0 : list.indexOf(current) + 1;
  return list.slice(from).find((m) => !(m in photos)) ?? null;
}

export const kioskMachine = setup({
  types: {
    context: {} as KioskContext,
    events: {} as KioskEvent,
    input: {} as { today: () => string; settings?: Partial<Settings> },
  },
  actors: {
    verifyFace: fromPromise<FaceResult, { frame: string }>(async () => {
      throw new Error('verifyFace not provided');
    }),
    submit: fromPromise<SubmitResult, SubmitInput>(async () => {
      throw new Error('submit not provided');
    }),
    printReceipt: fromPromise<PrintResult, { acceptanceNumber: string }>(async () => {
      throw new Error('printReceipt not provided');
    }),
    printGuide: fromPromise<GuidePrintResult, GuideRef>(async () => {
      throw new Error('printGuide not provided');
    }),
    submitRating: fromPromise<void, { acceptanceNumber: string | null; level: RatingLevel; reasons: string[]; comment: string }>(async () => {
      throw new Error('submitRating not provided');
    }),
    queryProgress: fromPromise<{ applications: ApplicationStatus[]; platformReachable?: boolean }, ProgressQuery>(async () => {
      throw new Error('queryProgress not provided');
    }),
    printResult: fromPromise<PrintResult, { acceptanceNumber: string; itemCode: string }>(async () => {
      throw new Error('printResult not provided');
    }),
  },
  actions: {
    /** Tell the bridge a session began / ended (it wipes its memory). Provided by the app. */
    notifySessionStart: () => {},
    /** Asks the bridge to deliver the card lying on the reader again (card.reread). */
    rereadCard: () => {},
    notifySessionEnd: (_: unknown, _params: { reason: 'done' | 'exit' | 'timeout' }) => {},
    /** Release the camera: provided by the app; the camera step also releases it on unmount. */
    releaseCamera: () => {},
    /** 一次性告知: ask the bridge to print; the app answers with NOTICE_PRINTED. */
    printNotice: (_: unknown, _params: { bundle: string; items: string[]; answers: Record<string, string> }) => {},
    /** 帮办: place a help call (no personal data: only the step); the app answers with HELP_CALLED. */
    callHelp: () => {},
    /** 帮办: withdraw the open call; the app answers with HELP_CANCELLED. */
    cancelHelp: () => {},
    /** Ask the bridge for (or stop waiting for) another person's card; it answers with OTHER_CARD. */
    expectOtherCard: (_: unknown, _params: { expect: boolean; waiting?: boolean }) => {},
    wipeCitizen: assign(() => citizenBlank()),
    // A new session starts from the terminal's configured defaults (maintenance console / fleet), else the built-in ones.
    resetSettings: assign({ settings: ({ context }) => configuredSettings(context.terminal) }),
    setElder: assign({
      settings: ({ context, event }) => (event.type === 'SET_ELDER' ? { ...context.settings, elder: event.elder } : context.settings),
    }),
    setSettings: assign({
      settings: ({ context, event }) => (event.type === 'SET_SETTINGS' ? { ...context.settings, ...validSettings(event.settings) } : context.settings),
    }),
  },
  guards: {
    identified: ({ context }) => context.identity !== null && context.face.result?.match === true,
    guideIsBundle: ({ context }) => context.guide?.kind === 'bundle',
    bundleHasQuestions: ({ context }) => questionsOf(bundleOf(context) ?? { questions: [] }).length > 0,
    answersComplete: ({ context }) => {
      const bundle = bundleOf(context);
      return bundle !== null && checkAnswers(bundle, context.answers) === null;
    },
    faceMatched: (_, params: { result: FaceResult }) => params.result.match,
    printed: (_, params: { result: PrintResult }) => params.result.printed,
    submissionAvailable: ({ context }) => context.submissionAvailability.available,
    /** 容缺 / 告知承诺 chosen: the citizen signs before submitting. */
    signedIfNeeded: ({ context }) => commitmentMaterials(context.composition, context.materialChoices).length === 0 || context.signature !== null,
    /** A help call is placed or on its way: the session must not time out under the staff's feet. */
    helpOpen: ({ context }) => context.help === 'calling' || context.help === 'called' || context.help === 'coming' || context.help === 'cancelling',
    // A 差评 says why: a reason ticked or a comment written.
    ratingComplete: ({ context }) => context.rating.level !== null && (context.rating.level > 2 || context.rating.reasons.length > 0 || context.rating.comment.trim() !== ''),
  },
  delays,
}).createMachine({
  id: 'kiosk',
  context: ({ input }) => ({
    terminal: null,
    catalog: null,
    calendar: null,
    devices: null,
    bridgeConnected: false,
    today: input.today,
    settings: { ...defaultSettings, ...input.settings },
    lastEnd: null,
    submissionAvailability: { available: true, reason: null },
    ...citizenBlank(),
  }),
  on: {
    TERMINAL: { actions: assign({ terminal: ({ event }) => event.terminal, devices: ({ event }) => event.devices }) },
    CATALOG: { actions: assign({ catalog: ({ event }) => event.catalog, calendar: ({ event }) => event.calendar }) },
    DEVICES: { actions: assign({ devices: ({ event }) => event.devices }) },
    CONNECTION: { actions: assign({ bridgeConnected: ({ event }) => event.connected }) },
    SET_LANG: { guard: ({ context, event }) => offeredLanguages(context).includes(event.lang), actions: assign({ settings: ({ context, event }) => ({ ...context.settings, lang: event.lang }) }) },
    SET_ELDER: { actions: 'setElder' },
    SET_SETTINGS: { actions: 'setSettings' },
    SUBMISSION_STATUS: { actions: assign({ submissionAvailability: ({ event }) => event.status }) },
  },
  initial: 'attract',
  states: {
    attract: {
      entry: ['wipeCitizen', 'resetSettings'],
      on: {
        // New configured defaults apply at once on the attract screen (a session starts from them anyway). The same
        // defaults again (the bridge's hello after a reconnect) leave alone what the person in front has just chosen.
        TERMINAL: [
          {
            guard: ({ context, event }) => JSON.stringify(configuredSettings(context.terminal)) !== JSON.stringify(configuredSettings(event.terminal)),
            actions: [assign({ terminal: ({ event }) => event.terminal, devices: ({ event }) => event.devices }), 'resetSettings'],
          },
          { actions: assign({ terminal: ({ event }) => event.terminal, devices: ({ event }) => event.devices }) },
        ],
        // 帮办 from the attract screen: a session begins (and the bridge hears of it first), so the call
        // is placed on the session's entry and kept while staff come.
        CALL_HELP: { target: 'session', actions: assign({ help: 'calling' as const, lastEnd: null }) },
        START: {
          target: 'session',
          actions: assign({
            settings: ({ context, event }) => ({ ...context.settings, elder: event.elder ?? context.settings.elder }),
            lastEnd: null,
          }),
        },
      },
    },
    session: {
      type: 'parallel',
      entry: ['notifySessionStart', enqueueActions(({ context, enqueue }) => context.help === 'calling' && enqueue('callHelp'))],
      exit: ['releaseCamera', 'wipeCitizen'],
      on: {
        EXIT: { target: 'attract', actions: [{ type: 'notifySessionEnd', params: { reason: 'exit' } }, assign({ lastEnd: 'exit' })] },
        // Another person's card after the applicant is verified: the bridge refuses it; the frame says why.
        CARD_ERROR: { guard: ({ event }) => event.reason === 'another-person', actions: assign({ cardError: 'another-person' as const }) },
        CARD_INSERTED: { actions: assign({ cardError: null }) },
        // One open call per session: pressing again while it is open does nothing.
        CALL_HELP: {
          guard: not('helpOpen'),
          actions: [assign({ help: 'calling' as const, helpCancelFailed: false }), 'callHelp'],
        },
        HELP_CALLED: { guard: ({ context }) => context.help === 'calling', actions: assign({ help: ({ event }) => (event.ok ? ('called' as const) : ('failed' as const)) }) },
        CANCEL_HELP: { guard: ({ context }) => context.help === 'called' || context.help === 'coming', actions: [assign({ help: 'cancelling' as const, helpCancelFailed: false }), 'cancelHelp'] },
        // A failed cancellation leaves the call open (staff may still come); the notice says so.
        HELP_CANCELLED: { guard: ({ context }) => context.help === 'cancelling', actions: assign({ help: ({ event }) => (event.ok ? null : ('called' as const)), helpCancelFailed: ({ event }) => !event.ok }) },
        HELP_STATUS: {
          actions: assign({
            help: ({ context, event }) =>
              event.state === 'coming' ? 'coming' : event.state === 'handled' ? 'handled' : event.state === 'withdrawn' ? null : context.help,
          }),
        },
      },
      states: {
        idle: {
          initial: 'watching',
          states: {
            watching: {
              after: { idleTimeout: [{ guard: 'helpOpen', target: 'waitingForHelp' }, { target: 'warning' }] },
              on: {
                ACTIVITY: { target: 'watching', reenter: true },
                // Switching to elder mode restarts the timer with the longer elder timeout.
                SET_ELDER: { target: 'watching', reenter: true, actions: 'setElder' },
              },
            },
            // 帮办 called: staff are on their way; no countdown yet.
            waitingForHelp: {
              after: { helpWait: 'warning' },
              on: {
                // Staff closed the call while nobody touched the screen: the idle timeout resumes, with its warning.
                HELP_STATUS: { guard: ({ event }) => event.state === 'handled' || event.state === 'withdrawn', target: 'warning' },
                ACTIVITY: 'watching',
                SET_ELDER: { target: 'watching', actions: 'setElder' },
              },
            },
            warning: {
              after: {
                idleWarning: { target: '#kiosk.attract', actions: [{ type: 'notifySessionEnd', params: { reason: 'timeout' } }, assign({ lastEnd: 'timeout' })] },
              },
              on: { CONTINUE: 'watching' },
            },
          },
        },
        flow: {
          initial: 'home',
          on: {
            HOME: { target: '.home', actions: 'releaseCamera' },
          },
          states: {
            home: {
              on: {
                BROWSE: { actions: assign({ browse: ({ event }) => ({ mode: event.mode, filter: event.filter }) }) },
                SEARCH: { actions: assign({ query: ({ event }) => event.query.slice(0, 40) }) },
                OPEN_GUIDE: { target: 'guide', actions: assign({ guide: ({ event }) => event.guide }) },
                OPEN_PROGRESS: 'progress',
                BACK: { target: '#kiosk.attract', actions: [{ type: 'notifySessionEnd', params: { reason: 'exit' } }, assign({ lastEnd: 'exit' })] },
              },
            },
            guide: {
              initial: 'reading',
              entry: assign({ guidePrint: null }),
              on: {
                BACK: 'home',
                OPEN_GUIDE: { target: 'guide', reenter: true, actions: assign({ guide: ({ event }) => event.guide }) },
                APPLY: [
                  {
                    // Without a working outbox nothing can be submitted: the guide says so instead.
                    guard: ({ context }) => context.guide?.kind === 'bundle' && context.submissionAvailability.available,
                    target: 'questions',
                    // Another bundle than before: its answers and choices start afresh.
                    actions: assign(({ context }) =>
                      context.bundle === context.guide!.code ? {} : { bundle: context.guide!.code, answers: {}, chosen: [], composition: null, photos: {}, materialChoices: {} },
                    ),
                  },
                ],
              },
              states: {
                reading: {
                  on: { PRINT_GUIDE: 'printing' },
                },
                // 打印办事指南: the receipt printer, through the bridge; the QR code on screen stays.
                printing: {
                  invoke: {
                    id: 'printGuide',
                    src: 'printGuide',
                    input: ({ context }) => context.guide!,
                    onDone: { target: 'reading', actions: assign({ guidePrint: ({ event }) => event.output }) },
                    onError: { target: 'reading', actions: assign({ guidePrint: () => ({ printed: false, reason: 'error' }) }) },
                  },
                },
              },
            },
            // 情形引导: a few questions decide which items and materials apply. Identified or not.
            questions: {
              always: { guard: ({ context }) => questionsOf(bundleOf(context) ?? { questions: [] }).length === 0, target: 'chooseItems' },
              on: {
                ANSWER: {
                  actions: assign({
                    answers: ({ context, event }) => ({ ...context.answers, [event.question]: event.value }),
                    // Other answers, other items: the choice is made again from what applies.
                    chosen: [],
                  }),
                },
                NEXT: { guard: 'answersComplete', target: 'chooseItems' },
                BACK: 'guide',
              },
            },
            identify: {
              // A card already lying on the reader is read now (the bridge ignored it outside this step).
              entry: [assign({ cardError: null }), 'rereadCard'],
              on: {
                CARD_INSERTED: { target: 'face', actions: assign({ identity: ({ event }) => event.identity, known: ({ event }) => event.known, cardError: null }) },
                CARD_ERROR: { actions: assign({ cardError: ({ event }) => event.reason }) },
                BACK: [{ guard: 'bundleHasQuestions', target: 'questions' }, { target: 'guide' }],
              },
            },
            face: {
              initial: 'camera',
              exit: 'releaseCamera',
              on: {
                BACK: { target: 'identify', actions: assign({ identity: null, known: null, face: { result: null, error: null } }) },
              },
              states: {
                camera: {
                  on: {
                    FACE_CAPTURED: { target: 'verifying' },
                    CAMERA_FAILED: { actions: assign({ face: ({ event }) => ({ result: null, error: event.message }) }) },
                  },
                },
                verifying: {
                  invoke: {
                    id: 'verifyFace',
                    src: 'verifyFace',
                    input: ({ event }) => ({ frame: (event as Extract<KioskEvent, { type: 'FACE_CAPTURED' }>).frame }),
                    onDone: [
                      {
                        guard: { type: 'faceMatched', params: ({ event }) => ({ result: event.output }) },
                        target: '#kiosk.session.flow.chooseItems',
                        actions: assign({ face: ({ event }) => ({ result: event.output, error: null }) }),
                      },
                      { target: 'camera', actions: assign({ face: ({ event }) => ({ result: event.output, error: 'no-match' }) }) },
                    ],
                    onError: { target: 'camera', actions: assign({ face: () => ({ result: null, error: 'verify-failed' }) }) },
                  },
                },
              },
            },
            chooseItems: {
              always: { guard: ({ context }) => !(context.identity !== null && context.face.result?.match === true), target: 'identify' },
              entry: assign({
                // Every item that applies, to start with; what was chosen before, with the 必办 ones always in.
                chosen: ({ context }) =>
                  closeChoice(
                    bundleOf(context) ?? { items: [], rules: [] },
                    context.answers,
                    context.chosen.length ? context.chosen : applicableItems(bundleOf(context) ?? { items: [], rules: [] }, context.answers).map((i) => i.item),
                  ),
                chooseError: null,
              }),
              on: {
                // Only items the answers leave in the bundle, and never a 必办 one (required, or made so by a 情形):
                // ticking one ticks what it depends on; unticking one unticks what depends on it.
                TOGGLE_ITEM: {
                  guard: ({ context, event }) => applicableItems(bundleOf(context) ?? { items: [], rules: [] }, context.answers).some((bi) => bi.item === event.item && bi.optional),
                  actions: assign({
                    chosen: ({ context, event }) => {
                      const bundle = bundleOf(context)!;
                      return context.chosen.includes(event.item)
                        ? unchoose(bundle, context.answers, context.chosen, event.item).chosen
                        : closeChoice(bundle, context.answers, [...context.chosen, event.item]);
                    },
                    chooseError: null,
                  }),
                },
                NEXT: [
                  {
                    guard: ({ context }) => composeFor(context, context.chosen)?.ok === true,
                    target: 'form',
                    actions: assign({
                      composition: ({ context }) => {
                        const r = composeFor(context, context.chosen);
                        return r && r.ok ? r.value : null;
                      },
                      values: ({ context }) => {
                        const r = composeFor(context, context.chosen);
                        if (!r || !r.ok) return context.values;
                        const values: Record<string, string> = {};
                        for (const f of r.value.fields) values[f.field.key] = context.values[f.field.key] ?? f.value ?? '';
                        return values;
                      },
                    }),
                  },
                  {
                    actions: assign({
                      chooseError: ({ context }) => {
                        const r = composeFor(context, context.chosen);
                        if (!r || r.ok) return 'unavailable';
                        const e = r.error;
                        return 'reason' in e ? localText(e.reason, context.settings.lang) : e.kind;
                      },
                    }),
                  },
                ],
                BACK: [{ guard: 'bundleHasQuestions', target: 'questions' }, { target: 'guide' }],
              },
            },
            form: {
              entry: assign({ fieldErrors: {} }),
              // Leaving the form while waiting for another person's card: stop waiting.
              exit: [{ type: 'expectOtherCard', params: ({ context }) => ({ expect: false, waiting: !!context.values['~card.other'] }) }, assign({ values: ({ context }) => ({ ...context.values, '~card.other': '' }) })],
              on: {
                READ_OTHER_CARD: {
                  actions: [assign({ values: ({ context, event }) => ({ ...context.values, '~card.other': event.role }) }), { type: 'expectOtherCard', params: { expect: true } }],
                },
                CANCEL_OTHER_CARD: {
                  actions: [assign({ values: ({ context }) => ({ ...context.values, '~card.other': '' }) }), { type: 'expectOtherCard', params: { expect: false, waiting: true } }],
                },
                OTHER_CARD: {
                  guard: ({ context }) => !!context.values['~card.other'],
                  actions: assign(({ context, event }) => {
                    const editable = new Set(context.composition?.fields.filter((f) => f.editable).map((f) => f.field.key));
                    const values: Record<string, string> = { ...context.values, '~card.other': '' };
                    const fieldErrors = { ...context.fieldErrors };
                    for (const [key, from] of Object.entries(otherCardFields(context.values['~card.other']!))) {
                      if (!editable.has(key) || !event.person[from]) continue;
                      values[key] = event.person[from];
                      delete fieldErrors[key];
                    }
                    return { values, fieldErrors };
                  }),
                },
                SET_VALUE: {
                  actions: assign({
                    values: ({ context, event }) => ({ ...context.values, [event.key]: event.value }),
                    fieldErrors: ({ context, event }) => {
                      const { [event.key]: _, ...rest } = context.fieldErrors;
                      return rest;
                    },
                  }),
                },
                NEXT: [
                  {
                    guard: ({ context }) => context.composition !== null && catalogRules().validateSubmission(context.composition, context.values).length === 0,
                    target: 'materials',
                  },
                  {
                    actions: assign({
                      fieldErrors: ({ context }) =>
                        Object.fromEntries(
                          (context.composition ? catalogRules().validateSubmission(context.composition, context.values) : []).map((p) => [p.key, localText(p.message, context.settings.lang)]),
                        ),
                    }),
                  },
                ],
                BACK: 'chooseItems',
              },
            },
            // 一套材料: the merged list (免提交 marked), and a guided camera step for the paper ones.
            materials: {
              initial: 'list',
              on: { BACK: 'form' },
              states: {
                list: {
                  on: {
                    CAPTURE_MATERIAL: {
                      guard: ({ context, event }) => materialsToPhotograph(context.composition, context.materialChoices).includes(event.material),
                      target: 'camera',
                      actions: assign({ photoMaterial: ({ event }) => event.material }),
                    },
                    REMOVE_PHOTO: {
                      actions: assign({
                        photos: ({ context, event }) => {
                          const { [event.material]: _, ...rest } = context.photos;
                          return rest;
                        },
                      }),
                    },
                    CHOOSE_MATERIAL: {
                      guard: ({ context, event }) => {
                        const m = context.composition?.toBring.find((x) => x.material.code === event.material);
                        return !!m && (event.choice === 'provided' || (event.choice === 'deferred' ? m.deferrable : m.commitmentAllowed));
                      },
                      actions: assign({
                        materialChoices: ({ context, event }) => {
                          const { [event.material]: _, ...rest } = context.materialChoices;
                          return event.choice === 'provided' ? rest : { ...rest, [event.material]: event.choice };
                        },
                        // A material not provided now is not photographed either.
                        photos: ({ context, event }) => {
                          if (event.choice === 'provided') return context.photos;
                          const { [event.material]: _, ...rest } = context.photos;
                          return rest;
                        },
                      }),
                    },
                    NEXT: '#kiosk.session.flow.review',
                  },
                },
                camera: {
                  exit: 'releaseCamera',
                  on: {
                    PHOTO_ACCEPTED: [
                      {
                        // One material at a time: straight on to the next one without a photo.
                        guard: ({ context, event }) => nextToPhotograph(context, event.material, context.photos) !== null,
                        target: 'camera',
                        reenter: true,
                        actions: assign({
                          photos: ({ context, event }) => ({ ...context.photos, [event.material]: event.jpeg }),
                          photoMaterial: ({ context, event }) => nextToPhotograph(context, event.material, context.photos),
                        }),
                      },
                      { target: 'list', actions: assign({ photos: ({ context, event }) => ({ ...context.photos, [event.material]: event.jpeg }), photoMaterial: null }) },
                    ],
                    // 未携带 (not with me): skip it; it stays on the list of what to bring.
                    NEXT: [
                      {
                        guard: ({ context }) => nextToPhotograph(context, context.photoMaterial, context.photos) !== null,
                        target: 'camera',
                        reenter: true,
                        actions: assign({ photoMaterial: ({ context }) => nextToPhotograph(context, context.photoMaterial, context.photos) }),
                      },
                      { target: 'list', actions: assign({ photoMaterial: null }) },
                    ],
                    BACK: { target: 'list', actions: assign({ photoMaterial: null }) },
                    CAMERA_FAILED: { target: 'list', actions: assign({ photoMaterial: null }) },
                  },
                },
              },
            },
            review: {
              on: {
                SET_DELIVERY: { actions: assign({ delivery: ({ event }) => event.delivery }) },
                // The on-screen address picker's state (`~` keys, never submitted) for the mail address.
                SET_VALUE: { guard: ({ event }) => event.key.startsWith('~'), actions: assign({ values: ({ context, event }) => ({ ...context.values, [event.key]: event.value }) }) },
                SIGNED: { actions: assign({ signature: ({ event }) => event.strokes }) },
                CLEAR_SIGNATURE: { actions: assign({ signature: null }) },
                PRINT_NOTICE: {
                  guard: ({ context }) => context.notice !== 'printing' && (context.composition?.toBring.length ?? 0) > 0,
                  actions: [
                    assign({ notice: 'printing' as const }),
                    // The 情形 answers go with it: the bridge composes the same list again and needs them (issue 15).
                    { type: 'printNotice', params: ({ context }) => ({ bundle: context.bundle!, items: context.composition!.items.map((i) => i.item.code), answers: context.answers }) },
                  ],
                },
                NOTICE_PRINTED: { actions: assign({ notice: ({ event }) => event.result }) },
                SUBMIT: { guard: and(['submissionAvailable', 'signedIfNeeded']), target: 'submitting', actions: assign({ idempotencyKey: ({ context, event }) => context.idempotencyKey ?? event.idempotencyKey, submitError: null }) },
                BACK: 'materials',
              },
            },
            submitting: {
              invoke: {
                id: 'submit',
                src: 'submit',
                input: ({ context }) => ({
                  idempotencyKey: context.idempotencyKey!,
                  bundle: context.bundle!,
                  items: context.composition!.items.map((i) => i.item.code),
                  values: Object.fromEntries(context.composition!.fields.filter((f) => f.editable).map((f) => [f.field.key, context.values[f.field.key] ?? ''])),
                  delivery: context.delivery,
                  answers: context.answers,
                  // The receipt is printed in the session's language.
                  lang: context.settings.lang,
                  // Only photos of materials this application still needs (the choice may have changed since).
                  photos: materialsToPhotograph(context.composition, context.materialChoices)
                    .filter((m) => m in context.photos)
                    .map((material) => ({ material, jpeg: context.photos[material]! })),
                  materials: Object.fromEntries(context.composition!.toBring.map((m) => [m.material.code, context.materialChoices[m.material.code] ?? ('provided' as const)])),
                  commitment:
                    context.signature && commitmentMaterials(context.composition, context.materialChoices).length
                      ? { materials: commitmentMaterials(context.composition, context.materialChoices), signature: context.signature }
                      : null,
                }),
                onDone: { target: 'printing', actions: assign({ submission: ({ event }) => event.output }) },
                onError: { target: 'review', actions: assign({ submitError: ({ event }) => (event.error as Error).message }) },
              },
            },
            printing: {
              invoke: {
                id: 'printReceipt',
                src: 'printReceipt',
                input: ({ context }) => ({ acceptanceNumber: context.submission!.acceptanceNumber }),
                onDone: { target: 'receipt', actions: assign({ print: ({ event }) => event.output }) },
                onError: {
                  target: 'receipt',
                  actions: assign({ print: ({ context }) => ({ printed: false as const, reason: 'error', trackUrl: context.submission!.trackUrl }) }),
                },
              },
            },
            receipt: {
              on: {
                NEXT: 'rating',
                REPRINT: { guard: ({ context }) => context.print?.printed === false, target: 'printing' },
              },
            },
            rating: {
              on: {
                SET_RATING: { actions: assign({ rating: ({ context, event }) => ({ ...context.rating, level: event.level, error: null }) }) },
                TOGGLE_REASON: {
                  actions: assign({
                    rating: ({ context, event }) => ({
                      ...context.rating,
                      reasons: context.rating.reasons.includes(event.reason) ? context.rating.reasons.filter((r) => r !== event.reason) : [...context.rating.reasons, event.reason],
                    }),
                  }),
                },
                // The comment keyboard's state (`~` keys, never submitted).
                SET_VALUE: { guard: ({ event }) => event.key.startsWith('~'), actions: assign({ values: ({ context, event }) => ({ ...context.values, [event.key]: event.value }) }) },
                SET_RATING_COMMENT: { actions: assign({ rating: ({ context, event }) => ({ ...context.rating, comment: [...event.comment].slice(0, RATING_COMMENT_MAX).join(''), error: null }) }) },
                SUBMIT_RATING: [{ guard: 'ratingComplete', target: 'ratingSubmitting' }, { actions: assign({ rating: ({ context }) => ({ ...context.rating, error: 'incomplete' }) }) }],
                SKIP_RATING: 'done',
              },
            },
            ratingSubmitting: {
              invoke: {
                id: 'submitRating',
                src: 'submitRating',
                input: ({ context }) => ({ acceptanceNumber: context.submission?.acceptanceNumber ?? context.ratingTarget ?? null, level: context.rating.level!, reasons: context.rating.reasons, comment: context.rating.level! <= 2 ? context.rating.comment.trim() : '' }),
                onDone: 'done',
                onError: { target: 'rating', actions: assign({ rating: ({ context }) => ({ ...context.rating, error: 'send-failed' }) }) },
              },
            },
            /** 进度查询: by ID card / e-ID (CARD_INSERTED) or by scanning the receipt's QR code. */
            progress: {
              initial: 'waiting',
              entry: 'rereadCard',
              on: {
                BACK: '#kiosk.session.flow.home',
                CARD_INSERTED: {
                  target: '.querying',
                  actions: assign({ identity: ({ event }) => event.identity, known: ({ event }) => event.known, progress: ({ context }) => ({ ...context.progress, query: { kind: 'applicant' as const }, error: null }) }),
                },
                CARD_ERROR: { actions: assign({ cardError: ({ event }) => event.reason }) },
                QR_SCANNED: {
                  target: '.querying',
                  actions: assign({ progress: ({ context, event }) => ({ ...context.progress, query: { kind: 'acceptanceNumber' as const, acceptanceNumber: event.data }, error: null }) }),
                },
              },
              states: {
                waiting: {},
                querying: {
                  invoke: {
                    id: 'queryProgress',
                    src: 'queryProgress',
                    input: ({ context }) => context.progress.query!,
                    onDone: {
                      target: 'list',
                      actions: assign({
                        progress: ({ context, event }) => ({ ...context.progress, applications: event.output.applications, platformReachable: event.output.platformReachable !== false, error: null, print: null }),
                      }),
                    },
                    onError: { target: 'waiting', actions: assign({ progress: ({ context, event }) => ({ ...context.progress, applications: null, error: (event.error as Error).message }) }) },
                  },
                },
                list: {
                  on: {
                    PRINT_RESULT: {
                      target: 'printingResult',
                      actions: assign({ progress: ({ context, event }) => ({ ...context.progress, print: { itemCode: event.itemCode, result: null, error: null } }) }),
                    },
                    RATE_APPLICATION: { target: '#kiosk.session.flow.rating', actions: assign({ ratingTarget: ({ event }) => event.acceptanceNumber }) },
                  },
                },
                printingResult: {
                  invoke: {
                    id: 'printResult',
                    src: 'printResult',
                    input: ({ context, event }) => {
                      const e = event as Extract<KioskEvent, { type: 'PRINT_RESULT' }>;
                      return { acceptanceNumber: e.acceptanceNumber, itemCode: e.itemCode };
                    },
                    onDone: { target: 'list', actions: assign({ progress: ({ context, event }) => ({ ...context.progress, print: { ...context.progress.print!, result: event.output } }) }) },
                    onError: { target: 'list', actions: assign({ progress: ({ context, event }) => ({ ...context.progress, print: { ...context.progress.print!, error: (event.error as Error).message } }) }) },
                  },
                },
              },
            },
            done: {
              after: { doneScreen: { target: '#kiosk.attract', actions: [{ type: 'notifySessionEnd', params: { reason: 'done' } }, assign({ lastEnd: 'done' })] } },
              on: { FINISH: { target: '#kiosk.attract', actions: [{ type: 'notifySessionEnd', params: { reason: 'done' } }, assign({ lastEnd: 'done' })] } },
            },
          },
        },
      },
    },
  },
});

/** The flow step the UI shows, e.g. 'guide' or 'face'. */
export function flowStep(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { session?: { flow?: unknown } };
  const flow = v.session?.flow;
  if (typeof flow === 'string') return flow;
  if (flow && typeof flow === 'object') return Object.keys(flow)[0]!;
  return 'attract';
}
