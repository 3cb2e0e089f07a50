/** UI text for 进度查询, result self-print, e-ID login, 一次性告知, signature and the outbox notice (zh first). */
import type { Stage } from '../../core/protocol/messages';
import type { Lang } from './machine/kiosk-machine';
import { strings } from './i18n';
import { withUyghurTables } from './i18n-load';

const zh = {
  progressEntry: '办件进度查询',
  progressEntryHint: '刷身份证或扫描受理凭证二维码',
  progressTitle: '办件进度查询',
  progressHow: '请将身份证放在感应区，或将受理凭证上的二维码对准扫码口',
  progressQuerying: '正在查询…',
  progressNone: '没有查到办件记录',
  progressFailed: '暂时无法查询',
  progressFailedBecause: (error: string) => `暂时无法查询（${error}）`,
  progressPlatformDown: '政务服务平台暂时无法连接，以下为本终端尚未送达的申请',
  submittedAt: '申请时间',
  promised: '承诺办结',
  stage: '办理阶段',
  department: '承办部门',
  due: '办结时限',
  reason: '原因',
  warnYellow: '黄牌：临近办结时限',
  warnRed: '红牌：已超过承诺办结日期',
  printResult: '打印办理结果',
  printingResult: '正在打印…',
  resultPrinted: '办理结果已打印，请取走。结果上印有验证码，可扫码核验。',
  resultNotPrinted: '打印机暂时无法打印，请扫描下方二维码查看结果',
  resultNeedsId: '打印办理结果需先刷身份证或出示电子身份证二维码',
  rateThis: '评价本次服务',
  eidHint: '没带身份证？请打开电子身份证或“亮证”二维码，对准扫码口',
  submissionUnavailable: '本终端暂时无法提交申请（数据存储故障），已通知维护人员。您仍可查看办事指南和查询进度，或到窗口办理。',
  noticeTitle: '还需补齐的材料（一次性告知）',
  printNotice: '打印一次性告知书',
  noticePrinted: '一次性告知书已打印，请取走',
  noticeNotPrinted: '打印机暂时无法打印，请拍照记录上面的材料清单',
  signTitle: '容缺受理 / 告知承诺',
  signExplain: '以下材料可以先办后补（容缺）或以签署承诺代替（告知承诺）。请在下方签名确认：',
  signHere: '请用手指在此签名',
  signClear: '重新签名',
  signed: '已签名',
  signRequired: '您选择了容缺后补或告知承诺，请先在上方签名，再确认提交',
};

export type ProgressStrings = typeof zh;

const en: ProgressStrings = {
  progressEntry: 'Track an application',
  progressEntryHint: 'Place your ID card or scan the receipt’s QR code',
  progressTitle: 'Application progress',
  progressHow: 'Place your ID card on the reader, or hold the QR code on your acceptance receipt to the scanner',
  progressQuerying: 'Looking up…',
  progressNone: 'No applications found',
  progressFailed: 'Cannot look up progress right now',
  progressFailedBecause: (error: string) => `Cannot look up progress right now (${error})`,
  progressPlatformDown: 'The service platform cannot be reached; shown are applications this terminal has not delivered yet',
  submittedAt: 'Submitted',
  promised: 'Promised by',
  stage: 'Stage',
  department: 'Department',
  due: 'Due',
  reason: 'Reason',
  warnYellow: 'Yellow card: due soon',
  warnRed: 'Red card: past the promised date',
  printResult: 'Print the result',
  printingResult: 'Printing…',
  resultPrinted: 'The result is printed; please take it. Its verification code can be checked by QR code.',
  resultNotPrinted: 'The printer cannot print now; scan the QR code below to see the result',
  resultNeedsId: 'To print a result, place your ID card or show your e-ID QR code first',
  rateThis: 'Rate this service',
  eidHint: 'No card with you? Open your electronic ID (e-ID) QR code and hold it to the scanner',
  submissionUnavailable: 'This terminal cannot take applications right now (storage fault); maintenance has been told. Guides and progress still work, or apply at a service window.',
  noticeTitle: 'Materials still needed (one-time notice)',
  printNotice: 'Print the one-time notice',
  noticePrinted: 'The one-time notice is printed; please take it',
  noticeNotPrinted: 'The printer cannot print now; please photograph the list above',
  signTitle: 'Accept now, supply later / signed commitment',
  signExplain: 'These materials may be supplied later or replaced by a signed commitment. Please sign below to confirm:',
  signHere: 'Sign here with your finger',
  signClear: 'Sign again',
  signed: 'Signed',
  signRequired: 'You chose to supply a material later or sign a commitment: please sign above first, then submit',
};

/** ug (Uyghur) is machine-translated: kiosk/src/i18n-ug.ts, put in place by i18n-load.ts. */
export const progressStrings: Record<Lang, ProgressStrings> = { zh, en, ug: zh };

const stagesEn: Record<Stage, string> = {
  已提交: 'Submitted',
  已受理: 'Accepted',
  审查中: 'In review',
  已办结: 'Decided',
  待领取: 'Ready for pickup',
  已邮寄: 'Mailed',
  需补正: 'Needs correction',
  不予受理: 'Not accepted',
};

/** A stage (办理阶段) in the UI language. */
const stageNames: Record<Lang, Record<Stage, string> | null> = { zh: null, en: stagesEn, ug: null };
withUyghurTables((m) => {
  progressStrings.ug = m.ugProgressStrings;
  stageNames.ug = m.ugStages;
});
export const stageLabel = (stage: Stage, lang: Lang): string => stageNames[lang]?.[stage] ?? stage;

/** "label：value" in Chinese, "label: value" in English and Uyghur. */
export const labelled = (label: string, value: string, lang: Lang): string => `${label}${strings[lang].colon}${value}`;
