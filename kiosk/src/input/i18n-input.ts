/** Strings of the on-screen input (numeric pad, pinyin keyboard, date and address pickers). */
import type { Lang } from '../machine/kiosk-machine';

export interface InputStrings {
  tapToEnter: string;
  change: string;
  done: string;
  clear: string;
  backspace: string;
  numpad: (label: string) => string;
  pinyinPad: (label: string) => string;
  datePicker: (label: string) => string;
  addressPicker: (label: string) => string;
  candidates: string;
  noCandidates: string;
  prevPage: string;
  nextPage: string;
  surnames: string;
  latinMode: string;
  chineseMode: string;
  typed: string;
  year: string;
  month: string;
  day: string;
  minus: (unit: string) => string;
  plus: (unit: string) => string;
  today: string;
  dateShown: (y: number, m: number, d: number) => string;
  pickLevel: Record<'province' | 'city' | 'district' | 'street', string>;
  detail: string;
  detailHint: string;
  pickAgain: (name: string) => string;
  sameAsCard: string;
  regionsFailed: string;
  loading: string;
  roadByPinyin: string;
  numbersOnly: string;
  noStreet: string;
  otherRole: Record<string, string>;
  readOtherCard: (who: string) => string;
  placeOtherCard: (who: string) => string;
  cancel: string;
  retry: string;
  /** 手写输入 */
  handwriting: string;
  handwritingPad: (label: string) => string;
  handwritingCanvas: string;
  handwritingHint: string;
  rewrite: string;
  undoStroke: string;
  recognising: string;
  handwritingUnavailable: string;
  punctuation: string;
  /** The format shown under a field. */
  format: {
    idNumber: string;
    phone: string;
    bankAccount: string;
    postcode: string;
    amount: (decimals: number) => string;
    digits: (min: number, max: number) => string;
    code: (min: number, max: number) => string;
    date: string;
    name: string;
    address: string;
    text: string;
  };
}

/**
 * Uyghur (ئۇيغۇرچە), machine-translated by the input engineer: needs a human translator. Kept apart
 * so the table works whether or not `Lang` includes 'ug' yet (the languages branch adds it).
 */
const ug: InputStrings = {
  tapToEnter: 'بۇ يەرنى بېسىپ كىرگۈزۈڭ',
  change: 'ئۆزگەرتىش',
  done: 'تامام',
  clear: 'تازىلاش',
  backspace: 'ئۆچۈرۈش',
  numpad: (l) => `سان كۇنۇپكا تاختىسى: ${l}`,
  pinyinPad: (l) => `پىنيىن كۇنۇپكا تاختىسى: ${l}`,
  datePicker: (l) => `چېسلا تاللاش: ${l}`,
  addressPicker: (l) => `ئادرېس تاللاش: ${l}`,
  candidates: 'تاللانما خەتلەر',
  noCandidates: 'بۇنداق پىنيىن يوق، ئۆچۈرۈپ قايتا كىرگۈزۈڭ',
  prevPage: 'ئالدىنقى بەت',
  nextPage: 'كېيىنكى بەت',
  surnames: 'فامىلىلەر',
  latinMode: 'لاتىن ھەرپ / سان',
  chineseMode: 'خەنزۇچە پىنيىن',
  typed: 'كىرگۈزۈلگىنى',
  year: 'يىل',
  month: 'ئاي',
  day: 'كۈن',
  minus: (u) => `${u} بىر كېمەيتىش`,
  plus: (u) => `${u} بىر قوشۇش`,
  today: 'بۈگۈن',
  dateShown: (y, m, d) => `${y}-يىل ${m}-ئاي ${d}-كۈن`,
  pickLevel: { province: 'ئۆلكىنى تاللاڭ', city: 'شەھەرنى تاللاڭ', district: 'رايون ياكى ناھىيەنى تاللاڭ', street: 'يېزا ياكى كوچىنى تاللاڭ' },
  detail: 'ئىشىك نومۇرى ۋە تەپسىلىي ئادرېس',
  detailHint: 'پەقەت ئىشىك نومۇرىنى كىرگۈزۈڭ، مەسىلەن 128号3门501',
  pickAgain: (n) => `قايتا تاللاش: ${n}`,
  sameAsCard: 'كىملىكتىكى ئادرېسنى ئىشلىتىش',
  regionsFailed: 'ئادرېس سانلىق مەلۇماتىنى ھازىر ئوقۇغىلى بولمىدى، قايتا سىناڭ ياكى خىزمەتچىنى چاقىرىڭ',
  loading: 'ئوقۇۋاتىدۇ…',
  roadByPinyin: 'يول نامى (پىنيىن)',
  numbersOnly: 'ئىشىك نومۇرى كۇنۇپكىلىرى',
  noStreet: 'كوچا تاللىماسلىق',
  otherRole: { spouse: 'جۆرە', seller: 'ساتقۇچى' },
  readOtherCard: (w) => `${w}نىڭ كىملىكىنى ئوقۇش (كىرگۈزۈش ھاجەتسىز)`,
  placeOtherCard: (w) => `${w} كىملىكىنى سەزگۈچ رايونىغا قويسۇن، ئىسىم، كىملىك نومۇرى ۋە ئادرېس ئاپتوماتىك تولدۇرۇلىدۇ`,
  cancel: 'بىكار قىلىش',
  retry: 'قايتا سىناش',
  handwriting: 'قول يېزىق',
  handwritingPad: (l) => `قول يېزىق تاختىسى: ${l}`,
  handwritingCanvas: 'بۇ يەرگە بارمىقىڭىز بىلەن بىر خەنزۇچە خەت يېزىڭ',
  handwritingHint: 'بىر خەت يېزىپ، ئاندىن ئۈستىدىكى تاللانمىلاردىن تاللاڭ',
  rewrite: 'قايتا يېزىش',
  undoStroke: 'بىر سىزىقنى ئەمەلدىن قالدۇرۇش',
  recognising: 'تونۇۋاتىدۇ…',
  handwritingUnavailable: 'قول يېزىقنى تونۇش ھازىر ئىشلىمەيدۇ، پىنيىن ئىشلىتىڭ',
  punctuation: 'تىنىش بەلگىلىرى',
  format: {
    idNumber: '18 خانە، ئاخىرقىسى X بولۇشى مۇمكىن',
    phone: '11 خانىلىق يانفون نومۇرى',
    bankAccount: '16 دىن 19 خانىغىچە سان',
    postcode: '6 خانىلىق سان',
    amount: (d) => `سان، ئەڭ كۆپ ${d} خانە كەسىر`,
    digits: (a, b) => (a === b ? `${a} خانىلىق سان` : `${a} دىن ${b} خانىغىچە سان`),
    code: (a, b) => (a === b ? `${a} خانىلىق ھەرپ ياكى سان` : `${a} دىن ${b} خانىغىچە ھەرپ ياكى سان`),
    date: 'يىل-ئاي-كۈن، بېسىپ تاللاڭ',
    name: 'خەنزۇچە خەت؛ ئاز سانلىق مىللەت ئىسمىدا · ئىشلىتىلىدۇ',
    address: 'ئۆلكە، شەھەر، رايون، كوچىنى تاللاپ، ئاندىن ئىشىك نومۇرى',
    text: 'خەنزۇچە خەت، ھەرپ ياكى سان',
  },
};

export const inputStrings: Record<Lang, InputStrings> & Record<string, InputStrings> = {
  ug,
  zh: {
    tapToEnter: '点此输入',
    change: '修改',
    done: '完成',
    clear: '清空',
    backspace: '删除',
    numpad: (l) => `数字键盘：${l}`,
    pinyinPad: (l) => `拼音键盘：${l}`,
    datePicker: (l) => `选择日期：${l}`,
    addressPicker: (l) => `选择地址：${l}`,
    candidates: '候选字',
    noCandidates: '没有这个拼音，请删除后重输',
    prevPage: '上一页',
    nextPage: '下一页',
    surnames: '常用姓氏',
    latinMode: '英文/数字',
    chineseMode: '中文拼音',
    typed: '已输入',
    year: '年',
    month: '月',
    day: '日',
    minus: (u) => `减一${u}`,
    plus: (u) => `加一${u}`,
    today: '今天',
    dateShown: (y, m, d) => `${y}年${m}月${d}日`,
    pickLevel: { province: '请选择省份', city: '请选择城市', district: '请选择区县', street: '请选择乡镇/街道' },
    detail: '门牌号及详细地址',
    detailHint: '只需输入门牌号，如 128号3门501',
    pickAgain: (n) => `重选：${n}`,
    sameAsCard: '使用身份证住址',
    regionsFailed: '地址数据暂时无法读取，请稍后再试或呼叫工作人员',
    loading: '正在读取…',
    roadByPinyin: '输入路名（拼音）',
    numbersOnly: '门牌号键盘',
    noStreet: '不选街道',
    otherRole: { spouse: '配偶', seller: '卖方' },
    readOtherCard: (w) => `读取${w}的身份证（免输入）`,
    placeOtherCard: (w) => `请${w}将身份证放在感应区，姓名、身份号码和地址将自动填写`,
    cancel: '取消',
    retry: '重试',
    handwriting: '手写',
    handwritingPad: (l) => `手写板：${l}`,
    handwritingCanvas: '用手指在此写一个汉字',
    handwritingHint: '写一个字，再从上面的候选字中点选',
    rewrite: '重写',
    undoStroke: '撤销一笔',
    recognising: '正在识别…',
    handwritingUnavailable: '手写识别暂不可用，请用拼音输入',
    punctuation: '标点',
    format: {
      idNumber: '18位，末位可为X',
      phone: '11位手机号码',
      bankAccount: '16至19位数字',
      postcode: '6位数字',
      amount: (d) => `数字，最多${d}位小数`,
      digits: (a, b) => (a === b ? `${a}位数字` : `${a}至${b}位数字`),
      code: (a, b) => (a === b ? `${a}位字母或数字` : `${a}至${b}位字母或数字`),
      date: '年-月-日，点选即可',
      name: '汉字；少数民族姓名可用间隔号“·”',
      address: '逐级点选省、市、区、街道，再填门牌号',
      text: '汉字、字母或数字，可手写',
    },
  },
  en: {
    tapToEnter: 'Tap to enter',
    change: 'Change',
    done: 'Done',
    clear: 'Clear',
    backspace: 'Delete',
    numpad: (l) => `Number pad: ${l}`,
    pinyinPad: (l) => `Pinyin keyboard: ${l}`,
    datePicker: (l) => `Pick a date: ${l}`,
    addressPicker: (l) => `Pick an address: ${l}`,
    candidates: 'Characters',
    noCandidates: 'No such pinyin; delete and retype',
    prevPage: 'Previous page',
    nextPage: 'Next page',
    surnames: 'Family names',
    latinMode: 'Latin / digits',
    chineseMode: 'Chinese pinyin',
    typed: 'Typed',
    year: 'Year',
    month: 'Month',
    day: 'Day',
    minus: (u) => `${u} minus one`,
    plus: (u) => `${u} plus one`,
    today: 'Today',
    dateShown: (y, m, d) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    pickLevel: { province: 'Choose the province', city: 'Choose the city', district: 'Choose the district', street: 'Choose the town or street' },
    detail: 'House number and details',
    detailHint: 'Only the house number, e.g. 128号3门501',
    pickAgain: (n) => `Change: ${n}`,
    sameAsCard: 'Use the address on my ID card',
    regionsFailed: 'Address data cannot be read right now; try again or call staff',
    loading: 'Loading…',
    roadByPinyin: 'Road name (pinyin)',
    numbersOnly: 'House-number keys',
    noStreet: 'No street',
    otherRole: { spouse: 'spouse', seller: 'seller' },
    readOtherCard: (w) => `Read the ${w}'s ID card (no typing)`,
    placeOtherCard: (w) => `The ${w} places their ID card on the reader: name, ID number and address are filled in`,
    cancel: 'Cancel',
    retry: 'Try again',
    handwriting: 'Write',
    handwritingPad: (l) => `Handwriting pad: ${l}`,
    handwritingCanvas: 'Write one Chinese character here with your finger',
    handwritingHint: 'Write one character, then pick it from the candidates above',
    rewrite: 'Rewrite',
    undoStroke: 'Undo stroke',
    recognising: 'Recognising…',
    handwritingUnavailable: 'Handwriting recognition is unavailable; please use pinyin',
    punctuation: 'Punctuation',
    format: {
      idNumber: '18 characters, the last may be X',
      phone: '11-digit mobile number',
      bankAccount: '16 to 19 digits',
      postcode: '6 digits',
      amount: (d) => `A number, up to ${d} decimals`,
      digits: (a, b) => (a === b ? `${a} digits` : `${a} to ${b} digits`),
      code: (a, b) => (a === b ? `${a} letters or digits` : `${a} to ${b} letters or digits`),
      date: 'Year-month-day, picked by touch',
      name: 'Chinese characters; minority names may use the middle dot “·”',
      address: 'Pick province, city, district and street, then the house number',
      text: 'Chinese characters, letters or digits; handwriting works too',
    },
  },
};
