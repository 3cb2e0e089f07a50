import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { acceptanceReceiptMarkdown, type AcceptanceReceipt } from '../../../../core/receipt/acceptance-receipt';
import { sampleReceipt } from '../../../../core/receipt/sample-receipt';
import { renderEscPos } from './escpos';
import { EscPosInterpreter, renderJobPng, renderJobSvg, type InterpreterEvent, type InterpretedJob } from './escpos-interpreter';
import { seededRandom } from '../../../../test/support/seeded-random';

const receipt: AcceptanceReceipt = {
  ...sampleReceipt,
  items: [sampleReceipt.items[0]!, { name: '户外广告设施设置审批', department: '市城市管理局', promisedDate: '2025-07-08' }],
  delivery: 'pickup',
  deliveryDetail: '市民中心一楼 3 号窗口',
  hallPhone: undefined,
};
const receiptBytes = renderEscPos(acceptanceReceiptMarkdown(receipt));

function feedInChunks(it: EscPosInterpreter, bytes: Uint8Array, random: () => number, max = 64): InterpreterEvent[] {
  const events: InterpreterEvent[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(random() * max);
    events.push(...it.feed(bytes.slice(i, i + n)));
    i += n;
  }
  return events;
}

const jobsOf = (events: InterpreterEvent[]): InterpretedJob[] => events.flatMap((e) => (e.type === 'job' ? [e.job] : []));
const bytes = (...parts: (number | string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));
const ESC = 0x1b, GS = 0x1d, FS = 0x1c, LF = 0x0a;

describe('EscPosInterpreter on a real acceptance receipt', () => {
  for (const seed of [1, 2, 3, 42]) {
    it(`reads it back whatever the chunking (seed ${seed})`, () => {
      const events = feedInChunks(new EscPosInterpreter(), receiptBytes, seededRandom(seed));
      const jobs = jobsOf(events);
      expect(jobs).toHaveLength(1);
      const [job] = jobs;
      expect(job.cut).toBe('partial'); // receiptline cuts with GS V B 0
      expect(job.text).toContain('受理收件凭证');
      expect(job.lines).toContainEqual(expect.stringMatching(/^受理编号 +SL20250630000123$/));
      for (const item of receipt.items) {
        expect(job.text).toContain(item.name);
        expect(job.text).toContain(item.department);
        expect(job.text).toContain(item.promisedDate);
      }
      expect(job.text).toMatch(/受理时间 +2025-07-01 07:30:00/);
      expect(job.qrCodes).toEqual([receipt.trackUrl]);
      expect(job.unknownCommands).toEqual([]);
      // The job's bytes run up to its cut; receiptline's trailing GS r 1 asks for a status byte.
      expect(Buffer.from(job.raw)).toEqual(Buffer.from(receiptBytes.subarray(0, -3)));
      expect(events.at(-1)).toEqual({ type: 'transmit-status', n: 1 });
      expect(events[0]).toEqual({ type: 'job-started' });
    });
  }

  it('lays the receipt out as on paper', () => {
    const [job] = jobsOf(new EscPosInterpreter().feed(receiptBytes));
    expect(job.lines.slice(0, 6)).toEqual([
      '            受理收件凭证', // double size, centred with ESC \ (144 dots = 12 columns)
      '                自助终端 ZW-0042',
      '─'.repeat(48), // receiptline's rules are 0x95 in code page 1
      '受理编号     SL20250630000123',
      '办理事项     我要开餐馆',
      '─'.repeat(48),
    ]);
    expect(job.lines).toContain('1.  食品经营许可                      2025-07-10');
    expect(job.images).toHaveLength(1);
    expect(job.images[0]).toMatchObject({ width: 198, height: 198 }); // 33 modules × 6 dots
    const imageRow = job.rows.find((r) => r.kind === 'image');
    expect(imageRow).toEqual({ kind: 'image', image: 0, x: (576 - 198) / 2 }); // centred by ESC a 1
  });

  it('gives the same job for one big chunk and for single bytes', () => {
    const whole = jobsOf(new EscPosInterpreter().feed(receiptBytes));
    const single = jobsOf(feedInChunks(new EscPosInterpreter(), receiptBytes, () => 0, 1));
    expect(single).toEqual(whole);
  });

  it('renders the job as SVG with real text and the QR bitmap', () => {
    const [job] = jobsOf(new EscPosInterpreter().feed(receiptBytes));
    const svg = renderJobSvg(job);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="576"/);
    expect(svg).toContain('font-family="Noto Sans CJK SC"');
    expect(svg).toContain('>受理编号</text>');
    expect(svg).toContain('>SL20250630000123</text>');
    expect(svg).toMatch(/<image x="189" y="\d+" width="198" height="198" href="data:image\/png;base64,/);
  });

  it('renders the job as a PNG whose QR area matches the bitmap dot for dot', () => {
    const [job] = jobsOf(new EscPosInterpreter().feed(receiptBytes));
    const png = PNG.sync.read(renderJobPng(job));
    expect(png.width).toBe(576);
    const rows = job.rows;
    const top = rows.slice(0, rows.findIndex((r) => r.kind === 'image')).reduce((y, r) => y + (r.kind === 'image' ? 0 : r.height), 0);
    const image = job.images[0];
    let mismatches = 0;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const black = png.data[((top + y) * 576 + 189 + x) * 4] === 0;
        if (black !== (image.bits[y * image.width + x] === 1)) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });
});

describe('EscPosInterpreter: commands', () => {
  it('decodes a GB18030 four-byte character (U+20000 𠀀) in Chinese mode', () => {
    const [job] = jobsOf(new EscPosInterpreter().feed(renderEscPos('|申请人 𠀀明 |')));
    expect(job.lines[0]).toBe('申请人 𠀀明');
    expect(job.rows[0]).toMatchObject({ kind: 'text' });
  });

  it('reads bytes ≥ 0x80 as the single-byte code page when Chinese mode is off', () => {
    const [job] = jobsOf(new EscPosInterpreter().feed(bytes(ESC, '@', ESC, 't', 16, 'caf', 0xe9, LF, GS, 'V', 0)));
    expect(job.text).toBe('café');
  });

  it('starts in Chinese mode when configured like a Chinese-market printer', () => {
    const gb = [...Buffer.from('cadcc0ed', 'hex')]; // 受理
    const [job] = jobsOf(new EscPosInterpreter({ chineseModeByDefault: true }).feed(bytes(ESC, '@', gb, LF, GS, 'V', 0)));
    expect(job.text).toBe('受理');
  });

  it.each([
    [[GS, 'V', 0], 'full'],
    [[GS, 'V', 48], 'full'],
    [[GS, 'V', 1], 'partial'],
    [[GS, 'V', 49], 'partial'],
    [[GS, 'V', 65, 3], 'full'],
    [[GS, 'V', 66, 0], 'partial'],
    [[GS, 'V', 97, 0], 'full'],
    [[GS, 'V', 98, 0], 'partial'],
    [[GS, 'V', 103, 0], 'full'],
    [[GS, 'V', 104, 0], 'partial'],
    [[ESC, 'i'], 'partial'],
    [[ESC, 'm'], 'partial'],
  ] as const)('cut %j → %s', (cut, kind) => {
    const jobs = jobsOf(new EscPosInterpreter().feed(bytes('A', LF, ...cut, 'B', LF, ...cut)));
    expect(jobs.map((j) => [j.text, j.cut])).toEqual([
      ['A', kind],
      ['B', kind],
    ]);
  });

  it('answers DLE EOT n in stream order, even split across chunks', () => {
    const it = new EscPosInterpreter();
    const events = [...it.feed(bytes('x', 0x10)), ...it.feed(bytes(0x04)), ...it.feed(bytes(2, 0x10, 0x04, 4, GS, 'r', 1))];
    expect(events).toEqual([
      { type: 'job-started' },
      { type: 'realtime-status', n: 2 },
      { type: 'realtime-status', n: 4 },
      { type: 'transmit-status', n: 1 },
    ]);
  });

  it('turns print positions into spaces and centres aligned lines', () => {
    const [job] = jobsOf(
      new EscPosInterpreter().feed(
        bytes('ab', ESC, '$', 120, 0, 'cd', ESC, '\\', 24, 0, 'ef', LF, ESC, 'a', 1, 'mid', LF, ESC, 'a', 2, 'end', LF, ESC, 'a', 0, 'x', 0x09, 'y', LF, GS, 'V', 0),
      ),
    );
    // "mid" starts at (576 − 36) / 2 = 270 dots = 22.5 columns, shown as 23 spaces.
    expect(job.lines).toEqual(['ab        cd  ef', ' '.repeat(23) + 'mid', ' '.repeat(45) + 'end', 'x       y']);
  });

  it('wraps a line that does not fit, like the printer does', () => {
    const [job] = jobsOf(new EscPosInterpreter().feed(bytes('1234567890'.repeat(5), LF, GS, 'V', 0)));
    expect(job.lines).toEqual(['1234567890'.repeat(4) + '12345678', '90']);
  });

  it('feeds blank lines with ESC d n', () => {
    const [job] = jobsOf(new EscPosInterpreter().feed(bytes('a', ESC, 'd', 3, 'b', LF, GS, 'V', 0)));
    expect(job.lines).toEqual(['a', '', '', 'b']);
  });

  it('prints a GS v 0 raster image', () => {
    // 16 × 2 dots: a black left half on the first row, a black right half on the second.
    const [job] = jobsOf(new EscPosInterpreter().feed(bytes(GS, 'v', '0', 0, 2, 0, 2, 0, 0xff, 0x00, 0x00, 0xff, GS, 'V', 0)));
    expect(job.images).toHaveLength(1);
    const { width, height, bits } = job.images[0];
    expect([width, height]).toEqual([16, 2]);
    expect([...bits]).toEqual([...Array(8).fill(1), ...Array(8).fill(0), ...Array(8).fill(0), ...Array(8).fill(1)]);
  });

  it('takes native GS ( k QR data from the store command and draws the symbol', () => {
    const data = 'https://zwfw.example.gov.cn/t?no=1';
    const store = [...Buffer.from(data)];
    const n = store.length + 3;
    const qr = bytes(
      [GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00], // model 2
      [GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, 6], // module size 6
      [GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31], // level M
      [GS, 0x28, 0x6b, n & 0xff, n >> 8, 0x31, 0x50, 0x30, ...store], // store
      [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30], // print
      [GS, 0x56, 0],
    );
    const [job] = jobsOf(feedInChunks(new EscPosInterpreter(), qr, seededRandom(7), 5));
    expect(job.qrCodes).toEqual([data]);
    expect(job.images).toHaveLength(1);
    expect(job.images[0].width % 6).toBe(0);
  });

  it('records unknown commands and carries on with the next one', () => {
    const [job] = jobsOf(new EscPosInterpreter().feed(bytes(ESC, 'Z', 'ok', 0x07, GS, 0xfe, FS, 'Z', LF, GS, '(', 'Z', 2, 0, 1, 2, 'next', LF, GS, 'V', 0)));
    expect(job.unknownCommands).toEqual(['ESC 0x5a', 'control 0x07', 'GS 0xfe', 'FS 0x5a', 'GS ( Z (2 bytes)']);
    expect(job.lines).toEqual(['ok', 'next']);
  });

  it('does not swallow the next command when an unknown one is followed by a control byte', () => {
    const [job] = jobsOf(new EscPosInterpreter().feed(bytes('a', ESC, LF, 'b', GS, 'V', 0)));
    expect(job.lines).toEqual(['a', 'b']);
  });

  it('counts off an absurdly long graphics payload instead of buffering it', () => {
    const it = new EscPosInterpreter();
    // GS 8 L with a 2 GB length: the next megabytes are payload, so no job and no exception.
    expect(it.feed(bytes(GS, '8', 'L', 0, 0, 0, 0x80, 0x30, 0x70))).toEqual([]);
    const events = it.feed(new Uint8Array(1 << 20).fill(0x1d));
    expect(events).toEqual([]);
    expect(it.abortJob()).toBeUndefined(); // nothing printed yet
    expect(jobsOf(it.feed(bytes('after', LF, GS, 'V', 0)))[0].text).toBe('after');
  });

  it('recovers after garbage once the host re-initialises (ESC @) and prints a real receipt', () => {
    const it = new EscPosInterpreter();
    const random = seededRandom(99);
    const garbage = Uint8Array.from({ length: 500 }, () => [0x1b, 0x1c, 0x1d, 0x10, 0x0a][Math.floor(random() * 5)] ^ (random() < 0.5 ? 0 : 0x40));
    it.feed(garbage);
    it.abortJob(); // what the simulator does when the host starts over after an error
    const jobs = jobsOf(it.feed(receiptBytes));
    expect(jobs.at(-1)!.text).toContain(receipt.acceptanceNumber);
    expect(jobs.at(-1)!.qrCodes).toEqual([receipt.trackUrl]);
  });
});

describe('EscPosInterpreter fuzz', () => {
  it('survives 2 000 random and mutated buffers quickly, without throwing or hanging', () => {
    const random = seededRandom(2024);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const introducers = [0x1b, 0x1c, 0x1d, 0x10, 0x0a, 0x09, 0x00];
    const functions = [...'@!-E$\\atVv(8kLWBrd*&.CJD'].map((c) => c.charCodeAt(0));
    const started = performance.now();
    let jobs = 0;
    for (let round = 0; round < 2000; round++) {
      let buf: Uint8Array;
      const kind = round % 4;
      if (kind === 0) {
        buf = new Uint8Array(Math.floor(random() * 2048));
        for (let k = 0; k < buf.length; k++) buf[k] = random() * 256;
      } else if (kind === 1) {
        // Command-dense noise: introducers followed by plausible function bytes.
        buf = new Uint8Array(Math.floor(random() * 2048));
        for (let k = 0; k < buf.length; k++) {
          const r = random();
          buf[k] = r < 0.3 ? pick(introducers) : r < 0.65 ? pick(functions) : random() * 256;
        }
      } else {
        // The real receipt with flipped, inserted, deleted bytes, or cut short.
        const out = Array.from(receiptBytes);
        const edits = 1 + Math.floor(random() * 20);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(random() * out.length);
          const op = random();
          if (op < 0.4) out[at] = Math.floor(random() * 256);
          else if (op < 0.7) out.splice(at, 0, pick(introducers));
          else out.splice(at, 1 + Math.floor(random() * 16));
        }
        if (kind === 3) out.length = Math.floor(random() * out.length);
        buf = Uint8Array.from(out);
      }
      // jsQR costs up to tens of milliseconds per damaged bitmap and is not what this test is
      // about; every 50th buffer still goes through the scanning path.
      const it = new EscPosInterpreter({ scanRasterQr: round % 50 === 0 });
      const events = feedInChunks(it, buf, random, 64);
      jobs += jobsOf(events).length;
      it.abortJob();
    }
    const elapsed = performance.now() - started;
    expect(jobs).toBeGreaterThan(0); // the mutated receipts mostly still print
    // About a second on an idle machine; the bound catches hangs and quadratic blow-ups, with room
    // for a busy CI runner.
    expect(elapsed).toBeLessThan(4000);
  });
});
