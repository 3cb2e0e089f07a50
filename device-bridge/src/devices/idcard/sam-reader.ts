/**
 * The SAM ID card reader driver: an XState machine that polls the module the way the protocol
 * expects (docs/device-protocols.md), on any byte transport (serial, HID, the simulator):
 *
 *   connecting → selfCheck → waiting ⇄ find → select → read → cardPresent ⇄ checkPresence → …
 *
 * - The SAM status self-check runs every SELF_CHECK_INTERVAL_MS while no card lies there.
 * - After a read, the card stays in the field: the machine only checks it is still there (find)
 *   and never re-reads it; REMOVAL_MISSES answers of "no card" in a row mean it was taken away
 *   (one miss can be RF noise). Some modules answer "no card" for a card halted after a read; then
 *   removal is reported early and the next placement reads again — still never a loop of re-reads.
 * - Losing the transport (unplug) in any phase is a "disconnected" status, and reconnection is
 *   lazy: the machine reopens the transport every RECONNECT_DELAY_MS; no restart is needed.
 * - A module that stops answering is "timeout": the link is closed and reopened the same way.
 *
 * Delays are named and exported, and the clock is injected (tests move a ManualClock).
 */
import { assign, createActor, fromPromise, setup, type ActorRefFrom } from 'xstate';
import type { IdCardReaderStatus } from '../../../../core/protocol/devices';
import type { Clock } from '../printer/escpos-printer';
import { systemClock } from '../printer/escpos-printer';
import type { ByteTransport, OpenTransport } from '../transport';
import { parseCardText, TEXT_LENGTH, type CardTextOptions } from './card-text';
import { IdCardReader, type CardRead } from './reader';
import { SamClient, type CommandOutcome } from './sam-client';
import { Sw3, type SamCommandName } from './sam-frame';

export const samReaderDelays = {
  FIND_INTERVAL_MS: 500,
  PRESENCE_INTERVAL_MS: 500,
  SELF_CHECK_INTERVAL_MS: 5000,
  RECONNECT_DELAY_MS: 1000,
  /** Short commands answer in a few ms at 115200; 500 ms of silence means nobody is listening. */
  COMMAND_TIMEOUT_MS: 500,
  /** Reading a card takes the module ~0.5–1 s of RF work plus 1295 bytes (112 ms at 115200, 1.35 s at 9600). */
  READ_TIMEOUT_MS: 3000,
  COMMAND_ATTEMPTS: 3,
  REMOVAL_MISSES: 2,
};
export type SamReaderDelays = typeof samReaderDelays;

export interface SamReaderDeps {
  open: OpenTransport;
  clock?: Clock;
  delays?: Partial<SamReaderDelays>;
  text?: CardTextOptions;
  /**
   * Read with `30 10` (text + photo + fingerprint) instead of `30 01`, for modules whose SAM is
   * authorised for it. The fingerprint is not kept: only the layout of the reply changes.
   */
  withFingerprint?: boolean;
  onStatus(status: IdCardReaderStatus): void;
  onCard(read: CardRead): void;
  onReadError(reason: 'unsupported-card' | 'read-failed'): void;
  onRemoved(): void;
  /** Called when the open link drops by itself (not when the machine closes it). */
  onLinkLost(): void;
}

interface Context {
  client: SamClient | null;
  sinceSelfCheck: number;
  misses: number;
  cardShown: boolean;
}

/** PLUGGED: a hotplug source saw a device arrive; reconnect now rather than at the next retry. */
type Ev = { type: 'LINK_LOST' } | { type: 'STOP' } | { type: 'PLUGGED' };

const isReply = (o: CommandOutcome, sw3?: number) => o.kind === 'reply' && (sw3 === undefined || o.sw3 === sw3);

export function createSamReaderMachine(deps: SamReaderDeps) {
  const d = { ...samReaderDelays, ...deps.delays };
  const clock = deps.clock ?? systemClock;

  const command = (name: SamCommandName, timeoutMs = d.COMMAND_TIMEOUT_MS) =>
    fromPromise<CommandOutcome, { client: SamClient | null }>(async ({ input }) =>
      input.client ? input.client.command(name, { timeoutMs, attempts: d.COMMAND_ATTEMPTS }) : { kind: 'disconnected' },
    );

  /** Transitions shared by every phase that talks to the module. */
  const failure = [
    { guard: ({ event }: { event: { output: CommandOutcome } }) => event.output.kind === 'disconnected', target: '#sam.disconnected' },
    { guard: ({ event }: { event: { output: CommandOutcome } }) => event.output.kind === 'timeout', target: '#sam.unresponsive' },
  ] as const;

  return setup({
    types: { context: {} as Context, events: {} as Ev },
    actors: {
      openLink: fromPromise<SamClient>(async () => {
        const transport: ByteTransport = await deps.open();
        return new SamClient(transport, clock, deps.onLinkLost);
      }),
      status: command('status'),
      find: command('findCard'),
      select: command('selectCard'),
      read: command(deps.withFingerprint ? 'readTextPhotoFingerprint' : 'readTextPhoto', d.READ_TIMEOUT_MS),
    },
    delays: {
      FIND_INTERVAL: () => d.FIND_INTERVAL_MS,
      PRESENCE_INTERVAL: () => d.PRESENCE_INTERVAL_MS,
      SELF_CHECK_INTERVAL: () => d.SELF_CHECK_INTERVAL_MS,
      RECONNECT_DELAY: () => d.RECONNECT_DELAY_MS,
    },
    actions: {
      status: (_, status: IdCardReaderStatus) => deps.onStatus(status),
      closeLink: assign({
        client: ({ context }) => {
          void context.client?.close();
          return null;
        },
      }),
      deliver: assign({
        cardShown: (_, output: CommandOutcome) => {
          if (output.kind !== 'reply') return false;
          if (output.sw3 === Sw3.unknownCardType) return deps.onReadError('unsupported-card'), true;
          if (output.sw3 !== Sw3.success) return deps.onReadError('read-failed'), true;
          // After SW1-3: text length, photo length (and fingerprint length for 30 10), then the blocks.
          const head = deps.withFingerprint ? 6 : 4;
          const text = output.data.subarray(head, head + TEXT_LENGTH);
          const photoLength = (output.data[2]! << 8) | output.data[3]!;
          const parsed = parseCardText(text, deps.text);
          if (!parsed.ok) return deps.onReadError(parsed.error.reason === 'unsupported-card' ? 'unsupported-card' : 'read-failed'), true;
          // The photo stays in memory, as an opaque blob for the identity verifier.
          deps.onCard({ identity: parsed.value, photo: output.data.slice(head + TEXT_LENGTH, head + TEXT_LENGTH + photoLength) });
          return true;
        },
      }),
    },
    guards: {
      selfCheckDue: ({ context }) => context.sinceSelfCheck + d.FIND_INTERVAL_MS >= d.SELF_CHECK_INTERVAL_MS,
    },
  }).createMachine({
    id: 'sam',
    context: { client: null, sinceSelfCheck: 0, misses: 0, cardShown: false },
    initial: 'connecting',
    on: {
      LINK_LOST: { target: '.disconnected' },
      STOP: { target: '.stopped' },
    },
    states: {
      connecting: {
        invoke: {
          src: 'openLink',
          onDone: { target: 'selfCheck', actions: assign({ client: ({ event }) => event.output }) },
          onError: 'disconnected',
        },
      },
      disconnected: {
        entry: ['closeLink', { type: 'status', params: { state: 'error', type: 'disconnected' } }],
        after: { RECONNECT_DELAY: 'connecting' },
        on: { PLUGGED: 'connecting' },
      },
      unresponsive: {
        entry: ['closeLink', { type: 'status', params: { state: 'error', type: 'timeout' } }],
        after: { RECONNECT_DELAY: 'connecting' },
        on: { PLUGGED: 'connecting' },
      },
      selfCheck: {
        entry: assign({ sinceSelfCheck: 0 }),
        invoke: {
          src: 'status',
          input: ({ context }) => ({ client: context.client }),
          onDone: [...failure, { guard: ({ event }) => isReply(event.output, Sw3.success), target: 'waiting' }, { target: 'samFailed' }],
        },
      },
      samFailed: {
        entry: { type: 'status', params: { state: 'error', type: 'sam-failed' } },
        after: { SELF_CHECK_INTERVAL: 'selfCheck' },
      },
      waiting: {
        entry: { type: 'status', params: { state: 'ready' } },
        after: {
          FIND_INTERVAL: [
            { guard: 'selfCheckDue', target: 'selfCheck' },
            { target: 'find', actions: assign({ sinceSelfCheck: ({ context }) => context.sinceSelfCheck + d.FIND_INTERVAL_MS }) },
          ],
        },
      },
      find: {
        invoke: {
          src: 'find',
          input: ({ context }) => ({ client: context.client }),
          onDone: [...failure, { guard: ({ event }) => isReply(event.output, Sw3.cardFound), target: 'select' }, { target: 'waiting' }],
        },
      },
      select: {
        invoke: {
          src: 'select',
          input: ({ context }) => ({ client: context.client }),
          onDone: [...failure, { guard: ({ event }) => isReply(event.output, Sw3.success), target: 'read' }, { target: 'waiting' }],
        },
      },
      read: {
        invoke: {
          src: 'read',
          input: ({ context }) => ({ client: context.client }),
          onDone: [
            ...failure,
            // Whatever the outcome, the card lies there now: report it once, wait for its removal.
            { target: 'cardPresent', actions: [{ type: 'status', params: { state: 'card-present' } }, { type: 'deliver', params: ({ event }) => event.output }] },
          ],
        },
      },
      cardPresent: {
        after: { PRESENCE_INTERVAL: 'checkPresence' },
      },
      checkPresence: {
        invoke: {
          src: 'find',
          input: ({ context }) => ({ client: context.client }),
          onDone: [
            ...failure,
            { guard: ({ event }) => isReply(event.output, Sw3.cardFound), target: 'cardPresent', actions: assign({ misses: 0 }) },
            { guard: ({ context }) => context.misses + 1 >= d.REMOVAL_MISSES, target: 'removed' },
            { target: 'cardPresent', actions: assign({ misses: ({ context }) => context.misses + 1 }) },
          ],
        },
      },
      removed: {
        entry: [assign({ misses: 0, cardShown: false }), () => deps.onRemoved()],
        always: 'waiting',
      },
      stopped: {
        type: 'final',
        entry: 'closeLink',
      },
    },
  });
}

export type SamReaderActor = ActorRefFrom<ReturnType<typeof createSamReaderMachine>>;

/** The IdCardReader the bridge sees, driven by the machine above. */
export class SamIdCardReader extends IdCardReader {
  private current: IdCardReaderStatus = { state: 'error', type: 'disconnected' };
  readonly actor: SamReaderActor;

  constructor(options: { open: OpenTransport; clock?: Clock; delays?: Partial<SamReaderDelays>; text?: CardTextOptions; withFingerprint?: boolean }) {
    super();
    const machine = createSamReaderMachine({
      ...options,
      onStatus: (status) => this.setStatus(status),
      onCard: (read) => this.emit('card', read),
      onReadError: (reason) => this.emit('read-error', reason),
      onRemoved: () => {
        this.setStatus({ state: 'ready' });
        this.emit('removed', undefined);
      },
      onLinkLost: () => this.actor.send({ type: 'LINK_LOST' }),
    });
    this.actor = createActor(machine, options.clock ? { clock: options.clock } : {});
    this.actor.start();
  }

  status(): IdCardReaderStatus {
    return this.current;
  }

  /** The machine's current phase (for tests and maintenance). */
  phase(): string {
    return String(this.actor.getSnapshot().value);
  }

  /** A hotplug source saw a device arrive: reconnect now if disconnected. */
  nudge(): void {
    this.actor.send({ type: 'PLUGGED' });
  }

  async close(): Promise<void> {
    this.actor.send({ type: 'STOP' });
    this.actor.stop();
  }

  private setStatus(status: IdCardReaderStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.current)) return;
    this.current = status;
    this.emit('status', status);
  }
}
