/** UI text of the accessibility settings (无障碍设置), the low-reach banner and the elder idle question (zh first). */
import type { Lang } from './machine/kiosk-machine';

const zh = {
  settings: '无障碍设置',
  settingsShort: '字号·配色',
  close: '完成',
  reset: '恢复默认',
  elder: '长辈版（关怀模式）',
  elderOn: '长辈版：已开启',
  elderOff: '长辈版：未开启',
  textSize: '字号',
  textSizes: ['标准', '大', '较大', '特大'] as readonly string[],
  contrast: '配色',
  contrasts: { default: '标准配色', 'high-dark': '黑底白字', 'high-light': '白底黑字' } as Record<'default' | 'high-dark' | 'high-light', string>,
  reach: '低位操作（轮椅）',
  reachOn: '低位操作：已开启',
  reachOff: '低位操作：未开启',
  reachBanner: '低位操作已开启：所有按钮都在屏幕下方',
  elderIdleTitle: '还需要更多时间吗？',
  elderIdleMore: '需要，继续办理',
  elderIdleHint: (s: number) => `如不需要，${s}秒后将退出并清除您的信息`,
  moreGuide: '查看完整办事指南',
  helpComing: '已呼叫工作人员，正在赶来。请在此稍候，办理不会中断',
  prefilled: (n: number) => `已从身份证和共享数据自动填写${n}项，提交前可在“确认申请信息”页查看`,
  helpCalling: '正在呼叫…',
  helpCalledButton: '已呼叫帮办',
  helpCall: '呼叫帮办',
  helpFailed: '暂时无法呼叫，请拨打大厅电话或到服务台求助',
};

export type A11yStrings = typeof zh;

const en: A11yStrings = {
  settings: 'Accessibility',
  settingsShort: 'Text · colours',
  close: 'Done',
  reset: 'Reset',
  elder: 'Senior mode',
  elderOn: 'Senior mode: on',
  elderOff: 'Senior mode: off',
  textSize: 'Text size',
  textSizes: ['Standard', 'Large', 'Larger', 'Largest'],
  contrast: 'Colours',
  contrasts: { default: 'Standard', 'high-dark': 'White on black', 'high-light': 'Black on white' },
  reach: 'Low reach (wheelchair)',
  reachOn: 'Low reach: on',
  reachOff: 'Low reach: off',
  reachBanner: 'Low reach is on: every button is in the lower part of the screen',
  elderIdleTitle: 'Do you need more time?',
  elderIdleMore: 'Yes, continue',
  elderIdleHint: (s: number) => `If not, leaving and erasing your information in ${s} s`,
  moreGuide: 'Show the full guide',
  helpComing: 'Staff have been called and are on their way. Please wait here; your application stays open',
  prefilled: (n: number) => `${n} answers were filled in from your ID card and shared records; you can check them before you submit`,
  helpCalling: 'Calling…',
  helpCalledButton: 'Help called',
  helpCall: 'Call for help',
  helpFailed: 'Cannot call staff right now; please phone the hall or go to the service desk',
};

/**
 * MACHINE-TRANSLATED (an AI model, 2026-12), like kiosk/src/i18n-ug.ts: to be reviewed by a translator
 * fluent in Uyghur before `ug` is offered on a real terminal.
 */
const ug: A11yStrings = {
  settings: 'قولايلىق تەڭشىكى',
  settingsShort: 'خەت · رەڭ',
  close: 'تامام',
  reset: 'ئەسلىگە قايتۇرۇش',
  elder: 'ياشانغانلار ھالىتى',
  elderOn: 'ياشانغانلار ھالىتى: ئوچۇق',
  elderOff: 'ياشانغانلار ھالىتى: تاقاق',
  textSize: 'خەت چوڭلۇقى',
  textSizes: ['ئۆلچەملىك', 'چوڭ', 'تېخىمۇ چوڭ', 'ئەڭ چوڭ'],
  contrast: 'رەڭ',
  contrasts: { default: 'ئۆلچەملىك رەڭ', 'high-dark': 'قارا ئاساستا ئاق خەت', 'high-light': 'ئاق ئاساستا قارا خەت' },
  reach: 'تۆۋەن ئورۇن (چاقلىق ئورۇندۇق)',
  reachOn: 'تۆۋەن ئورۇن: ئوچۇق',
  reachOff: 'تۆۋەن ئورۇن: تاقاق',
  reachBanner: 'تۆۋەن ئورۇن ئوچۇق: ھەممە كۇنۇپكا ئېكراننىڭ ئاستىدا',
  elderIdleTitle: 'يەنە ۋاقىت كېرەكمۇ؟',
  elderIdleMore: 'كېرەك، داۋاملاشتۇرۇش',
  elderIdleHint: (s: number) => `كېرەك بولمىسا، ${s} سېكۇنتتىن كېيىن چىقىپ، ئۇچۇرلىرىڭىز ئۆچۈرۈلىدۇ`,
  moreGuide: 'تولۇق يېتەكچىنى كۆرۈش',
  helpComing: 'خادىملار چاقىرىلدى، يولدا. بۇ يەردە ساقلاڭ؛ ئىلتىماسىڭىز ئۈزۈلمەيدۇ',
  prefilled: (n: number) => `كىملىك ۋە ئورتاق سانلىق مەلۇماتتىن ${n} تۈر ئاپتوماتىك تولدۇرۇلدى؛ يوللاشتىن بۇرۇن تەكشۈرەلەيسىز`,
  helpCalling: 'چاقىرىۋاتىدۇ…',
  helpCalledButton: 'ياردەم چاقىرىلدى',
  helpCall: 'ياردەم چاقىرىش',
  helpFailed: 'ھازىرچە چاقىرغىلى بولمايدۇ، زال تېلېفونىغا تېلېفون قىلىڭ ياكى مۇلازىمەت سۇپىسىغا بېرىڭ',
};

export const a11yStrings: Record<Lang, A11yStrings> = { zh, en, ug };
