/**
 * Commands to a SAM module over a byte transport: one at a time, each with a timeout and retries.
 * Replies carry no command id, so a reply is accepted only if its shape fits the command asked
 * (a late answer to an earlier, timed-out command is dropped instead of being read as this one's).
 */
import type { Clock } from '../printer/escpos-printer';
import type { ByteTransport } from '../transport';
import { buildCommand, decodeReply, SamFrameParser, Sw3, type SamCommandName, type SamReply } from './sam-frame';

export type CommandOutcome = { kind: 'reply'; sw3: number; data: Uint8Array } | { kind: 'timeout' } | { kind: 'disconnected' };

export interface CommandOptions {
  timeoutMs: number;
  attempts: number;
}

/** Result codes that say our request was garbled on the way: worth sending again. */
const RETRYABLE = new Set<number>([Sw3.checksumError, Sw3.lengthError]);

/** Whether `reply` can be the answer to `name` (see the module comment). */
export function fitsCommand(name: SamCommandName, r: SamReply): boolean {
  if (r.sw1 !== 0 || r.sw2 !== 0) return false;
  const n = r.data.length;
  switch (name) {
    case 'findCard':
      return r.sw3 === Sw3.cardFound ? n === 4 : r.sw3 !== Sw3.success && n === 0;
    case 'selectCard':
      return r.sw3 === Sw3.success ? n === 8 : r.sw3 !== Sw3.cardFound && n === 0;
    case 'readTextPhoto':
    case 'readTextPhotoFingerprint': {
      if (r.sw3 !== Sw3.success) return r.sw3 !== Sw3.cardFound && n === 0;
      const head = name === 'readTextPhoto' ? 4 : 6;
      if (n < head) return false;
      const text = (r.data[0]! << 8) | r.data[1]!;
      const photo = (r.data[2]! << 8) | r.data[3]!;
      const fp = head === 6 ? (r.data[4]! << 8) | r.data[5]! : 0;
      return n === head + text + photo + fp;
    }
    case 'status':
    case 'reset':
      return n === 0 && r.sw3 !== Sw3.cardFound && r.sw3 !== Sw3.noCard && r.sw3 !== Sw3.selectFailed;
    case 'samId':
      return r.sw3 === Sw3.success ? n > 0 : n === 0;
  }
}

export class SamClient {
  private readonly parser = new SamFrameParser();
  private pending: { name: SamCommandName; resolve: (o: CommandOutcome) => void } | null = null;
  private lost = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly detach: (() => void)[];

  constructor(
    private readonly transport: ByteTransport,
    private readonly clock: Clock,
    /** Called once if the transport drops by itself (not after `close()`). */
    private readonly onLost: () => void = () => {},
  ) {
    this.detach = [
      transport.onData((bytes) => this.receive(bytes)),
      transport.onClose(() => {
        this.lost = true;
        this.settle({ kind: 'disconnected' });
        this.onLost();
      }),
    ];
  }

  get disconnected(): boolean {
    return this.lost;
  }

  command(name: SamCommandName, options: CommandOptions): Promise<CommandOutcome> {
    const run = this.queue.then(() => this.attempt(name, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.lost = true;
    this.detach.forEach((d) => d());
    this.settle({ kind: 'disconnected' });
    await this.transport.close().catch(() => undefined);
  }

  private async attempt(name: SamCommandName, { timeoutMs, attempts }: CommandOptions): Promise<CommandOutcome> {
    let last: CommandOutcome = { kind: 'timeout' };
    for (let i = 0; i < attempts; i++) {
      if (this.lost) return { kind: 'disconnected' };
      last = await this.once(name, timeoutMs);
      if (last.kind === 'disconnected') return last;
      if (last.kind === 'reply' && !RETRYABLE.has(last.sw3)) return last;
    }
    return last;
  }

  private once(name: SamCommandName, timeoutMs: number): Promise<CommandOutcome> {
    // Whatever is buffered belongs to an earlier exchange.
    this.parser.reset();
    return new Promise<CommandOutcome>((resolve) => {
      const timer = this.clock.setTimeout(() => this.settle({ kind: 'timeout' }), timeoutMs);
      this.pending = {
        name,
        resolve: (o) => {
          this.clock.clearTimeout(timer);
          resolve(o);
        },
      };
      this.transport.write(buildCommand(name)).catch(() => {
        this.lost = true;
        this.settle({ kind: 'disconnected' });
      });
    });
  }

  private settle(outcome: CommandOutcome): void {
    const p = this.pending;
    this.pending = null;
    p?.resolve(outcome);
  }

  private receive(bytes: Uint8Array): void {
    for (const frame of this.parser.push(bytes)) {
      const reply = decodeReply(frame);
      if (!reply || !this.pending || !fitsCommand(this.pending.name, reply)) continue;
      this.settle({ kind: 'reply', sw3: reply.sw3, data: reply.data.slice() });
    }
  }
}
