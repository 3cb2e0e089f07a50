/**
 * Code tables printed on (and stored in) Chinese identity cards, for display and validation.
 * Sex: GB/T 2261.1-2003. Nation (民族): GB 3304-1991, names as printed on the resident card
 * (without 族), plus 97 其他 and 98 外国血统中国籍人士.
 */
export const sexNames: Record<string, { zh: string; en: string }> = {
  '0': { zh: '未知', en: 'unknown' },
  '1': { zh: '男', en: 'male' },
  '2': { zh: '女', en: 'female' },
  '9': { zh: '未说明', en: 'unspecified' },
};

const nationList =
  '汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 ' +
  '达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺';

export const nationNames: Record<string, string> = {
  ...Object.fromEntries(nationList.split(' ').map((name, i) => [String(i + 1).padStart(2, '0'), name])),
  '97': '其他',
  '98': '外国血统中国籍人士',
};

export const isSexCode = (code: string): code is '0' | '1' | '2' | '9' => Object.hasOwn(sexNames, code);
export const isNationCode = (code: string): boolean => Object.hasOwn(nationNames, code);
