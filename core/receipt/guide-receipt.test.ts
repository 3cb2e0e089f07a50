import { transform } from 'receiptline';
import { describe, expect, it } from 'vitest';
import { loadSampleCatalog } from '../../test/support/sample-catalog';
import type { Catalog } from '../catalog/schema';
import { guideBaseFromTrackUrl, guideReceiptMarkdown, guideUrl } from './guide-receipt';

const catalog: Catalog = loadSampleCatalog();

/** Plain text of the printout, as the paper will read (no printer involved). */
const paper = (doc: string) => transform(doc, { command: 'text', cpl: 48, encoding: 'gb18030' });
const base = guideBaseFromTrackUrl('https://zwfw.example.gov.cn/track');
const printout = (kind: 'bundle' | 'item', code: string) =>
  guideReceiptMarkdown(catalog, { kind, code }, { terminalId: 'HP-24H-001', hallPhone: '12345', url: guideUrl(base, { kind, code }) });

describe('guide printout (打印办事指南)', () => {
  it('names the guide page of an item or bundle in its QR code', () => {
    expect(base).toBe('https://zwfw.example.gov.cn/guide');
    expect(guideUrl(base, { kind: 'bundle', code: 'enterprise-start' })).toBe('https://zwfw.example.gov.cn/guide?bundle=enterprise-start');
    expect(printout('bundle', 'enterprise-start')).toContain('{code:https://zwfw.example.gov.cn/guide?bundle=enterprise-start; option:qrcode,5,m}');
  });

  it('prints every element of an item guide', () => {
    const item = catalog.items.find((i) => i.code === '440000-SC-0701')!;
    const text = paper(printout('item', item.code)!);
    for (const heading of ['办事指南', '实施部门', '办理依据', '受理条件', '申请材料', '办理流程', '办理时限', '收费', '办理结果', '办理地点', '咨询与投诉']) {
      expect(text).toContain(heading);
    }
    expect(text.replace(/\s/g, '')).toContain(item.name.zh); // printed double width
    expect(text).toContain(`事项编码 ${item.code}`);
    expect(text).toContain(item.phones.consult);
    const firstMaterial = catalog.materials.find((m) => m.code === item.materials[0]!.material)!;
    expect(text).toContain(firstMaterial.name.zh);
    expect(text).toContain('扫码在手机上查看办事指南');
  });

  it('prints a bundle with its items, scenario questions and one merged material list', () => {
    const bundle = catalog.bundles.find((b) => b.code === 'newborn')!;
    const text = paper(printout('bundle', 'newborn')!);
    expect(text).toContain('包含事项');
    for (const bi of bundle.items) expect(text).toContain(catalog.items.find((i) => i.code === bi.item)!.name.zh.slice(0, 6));
    if (bundle.questions.length) expect(text).toContain(bundle.questions[0]!.text.zh.slice(0, 6));
    expect(text).toContain('申请材料（合并后');
  });

  it('labels illustrative compositions as not law', () => {
    const illustrative = catalog.bundles.find((b) => b.illustrative) ?? catalog.items.find((i) => i.illustrative);
    const plain = catalog.bundles.find((b) => !b.illustrative);
    if (illustrative) {
      const kind = 'items' in illustrative ? 'bundle' : 'item';
      expect(paper(printout(kind, illustrative.code)!)).toContain('并非法定依据');
    }
    expect(paper(printout('bundle', plain!.code)!)).not.toContain('并非法定依据');
  });

  it('lays out every guide of the sample catalog as ESC/POS, and refuses an unknown one', () => {
    for (const b of catalog.bundles) expect(transform(printout('bundle', b.code)!, { command: 'escpos', encoding: 'gb18030', cpl: 48 }).length).toBeGreaterThan(500);
    for (const i of catalog.items) expect(transform(printout('item', i.code)!, { command: 'escpos', encoding: 'gb18030', cpl: 48 }).length).toBeGreaterThan(500);
    expect(printout('item', 'no-such-item')).toBeNull();
  });
});
