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
  /** The 告知承诺书 the citizen signs: paragraphs; `materials` are the names signed for. */
  commitmentText: (bundle: string, materials: string[]) => [
    `本人申请办理「${bundle}」，现就以下材料作出承诺：${materials.join('、')}。`,
    '一、本人已知晓行政机关告知的办理条件、所需材料和补交期限。',
    '二、本人承诺所填写的信息和提交的材料真实、准确、完整、有效，并愿意承担相应的法律责任。',
    '三、对容缺受理的材料，本人将在受理凭证载明的期限内补交；逾期未补交的，同意终止办理。',
    '四、对以告知承诺代替的材料，本人承诺符合相应条件；经核查承诺不实的，同意撤销已作出的决定，并依法承担责任、记入信用记录。',
    '五、本承诺书经本人签名后生效。',
  ],
};
type OwedStrings = {
  [K in keyof typeof zh]: (typeof zh)[K] extends (...a: infer A) => infer R ? (...a: A) => R : (typeof zh)[K] extends Record<string, string> ? Record<string, string> : string;
};

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
  commitmentText: (bundle, materials) => [
    `I apply for "${bundle}" and make this commitment for: ${materials.join(', ')}.`,
    '1. I have been told the conditions, the materials needed and the deadline to hand in what follows later.',
    '2. What I have filled in and handed in is true, accurate, complete and valid; I answer for it before the law.',
    '3. A material accepted as to follow later (容缺) I will hand in by the date on the receipt; if I do not, the application may be stopped.',
    '4. Where this commitment replaces a material (告知承诺), I meet the condition; if it proves untrue, the decision may be revoked, I answer for it and it goes on my credit record.',
    '5. This commitment takes effect when I sign it.',
  ],
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
  commitmentText: (bundle, materials) => [
    `مەن «${bundle}» نى ئىلتىماس قىلىمەن، تۆۋەندىكى ماتېرىياللار ئۈچۈن ۋەدە بېرىمەن: ${materials.join('، ')}.`,
    '1. بېجىرىش شەرتى، كېرەكلىك ماتېرىيال ۋە تولۇقلاش مۆھلىتىدىن خەۋەردارمەن.',
    '2. تولدۇرغان ئۇچۇر ۋە تاپشۇرغان ماتېرىياللار راست، توغرا ۋە تولۇق؛ قانۇنىي جاۋابكارلىقنى ئۈستۈمگە ئالىمەن.',
    '3. كېيىن تاپشۇرىدىغان ماتېرىيالنى تالوندىكى مۆھلەت ئىچىدە تاپشۇرىمەن؛ تاپشۇرمىسام بېجىرىش توختىتىلىدۇ.',
    '4. ۋەدە ماتېرىيالنىڭ ئورنىنى باسقان بولسا، شەرتكە توشىمەن؛ ۋەدە راست چىقمىسا قارار بىكار قىلىنىدۇ ۋە ئىناۋەت خاتىرىسىگە كىرگۈزۈلىدۇ.',
    '5. بۇ ۋەدىنامە ئىمزا قويۇلغاندىن كېيىن كۈچكە ئىگە.',
  ],
};

export const owedStrings: Record<Lang, OwedStrings> = { zh, en, ug };
