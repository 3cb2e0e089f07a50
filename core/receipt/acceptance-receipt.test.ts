import { transform } from 'receiptline';
import { describe, expect, it } from 'vitest';
import { acceptanceReceiptMarkdown, formatShanghaiDateTime, testPageMarkdown } from './acceptance-receipt';
import { sampleReceipt } from './sample-receipt';

const receipt = sampleReceipt;

/** Plain-text rendering of the document: what the paper will say, without the printer. */
const paper = (doc: string) => transform(doc, { command: 'text', cpl: 48, encoding: 'gb18030' });

describe('acceptanceReceiptMarkdown', () => {
  it('says what was accepted, when, and how to track it', () => {
    const text = paper(acceptanceReceiptMarkdown(receipt));
    expect(text).toMatch(/受理编号 +SL20250630000123/);
    expect(text).toMatch(/办理事项 +我要开餐馆/);
    expect(text).toMatch(/1\. +食品经营许可 +2025-07-10/);
    expect(text).toMatch(/ +市市场监督管理局/);
    expect(text).toMatch(/2\. +公众聚集场所消防安全检查 +2025-07-08/);
    expect(text).toMatch(/承诺办结日期 2025-07-10/);
    expect(text).toMatch(/取件方式 +邮寄/);
    expect(text).toMatch(/邮寄地址 +浙江省杭州市西湖区\*\*\*\*/);
    expect(text).toMatch(/申请人 +张\*  110101\*{8}1234/);
    expect(text).toMatch(/咨询电话 +0571-12345/);
    expect(text).toContain('扫码查询办理进度');
  });

  it('puts the tracking URL in a QR code', () => {
    expect(acceptanceReceiptMarkdown(receipt)).toContain(`{code:${receipt.trackUrl}; option:qrcode,6,m}`);
  });

  it('shows the submission time in Beijing time although the machine runs in Anchorage', () => {
    expect(process.env.TZ).toBe('America/Anchorage');
    expect(new Date(receipt.submittedAt).getDate()).toBe(30); // the machine's own zone says June 30th
    expect(paper(acceptanceReceiptMarkdown(receipt))).toMatch(/受理时间 +2025-07-01 07:30:00/);
  });

  it('labels pickup receipts with the pickup place and omits a missing hall phone', () => {
    const text = paper(acceptanceReceiptMarkdown({ ...receipt, delivery: 'pickup', deliveryDetail: '市民中心一楼 3 号窗口', hallPhone: undefined }));
    expect(text).toMatch(/取件方式 +窗口领取/);
    expect(text).toMatch(/领取地点 +市民中心一楼 3 号窗口/);
    expect(text).not.toContain('咨询电话');
  });

  it('prints data containing markup characters literally', () => {
    const text = paper(
      acceptanceReceiptMarkdown({
        ...receipt,
        bundleName: '开店|一件事_~^"',
        items: [{ name: '{width:1}', department: '---', promisedDate: '2025-07-10' }],
      }),
    );
    expect(text).toContain('开店|一件事_~^"');
    expect(text).toContain('{width:1}');
    expect(text).toMatch(/^ +--- *$/m); // a department, not a rule
  });

  it('follows the delivery the citizen chose: a mailed result is never to be collected', () => {
    const mail = paper(acceptanceReceiptMarkdown({ ...receipt, delivery: 'mail' }));
    expect(mail).not.toContain('领取');
    expect(mail).toContain('办理结果将邮寄至上述地址');
    expect(paper(acceptanceReceiptMarkdown({ ...receipt, delivery: 'pickup', deliveryDetail: '一楼出件窗口' }))).toContain('领取办理结果时请出示');
  });

  it('is in English for an English session', () => {
    const text = paper(acceptanceReceiptMarkdown({ ...receipt, lang: 'en', bundleName: 'Opening a restaurant' }));
    expect(text).toMatch(/Number +SL20250630000123/);
    expect(text).toMatch(/Result +By post/);
    expect(text).toContain('Scan to follow progress');
    expect(text).not.toMatch(/受理|邮寄|领取|凭证/);
  });

  it('lists every material still owed: what, original or copy, by when, where, and what happens if it does not come', () => {
    const owed = [
      { name: '逝者居民身份证', form: '原件 1份', dueDate: '2026-11-30', days: 5, where: '区政务服务中心综合窗口', upload: true, ifMissing: '办结时限自材料补齐之日起计算；逾期未补齐的，视为撤回申请。', deferred: false },
      { name: '水电气结清证明', form: '原件 1份', dueDate: '2026-12-07', days: 10, where: '不动产登记窗口', upload: false, ifMissing: '逾期未补齐的，终止办理。', deferred: true },
    ];
    const text = paper(acceptanceReceiptMarkdown({ ...receipt, owed }));
    expect(text).toContain('尚需补交的材料');
    expect(text).toContain('以下2项材料尚未提交');
    expect(text).toMatch(/1\. +逝者居民身份证（原件 1份）/);
    expect(text).toContain('请于2026-11-30前提交（5个工作日内）');
    expect(text).toContain('提交地点: 区政务服务中心综合窗口');
    expect(text).toContain('也可凭受理编号在政务服务网上传');
    expect(text).toContain('视为撤回申请');
    expect(text).toContain('容缺受理，已签署承诺');
    expect(text).toContain('请于2026-12-07前提交（10个工作日内）');
    const en = paper(acceptanceReceiptMarkdown({ ...receipt, lang: 'en', owed: [{ ...owed[0]!, name: 'ID card of the deceased', form: 'original ×1', where: 'District centre', ifMissing: 'counts as withdrawn' }] }));
    expect(en).toContain('STILL TO BE HANDED IN');
    expect(en).toContain('Hand in by 2026-11-30 (5 working days)');
    expect(paper(acceptanceReceiptMarkdown(receipt))).not.toContain('尚需补交');
  });

  it('renders the same layout as before', () => {
    expect(paper(acceptanceReceiptMarkdown(receipt))).toMatchSnapshot();
  });
});

describe('formatShanghaiDateTime', () => {
  it.each([
    ['2025-06-30T16:00:00Z', '2025-07-01 00:00:00'],
    ['2025-12-31T15:59:59Z', '2025-12-31 23:59:59'],
    ['2025-01-01T08:00:00+08:00', '2025-01-01 08:00:00'],
  ])('%s → %s', (iso, shown) => {
    expect(formatShanghaiDateTime(iso)).toBe(shown);
  });

  it('prints an unparseable value as given instead of failing the receipt', () => {
    expect(formatShanghaiDateTime('not a date')).toBe('not a date');
  });
});

describe('testPageMarkdown', () => {
  it('shows the terminal, a 48-column ruler and a Chinese sample', () => {
    const text = paper(testPageMarkdown('ZW-0042'));
    expect(text).toContain('自助终端 ZW-0042');
    expect(text).toContain('123456789012345678901234567890123456789012345678');
    expect(text).toContain('中文字库');
    expect(testPageMarkdown('ZW-0042')).toContain('{code:test:ZW-0042; option:qrcode,6,m}');
  });
});
