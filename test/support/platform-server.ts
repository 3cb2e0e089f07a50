/**
 * A local HTTP server that plays the province's platform for tests and benchmarks: it ENFORCES the
 * contract of config/platform-api.openapi.yaml (a request off contract gets 400 and is counted as a
 * contract violation), keeps applications exactly once by Idempotency-Key, and injects the faults a
 * real platform has: 500s, answers that never come (timeouts), slow answers, and acknowledgements
 * lost after the commit (so the client retries and gets a duplicate acknowledgement).
 * Loopback only; it stops when the test closes it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { Identity } from '../../core/identity';
import { Delivery, LocalText, RatingLevel, Stage } from './platform-contract';
import { knownDataFor } from '../../device-bridge/src/platform/preset-data';

export const SubmissionBody = z.strictObject({
  idempotencyKey: z.string().uuid(),
  acceptanceNumber: z.string().regex(/^SL\d{8}[A-Z0-9]{1,4}\d{6}$/),
  terminalId: z.string().min(1),
  bundle: z.string().min(1),
  bundleName: LocalText,
  items: z.array(z.strictObject({ code: z.string(), name: LocalText, department: LocalText, dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), instant: z.boolean() })).min(1),
  promisedDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  applicantIdNumber: z.string().min(6),
  applicantName: z.string().min(1),
  values: z.record(z.string(), z.string()),
  delivery: Delivery,
  commitment: z.strictObject({ materials: z.array(z.string()), signature: z.array(z.array(z.tuple([z.number(), z.number(), z.number()]))), signedAt: z.string() }).nullable().optional(),
  answers: z.record(z.string(), z.string()).optional(),
  materialChoices: z.record(z.string(), z.enum(['provided', 'deferred', 'commitment', 'none'])).optional(),
  attachments: z.array(z.strictObject({ material: z.string().min(1), jpegBase64: z.string().regex(/^\/9j\/[A-Za-z0-9+/=]+$/, 'a base64 JPEG') })).max(20).optional(),
  submittedAt: z.string().datetime(),
});
export const RatingBody = z.strictObject({
  idempotencyKey: z.string().min(1),
  acceptanceNumber: z.string().nullable(),
  terminalId: z.string(),
  level: RatingLevel,
  reasons: z.array(z.string()),
  comment: z.string(),
  ratedAt: z.string().datetime(),
});

export interface Faults {
  /** Probability of a 500 before anything is stored. */
  error500: number;
  /** Probability of never answering (the client's timeout fires). */
  hang: number;
  /** Probability of storing, then dropping the connection (the acknowledgement is lost). */
  loseAck: number;
  /** Added to every answer. */
  slowMs: number;
  /** Refuse every connection-level request with 503 (the platform is down). */
  down: boolean;
}

export interface Received {
  key: string;
  acceptanceNumber: string;
  applicantIdNumber: string;
  order: number;
  body: z.infer<typeof SubmissionBody>;
}

export class PlatformServer {
  readonly applications = new Map<string, Received>();
  /** Help calls by id, with the state staff would have set (tests set `coming`/`handled` here). */
  readonly helpCalls = new Map<string, 'open' | 'coming' | 'handled' | 'withdrawn'>();
  readonly ratings = new Map<string, z.infer<typeof RatingBody>>();
  /** Every POST /v1/applications that reached the handler, including duplicates and faulted ones. */
  attempts = 0;
  duplicates = 0;
  contractViolations: string[] = [];
  faults: Faults = { error500: 0, hang: 0, loseAck: 0, slowMs: 0, down: false };
  private server: Server | null = null;
  private order = 0;
  private readonly hanging = new Set<ServerResponse>();
  url = '';

  constructor(private readonly random: () => number = Math.random) {}

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private violation(res: ServerResponse, message: string): void {
    this.contractViolations.push(message);
    json(res, 400, { error: { code: 'contract', message } });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let body: unknown = null;
    const text = await readBody(req);
    if (req.method === 'POST') {
      if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return this.violation(res, `${path}: content-type must be application/json`);
      try {
        body = JSON.parse(text);
      } catch {
        return this.violation(res, `${path}: body is not JSON`);
      }
    }
    if (!req.headers['x-terminal-id']) return this.violation(res, `${path}: X-Terminal-Id header missing`);
    if (this.faults.slowMs) await new Promise((r) => setTimeout(r, this.faults.slowMs));
    if (this.faults.down) return json(res, 503, { error: { code: 'down', message: 'maintenance' } });

    if (req.method === 'POST' && path === '/v1/applications') {
      this.attempts += 1;
      const parsed = SubmissionBody.safeParse(body);
      if (!parsed.success) return this.violation(res, `submission: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
      const key = req.headers['idempotency-key'];
      if (key !== parsed.data.idempotencyKey) return this.violation(res, 'Idempotency-Key header must equal the body idempotencyKey');
      if (this.random() < this.faults.error500) return json(res, 500, { error: { code: 'internal', message: 'injected 500' } });
      if (this.random() < this.faults.hang) return void this.hanging.add(res);
      const existing = this.applications.get(key);
      if (existing) {
        this.duplicates += 1;
        return json(res, 200, { acceptanceNumber: existing.acceptanceNumber, duplicate: true });
      }
      if ([...this.applications.values()].some((a) => a.acceptanceNumber === parsed.data.acceptanceNumber)) {
        return json(res, 409, { error: { code: 'number-taken', message: 'acceptance number already used by another submission' } });
      }
      this.applications.set(key, { key, acceptanceNumber: parsed.data.acceptanceNumber, applicantIdNumber: parsed.data.applicantIdNumber, order: this.order++, body: parsed.data });
      if (this.random() < this.faults.loseAck) return void res.destroy();
      return json(res, 201, { acceptanceNumber: parsed.data.acceptanceNumber, duplicate: false });
    }
    if (req.method === 'POST' && path === '/v1/ratings') {
      const parsed = RatingBody.safeParse(body);
      if (!parsed.success) return this.violation(res, `rating: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
      if (req.headers['idempotency-key'] !== parsed.data.idempotencyKey) return this.violation(res, 'Idempotency-Key header must equal the body idempotencyKey');
      if (this.random() < this.faults.error500) return json(res, 500, { error: { code: 'internal', message: 'injected 500' } });
      this.ratings.set(parsed.data.idempotencyKey, parsed.data);
      return json(res, 201, { received: true });
    }
    const one = /^\/v1\/applications\/([A-Z0-9]+)$/.exec(path);
    if (req.method === 'GET' && one) {
      const a = [...this.applications.values()].find((x) => x.acceptanceNumber === one[1]);
      if (!a) return json(res, 404, { error: { code: 'not-found', message: 'no such application' } });
      return json(res, 200, statusOf(a));
    }
    if (req.method === 'POST' && path === '/v1/applications/search') {
      const q = z.strictObject({ applicantIdNumber: z.string().min(6) }).safeParse(body);
      if (!q.success) return this.violation(res, 'search: applicantIdNumber required');
      return json(res, 200, { applications: [...this.applications.values()].filter((a) => a.applicantIdNumber === q.data.applicantIdNumber).map(statusOf) });
    }
    const results = /^\/v1\/applications\/([A-Z0-9]+)\/results$/.exec(path);
    if (req.method === 'POST' && results) {
      const a = [...this.applications.values()].find((x) => x.acceptanceNumber === results[1]);
      if (!a) return json(res, 404, { error: { code: 'not-found', message: 'no such application' } });
      return json(res, 200, { results: [] });
    }
    if (req.method === 'POST' && path === '/v1/known-data') {
      const q = z.strictObject({ idNumber: z.string() }).safeParse(body);
      if (!q.success) return this.violation(res, 'known-data: idNumber required');
      // The same fictional shared data the local back office holds for the simulator's presets.
      return json(res, 200, knownDataFor(q.data.idNumber));
    }
    if (req.method === 'POST' && path === '/v1/eid/resolve') {
      const q = z.strictObject({ code: z.string() }).safeParse(body);
      if (!q.success) return this.violation(res, 'eid: code required');
      if (q.data.code === 'EID1:test-known-code') {
        const identity: Identity = { cardType: 'resident', name: '测试', sex: '1', nation: '01', birthDate: '19900101', address: '天津市', idNumber: '120101199001010011', issuer: '天津', validFrom: '20200101', validTo: '长期' };
        return json(res, 200, identity);
      }
      return json(res, 404, { error: { code: 'not-found', message: 'unknown code' } });
    }
    if (req.method === 'POST' && path === '/v1/help-calls') {
      const q = z.strictObject({ terminalId: z.string().min(1), context: z.string(), at: z.string().datetime() }).safeParse(body);
      if (!q.success) return this.violation(res, 'help-calls: terminalId, context, at');
      const callId = `H${this.helpCalls.size + 1}`;
      this.helpCalls.set(callId, 'open');
      return json(res, 201, { callId });
    }
    const helpCall = /^\/v1\/help-calls\/(H\d+)(\/withdraw)?$/.exec(path);
    if (helpCall && ((req.method === 'GET' && !helpCall[2]) || (req.method === 'POST' && helpCall[2]))) {
      const state = this.helpCalls.get(helpCall[1]!);
      if (!state) return json(res, 404, { error: { code: 'not-found', message: 'no such help call' } });
      if (helpCall[2] && (state === 'open' || state === 'coming')) this.helpCalls.set(helpCall[1]!, 'withdrawn');
      return json(res, 200, { state: this.helpCalls.get(helpCall[1]!) });
    }
    return json(res, 404, { error: { code: 'no-route', message: `${req.method} ${path}` } });
  }
}

function statusOf(a: Received) {
  return {
    acceptanceNumber: a.acceptanceNumber,
    bundleName: a.body.bundleName,
    submittedAt: a.body.submittedAt,
    promisedDate: a.body.promisedDate,
    items: a.body.items.map((i) => ({ code: i.code, name: i.name, department: i.department, stage: '已受理' as z.infer<typeof Stage>, dueDate: i.dueDate, reason: null, printable: false })),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
