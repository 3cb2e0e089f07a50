/**
 * UI text of 容缺 done right (issue 15): what is still owed after acceptance (已受理, 进度查询), the
 * 告知承诺 read in full before signing, and the 情形-driven choice of items. zh first, en second;
 * ug is MACHINE-TRANSLATED like kiosk/src/i18n-ug.ts (an AI model, 2026-12), pending review.
 */
import type { Lang } from './machine/kiosk-machine';

const zh = {
  fromAnswer: '情形回答',
  owedTitle: '尚需补交的材料',
  owedIntro: (n: number) => `申请已受理，但以下 ${n} 项材料尚未提交。请在期限内补交，受理凭证上也印有这份清单。`,
  owedDue: (date: string, days: number) => `请于 ${date} 前提交（${days} 个工作日内）`,
  owedDeferred: '容缺受理（已签署承诺）',
  owedWhere: '提交地点',
  owedUpload: '也可凭受理编号在政务服务网上传',
  owedIfMissing: '逾期',
  owedFor: '用于',
  formName: { 原件: '原件', 复印件: '复印件', 电子: '电子版' } as Record<string, string>,
  copies: (n: number) => `${n} 份`,
  commitmentRead: '阅读告知承诺书',
  commitmentTitle: '告知承诺书',
  commitmentIntro: '签名前请完整阅读以下内容：',
  commitmentAgree: '我已阅读，去签名',
  commitmentBack: '返回',
  commitmentFirst: '请先阅读告知承诺书，再签名。',
  excludedTitle: '根据您的回答，以下事项无需办理',
  lockedRequired: '必办事项，已选中',
};
type OwedStrings = { [K in keyof typeof zh]: (typeof zh)[K] extends (...a: infer A) => string ? (...a: A) => string : (typeof zh)[K] extends Record<string, string> ? Record<string, string> : string };

const en: OwedStrings = {
  fromAnswer: 'Your answer',
  owedTitle: 'Still to be handed in',
  owedIntro: (n) => `Your application is accepted, but ${n} ${n === 1 ? 'material has' : 'materials have'} not been handed in yet. Please hand ${n === 1 ? 'it' : 'them'} in by the date shown; the receipt lists ${n === 1 ? 'it' : 'them'} too.`,
  owedDue: (date, days) => `Hand in by ${date} (within ${days} working days)`,
  owedDeferred: 'Accepted without it (commitment signed)',
  owedWhere: 'Where',
  owedUpload: 'or upload it online with the acceptance number',
  owedIfMissing: 'If late',
  owedFor: 'For',
  formName: { 原件: 'original', 复印件: 'copy', 电子: 'electronic' },
  copies: (n) => `×${n}`,
  commitmentRead: 'Read the commitment',
  commitmentTitle: 'Letter of commitment',
  commitmentIntro: 'Please read all of this before you sign:',
  commitmentAgree: 'I have read it: sign',
  commitmentBack: 'Back',
  commitmentFirst: 'Please read the commitment before signing.',
  excludedTitle: 'Given your answers, these items are not needed',
  lockedRequired: 'Required, chosen',
};

/** MACHINE-TRANSLATED (see the top of this file). */
const ug: OwedStrings = {
  fromAnswer: 'ئەھۋال جاۋابى',
  owedTitle: 'تولۇقلاپ تاپشۇرۇشقا تېگىشلىك ماتېرىياللار',
  owedIntro: (n) => `ئىلتىماس قوبۇل قىلىندى، ئەمما تۆۋەندىكى ${n} تۈرلۈك ماتېرىيال تېخى تاپشۇرۇلمىدى. مۆھلەت ئىچىدە تولۇقلاپ تاپشۇرۇڭ.`,
  owedDue: (date, days) => `${date} دىن بۇرۇن تاپشۇرۇڭ (${days} خىزمەت كۈنى ئىچىدە)`,
  owedDeferred: 'كەمچىللىككە يول قويۇپ قوبۇل قىلىندى (ۋەدە ئىمزالاندى)',
  owedWhere: 'تاپشۇرۇش ئورنى',
  owedUpload: 'قوبۇل قىلىش نومۇرى بىلەن تور ئارقىلىق يوللاشقىمۇ بولىدۇ',
  owedIfMissing: 'مۆھلەتتىن ئۆتسە',
  owedFor: 'ئىشلىتىلىدىغان جاي',
  formName: { 原件: 'ئەسلى نۇسخا', 复印件: 'كۆپەيتىلگەن نۇسخا', 电子: 'ئېلېكترونلۇق نۇسخا' },
  copies: (n) => `${n} نۇسخا`,
  commitmentRead: 'ۋەدىنامىنى ئوقۇش',
  commitmentTitle: 'ۋەدىنامە',
  commitmentIntro: 'ئىمزا قويۇشتىن بۇرۇن تۆۋەندىكى مەزمۇننى تولۇق ئوقۇڭ:',
  commitmentAgree: 'ئوقۇدۇم، ئىمزا قويىمەن',
  commitmentBack: 'قايتىش',
  commitmentFirst: 'ئالدى بىلەن ۋەدىنامىنى ئوقۇپ، ئاندىن ئىمزا قويۇڭ.',
  excludedTitle: 'جاۋابىڭىزغا ئاساسەن تۆۋەندىكى تۈرلەرنى بېجىرىشنىڭ ھاجىتى يوق',
  lockedRequired: 'چوقۇم بېجىرىلىدىغان، تاللاندى',
};

export const owedStrings: Record<Lang, OwedStrings> = { zh, en, ug };
