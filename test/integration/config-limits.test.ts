/**
 * What the configuration's size limits and the service check mean for the running bridge
 * (in-process, real HTTP and WebSocket): a configuration at every limit still produces a small hello
 * for the kiosk page, one over a limit is refused with the field named, and /healthz reports a
 * fault when none of the configured bundles is in the catalog (the home screen would be empty).
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { kioskSocket } from '../support/kiosk-socket';
import { limits } from '../../core/catalog/schema';
import { TerminalConfig, configLimits } from '../../core/config/terminal';
import { createBridge, type Bridge } from '../../device-bridge/src/bridge';
import { applyEnvOverrides } from '../../device-bridge/src/config';
import { createLogger } from '../../device-bridge/src/log';
import { root } from '../support/bridge-process';

const logger = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const shipped = (): TerminalConfig => TerminalConfig.parse(JSON.parse(readFileSync(resolve(root, 'config/terminal.json'), 'utf8')));

let bridge: Bridge | null = null;
afterEach(async () => {
  await bridge?.close();
  bridge = null;
});

async function start(document: TerminalConfig): Promise<Bridge> {
  const effective = applyEnvOverrides(TerminalConfig.parse(document), { KIOSK_PORT: '0' });
  if (!effective.ok) throw new Error(effective.error.message);
  bridge = await createBridge({ config: effective.value, logger, stateDir: mkdtempSync(join(tmpdir(), 'limits-')) });
  return bridge;
}

/** The first message the kiosk page gets, as the bytes on the wire. */
async function helloBytes(b: Bridge): Promise<{ bytes: number; hello: any }> {
  const ws = kioskSocket(b.url, b.linkSecret);
  const raw = await new Promise<string>((resolveMessage, reject) => {
    ws.once('message', (d) => resolveMessage(String(d)));
    ws.once('error', reject);
  });
  ws.close();
  return { bytes: Buffer.byteLength(raw), hello: JSON.parse(raw) };
}

/** Every field the hello carries at its limit, in the characters that cost most on the wire (JSON escapes). */
function maximal(): TerminalConfig {
  const doc = shipped();
  const worst = (n: number) => '\u0001'.repeat(n);
  const name = { zh: worst(limits.name), en: worst(limits.name) };
  doc.terminal = { ...doc.terminal, id: 'A'.repeat(40), name, hours: name, pickupPlace: name, hallPhone: worst(40) };
  doc.services = Array.from({ length: configLimits.services }, (_, i) => `b${String(i).padStart(3, '0')}${'x'.repeat(limits.code - 4)}`);
  doc.languages = ['ug', 'zh', 'en'];
  doc.accessibility = { elder: true, highContrast: true, voice: true, textSize: 3, contrast: 'high-light', reach: 'low', volume: 0.5 };
  doc.display = { ...doc.display, reach: { screenBottomMm: 2500, maxReachMm: 2500 } };
  doc.receipt = { trackBaseUrl: `https://${'a'.repeat(60)}.example/${'p/'.repeat((configLimits.url - 100) / 2)}` };
  return doc;
}

describe('configuration limits at the running bridge', () => {
  it(`a configuration at every limit produces a hello under ${configLimits.helloBytes / 1024} KiB`, async () => {
    const doc = maximal();
    expect(TerminalConfig.safeParse(doc).success).toBe(true);
    const { bytes, hello } = await helloBytes(await start(doc));
    expect(hello.type).toBe('hello');
    expect(hello.terminal.bundles).toHaveLength(configLimits.services);
    expect(bytes).toBeLessThan(configLimits.helloBytes);
    // The shipped configuration, for comparison, is a fraction of that.
    await bridge!.close();
    bridge = null;
    expect((await helloBytes(await start(shipped()))).bytes).toBeLessThan(4096);
  });

  it('one character or one entry over a limit is refused, with the field named', () => {
    const over: [string, (d: TerminalConfig) => void][] = [
      ['terminal.name.zh', (d) => (d.terminal.name.zh = '名'.repeat(limits.name + 1))],
      ['terminal.hours.en', (d) => (d.terminal.hours.en = 'x'.repeat(5 * 1024 * 1024))],
      ['terminal.hallPhone', (d) => (d.terminal.hallPhone = '1'.repeat(41))],
      ['services', (d) => (d.services = Array.from({ length: configLimits.services + 1 }, (_, i) => `b${i}`))],
      ['services.0', (d) => (d.services = ['b'.repeat(limits.code + 1)])],
      ['browser.executablePath', (d) => (d.browser.executablePath = `/${'x'.repeat(configLimits.path)}`)],
    ];
    for (const [field, change] of over) {
      const doc = shipped();
      change(doc);
      const parsed = TerminalConfig.safeParse(doc);
      expect(parsed.success, field).toBe(false);
      if (!parsed.success) expect(parsed.error.issues[0]!.path.join('.'), field).toBe(field);
    }
  });

  it('/healthz reports catalog:no-services when none of the configured bundles is in the catalog', async () => {
    const broken = await start({ ...shipped(), services: ['no-such-bundle', 'nor-this-one'] });
    const health = await (await fetch(new URL('healthz', broken.url))).json();
    expect(health).toMatchObject({ status: 'degraded' });
    expect(health.faults).toContain('catalog:no-services');
    await broken.close();
    bridge = null;
    for (const services of [[], ['newborn', 'no-such-bundle']]) {
      const fine = await start({ ...shipped(), services });
      const h = await (await fetch(new URL('healthz', fine.url))).json();
      expect(h.faults, JSON.stringify(services)).not.toContain('catalog:no-services');
      await fine.close();
      bridge = null;
    }
  });
});
