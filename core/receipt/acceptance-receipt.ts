/**
 * The acceptance receipt (受理收件凭证): what the kiosk accepted, when, which items, the promised
 * date and how to track it. Pure: it returns a ReceiptLine document (receipt markdown) which the
 * device bridge turns into ESC/POS bytes; the same document also renders as an SVG preview.
 *
 * Layout targets an 80 mm printer with 48 single-width columns (a CJK character takes two).
 */
import { escapeReceiptline as t, escapeReceiptlineProperty } from './receiptline-escape';

export interface AcceptanceReceiptItem {
  name: string;
  department: string;
  /** YYYY-MM-DD, 办结时限 of this item. */
  promisedDate: string;
}

export interface AcceptanceReceipt {
  terminalId: string;
  acceptanceNumber: string;
  bundleName: string;
  /** Already masked by the caller, e.g. `张*  110101********1234`. */
  applicantMasked: string;
  items: AcceptanceReceiptItem[];
  /** YYYY-MM-DD, the latest of the items' dates (承诺办结日期). */
  promisedDate: string;
  delivery: 'pickup' | 'mail';
  /** Pickup place, or the masked mailing address. */
  deliveryDetail: string;
  /** ISO 8601 instant. */
  submittedAt: string;
  trackUrl: string;
  hallPhone?: string;
}

/** Characters per line on the 80 mm printer; receiptline's default too. */
export const RECEIPT_COLUMNS = 48;

/** The service runs on Beijing time wherever the machine's clock zone is set. */
const SERVICE_TIME_ZONE = 'Asia/Shanghai';

const shanghaiFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: SERVICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * `YYYY-MM-DD HH:mm:ss` in Beijing time. Built from parts so it does not depend on the ICU
 * version's locale punctuation. An unparseable value is printed as given rather than throwing:
 * the citizen still needs the receipt, and the acceptance number is what staff look up.
 */
export function formatShanghaiDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    shanghaiFormat.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

const DELIVERY_LABEL: Record<AcceptanceReceipt['delivery'], { method: string; detail: string }> = {
  pickup: { method: '窗口领取', detail: '领取地点' },
  mail: { method: '邮寄', detail: '邮寄地址' },
};

/** A QR code big enough to scan from a phone at arm's length: 6-dot cells, error level M. */
function qrLine(data: string): string {
  return `{code:${escapeReceiptlineProperty(data)}; option:qrcode,6,m}`;
}

/** A labelled row `|label |value |` in a 12 / * two-column table (both left-aligned). */
function row(label: string, value: string): string {
  return `|${t(label)} |${t(value)} |`;
}

export function acceptanceReceiptMarkdown(r: AcceptanceReceipt): string {
  const delivery = DELIVERY_LABEL[r.delivery];
  const lines: string[] = [
    // border:space is receiptline's default; set it so the layout does not depend on a preamble.
    '{width:*; border:space; align:center}',
    '^^^受理收件凭证',
    `自助终端 ${t(r.terminalId)}`,
    '-',
    '{width:12,*}',
    row('受理编号', r.acceptanceNumber),
    row('办理事项', r.bundleName),
    '-',
    // Two rows per item: name and date, then the department. With CJK at two columns each, a
    // three-column "name | department | date" line would wrap most real department names.
    '{width:3,*,10}',
    '|  |事项 / 承办部门 | 办结时限|',
    ...r.items.flatMap((item, i) => [
      `|${i + 1}. |${t(item.name)} | ${t(item.promisedDate)}|`,
      `| |${t(item.department)} | |`,
    ]),
    '-',
    '{width:12,*}',
    row('承诺办结日期', r.promisedDate),
    row('取件方式', delivery.method),
    row(delivery.detail, r.deliveryDetail),
    row('申请人', r.applicantMasked),
    row('受理时间', formatShanghaiDateTime(r.submittedAt)),
    ...(r.hallPhone ? [row('咨询电话', r.hallPhone)] : []),
    '-',
    '{width:*; align:center}',
    qrLine(r.trackUrl),
    '扫码查询办理进度',
    '',
    '|请妥善保管本凭证，领取办理结果时请出示。 |',
    '|办理进度也可凭受理编号在政务服务网查询。 |',
    // No `=` line: renderEscPos transforms with `cutting: true`, which cuts once at the end. An
    // extra `=` would cut twice and leave a blank slip.
  ];
  return lines.join('\n');
}

/** A printer test page: header, width ruler, CJK sample, rules, a QR code, then the cut. */
export function testPageMarkdown(terminalId: string): string {
  return [
    '{width:*; border:space; align:center}',
    '^^^打印机测试页',
    `自助终端 ${t(terminalId)}`,
    '-',
    // 48 digits: a printer set to the wrong characters-per-line shows it at once.
    '|' + '1234567890'.repeat(5).slice(0, RECEIPT_COLUMNS) + '|',
    '|ABCDEFGHIJKLMNOPQRSTUVWXYZ |',
    '|abcdefghijklmnopqrstuvwxyz |',
    '|0123456789 !#$%&()*+,./:;<=>?@[]' + t('\\^_`{|}~"-=') + ' |',
    '|中文字库：政务服务自助终端 受理收件凭证 |',
    '^^^宽高加倍 ABC',
    '"加粗" _下划线_ `反白`',
    '-',
    '{width:*; align:center}',
    qrLine(`test:${terminalId}`),
    '二维码应能被扫码枪读出',
  ].join('\n');
}
