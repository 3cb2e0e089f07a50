/**
 * Two more printed documents, as ReceiptLine markdown like the acceptance receipt:
 * - a self-printed result (e.g. a 秒批 decision) with its verification code (验证码) and a QR code to
 *   check it, and
 * - the 一次性告知书: every material still to bring, at once, never piecemeal.
 */
import { formatShanghaiDateTime } from './acceptance-receipt';
import { escapeReceiptline as t, escapeReceiptlineProperty } from './receiptline-escape';

export interface ResultDocument {
  terminalId: string;
  title: string;
  issuer: string;
  issuedAt: string;
  verificationCode: string;
  verifyUrl: string;
  /** Already masked by the platform. */
  lines: string[];
}

export function resultMarkdown(r: ResultDocument): string {
  return [
    '{width:*; border:space; align:center}',
    `^^${t(r.title)}`,
    `出具单位：${t(r.issuer)}`,
    '-',
    '{width:*; align:left}',
    ...r.lines.map((l) => `|${t(l)} |`),
    `|出具时间：${t(formatShanghaiDateTime(r.issuedAt))} |`,
    '-',
    '{width:*; align:center}',
    `"验证码 ${t(r.verificationCode)}"`,
    `{code:${escapeReceiptlineProperty(r.verifyUrl)}; option:qrcode,5,m}`,
    '扫码或凭验证码核验本结果真伪',
    `自助终端 ${t(r.terminalId)} 自助打印`,
  ].join('\n');
}

export interface OneTimeNoticeDocument {
  terminalId: string;
  bundleName: string;
  items: string[];
  /** The notice's lines from the catalog engine (core/catalog/notice.ts noticeLines), without its title. */
  lines: string[];
  issuedAt: string;
  hallPhone: string;
  place: string;
}

export function oneTimeNoticeMarkdown(n: OneTimeNoticeDocument): string {
  return [
    '{width:*; border:space; align:center}',
    '^^^一次性告知书',
    `自助终端 ${t(n.terminalId)}`,
    '-',
    '{width:*; align:left}',
    `|办理事项：${t(n.bundleName)} |`,
    ...n.items.map((i, k) => `|  ${k + 1}. ${t(i)} |`),
    '-',
    '|请一次性备齐以下材料： |',
    ...n.lines.map((l) => `|${t(l)} |`),
    '-',
    `|办理地点：${t(n.place)} |`,
    `|咨询电话：${t(n.hallPhone)} |`,
    `|告知时间：${t(formatShanghaiDateTime(n.issuedAt))} |`,
    '|以上为本事项需要补齐的全部材料，不再另行要求。 |',
  ].join('\n');
}
