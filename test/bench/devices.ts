/**
 * Device benchmarks (area `devices`):
 * - card placed → parsed identity: the real SAM driver polling the byte-level simulator at true
 *   115200-baud pacing, over the in-process byte link. Measured from the find command that sees the
 *   card to the parsed identity, beside the wire time of the three exchanges (find, select, read:
 *   1,359 bytes = 118 ms at 115200 8N1). Budget: wire + 50 ms on the bridge side. The polling
 *   interval (up to FIND_INTERVAL_MS until the next find) is a setting, not a cost, and not counted.
 * - SAM frame parser throughput on a long mixed stream (read replies, polling replies, garbage),
 *   in 4 KiB chunks as a serial driver hands them over.
 */
import { identityPresets } from '../../device-bridge/src/devices/idcard/presets';
import { buildReply, SamFrameParser, Sw3 } from '../../device-bridge/src/devices/idcard/sam-frame';
import { SamIdCardReader } from '../../device-bridge/src/devices/idcard/sam-reader';
import { SamSimulator } from '../../device-bridge/src/devices/idcard/sam-simulator';
import { inProcessOpener } from '../../device-bridge/src/devices/transport';
import { median, percentile, round, type BenchModule, type Figure } from './figures';

const BAUD = 115_200;
const PLACEMENTS = 15;

async function cardToIdentity(): Promise<Figure[]> {
  const sim = new SamSimulator({ baud: BAUD });
  const reader = new SamIdCardReader({ open: inProcessOpener(sim), delays: { FIND_INTERVAL_MS: 40, PRESENCE_INTERVAL_MS: 40 } });
  const wait = (event: 'card' | 'removed') => new Promise<void>((r) => { const off = reader.on(event, () => (off(), r())); });
  while (reader.status().state !== 'ready') await new Promise((r) => setTimeout(r, 10));
  const totals: number[] = [];
  const wireBytes = 10 + 15 + 10 + 19 + 10 + 1295;
  const wireMs = sim.wireMs(wireBytes);
  const presets = Object.values(identityPresets);
  for (let i = 0; i < PLACEMENTS; i++) {
    let findAt = 0;
    const offCmd = sim.on('command', (c) => {
      if (c === 'findCard' && findAt === 0) findAt = performance.now();
    });
    const card = wait('card');
    sim.placeIdentity(presets[i % presets.length]!);
    await card;
    totals.push(performance.now() - findAt);
    offCmd();
    const removed = wait('removed');
    sim.removeCard();
    await removed;
  }
  await reader.close();
  const med = median(totals);
  return [
    { name: 'devices.card_to_identity_ms', value: round(med), unit: 'ms', budget: round(wireMs + 50), note: `median of ${PLACEMENTS} placements (p95 ${round(percentile(totals, 95))} ms); find → parsed identity incl. ${round(wireMs)} ms on the wire at 115200 8N1` },
    { name: 'devices.card_wire_ms', value: round(wireMs), unit: 'ms', note: `find 10+15, select 10+19, read 10+1295 bytes at ${BAUD} baud` },
    { name: 'devices.card_bridge_overhead_ms', value: round(med - wireMs), unit: 'ms', budget: 50, note: 'median total minus wire time: driver, parser, text parsing, event loop hops' },
  ];
}

function mixedStream(): Uint8Array {
  const parts: Uint8Array[] = [];
  let x = 12345;
  const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 8) & 0xff;
  const read = buildReply(Sw3.success, Uint8Array.from({ length: 4 + 256 + 1024 }, rnd));
  const noCard = buildReply(Sw3.noCard);
  const found = buildReply(Sw3.cardFound, new Uint8Array(4));
  for (let i = 0; i < 2000; i++) {
    parts.push(noCard, noCard, found, read);
    if (i % 3 === 0) parts.push(Uint8Array.from({ length: 1 + (i % 40) }, rnd));
  }
  return Buffer.concat(parts);
}

function parserThroughput(): Figure[] {
  const stream = mixedStream();
  const CHUNK = 4096;
  let frames = 0;
  const run = () => {
    const p = new SamFrameParser();
    for (let i = 0; i < stream.length; i += CHUNK) frames += p.push(stream.subarray(i, i + CHUNK)).length;
  };
  run(); // warm-up
  const rates: number[] = [];
  for (let k = 0; k < 5; k++) {
    frames = 0;
    const t0 = performance.now();
    run();
    rates.push(stream.length / 1e6 / ((performance.now() - t0) / 1000));
  }
  return [
    { name: 'devices.sam_parser_mb_s', value: round(median(rates)), unit: 'MB/s', budget: 10, better: 'higher', note: `${(stream.length / 1e6).toFixed(1)} MB mixed stream (${frames} frames, garbage between), 4 KiB chunks; 115200 baud is 0.0115 MB/s` },
  ];
}

export const devicesBench: BenchModule = {
  area: 'devices',
  async run() {
    return [...(await cardToIdentity()), ...parserThroughput()];
  },
};
