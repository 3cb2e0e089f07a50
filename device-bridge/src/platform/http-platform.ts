/**
 * The 'http' platform adapter: the JSON API of config/platform-api.openapi.yaml. Every call has a
 * timeout; reads and keyed writes are retried a few times with backoff (every write carries an
 * Idempotency-Key, so a retry after a lost answer is not a second application). Answers are checked
 * against the contract: a response off contract counts as the platform being unavailable, never as
 * success. 4xx answers are final (`rejected`, `not-found`); timeouts, network errors, 408, 429 and
 * 5xx are `unavailable` (the outbox tries again later).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { Identity } from '../../../core/identity';
import { ApplicationStatus, HelpCallState, KnownData, PrintableResult, type HelpCallState as HelpCallStateT } from '../../../core/protocol/messages';
import { err, ok, type Result } from '../../../core/result';
import type { Logger } from '../log';
import type { HelpCall, Platform, PlatformError, PlatformRating, PlatformSubmission, StatusQuery } from './platform';

export interface HttpPlatformOptions {
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  terminalId: string;
  logger?: Logger;
  /** Backoff between retries (ms); small by default: the outbox does the long waits. */
  retryDelayMs?: number;
}

const Ack = z.object({ acceptanceNumber: z.string().min(1) });
const StatusList = z.object({ applications: z.array(ApplicationStatus) });
const ResultList = z.object({ results: z.array(PrintableResult) });
const HelpAck = z.object({ callId: z.string() });
const HelpStateReply = z.object({ state: HelpCallState });
const ErrorReply = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export class HttpPlatform implements Platform {
  readonly name = 'http';
  constructor(private readonly options: HttpPlatformOptions) {}

  private async call<T extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: T, body?: unknown, idempotencyKey?: string): Promise<Result<z.infer<T>, PlatformError>> {
    let last: PlatformError = { kind: 'unavailable', message: 'not tried' };
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (attempt > 0) await sleep((this.options.retryDelayMs ?? 200) * 2 ** (attempt - 1));
      const result = await this.once(method, path, schema, body, idempotencyKey);
      if (result.ok || result.error.kind !== 'unavailable') return result;
      last = result.error;
    }
    this.options.logger?.warn({ path: path.replace(/\/SL\w+/, '/…'), err: last.message }, 'platform unavailable');
    return err(last);
  }

  private async once<T extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: T, body?: unknown, idempotencyKey?: string): Promise<Result<z.infer<T>, PlatformError>> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(new URL(path.replace(/^\//, ''), this.options.baseUrl.replace(/\/?$/, '/')), {
        method,
        headers: {
          accept: 'application/json',
          'x-terminal-id': this.options.terminalId,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      const name = (e as Error).name;
      return err({ kind: 'unavailable', message: name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${this.options.timeoutMs} ms` : `network: ${(e as Error).message}` });
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      return err({ kind: 'unavailable', message: `HTTP ${res.status}: answer is not JSON` });
    }
    if (res.status === 408 || res.status === 429 || res.status >= 500) return err({ kind: 'unavailable', message: `HTTP ${res.status}` });
    if (res.status >= 400) {
      const e = ErrorReply.safeParse(json);
      const message = e.success ? `${e.data.error.code}: ${e.data.error.message}` : `HTTP ${res.status}`;
      return err({ kind: res.status === 404 || res.status === 410 ? 'not-found' : 'rejected', message });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return err({ kind: 'unavailable', message: `answer off contract: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}` });
    return ok(parsed.data);
  }

  async submit(s: PlatformSubmission): Promise<Result<{ acceptanceNumber: string }, PlatformError>> {
    // Photos travel as base64 in the JSON body (the contract's `attachments[].jpegBase64`).
    const { attachments, ...rest } = s;
    const body = attachments?.length ? { ...rest, attachments: attachments.map((a) => ({ material: a.material, jpegBase64: Buffer.from(a.jpeg).toString('base64') })) } : rest;
    const r = await this.call('POST', '/v1/applications', Ack, body, s.idempotencyKey);
    if (r.ok && r.value.acceptanceNumber !== s.acceptanceNumber) {
      return err({ kind: 'unavailable', message: `platform acknowledged ${r.value.acceptanceNumber} for ${s.acceptanceNumber}` });
    }
    return r;
  }

  async status(query: StatusQuery): Promise<Result<ApplicationStatus[], PlatformError>> {
    // The ID number travels in a body, never in a URL (URLs end up in access logs).
    const r = 'acceptanceNumber' in query
      ? await this.call('GET', `/v1/applications/${encodeURIComponent(query.acceptanceNumber)}`, ApplicationStatus)
      : await this.call('POST', '/v1/applications/search', StatusList, { applicantIdNumber: query.applicantIdNumber });
    if (!r.ok) return r;
    return ok('applications' in r.value ? r.value.applications : [r.value as ApplicationStatus]);
  }

  async results(acceptanceNumber: string, applicantIdNumber: string | null): Promise<Result<PrintableResult[], PlatformError>> {
    const r = await this.call('POST', `/v1/applications/${encodeURIComponent(acceptanceNumber)}/results`, ResultList, { applicantIdNumber });
    return r.ok ? ok(r.value.results) : r;
  }

  async rate(rating: PlatformRating): Promise<Result<void, PlatformError>> {
    const r = await this.call('POST', '/v1/ratings', z.object({ received: z.literal(true) }), rating, rating.idempotencyKey);
    return r.ok ? ok(undefined) : r;
  }

  async lookupKnownData(idNumber: string): Promise<KnownData> {
    const r = await this.call('POST', '/v1/known-data', KnownData, { idNumber });
    // Without the platform, nothing is pre-filled: the citizen types and brings materials.
    return r.ok ? r.value : { shared: {}, eLicences: [] };
  }

  async resolveQrIdentity(code: string): Promise<Result<Identity, PlatformError>> {
    return this.call('POST', '/v1/eid/resolve', Identity, { code });
  }

  async helpCall(call: HelpCall): Promise<Result<{ callId: string }, PlatformError>> {
    return this.call('POST', '/v1/help-calls', HelpAck, call);
  }

  async helpCallState(callId: string): Promise<Result<HelpCallStateT, PlatformError>> {
    const r = await this.call('GET', `/v1/help-calls/${encodeURIComponent(callId)}`, HelpStateReply);
    return r.ok ? ok(r.value.state) : r;
  }

  async withdrawHelpCall(callId: string): Promise<Result<HelpCallStateT, PlatformError>> {
    const r = await this.call('POST', `/v1/help-calls/${encodeURIComponent(callId)}/withdraw`, HelpStateReply, {});
    return r.ok ? ok(r.value.state) : r;
  }
}
