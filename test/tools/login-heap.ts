/**
 * Retained memory under failed log-ins: a bridge in this process, four rounds of 10,000 failed /hall
 * log-ins with random names (valid form token), the JS heap after a full GC after each round.
 * `node --expose-gc --import tsx test/tools/login-heap.ts` (RSS alone moves with the allocator).
 */
import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBridge } from '../../device-bridge/src/bridge';
import { loadTerminalConfig } from '../../device-bridge/src/config';
import { createLogger } from '../../device-bridge/src/log';
import { hashSecret } from '../../device-bridge/src/auth/staff-auth';
const logger = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const loaded = await loadTerminalConfig(resolve('config/terminal.json'), { KIOSK_PORT: '0', KIOSK_HALL_USER: `clerk:${await hashSecret('x', { N: 1024, r: 8, p: 1 })}` });
if (!loaded.ok) throw new Error('cfg');
const bridge = await createBridge({ config: loaded.value, logger, dataDir: mkdtempSync(join(tmpdir(), 'heap-')) });
const page = await fetch(new URL('/hall', bridge.url));
const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
const token = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx test/tools/login-heap.ts');
const heap = () => {
  gc();
  gc();
  return (process.memoryUsage().heapUsed / 1048576).toFixed(1);
};
console.log(`before: heap ${heap()} MiB (after GC)`);
for (let round = 0; round < 4; round++) {
  for (let i = 0; i < 10_000; i++) {
    const res = await fetch(new URL('/hall/login', bridge.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ name: `n${Math.random().toString(36).slice(2)}`, password: 'x', csrf: token }).toString(),
      redirect: 'manual',
    });
    await res.arrayBuffer();
  }
  console.log(`after ${(round + 1) * 10_000} failed log-ins: heap ${heap()} MiB (after GC), RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
}
await bridge.close();
