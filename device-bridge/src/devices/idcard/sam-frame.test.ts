import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { properties } from '../../../../test/fuzz/device-parsers';
import { buildCommand, buildFrame, buildReply, decodeReply, SamFrameParser, Sw3, toHex } from './sam-frame';

describe('SAM frame builder', () => {
  it('computes the checksums of the known commands (including the one public tables get wrong)', () => {
    expect(toHex(buildCommand('reset'))).toBe('AA AA AA 96 69 00 03 10 FF EC');
    expect(toHex(buildCommand('status'))).toBe('AA AA AA 96 69 00 03 11 FF ED');
    expect(toHex(buildCommand('samId'))).toBe('AA AA AA 96 69 00 03 12 FF EE');
    // Some tables print `20 01 21`; the XOR is 0x22.
    expect(toHex(buildCommand('findCard'))).toBe('AA AA AA 96 69 00 03 20 01 22');
    expect(toHex(buildCommand('selectCard'))).toBe('AA AA AA 96 69 00 03 20 02 21');
    expect(toHex(buildCommand('readTextPhoto'))).toBe('AA AA AA 96 69 00 03 30 01 32');
    expect(toHex(buildCommand('readTextPhotoFingerprint'))).toBe('AA AA AA 96 69 00 03 30 10 23');
    expect(toHex(buildFrame(Uint8Array.of(0x61, 0xff, 0x50)))).toBe('AA AA AA 96 69 00 04 61 FF 50 CA');
  });

  it('builds replies of the known sizes', () => {
    expect(buildReply(Sw3.cardFound, new Uint8Array(4)).length).toBe(15);
    expect(buildReply(Sw3.success, new Uint8Array(8)).length).toBe(19);
    expect(buildReply(Sw3.noCard).length).toBe(11);
    const read = buildReply(Sw3.success, new Uint8Array(4 + 256 + 1024));
    expect(read.length).toBe(1295);
    expect(toHex(read.subarray(5, 7))).toBe('05 08');
  });
});

describe('SamFrameParser', () => {
  const find = buildReply(Sw3.cardFound, new Uint8Array(4));
  const noCard = buildReply(Sw3.noCard);

  it('parses one frame byte by byte', () => {
    const p = new SamFrameParser();
    const out = Array.from(find).flatMap((b) => p.push(Uint8Array.of(b)));
    expect(out).toHaveLength(1);
    expect(decodeReply(out[0]!)).toMatchObject({ sw1: 0, sw2: 0, sw3: 0x9f });
  });

  it('parses merged frames and skips garbage between them', () => {
    const p = new SamFrameParser();
    const out = p.push(Buffer.concat([Buffer.from([1, 2, 0xaa, 0xaa]), find, Buffer.from([0xaa, 0x96]), noCard, Buffer.from([0xaa, 0xaa, 0xaa])]));
    expect(out.map((f) => decodeReply(f)!.sw3)).toEqual([0x9f, 0x80]);
    expect(p.stats.skippedBytes).toBe(6);
    expect(p.buffered).toBe(3); // a possible preamble start waits for more bytes
  });

  it('resynchronises after a bad checksum and after a truncated frame', () => {
    const bad = Uint8Array.from(find);
    bad[bad.length - 1] ^= 0xff;
    const truncated = find.subarray(0, 9);
    const p = new SamFrameParser();
    const out = p.push(Buffer.concat([bad, truncated, noCard]));
    expect(out.map((f) => decodeReply(f)!.sw3)).toEqual([0x80]);
    expect(p.stats.badChecksums).toBeGreaterThan(0);
  });

  it('does not wait forever on a fake header with a huge length when a real frame follows', () => {
    const p = new SamFrameParser();
    const out = p.push(Buffer.concat([Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x0f, 0xff, 0x12]), noCard]));
    expect(out.map((f) => decodeReply(f)!.sw3)).toEqual([0x80]);
  });

  it('rejects impossible lengths', () => {
    const p = new SamFrameParser();
    expect(p.push(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff, 0, 0, 0))).toEqual([]);
    expect(p.stats.badLengths).toBe(1);
  });

  // ≥100,000 random and mutated inputs per CI run, in all (see test/fuzz/device-parsers.ts).
  for (const [name, { property, ciRuns }] of Object.entries(properties)) {
    it(`property: ${name} (${ciRuns.toLocaleString('en')} inputs)`, () => {
      fc.assert(property, { numRuns: ciRuns });
    });
  }
});
