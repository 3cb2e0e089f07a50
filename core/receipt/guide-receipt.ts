/**
 * The 办事指南 printed on the receipt printer (打印办事指南), for an item (单项事项) or a bundle (一件事),
 * with a QR code that opens the same guide on a phone (指南二维码化). Pure: a ReceiptLine document
 * (receipt markdown) that the bridge turns into ESC/POS bytes. Nothing about the citizen is on it.
 *
 * Illustrative compositions (the data's `illustrative` flag) are printed as such, never as law.
 */
import type { Bundle, Catalog, Item, MaterialRequirement } from '../catalog/schema';
import { escapeReceiptline as t, escapeReceiptlineProperty } from './receiptline-escape';

export type GuideRef = { kind: 'bundle' | 'item'; code: string };

/** The address a guide's QR code carries: the government portal's guide page for this item or bundle. */
export function guideUrl(base: string, ref: GuideRef): string {
  const url = new URL(base);
  url.searchParams.set(ref.kind, ref.code);
  return url.toString();
}

/** The guide page next to the tracking page: https://zwfw…/track → https://zwfw…/guide. */
export function guideBaseFromTrackUrl(trackBaseUrl: string): string {
  return new URL('guide', trackBaseUrl).toString();
}

type GuideCatalog = Pick<Catalog, 'items' | 'bundles' | 'departments' | 'materials'>;

const ILLUSTRATIVE = '说明：本事项组合为示意性设计，并非法定依据；以窗口和政务服务网公布的办事指南为准。';

function section(title: string, lines: string[]): string[] {
  if (lines.length === 0) return [];
  return ['{width:*; align:left}', `"${t(title)}"`, ...lines.map((l) => `|${l} |`)];
}

function bullet(text: string): string {
  return `・${t(text)}`;
}

function material(catalog: GuideCatalog, req: MaterialRequirement): string {
  const name = catalog.materials.find((m) => m.code === req.material)?.name.zh ?? req.material;
  const copies = req.copies > 0 ? ` ${req.copies}份` : '';
  const necessity = req.necessity === '容缺' ? '容缺可后补' : req.necessity;
  const commitment = req.commitmentAllowed ? '，可告知承诺' : '';
  return bullet(`${name}（${req.form}${copies}，${necessity}${commitment}）`);
}

function dept(catalog: GuideCatalog, code: string): string {
  return catalog.departments.find((d) => d.code === code)?.name.zh ?? code;
}

function days(n: number): string {
  return n === 0 ? '即办' : `${n}个工作日`;
}

function itemLines(catalog: GuideCatalog, item: Item): string[] {
  const limit = item.timeLimit;
  return [
    ...section('实施部门', [t(dept(catalog, item.department)) + `（${t(item.kind)}）`]),
    ...section('办理依据', item.legalBasis.map(bullet)),
    ...section('受理条件', item.conditions.map((c) => bullet(c.zh))),
    ...section('申请材料', item.materials.length ? item.materials.map((m) => material(catalog, m)) : [t('无需提交材料')]),
    ...section('办理流程', item.steps.map((s, i) => t(`${i + 1}. ${s.zh}`))),
    ...section('办理时限', [
      t(`承诺${days(limit.promisedDays)}`) + (limit.statutoryDays !== null ? t(`；法定${days(limit.statutoryDays)}`) : '') + (limit.note ? t(`（${limit.note.zh}）`) : ''),
    ]),
    ...section('收费', [item.fee.type === 'free' ? t('不收费') : t(`￥${item.fee.amountYuan}（依据：${item.fee.basis}）`)]),
    ...section('办理结果', [t(`${item.result.name.zh}；${item.delivery.join('、')}`)]),
    ...section('办理地点', [t(item.place.zh), t(`办公时间：${item.hours.zh}`), ...(item.transit ? [t(`乘车线路：${item.transit.zh}`)] : [])]),
    ...section('咨询与投诉', [t(`咨询 ${item.phones.consult}  投诉 ${item.phones.complaint}`)]),
    ...section('常见错误', (item.commonMistakes ?? []).map((m) => bullet(m.zh))),
    ...section(
      '常见问题',
      (item.faqs ?? []).flatMap((f) => [t(`问：${f.q.zh}`), t(`答：${f.a.zh}`)]),
    ),
  ];
}

function bundleLines(catalog: GuideCatalog, bundle: Bundle): string[] {
  const items = bundle.items.map((bi) => ({ bi, item: catalog.items.find((i) => i.code === bi.item) }));
  // One merged material list (一套材料): each material once, with the strictest form and necessity.
  const merged = new Map<string, MaterialRequirement>();
  for (const { item } of items) for (const req of item?.materials ?? []) if (!merged.has(req.material)) merged.set(req.material, req);
  return [
    ...section('牵头部门', [t(dept(catalog, bundle.leadDepartment)) + ((bundle.coDepartments ?? []).length ? t(`；协同：${bundle.coDepartments.map((d) => dept(catalog, d)).join('、')}`) : '')]),
    ...section(
      '包含事项',
      items.map(({ bi, item }, i) => t(`${i + 1}. ${item?.name.zh ?? bi.item}（${bi.optional ? '可选' : '必办'}，${item ? dept(catalog, item.department) : ''}，${item ? days(item.timeLimit.promisedDays) : ''}）`)),
    ),
    ...section('办理前需确认的情形', (bundle.questions ?? []).map((q) => bullet(`${q.text.zh}（${q.options.map((o) => o.label.zh).join(' / ')}）`))),
    ...section('受理条件', bundle.conditions.map((c) => bullet(c.zh))),
    ...section('申请材料（合并后，以实际情形为准）', [...merged.values()].map((m) => material(catalog, m))),
    ...section('承诺时限', [t(`全部事项 ${days(bundle.promisedDays)}`)]),
    ...section('常见问题', (bundle.faqs ?? []).flatMap((f) => [t(`问：${f.q.zh}`), t(`答：${f.a.zh}`)])),
  ];
}

export interface GuidePrintout {
  terminalId: string;
  hallPhone?: string;
  /** What the QR code carries (guideUrl()). */
  url: string;
}

/** The guide as receipt markdown, or null when the catalog has no such item or bundle. */
export function guideReceiptMarkdown(catalog: GuideCatalog, ref: GuideRef, p: GuidePrintout): string | null {
  const target = ref.kind === 'bundle' ? catalog.bundles.find((b) => b.code === ref.code) : catalog.items.find((i) => i.code === ref.code);
  if (!target) return null;
  const body = ref.kind === 'bundle' ? bundleLines(catalog, target as Bundle) : itemLines(catalog, target as Item);
  return [
    '{width:*; border:space; align:center}',
    '^^^办事指南',
    `^${t(target.name.zh)}`,
    t(ref.kind === 'item' ? `事项编码 ${ref.code}` : '一件事一次办'),
    '-',
    ...(target.illustrative ? ['{width:*; align:left}', `|\`${t(ILLUSTRATIVE)}\` |`] : []),
    ...body,
    '-',
    '{width:*; align:center}',
    `{code:${escapeReceiptlineProperty(p.url)}; option:qrcode,5,m}`,
    '扫码在手机上查看办事指南',
    t(`自助终端 ${p.terminalId}${p.hallPhone ? `  咨询 ${p.hallPhone}` : ''}`),
  ].join('\n');
}
