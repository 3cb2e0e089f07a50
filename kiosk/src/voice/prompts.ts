/**
 * 语音引导: what the terminal says when a screen appears, one short prompt per step, Mandarin first,
 * English second. Plain words an 80-year-old follows, naming the buttons exactly as the screen does
 * (开始办理, 申请办理, 下一步, 确认提交 …). These texts are also pre-rendered with espeak-ng at build
 * time (kiosk/build/voice-prompts-plugin.ts → dist/kiosk/voice/<lang>/<id>.wav): a terminal without a
 * speech engine still speaks. Change a text here and the next build re-renders only that file.
 */
import type { Lang } from '../machine/kiosk-machine';

/**
 * The languages voice guidance speaks: every language the kiosk offers (Lang, which this must
 * include — indexing these tables with a Lang fails to compile otherwise) and Uyghur, whose screens
 * arrive with the a11y-lang work. The Uyghur prompts are machine-translated (by the author, from the
 * Chinese, in the terms of kiosk/src/i18n-ug.ts) and need a translator's review.
 */
export type VoiceLang = 'zh' | 'en' | 'ug';

export const promptIds = [
  'attract',
  'home',
  'guide',
  'questions',
  'identify',
  'face',
  'chooseItems',
  'form',
  'materials',
  'materialsCamera',
  'review',
  'submitting',
  'printing',
  'receipt',
  'receiptQr',
  'rating',
  'done',
  'progress',
  'idleWarning',
  'readerDown',
  'printerOut',
  'printerUnavailable',
  'helpCalled',
] as const;

export type PromptId = (typeof promptIds)[number];

/** The longest prompt: zh in characters, en in characters. Longer texts lose old listeners. */
export const promptLimits: Record<VoiceLang, number> = { zh: 40, en: 120, ug: 120 };

const zh: Record<PromptId, string> = {
  attract: '您好，这里是政务自助终端。要办事，请点“开始办理”。',
  home: '请选择要办的事。可以按人生阶段找，也可以按部门找。',
  guide: '这是办事指南。要办理，请点“申请办理”。',
  questions: '请回答几个问题，帮您确定要办哪些事。',
  identify: '请将身份证放在读卡区，放好后不要移动。',
  face: '请正对摄像头，然后点“拍照核验”。',
  chooseItems: '请选择要办的事项，然后点“下一步”。',
  form: '申请表已自动填好。请补上没填的内容，再点“下一步”。',
  materials: '请看要交的材料。纸质材料可以拍照上传。',
  materialsCamera: '请把材料平放在摄像头下，然后点“拍照”。',
  review: '请核对申请信息，没有问题请点“确认提交”。',
  submitting: '正在提交，请稍等。',
  printing: '正在打印受理凭证，请稍等。',
  receipt: '已受理。请从出纸口取走受理凭证。',
  receiptQr: '已受理。打印机不能用，请用手机扫屏幕上的二维码。',
  rating: '请为这次服务评价。',
  done: '办完了。请取走身份证和凭证。',
  progress: '查进度，请放身份证，或扫凭证上的二维码。',
  idleWarning: '您还在吗？要继续，请点“继续办理”。',
  readerDown: '身份证阅读器暂时不能用，请用二维码，或找工作人员。',
  printerOut: '打印机没纸了，凭证会用二维码显示。',
  printerUnavailable: '打印机暂时不能用，凭证会用二维码显示。',
  helpCalled: '已经叫了工作人员，请稍等。',
};

const en: Record<PromptId, string> = {
  attract: 'Welcome to the government self-service terminal. To begin, touch Start.',
  home: 'Choose what you want to do, by life stage or by department.',
  guide: 'This is the service guide. To apply, touch Apply.',
  questions: 'Please answer a few questions, so we know which services you need.',
  identify: 'Please place your ID card on the reader, and keep it still.',
  face: 'Look at the camera, then touch Take photo.',
  chooseItems: 'Choose the services you want, then touch Next.',
  form: 'The form is filled in for you. Add what is missing, then touch Next.',
  materials: 'Here are the materials needed. You can photograph paper ones.',
  materialsCamera: 'Lay the paper flat under the camera, then touch the photo button.',
  review: 'Check your application. If it is right, touch Submit.',
  submitting: 'Submitting. Please wait.',
  printing: 'Printing your receipt. Please wait.',
  receipt: 'Accepted. Please take your receipt from the slot.',
  receiptQr: 'Accepted. The printer is not working; scan the QR code on the screen with your phone.',
  rating: 'Please rate this service.',
  done: 'All done. Please take your ID card and receipt.',
  progress: 'To check progress, place your ID card, or scan the QR code on your receipt.',
  idleWarning: 'Are you still there? To go on, touch Continue.',
  readerDown: 'The ID card reader is not working. Use a QR code, or ask staff.',
  printerOut: 'The printer is out of paper. Receipts are shown as QR codes.',
  printerUnavailable: 'The printer is not working. Receipts are shown as QR codes.',
  helpCalled: 'Staff have been called. Please wait.',
};

/** Uyghur (Arabic script): MACHINE-TRANSLATED, to be reviewed by a translator. */
const ug: Record<PromptId, string> = {
  attract: 'ياخشىمۇسىز. ئىش بېجىرىش ئۈچۈن «باشلاش» نى بېسىڭ.',
  home: 'بېجىرمەكچى بولغان ئىشنى تاللاڭ.',
  guide: 'بۇ ئىش بېجىرىش يېتەكچىسى. ئىلتىماس قىلىش ئۈچۈن «ئىلتىماس قىلىش» نى بېسىڭ.',
  questions: 'بىر نەچچە سوئالغا جاۋاب بېرىڭ.',
  identify: 'كىملىكىڭىزنى سېزىش رايونىغا قويۇڭ، مىدىرلاتماڭ.',
  face: 'كامېراغا قاراڭ، ئاندىن «رەسىم تارتىپ دەلىللەش» نى بېسىڭ.',
  chooseItems: 'بېجىرىدىغان ئىشلارنى تاللاپ، «كېيىنكى قەدەم» نى بېسىڭ.',
  form: 'جەدۋەل ئاپتوماتىك تولدۇرۇلدى. قالغىنىنى تولدۇرۇپ، «كېيىنكى قەدەم» نى بېسىڭ.',
  materials: 'كېرەكلىك ماتېرىياللارنى كۆرۈڭ. قەغەز ماتېرىيالنى رەسىمگە تارتسىڭىز بولىدۇ.',
  materialsCamera: 'ماتېرىيالنى كامېرا ئاستىغا قويۇپ، «رەسىمگە تارتىش» نى بېسىڭ.',
  review: 'ئۇچۇرلارنى تەكشۈرۈڭ. توغرا بولسا «جەزملەپ تاپشۇرۇش» نى بېسىڭ.',
  submitting: 'تاپشۇرۇلۇۋاتىدۇ، سەل ساقلاڭ.',
  printing: 'تالون بېسىلىۋاتىدۇ، سەل ساقلاڭ.',
  receipt: 'قوبۇل قىلىندى. تالوننى قەغەز چىقىش ئېغىزىدىن ئېلىڭ.',
  receiptQr: 'قوبۇل قىلىندى. پرىنتېر ئىشلىمەيدۇ، ئېكراندىكى كودنى تېلېفونىڭىزدا سكانېرلاڭ.',
  rating: 'بۇ قېتىملىق مۇلازىمەتكە باھا بېرىڭ.',
  done: 'تامام. كىملىكىڭىز ۋە تالونىڭىزنى ئېلىڭ.',
  progress: 'ئىلگىرىلەشنى كۆرۈش ئۈچۈن كىملىكنى قويۇڭ ياكى تالوندىكى كودنى سكانېرلاڭ.',
  idleWarning: 'سىز يەنىلا بارمۇ؟ داۋاملاشتۇرۇش ئۈچۈن «داۋاملاشتۇرۇش» نى بېسىڭ.',
  readerDown: 'كىملىك ئوقۇغۇچ ئىشلىمەيدۇ. ئىككى ئۆلچەملىك كودنى ئىشلىتىڭ ياكى خادىملارنى چاقىرىڭ.',
  printerOut: 'پرىنتېردا قەغەز تۈگىدى، تالون ئىككى ئۆلچەملىك كود بىلەن كۆرسىتىلىدۇ.',
  printerUnavailable: 'پرىنتېر ئىشلىمەيدۇ، تالون ئىككى ئۆلچەملىك كود بىلەن كۆرسىتىلىدۇ.',
  helpCalled: 'خادىملار چاقىرىلدى، سەل ساقلاڭ.',
};

export const prompts: Record<VoiceLang, Record<PromptId, string>> = { zh, en, ug };

/** Where the pre-rendered prompt lives in the build (dist/kiosk), served by the bridge. */
export const promptUrl = (lang: VoiceLang, id: PromptId) => `/voice/${lang}/${id}.wav`;
