import { describe, expect, it } from 'vitest';
import { PrinterStatus } from '../../../../core/protocol/devices';
import { STATUS_BITS, STATUS_REQUESTS, decodeStatus, endsWithTransmitStatus, isStatusByte, renderEscPos } from './escpos';

const BASE = 0x12; // 0001 0010: the fixed bits of every DLE EOT reply

/** Replies to DLE EOT 1..4 with the given bits set on top of the fixed pattern. */
const replies = (printer = 0, offlineCause = 0, errorCause = 0, paper = 0) => [
  BASE | printer,
  BASE | offlineCause,
  BASE | errorCause,
  BASE | paper,
];

describe('renderEscPos', () => {
  const bytes = renderEscPos('|受理编号 |SL1 |');

  it('initialises the printer first and ends with a partial cut and a paper-status request', () => {
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect([...bytes.subarray(-7)]).toEqual([0x1d, 0x56, 0x42, 0x00, 0x1d, 0x72, 0x31]);
    expect(endsWithTransmitStatus(bytes)).toBe(true);
  });

  it('switches Chinese mode on and sends GB18030', () => {
    const hex = Buffer.from(bytes).toString('hex');
    expect(hex).toContain('1c26' + 'cadcc0edb1e0bac5'); // FS & 受理编号
  });

  it('encodes characters outside GBK as GB18030 four-byte sequences', () => {
    expect(Buffer.from(renderEscPos('|𠀀 |')).toString('hex')).toContain('95328236');
  });
});

describe('status requests', () => {
  it('are DLE EOT 1, 2, 3, 4', () => {
    expect(STATUS_REQUESTS.map((r) => [...r])).toEqual([
      [0x10, 0x04, 1],
      [0x10, 0x04, 2],
      [0x10, 0x04, 3],
      [0x10, 0x04, 4],
    ]);
  });
});

describe('decodeStatus', () => {
  it.each<[string, number[], PrinterStatus]>([
    ['all clear', replies(), { state: 'idle', paper: 'ok' }],
    ['paper near end', replies(0, 0, 0, STATUS_BITS.paperNearEnd), { state: 'idle', paper: 'near-end' }],
    ['only one near-end bit (sensor pair disagrees)', replies(0, 0, 0, 0b01 << 2), { state: 'idle', paper: 'ok' }],
    ['paper end (sensor)', replies(8, 0, 0, STATUS_BITS.paperEnd | STATUS_BITS.paperNearEnd), { state: 'no-paper' }],
    ['stopped by paper end', replies(8, STATUS_BITS.stoppedByPaperEnd), { state: 'no-paper' }],
    ['cover open', replies(8, STATUS_BITS.coverOpen), { state: 'cover-open' }],
    ['cover open hides the paper sensor', replies(8, STATUS_BITS.coverOpen, 0, STATUS_BITS.paperEnd), { state: 'cover-open' }],
    ['cutter error', replies(8, STATUS_BITS.errorOccurred, STATUS_BITS.cutterError), { state: 'error', type: 'cutter' }],
    ['unrecoverable error', replies(8, STATUS_BITS.errorOccurred, STATUS_BITS.unrecoverableError), { state: 'error', type: 'unrecoverable' }],
    ['auto-recoverable error', replies(8, STATUS_BITS.errorOccurred, STATUS_BITS.autoRecoverableError), { state: 'error', type: 'offline' }],
    ['error without a cause', replies(8, STATUS_BITS.errorOccurred), { state: 'error', type: 'unrecoverable' }],
    ['offline without a cause', replies(STATUS_BITS.offline), { state: 'error', type: 'offline' }],
    ['paper out beats a cutter error', replies(8, STATUS_BITS.stoppedByPaperEnd, STATUS_BITS.cutterError), { state: 'no-paper' }],
  ])('%s', (_, bytes, expected) => {
    expect(decodeStatus(bytes)).toEqual(expected);
  });

  it('maps every combination of the meaningful bits to a valid status, by the documented precedence', () => {
    const subsets = (bits: number[]) => bits.reduce<number[]>((all, bit) => [...all, ...all.map((s) => s | bit)], [0]);
    let count = 0;
    for (const printer of subsets([STATUS_BITS.offline]))
      for (const offline of subsets([STATUS_BITS.coverOpen, STATUS_BITS.stoppedByPaperEnd, STATUS_BITS.errorOccurred]))
        for (const error of subsets([STATUS_BITS.cutterError, STATUS_BITS.unrecoverableError, STATUS_BITS.autoRecoverableError]))
          for (const paper of subsets([STATUS_BITS.paperNearEnd, STATUS_BITS.paperEnd])) {
            count++;
            const status = decodeStatus(replies(printer, offline, error, paper));
            expect(PrinterStatus.safeParse(status).success).toBe(true);
            const expected: PrinterStatus =
              offline & STATUS_BITS.coverOpen
                ? { state: 'cover-open' }
                : paper & STATUS_BITS.paperEnd || offline & STATUS_BITS.stoppedByPaperEnd
                  ? { state: 'no-paper' }
                  : error & STATUS_BITS.cutterError
                    ? { state: 'error', type: 'cutter' }
                    : error & STATUS_BITS.unrecoverableError
                      ? { state: 'error', type: 'unrecoverable' }
                      : error & STATUS_BITS.autoRecoverableError
                        ? { state: 'error', type: 'offline' }
                        : offline & STATUS_BITS.errorOccurred
                          ? { state: 'error', type: 'unrecoverable' }
                          : printer & STATUS_BITS.offline
                            ? { state: 'error', type: 'offline' }
                            : { state: 'idle', paper: paper & STATUS_BITS.paperNearEnd ? 'near-end' : 'ok' };
            expect(status).toEqual(expected);
          }
    expect(count).toBe(2 * 8 * 8 * 4);
  });

  it('ignores bits with no meaning for us (drawer pin, paper feed button)', () => {
    expect(decodeStatus(replies(0b0100, 0b1000))).toEqual({ state: 'idle', paper: 'ok' });
  });

  describe('malformed replies are an error value, never an exception', () => {
    const broken = [
      ['bit 0 set', BASE | 0x01],
      ['bit 1 clear', BASE & ~0x02],
      ['bit 4 clear (a GS r reply, not DLE EOT)', BASE & ~0x10],
      ['bit 7 set', BASE | 0x80],
      ['0xff', 0xff],
      ['0x00', 0x00],
      ['out of byte range', 0x112],
      ['not an integer', 18.5],
    ] as const;
    for (const [what, byte] of broken) {
      for (let position = 0; position < 4; position++) {
        it(`${what} in reply ${position + 1}`, () => {
          const bytes = replies();
          bytes[position] = byte;
          expect(decodeStatus(bytes)).toEqual({ state: 'error', type: 'disconnected' });
        });
      }
    }

    it.each([[[]], [[BASE, BASE, BASE]], [[BASE, BASE, BASE, BASE, BASE]]])('%j replies instead of four', (bytes) => {
      expect(decodeStatus(bytes)).toEqual({ state: 'error', type: 'disconnected' });
    });
  });

  it('recognises the fixed bit pattern', () => {
    const valid = Array.from({ length: 256 }, (_, b) => b).filter(isStatusByte);
    expect(valid).toHaveLength(16); // 4 fixed bits, 4 free bits
    expect(valid.every((b) => (b & 0x93) === 0x12)).toBe(true);
  });
});
