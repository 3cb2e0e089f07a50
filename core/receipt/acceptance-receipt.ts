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
  /** The session's language: an English session gets an English receipt. Default zh. */
  lang?: ReceiptLang;
  /** 尚需补交: materials the application was accepted without (core/catalog/notice.ts owedMaterials), in `lang`. */
  owed?: OwedLine[];
}

export type ReceiptLang = 'zh' | 'en';

/** One material still owed, already in the receipt's language. */
export interface OwedLine {
  name: string;
  /** 原件 / 复印件 ×2 …, in words. */
  form: string;
  /** YYYY-MM-DD: the last working day to hand it in. */
  dueDate: string;
  days: number;
  where: string;
  /** May also be uploaded with the acceptance number. */
  upload: boolean;
  ifMissing: string;
  /** 容缺, signed for; otherwise required and not handed over at the kiosk. */
  deferred: boolean;
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

const LABELS = {
  zh: {
    title: '^^^受理收件凭证',
    terminal: '自助终端',
    number: '受理编号',
    bundle: '办理事项',
    itemsHeader: '|  |事项 / 承办部门 | 办结时限|',
    promised: '承诺办结日期',
    method: '取件方式',
    applicant: '申请人',
    time: '受理时间',
    phone: '咨询电话',
    scan: '扫码查询办理进度',
    delivery: { pickup: { method: '窗口领取', detail: '领取地点' }, mail: { method: '邮寄', detail: '邮寄地址' } },
    keep: { pickup: '请妥善保管本凭证，领取办理结果时请出示。', mail: '请妥善保管本凭证，办理结果将邮寄至上述地址。' },
    online: '办理进度也可凭受理编号在政务服务网查询。',
    owedTitle: '尚需补交的材料',
    owedIntro: (n: number) => `本申请已受理，以下${n}项材料尚未提交：`,
    due: (date: string, days: number) => `请于${date}前提交（${days}个工作日内）`,
    deferred: '容缺受理，已签署承诺',
    at: '提交地点',
    upload: '也可凭受理编号在政务服务网上传',
    ifMissing: '逾期',
  },
  en: {
    title: '^^^ACCEPTANCE RECEIPT',
    terminal: 'Self-service terminal',
    number: 'Number',
    bundle: 'Service',
    itemsHeader: '|  |Item / Department | Due by|',
    promised: 'Promised by',
    method: 'Result',
    applicant: 'Applicant',
    time: 'Accepted at',
    phone: 'Enquiries',
    scan: 'Scan to follow progress',
    delivery: { pickup: { method: 'Collect at window', detail: 'Collect at' }, mail: { method: 'By post', detail: 'Post to' } },
    keep: { pickup: 'Keep this receipt and show it when you collect the result.', mail: 'Keep this receipt. The result will be posted to the address above.' },
    online: 'Progress can also be followed online with the number.',
    owedTitle: 'STILL TO BE HANDED IN',
    owedIntro: (n: number) => `Accepted; ${n} ${n === 1 ? 'material is' : 'materials are'} still owed:`,
    due: (date: string, days: number) => `Hand in by ${date} (${days} working days)`,
    deferred: 'Accepted without it (signed)',
    at: 'Where',
    upload: 'or upload it online with the number',
    ifMissing: 'If late',
  },
} as const;

/** A QR code big enough to scan from a phone at arm's length: 6-dot cells, error level M. */
function qrLine(data: string): string {
  return `{code:${escapeReceiptlineProperty(data)}; option:qrcode,6,m}`;
}

/** A labelled row `|label |value |` in a 12 / * two-column table (both left-aligned). */
function row(label: string, value: string): string {
  return `|${t(label)} |${t(value)} |`;
}

export function acceptanceReceiptMarkdown(r: AcceptanceReceipt): string {
  const L = LABELS[r.lang ?? 'zh'];
  const delivery = L.delivery[r.delivery];
  const owed = r.owed ?? [];
  const lines: string[] = [
    // border:space is receiptline's default; set it so the layout does not depend on a preamble.
    '{width:*; border:space; align:center}',
    L.title,
    `${L.terminal} ${t(r.terminalId)}`,
    '-',
    '{width:12,*}',
    row(L.number, r.acceptanceNumber),
    row(L.bundle, r.bundleName),
    '-',
    // Two rows per item: name and date, then the department. With CJK at two columns each, a
    // three-column "name | department | date" line would wrap most real department names.
    '{width:3,*,10}',
    L.itemsHeader,
    ...r.items.flatMap((item, i) => [
      `|${i + 1}. |${t(item.name)} | ${t(item.promisedDate)}|`,
      `| |${t(item.department)} | |`,
    ]),
    '-',
    '{width:12,*}',
    row(L.promised, r.promisedDate),
    row(L.method, delivery.method),
    row(delivery.detail, r.deliveryDetail),
    row(L.applicant, r.applicantMasked),
    row(L.time, formatShanghaiDateTime(r.submittedAt)),
    ...(r.hallPhone ? [row(L.phone, r.hallPhone)] : []),
    // 尚需补交: what, in which form, by when, where, and what happens otherwise.
    ...(owed.length
      ? [
          '-',
          '{width:*; align:center}',
          `"${t(L.owedTitle)}"`,
          '{width:*; align:left}',
          `|${t(L.owedIntro(owed.length))} |`,
          '{width:3,*}',
          ...owed.flatMap((o, i) => [
            `|${i + 1}. |"${t(o.name)}"（${t(o.form)}） |`,
            `| |${t(L.due(o.dueDate, o.days))} |`,
            ...(o.deferred ? [`| |${t(L.deferred)} |`] : []),
            `| |${t(L.at)}: ${t(o.where)} |`,
            ...(o.upload ? [`| |${t(L.upload)} |`] : []),
            `| |${t(L.ifMissing)}: ${t(o.ifMissing)} |`,
          ]),
        ]
      : []),
    '-',
    '{width:*; align:center}',
    qrLine(r.trackUrl),
    t(L.scan),
    '',
    `|${t(L.keep[r.delivery])} |`,
    `|${t(L.online)} |`,
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
