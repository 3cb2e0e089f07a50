/**
 * Fuzzing the bridge's HTTP routes over raw TCP: random methods, paths (the real routes, mutated
 * ones, garbage), headers (content types, Host, Origin, cookies, upgrade requests, lengths that lie)
 * and bodies (JSON near the routes' schemas, forms, bytes), some requests malformed on purpose.
 * Deterministic for a seed (`seededRandom`), so a failure replays with FUZZ_SEED=….
 * What must hold: every request gets an HTTP answer or a closed connection, never a 500 (an
 * unhandled error); afterwards the bridge answers /healthz and its RSS grew by less than the bound.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { seededRandom } from '../support/seeded-random';

export interface HttpFuzzOptions {
  seed: number;
  requests: number;
  concurrency?: number;
}

export interface HttpFuzzResult {
  requests: number;
  /** Answers by status; 0 = the bridge closed the connection without an answer (malformed request). */
  statuses: Record<string, number>;
  /** Requests answered 500 (none may be), with the request line, for replay. */
  internalErrors: string[];
  rssBeforeKiB: number;
  rssAfterKiB: number;
  maxRssKiB: number;
  seconds: number;
}

/**
 * RSS growth allowed over a run, after the warm-up. Not a leak detector on its own: V8 lets the heap
 * grow between major collections (a 50,000-request run peaked at +115 MiB, then fell back); ten
 * runs of 4,000 in a row level off at 177–183 MiB.
 */
export const RSS_BOUND_KIB = 128 * 1024;

export const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'get', 'X'.repeat(20)];
const PATHS = [
  '/', '/healthz', '/metrics', '/api/catalog', '/api/regions', '/api/regions?parent=440000', '/api/regions?parent=99', '/api/regions?parent=%00',
  '/api/speech?lang=zh&text=%E9%A6%96%E9%A1%B5', '/api/speech?lang=en&text=', '/api/speech?lang=xx', '/api/speech?lang=en&text=a&text=b',
  '/sim/id-card', '/sim/id-card/connection', '/sim/id-card/sam', '/sim/qr', '/sim/printer/state', '/sim/printer/jobs', '/sim/printer/jobs/1.png',
  '/sim/printer/jobs/1.svg', '/sim/printer/jobs/99999999999.png', '/sim/printer/jobs/..%2f..%2fetc%2fpasswd', '/sim/eid-codes', '/sim/nothing',
  '/hall', '/hall/', '/hall/login', '/hall/logout', '/hall/move', '/hall/help/1', '/hall/help/abc', '/maintenance', '/maintenance/',
  '/maintenance/api/login', '/maintenance/api/status', '/maintenance/api/config', '/maintenance/api/logs', '/maintenance/api/test/print',
  '/maintenance/api/restart-browser', '/maintenance/api/nothing', '/ws', '/index.html', '/maintenance.html', '/assets/', '/assets/nothing.js',
  '/%', '/%zz', '//', '/../../etc/passwd', '/hall/..%2f', '*', 'http://evil.example/healthz',
];
const TYPES = [
  'application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'text/plain', 'text/plain;charset=UTF-8',
  'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1', 'APPLICATION/JSON', 'garbage', '', ';;;',
];
const JSON_BODIES = [
  '{"preset":"resident"}', '{"preset":"nobody"}', '{"unsupported":true}', '{"connected":false}', '{"connected":true}', '{"status":"ok"}',
  '{"faults":{"garbage":0.5}}', '{"data":"EID1:abcdefgh12"}', '{"data":""}', '{"paper":"out"}', '{"paper":"ok"}', '{"cover":"open"}', '{"online":true}',
  '{"pin":"1234"}', '{"pin":"12345678901234567890"}', '{"user":"x","password":"y"}', '{"user":null}', '{"session":{"idleTimeoutS":3}}',
  'null', '[]', '{}', '"str"', '1e999', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', '{"a":' + '['.repeat(2000) + ']'.repeat(2000) + '}',
  '{oops', '\u0000\u0001', '{"name":"' + 'x'.repeat(5000) + '"}',
];

export async function fuzzHttp(base: URL, pid: number, options: HttpFuzzOptions): Promise<HttpFuzzResult> {
  // One generator per request index: the same request i for a seed whatever the interleaving.
  let random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const host = base.host;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  const text = (n: number) => Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join('');

  const makeRequest = (i: number): { line: string; raw: Buffer } => {
    random = seededRandom((options.seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
    const method = pick(METHODS);
    let path = pick(PATHS);
    if (chance(0.1)) path += encodeURIComponent(text(Math.floor(random() * 40)));
    if (chance(0.02)) path = '/' + 'a'.repeat(9000);
    const headers: string[] = [];
    const hostChoice = random();
    if (hostChoice < 0.85) headers.push(`Host: ${host}`);
    else if (hostChoice < 0.95) headers.push(`Host: ${pick(['evil.example', 'localhost', '', '127.0.0.1', `[::1]:${base.port}`, 'x'.repeat(300)])}`);
    let body: Buffer = Buffer.alloc(0);
    if (chance(0.6)) {
      const kind = random();
      if (kind < 0.55) body = Buffer.from(pick(JSON_BODIES));
      else if (kind < 0.75) body = Buffer.from(new URLSearchParams({ name: text(8), password: text(12), csrf: text(20), stage: '需补正', acceptanceNumber: text(10) }).toString());
      else if (kind < 0.95) body = bytes(Math.floor(random() * 2000));
      else body = Buffer.alloc(20_000 + Math.floor(random() * 100_000), 0x61);
      const type = pick(TYPES);
      if (type) headers.push(`Content-Type: ${type}`);
    }
    const lengthChoice = random();
    if (lengthChoice < 0.85) headers.push(`Content-Length: ${body.length}`);
    else if (lengthChoice < 0.9) headers.push(`Content-Length: ${body.length + 10}`); // a body that never finishes
    else if (lengthChoice < 0.95) headers.push(`Content-Length: ${pick(['-1', 'abc', '99999999999', '1, 2'])}`);
    else if (body.length) {
      headers.push('Transfer-Encoding: chunked');
      body = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
    }
    if (chance(0.2)) headers.push(`Origin: ${pick([`http://${host}`, 'http://evil.example', 'null', ''])}`);
    if (chance(0.2)) headers.push(`Cookie: ${pick(['kiosk_maint=abc', 'hall_session=' + 'A'.repeat(43), 'hall_csrf=x', `x=${text(100)}`, ';;=;'])}`);
    if (chance(0.05)) headers.push('Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${bytes(16).toString('base64')}`);
    else headers.push('Connection: close');
    if (chance(0.05)) headers.push(`X-Junk: ${text(4000)}`);
    if (chance(0.03)) headers.push('Bad Header Without Colon');
    if (chance(0.05)) headers.push(`Accept-Encoding: ${pick(['gzip', 'br', '*', 'gzip;q=0'])}`);
    const line = chance(0.02) ? text(30) : `${method} ${path} HTTP/1.${chance(0.05) ? '0' : '1'}`;
    return { line: line.slice(0, 200), raw: Buffer.concat([Buffer.from(`${line}\r\n${headers.join('\r\n')}\r\n\r\n`), body]) };
  };

  const send = (raw: Buffer) =>
    new Promise<number>((resolve) => {
      const socket = connect({ host: base.hostname, port: Number(base.port) });
      let answer = '';
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
        resolve(m ? Number(m[1]) : 0);
      };
      // A request that lies about its length is answered by the bridge's timeouts or not at all.
      const timer = setTimeout(done, 3_000);
      socket.on('data', (d) => {
        answer += d.toString('latin1');
        if (answer.length > 16 && answer.includes('\r\n')) done();
      });
      socket.on('error', done);
      socket.on('close', done);
      socket.write(raw, () => undefined);
    });

  const statuses: Record<string, number> = {};
  const internalErrors: string[] = [];
  const concurrency = options.concurrency ?? 8;
  let next = 0;
  let maxRssKiB = 0;
  const warmUp = Math.min(200, Math.floor(options.requests / 10));
  let rssBeforeKiB = rssKiB(pid);
  const t0 = performance.now();
  const worker = async () => {
    while (next < options.requests) {
      const i = next++;
      const { line, raw } = makeRequest(i);
      const status = await send(raw);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 500) internalErrors.push(`#${i} ${line}`);
      if (i === warmUp) rssBeforeKiB = rssKiB(pid);
      if (i % 100 === 0) maxRssKiB = Math.max(maxRssKiB, rssKiB(pid));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const rssAfterKiB = rssKiB(pid);
  return { requests: options.requests, statuses, internalErrors, rssBeforeKiB, rssAfterKiB, maxRssKiB: Math.max(maxRssKiB, rssAfterKiB), seconds: (performance.now() - t0) / 1000 };
}
