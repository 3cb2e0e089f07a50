/**
 * Connecting to the bridge's /ws as the kiosk page does: with the `kiosk_link` cookie holding the
 * bridge's secret and the bridge's own Origin (device-bridge/src/kiosk-link-auth.ts). Spawned test
 * bridges get `testLinkSecret` (test/support/bridge-process.ts); in-process ones expose `linkSecret`.
 */
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';

/** The KIOSK_LINK_SECRET every spawned test bridge runs with (and every test Chromium holds). */
export const testLinkSecret = 'test-kiosk-link-secret-3f9c1a7e5b2d4860';

export const wsUrl = (bridgeUrl: string) => `${bridgeUrl.replace(/^http/, 'ws').replace(/\/?$/, '/')}ws`;

/** `ws` client options that make a connection the kiosk page's: the cookie and the Origin. */
export function kioskSocketOptions(bridgeUrl: string, secret: string = testLinkSecret): WebSocket.ClientOptions {
  return { headers: { cookie: `kiosk_link=${secret}` }, origin: new URL(bridgeUrl).origin };
}

export function kioskSocket(bridgeUrl: string, secret: string = testLinkSecret, options: WebSocket.ClientOptions = {}): WebSocket {
  return new WebSocket(wsUrl(bridgeUrl), { ...kioskSocketOptions(bridgeUrl, secret), ...options });
}

/**
 * A WebSocket handshake done by hand over a plain TCP socket, so a test can then write any bytes it
 * likes (malformed frames). Resolves with the socket after `101`, or rejects with the status line.
 */
export function rawKioskSocket(bridgeUrl: string, headers: Record<string, string | null> = {}, secret: string = testLinkSecret): Promise<{ socket: Socket; status: number; rest: Buffer }> {
  const u = new URL(bridgeUrl);
  const all: Record<string, string | null> = {
    Host: u.host,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
    'Sec-WebSocket-Version': '13',
    Origin: u.origin,
    Cookie: `kiosk_link=${secret}`,
    ...headers,
  };
  const request = `GET /ws HTTP/1.1\r\n${Object.entries(all)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname);
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(buf.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      resolve({ socket, status, rest: buf.subarray(end + 4) });
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('connect', () => socket.write(request));
  });
}

/** One WebSocket frame as a client would send it (masked unless told otherwise). */
export function frame(opcode: number, payload: Buffer, options: { fin?: boolean; mask?: boolean; rsv?: number; length?: bigint } = {}): Buffer {
  const fin = options.fin ?? true;
  const masked = options.mask ?? true;
  const len = options.length ?? BigInt(payload.length);
  const head: number[] = [(fin ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | (opcode & 0x0f)];
  const m = masked ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126n) head.push(m | Number(len));
  else if (len < 65536n) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(len));
  } else {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(len);
  }
  const key = masked ? Buffer.from([0x12, 0x34, 0x56, 0x78]) : Buffer.alloc(0);
  const body = Buffer.from(payload);
  if (masked) for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!;
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

/** The close code in a server's close frame among the bytes read, or null. */
export function closeCodeIn(bytes: Buffer): number | null {
  let i = 0;
  while (i + 2 <= bytes.length) {
    const opcode = bytes[i]! & 0x0f;
    let len = bytes[i + 1]! & 0x7f;
    let p = i + 2;
    if (len === 126) {
      if (p + 2 > bytes.length) return null;
      len = bytes.readUInt16BE(p);
      p += 2;
    } else if (len === 127) {
      if (p + 8 > bytes.length) return null;
      len = Number(bytes.readBigUInt64BE(p));
      p += 8;
    }
    if (opcode === 0x8) return len >= 2 && p + 2 <= bytes.length ? bytes.readUInt16BE(p) : 1005;
    i = p + len;
  }
  return null;
}

/** Reads from a raw socket until the server closes it (or `timeoutMs`); resolves with all bytes read. */
export function readUntilClosed(socket: Socket, initial: Buffer = Buffer.alloc(0), timeoutMs = 15_000): Promise<{ bytes: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    let bytes = initial;
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      resolve({ bytes, closed });
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('data', (d: Buffer) => (bytes = Buffer.concat([bytes, d])));
    socket.once('close', () => done(true));
    socket.once('error', () => undefined);
  });
}
