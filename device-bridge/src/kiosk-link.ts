/**
 * The one WebSocket to the kiosk page. Every incoming message is checked against the protocol
 * schema; a bad one gets an error reply naming the field and the connection stays up. Device events
 * are forwarded; card reads only while a citizen session is active.
 * Only the page the bridge launched gets here (the upgrade is authorized first: kiosk-link-auth.ts).
 * A new connection replaces the old one: the old is closed (4000) and its session wiped before the
 * new one gets its `hello` (a reloaded or crashed page is a citizen who walked away); a dropped
 * connection wipes it too. Each connection has its own session object and replies go only to the
 * connection that asked, so nothing still in flight for the old citizen reaches the new connection.
 * A malformed frame closes that one connection (ws answers 1002/1007/1009); the error is logged,
 * never thrown.
 */
import type { RawData, WebSocket } from 'ws';
import { isExpired, type Identity } from '../../core/identity';
import { shanghaiDate } from '../../core/calendar/working-days';
import { BridgeMessage, KioskRequest, describeZodError, type ErrorBody, type HelpCallState, type SubmissionAvailability, type TerminalInfo } from '../../core/protocol/messages';
import type { CatalogStore } from './catalog/catalog-store';
import type { Devices } from './devices/devices';
import type { Logger } from './log';
import type { Platform } from './platform/platform';
import type { ApplicationService } from './services/applications';
import { CitizenSession } from './session/citizen-session';
import type { IdentityVerifier } from './verifier/identity-verifier';
import type { BridgeMetrics } from './maintenance/metrics';
import type { HandwritingRecogniser } from './handwriting/zinnia-recogniser';

export interface KioskLinkDeps {
  terminal: () => TerminalInfo;
  devices: Devices;
  catalog: CatalogStore;
  platform: Platform;
  applications: ApplicationService;
  verifier: IdentityVerifier;
  logger: Logger;
  /** Whether the durable outbox can take submissions (the kiosk stops offering submission when not). */
  submissionStatus?: () => SubmissionAvailability;
  now?: () => Date;
  /** Counters for /metrics (device-bridge/src/maintenance/metrics.ts). */
  metrics?: Pick<BridgeMetrics, 'sessions' | 'sessionEnds' | 'timeouts'>;
  /** 手写输入 (device-bridge/src/handwriting/): strokes in, candidates out; strokes never logged. */
  handwriting?: HandwritingRecogniser;
  /** How often an open help call is asked after on a platform that cannot push (http); default 3 s. */
  helpPollMs?: number;
}

/** Codes of the 电子身份证 / 亮证码 kind: resolved by the platform, never forwarded to the page. */
export const isEidCode = (data: string) => /^EID\d:[A-Za-z0-9_-]{8,200}$/.test(data);

export class KioskLink {
  private current = new CitizenSession();
  private socket: WebSocket | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly now: () => Date;

  constructor(private readonly deps: KioskLinkDeps) {
    this.now = deps.now ?? (() => new Date());
    const { devices } = deps;
    const pushDevices = () => this.send({ type: 'devices', devices: devices.statuses() });
    this.unsubscribe.push(
      devices.idcard.on('status', pushDevices),
      devices.qr.on('status', pushDevices),
      devices.printerMonitor.on('status', pushDevices),
      devices.idcard.on('card', ({ identity, photo }) => void this.onCard(identity, photo)),
      devices.idcard.on('removed', () => this.session.active && this.send({ type: 'card.removed' })),
      devices.idcard.on('read-error', (reason) => this.session.active && this.send({ type: 'card.error', reason })),
      devices.qr.on('scan', (data) => (isEidCode(data) ? void this.onEidCode(data) : this.send({ type: 'qr.scanned', data }))),
    );
    const unwatch = deps.platform.onHelpCallChange?.((callId, state) => this.onHelpState(callId, state));
    if (unwatch) this.unsubscribe.push(unwatch);
  }

  private helpPoll: ReturnType<typeof setInterval> | null = null;

  /** The session's help call changed (pushed by the platform, or seen by polling): tell the kiosk. */
  private onHelpState(callId: string, state: HelpCallState): void {
    const help = this.session.help;
    if (!help || help.callId !== callId || help.state === state) return;
    help.state = state;
    if (!this.session.helpOpen) this.stopHelpPoll();
    this.deps.logger.info({ state }, 'help call changed');
    this.send({ type: 'help.status', state });
  }

  /** Platforms that cannot push (http) are asked while the call is open. */
  private followHelp(): void {
    if (this.deps.platform.onHelpCallChange || this.helpPoll) return;
    this.helpPoll = setInterval(() => {
      const help = this.session.help;
      if (!help || !this.session.helpOpen) return this.stopHelpPoll();
      void this.deps.platform.helpCallState(help.callId).then((r) => r.ok && this.onHelpState(help.callId, r.value));
    }, this.deps.helpPollMs ?? 3000);
    this.helpPoll.unref?.();
  }

  private stopHelpPoll(): void {
    if (this.helpPoll) clearInterval(this.helpPoll);
    this.helpPoll = null;
  }

  /**
   * Forgets the citizen. An open help call is withdrawn first: staff must not walk to a terminal
   * whose citizen has gone (the withdrawal goes on after the wipe; it carries only the call's id).
   */
  private wipeSession(): void {
    const help = this.session.helpOpen ? this.session.help : null;
    this.stopHelpPoll();
    this.session.wipe();
    if (help) {
      void this.deps.platform
        .withdrawHelpCall(help.callId)
        .then((r) => (r.ok ? this.deps.logger.info('help call withdrawn: session ended') : this.deps.logger.warn({ err: r.error.kind }, 'help call could not be withdrawn')))
        .catch(() => undefined);
    }
  }

  private lastAvailability: string | null = null;

  /** Tells the kiosk whether submission is possible; sent on connect and whenever it changes. */
  notifySubmissionStatus(force = false): void {
    if (!this.deps.submissionStatus) return;
    const status = this.deps.submissionStatus();
    const text = JSON.stringify(status);
    if (!force && text === this.lastAvailability) return;
    this.lastAvailability = text;
    this.send({ type: 'submission.status', status });
  }

  /** e-ID QR login: the platform resolves the one-time code to an identity; the live photo step follows. */
  private async onEidCode(code: string): Promise<void> {
    if (!this.session.active || this.session.identity) {
      this.deps.logger.info('e-ID code scanned outside the identify step; ignored');
      return;
    }
    const resolved = await this.deps.platform.resolveQrIdentity(code);
    if (!resolved.ok) {
      this.deps.logger.info({ kind: resolved.error.kind }, 'e-ID code not accepted');
      this.send({ type: 'card.error', reason: 'read-failed' });
      return;
    }
    this.deps.logger.info('identified by e-ID QR code');
    await this.onCard(resolved.value, null);
  }

  /** The session of the current connection (a replaced connection's session is wiped and dropped). */
  get session(): CitizenSession {
    return this.current;
  }

  get connected(): boolean {
    return this.socket !== null;
  }

  attach(socket: WebSocket): void {
    // Listened to first: an unhandled 'error' (bad frame, reset) would end the process.
    socket.on('error', (e: Error & { code?: string }) => this.deps.logger.warn({ code: e.code ?? 'unknown' }, 'kiosk connection error; connection closed'));
    if (this.socket) {
      this.deps.logger.warn('a new kiosk connection replaces the old one; session wiped');
      this.socket.close(4000, 'replaced');
    }
    // The old connection's citizen is forgotten (an open help call withdrawn) and the new
    // connection gets a session object of its own.
    this.wipeSession();
    this.current = new CitizenSession();
    this.socket = socket;
    socket.on('message', (data, isBinary) => void this.onMessage(socket, isBinary ? null : rawText(data)));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.session.active) this.deps.logger.info('kiosk connection closed during a session; session wiped');
      this.wipeSession();
    });
    this.send({ type: 'hello', terminal: this.deps.terminal(), devices: this.deps.devices.statuses(), catalogVersion: this.deps.catalog.status().version });
    this.notifySubmissionStatus(true);
  }

  /** Makes the kiosk page reconnect (close code 4001), so it gets a fresh `hello` with the changed configuration. */
  reloadKiosk(reason: string): void {
    this.socket?.close(4001, reason.slice(0, 100));
  }

  close(): void {
    this.unsubscribe.forEach((u) => u());
    this.socket?.close(1001, 'bridge stopping');
    this.wipeSession();
  }

  private async onCard(identity: Identity, photo: Uint8Array | null): Promise<void> {
    if (!this.session.active) {
      this.deps.logger.info('card read outside a citizen session; ignored');
      return;
    }
    if (isExpired(identity, shanghaiDate(this.now()))) {
      this.deps.logger.info('expired card refused');
      this.send({ type: 'card.error', reason: 'read-failed' });
      return;
    }
    if (this.session.expectOther) {
      // Another person's card for the form (a spouse, a seller): the applicant, their photo and
      // their shared data stay; of this card only name, number and address go to the page.
      this.session.expectOther = false;
      photo?.fill(0);
      this.deps.logger.info('second card read for the form');
      this.send({ type: 'card.other', person: { name: identity.name, idNumber: identity.idNumber, address: identity.address } });
      return;
    }
    const applicant = this.session.identity;
    if (applicant && this.session.faceVerified) {
      // One applicant per session. Once verified, the applicant's own card put back on the reader
      // changes nothing (it must not undo the face check mid-form), and another person's card —
      // not asked for with card.other — neither replaces them nor reaches the page.
      photo?.fill(0);
      if (applicant.idNumber !== identity.idNumber) {
        this.deps.logger.info('another person\'s card after verification; refused');
        this.send({ type: 'card.error', reason: 'another-person' });
        return;
      }
      this.send({ type: 'card.inserted', identity: applicant, known: this.session.known ?? { shared: {}, eLicences: [] } });
      return;
    }
    this.session.identity = identity;
    this.session.photo = photo;
    this.session.faceVerified = false;
    this.session.known = await this.deps.platform.lookupKnownData(identity.idNumber);
    if (!this.session.active || this.session.identity !== identity) return; // session ended while looking up
    this.send({ type: 'card.inserted', identity, known: this.session.known });
  }

  private async onMessage(socket: WebSocket, text: string | null): Promise<void> {
    // Replies go to the connection that asked, and requests work on that connection's session.
    const send = (message: BridgeMessage) => this.sendTo(socket, message);
    const session = this.current;
    if (this.socket !== socket) return;
    let json: unknown;
    try {
      json = JSON.parse(text ?? '');
    } catch {
      send({ type: 'error', error: { code: 'bad-json', message: 'message is not JSON text' } });
      return;
    }
    const parsed = KioskRequest.safeParse(json);
    if (!parsed.success) {
      const id = typeof json === 'object' && json !== null && Number.isSafeInteger((json as { id?: unknown }).id) ? (json as { id: number }).id : null;
      const error: ErrorBody = { code: 'bad-message', ...describeZodError(parsed.error) };
      this.deps.logger.warn({ path: error.path }, 'kiosk message off schema');
      send(id !== null && id >= 0 ? { type: 'reply', id, ok: false, error } : { type: 'error', error });
      return;
    }
    const req = parsed.data;
    try {
      const reply = await this.handle(req, session);
      send(reply.ok ? { type: 'reply', id: req.id, ok: true, result: reply.value } : { type: 'reply', id: req.id, ok: false, error: reply.error });
    } catch (e) {
      this.deps.logger.error({ err: (e as Error).message, type: req.type }, 'request failed');
      send({ type: 'reply', id: req.id, ok: false, error: { code: 'internal', message: 'the terminal could not complete this request' } });
    }
  }

  private async handle(req: KioskRequest, session: CitizenSession): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorBody }> {
    const noSession = { ok: false as const, error: { code: 'no-session', message: 'start a session first' } };
    // Everything but starting and ending a session needs one: the printer, the help call and the
    // outbox (ratings) are not for anyone who reaches the socket between citizens.
    if (req.type !== 'session.start' && req.type !== 'session.end' && !session.active) return noSession;
    switch (req.type) {
      case 'session.start':
        this.wipeSession();
        session.start();
        this.deps.metrics?.sessions.inc();
        this.deps.logger.info('citizen session started');
        return { ok: true, value: null };
      case 'session.end':
        this.wipeSession();
        this.deps.metrics?.sessionEnds.inc({ reason: req.reason });
        if (req.reason === 'timeout') this.deps.metrics?.timeouts.inc();
        this.deps.logger.info({ reason: req.reason }, 'citizen session ended; wiped');
        return { ok: true, value: null };
      case 'face.verify': {
        if (!session.active || !session.identity) return { ok: false, error: { code: 'not-identified', message: 'read the card first' } };
        const jpeg = Buffer.from(req.frame.slice('data:image/jpeg;base64,'.length), 'base64');
        const result = await this.deps.verifier.verify(jpeg, session.photo);
        jpeg.fill(0);
        session.faceVerified = result.match;
        return { ok: true, value: result };
      }
      case 'submit':
        return this.deps.applications.submit(session, req);
      case 'receipt.print':
        return this.deps.applications.printReceipt(session, req.acceptanceNumber);
      case 'guide.print':
        return this.deps.applications.printGuide(req.guide);
      case 'rating.submit':
        return this.deps.applications.rate(session, req);
      case 'progress.query':
        return this.deps.applications.progress(session, req);
      case 'result.print':
        return this.deps.applications.printResult(session, req.acceptanceNumber, req.itemCode);
      case 'notice.print':
        return this.deps.applications.printNotice(session, req);
      case 'card.other':
        if (!session.active || !session.identity) return { ok: false, error: { code: 'not-identified', message: 'the applicant reads their own card first' } };
        session.expectOther = req.expect;
        return { ok: true, value: null };
      case 'card.reread':
        if (session.active) this.deps.devices.idcard.reread();
        return { ok: true, value: null };
      case 'handwriting.recognise': {
        if (!this.deps.handwriting) return { ok: false, error: { code: 'handwriting-unavailable', message: 'no handwriting recogniser on this terminal' } };
        const candidates = await this.deps.handwriting.recognise(req.character).catch(() => null);
        if (!candidates) return { ok: false, error: { code: 'handwriting-unavailable', message: 'the handwriting recogniser is not working' } };
        return { ok: true, value: { candidates } };
      }
      case 'help.call': {
        // Staff come to a citizen: no session, no call (a script on the page cannot spam the hall).
        if (!session.active) return { ok: false, error: { code: 'no-session', message: 'a help call belongs to a citizen session' } };
        // One open call per session: pressing again answers with the call already placed.
        if (session.helpOpen) return { ok: true, value: { callId: session.help!.callId, state: session.help!.state } };
        const called = await this.deps.platform.helpCall({ terminalId: this.deps.terminal().id, context: req.context, at: this.now().toISOString() });
        if (!called.ok) return { ok: false, error: { code: `platform-${called.error.kind}`, message: called.error.message } };
        if (!session.active) {
          // The session ended while the call was being placed: nobody is there to help.
          void this.deps.platform.withdrawHelpCall(called.value.callId).catch(() => undefined);
          return { ok: false, error: { code: 'no-session', message: 'the session ended' } };
        }
        session.help = { callId: called.value.callId, state: 'open' };
        this.followHelp();
        this.deps.logger.info({ context: req.context }, 'help call placed');
        return { ok: true, value: { callId: called.value.callId, state: 'open' } };
      }
      case 'help.cancel': {
        const help = session.help;
        if (!help || !session.helpOpen) return { ok: false, error: { code: 'no-help-call', message: 'no help call is open' } };
        const withdrawn = await this.deps.platform.withdrawHelpCall(help.callId);
        if (!withdrawn.ok) return { ok: false, error: { code: `platform-${withdrawn.error.kind}`, message: withdrawn.error.message } };
        // Staff may have handled it meanwhile: the answer says where it stands.
        if (session.help === help) help.state = withdrawn.value;
        this.stopHelpPoll();
        this.deps.logger.info({ state: withdrawn.value }, 'help call cancelled by the citizen');
        return { ok: true, value: { state: withdrawn.value } };
      }
    }
  }

  private send(message: BridgeMessage): void {
    if (this.socket) this.sendTo(this.socket, message);
  }

  private sendTo(socket: WebSocket, message: BridgeMessage): void {
    if (socket !== this.socket || socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify(message));
  }
}

/** A text message's data as a string (ws hands a Buffer, or fragments). */
function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
