import { describe, expect, it } from 'vitest';
import { acceptanceReceiptMarkdown, type AcceptanceReceipt } from '../../../../core/receipt/acceptance-receipt';
import { sampleReceipt } from '../../../../core/receipt/sample-receipt';
import { STATUS_REQUESTS, renderEscPos } from './escpos';
import { JOB_HISTORY, SimulatedEscPosPrinter, type PrintedJob } from './simulated-printer';

const receipt: AcceptanceReceipt = {
  ...sampleReceipt,
  terminalId: 'ZW-0042',
  acceptanceNumber: 'SL20250630000777',
  bundleName: '新生儿出生一件事',
  applicantMasked: '李*  330106********5678',
  promisedDate: '2025-07-03',
  delivery: 'pickup',
  deliveryDetail: '市民中心二楼 8 号窗口',
  trackUrl: 'https://zwfw.example.gov.cn/track?no=SL20250630000777',
  items: [{ name: '出生医学证明', department: '市卫生健康委员会', promisedDate: '2025-07-03' }],
};
const receiptBytes = renderEscPos(acceptanceReceiptMarkdown(receipt));

/** A printer with a listener that collects every byte it sends back. */
function printer(state?: ConstructorParameters<typeof SimulatedEscPosPrinter>[0]) {
  const sim = new SimulatedEscPosPrinter({ now: () => new Date('2025-07-01T02:00:05Z'), ...state });
  const replies: number[] = [];
  sim.onData((bytes) => replies.push(...bytes));
  return { sim, replies };
}

const statusReplies = (sim: SimulatedEscPosPrinter, replies: number[]) => {
  replies.length = 0;
  for (const request of STATUS_REQUESTS) sim.write(request);
  return [...replies];
};

describe('SimulatedEscPosPrinter status replies (DLE EOT 1–4)', () => {
  it.each([
    [{}, [0x12, 0x12, 0x12, 0x12]],
    [{ paper: 'near-end' as const }, [0x12, 0x12, 0x12, 0x1e]],
    [{ paper: 'out' as const }, [0x1a, 0x32, 0x12, 0x7e]],
    [{ cover: 'open' as const }, [0x1a, 0x16, 0x12, 0x12]],
    [{ online: false }, [0x1a, 0x12, 0x12, 0x12]],
  ])('%j → %j', (state, expected) => {
    const { sim, replies } = printer({ initialState: state });
    expect(statusReplies(sim, replies)).toEqual(expected);
  });
});

describe('SimulatedEscPosPrinter printing', () => {
  it('keeps only the last JOB_HISTORY jobs (a terminal on the embedded simulator runs for months)', () => {
    const { sim } = printer();
    for (let i = 0; i < JOB_HISTORY + 5; i++) sim.write(receiptBytes);
    const jobs = sim.jobs();
    expect(jobs).toHaveLength(JOB_HISTORY);
    expect(jobs[0]!.id).toBe(6);
    expect(sim.jobPng(5)).toBeUndefined();
    expect(sim.jobPng(jobs.at(-1)!.id)).toBeInstanceOf(Buffer);
  });

  it('prints a job, reports it, and answers the GS r 1 at its end', () => {
    const { sim, replies } = printer();
    const seen: PrintedJob[] = [];
    sim.on('job', (job) => seen.push(job));
    sim.write(receiptBytes);
    expect(replies).toEqual([0x00]); // GS r 1: paper present, not near its end
    expect(sim.jobs()).toEqual(seen);
    const [job] = sim.jobs();
    expect(job).toMatchObject({ id: 1, at: '2025-07-01T02:00:05.000Z', complete: true, qrCodes: [receipt.trackUrl] });
    expect(job.text).toContain('SL20250630000777');
    expect(job.lines).toContainEqual(expect.stringMatching(/^1\. +出生医学证明 +2025-07-03$/));
    expect(Buffer.from(job.escposBase64, 'base64')).toEqual(Buffer.from(receiptBytes.subarray(0, -3)));
    expect(job.svg).toContain('>出生医学证明</text>');
  });

  it('reports paper near its end in the GS r reply', () => {
    const { sim, replies } = printer({ initialState: { paper: 'near-end' } });
    sim.write(receiptBytes);
    expect(replies).toEqual([0x03]);
    expect(sim.jobs()[0].complete).toBe(true);
  });

  it.each([{ paper: 'out' as const }, { cover: 'open' as const }, { online: false }])(
    'prints nothing while stopped (%j) but still answers DLE EOT, even split across writes',
    (state) => {
      const { sim, replies } = printer({ initialState: state });
      sim.write(receiptBytes);
      sim.write(Uint8Array.of(0x10));
      sim.write(Uint8Array.of(0x04, 0x01));
      expect(sim.jobs()).toEqual([]);
      expect(replies).toHaveLength(1); // the DLE EOT 1, not the job's GS r 1
      expect(replies[0] & 0x08).toBe(0x08); // offline
    },
  );

  it('marks a job incomplete when the paper runs out part-way, and drops the rest', () => {
    const { sim, replies } = printer();
    const half = Math.floor(receiptBytes.length / 2);
    sim.write(receiptBytes.subarray(0, half));
    sim.setState({ paper: 'out' });
    sim.write(receiptBytes.subarray(half));
    const [job] = sim.jobs();
    expect(sim.jobs()).toHaveLength(1);
    expect(job.complete).toBe(false);
    expect(job.text).toContain('受理收件凭证'); // the top of the receipt came out
    expect(job.qrCodes).toEqual([]); // the QR near the bottom did not
    expect(replies).toEqual([]); // no end-of-job status: the end was never printed
  });

  it('stops part-way through a single write when a listener pulls the paper at job start', () => {
    const { sim } = printer();
    sim.on('job-started', () => sim.setState({ cover: 'open' }));
    sim.write(receiptBytes);
    expect(sim.jobs().map((j) => j.complete)).toEqual([false]);
    expect(sim.jobs()[0].text.length).toBeLessThan(60);
  });

  it('prints again once the paper is back', () => {
    const { sim } = printer({ initialState: { paper: 'out' } });
    sim.write(receiptBytes);
    sim.setState({ paper: 'ok' });
    sim.write(receiptBytes);
    expect(sim.jobs().map((j) => [j.id, j.complete])).toEqual([[1, true]]);
  });

  it('emits state changes and clears its job list', () => {
    const { sim } = printer();
    const states: unknown[] = [];
    sim.on('state', (s) => states.push(s));
    sim.setState({ paper: 'near-end' });
    expect(states).toEqual([{ paper: 'near-end', cover: 'closed', online: true }]);
    sim.write(receiptBytes);
    expect(sim.jobs()).toHaveLength(1);
    sim.clearJobs();
    expect(sim.jobs()).toEqual([]);
  });
});
