/**
 * Examples in catalog text (a company name, a property certificate number) name the terminal's own
 * region, not a city the data was first written for: `{city}`, `{district}` and `{provinceShort}`
 * in a hint are filled from the terminal's 行政区划 code (config `terminal.region`), and read 某市 /
 * 某区 / 某 when the terminal has none. Pure; the kiosk applies it where it shows hints.
 */
import type { LocalText } from './schema';

export interface TerminalRegion {
  /** 6-digit 行政区划 code of the district, e.g. 120101. */
  code: string;
  province: string;
  /** The city; for a municipality (直辖市) its own name, not 市辖区. */
  city: string;
  district: string;
}

/** 省级行政区简称, by the first two digits of the code. */
const PROVINCE_SHORT: Record<string, string> = {
  '11': '京', '12': '津', '13': '冀', '14': '晋', '15': '蒙', '21': '辽', '22': '吉', '23': '黑', '31': '沪', '32': '苏', '33': '浙', '34': '皖',
  '35': '闽', '36': '赣', '37': '鲁', '41': '豫', '42': '鄂', '43': '湘', '44': '粤', '45': '桂', '46': '琼', '50': '渝', '51': '川', '52': '贵',
  '53': '云', '54': '藏', '61': '陕', '62': '甘', '63': '青', '64': '宁', '65': '新', '71': '台', '81': '港', '82': '澳',
};

const PLACEHOLDER = /\{(city|district|provinceShort)\}/g;

export function regionalString(text: string, region: TerminalRegion | null | undefined, lang: 'zh' | 'en' = 'zh'): string {
  const fallback = lang === 'zh' ? { city: '某市', district: '某区', provinceShort: '某' } : { city: 'City', district: 'District', provinceShort: 'X' };
  const values = region ? { city: region.city, district: region.district, provinceShort: PROVINCE_SHORT[region.code.slice(0, 2)] ?? fallback.provinceShort } : fallback;
  return text.replace(PLACEHOLDER, (_, k: keyof typeof values) => values[k]);
}

export function regionalText(text: LocalText, region: TerminalRegion | null | undefined): LocalText {
  return { zh: regionalString(text.zh, region, 'zh'), en: regionalString(text.en, region, 'en') };
}

/** The region of a 6-digit district code, from a division index's names (device-bridge/src/regions). */
export function terminalRegionOf(code: string, nameOf: (code: string) => string | undefined): TerminalRegion | null {
  if (!/^\d{6}$/.test(code)) return null;
  const province = nameOf(code.slice(0, 2));
  const cityName = nameOf(code.slice(0, 4));
  const district = nameOf(code);
  if (!province || !district) return null;
  return { code, province, city: !cityName || cityName === '市辖区' || cityName === '县' ? province : cityName, district };
}
