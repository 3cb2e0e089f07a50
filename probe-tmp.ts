import { EscPosInterpreter } from './device-bridge/src/devices/printer/escpos-interpreter';
import { readFileSync } from 'node:fs';
const receiptBytes = new Uint8Array(readFileSync('/tmp/rl/receipt.bin'));
function rng(seed: number) { return () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
const random = rng(2024);
const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
const introducers = [0x1b, 0x1c, 0x1d, 0x10, 0x0a, 0x09, 0x00];
const times = [0,0,0,0]; const worst: [number, number, number][] = [];
for (let round = 0; round < 2000; round++) {
  let buf: Uint8Array; const kind = round % 4;
  if (kind === 0) buf = Uint8Array.from({ length: Math.floor(random() * 2048) }, () => Math.floor(random() * 256));
  else if (kind === 1) buf = Uint8Array.from({ length: Math.floor(random() * 2048) }, () => random() < 0.3 ? pick(introducers) : random() < 0.5 ? pick([...'@!-E$\\atVv(8kLWBrd*&.C']).charCodeAt(0) : Math.floor(random() * 256));
  else { const out = [...receiptBytes]; const edits = 1 + Math.floor(random() * 20);
    for (let e = 0; e < edits; e++) { const at = Math.floor(random() * out.length); const op = random();
      if (op < 0.4) out[at] = Math.floor(random() * 256); else if (op < 0.7) out.splice(at, 0, pick(introducers)); else out.splice(at, 1 + Math.floor(random() * 16)); }
    if (kind === 3) out.length = Math.floor(random() * out.length); buf = Uint8Array.from(out); }
  const t = performance.now();
  const it = new EscPosInterpreter({ scanRasterQr: round % 25 === 0 });
  for (let i = 0; i < buf.length; ) { const n = 1 + Math.floor(random() * 64); it.feed(buf.slice(i, i + n)); i += n; }
  it.abortJob();
  const dt = performance.now() - t; times[kind] += dt; worst.push([dt, round, kind]);
}
console.log(times); worst.sort((a,b)=>b[0]-a[0]); console.log(worst.slice(0,8));
