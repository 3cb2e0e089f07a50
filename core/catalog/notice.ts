/**
 * What the citizen still has to bring (一次性告知) and how the citizen chose to supply each paper
 * material, derived from a composition. Pure; the kiosk shows and prints the notice, the bridge
 * checks the choices again on submission.
 */
import type { Composition, ComposedMaterial } from './compose';
import type { LocalText } from './schema';
import { addWorkingDays, firstWorkingDayFrom, type WorkingCalendar } from '../calendar/working-days';

export type MaterialChoice =
  /** Photographed at the kiosk (or handed in at the window when it cannot be photographed). */
  | 'provided'
  /** 容缺受理: supplied later. */
  | 'deferred'
  /** 告知承诺: a signed commitment replaces it. */
  | 'commitment'
  /** Not supplied: allowed only for 非必要 materials. */
  | 'none';

export interface NoticeEntry {
  material: string;
  name: LocalText;
  form: ComposedMaterial['form'];
  copies: number;
  necessity: ComposedMaterial['necessity'];
  /** Names of the items that need it. */
  items: LocalText[];
  /** 容缺 and 告知承诺 options the citizen may use instead of bringing it now. */
  options: ('deferred' | 'commitment')[];
  notes: LocalText[];
  spec: LocalText | null;
}

export interface OneTimeNotice {
  bundle: LocalText;
  entries: NoticeEntry[];
  /** Notes of the scenario rules that applied. */
  notes: LocalText[];
  promisedDate: string;
  provisional: boolean;
  feesYuan: number;
}

/** The 一次性告知 list: every material not 免提交, once, with what may replace it. */
export function oneTimeNotice(c: Composition): OneTimeNotice {
  const itemName = new Map(c.items.map((i) => [i.item.code, i.item.name]));
  return {
    bundle: c.bundle.name,
    entries: c.toBring.map((m) => ({
      material: m.material.code,
      name: m.material.name,
      form: m.form,
      copies: m.copies,
      necessity: m.necessity,
      items: m.items.map((code) => itemName.get(code) ?? { zh: code, en: code }),
      options: [...(m.deferrable ? (['deferred'] as const) : []), ...(m.commitmentAllowed ? (['commitment'] as const) : [])],
      notes: m.notes,
      spec: m.material.spec ?? null,
    })),
    notes: c.notes,
    promisedDate: c.promisedDate,
    provisional: c.provisional,
    feesYuan: c.feesYuan,
  };
}

const necessityText = { 必要: { zh: '必要', en: 'required' }, 非必要: { zh: '非必要', en: 'optional' }, 容缺: { zh: '容缺可后补', en: 'may follow later' } } as const;
const formText = { 原件: { zh: '原件', en: 'original' }, 复印件: { zh: '复印件', en: 'copy' }, 电子: { zh: '电子版', en: 'electronic' } } as const;

/** Plain lines of the notice in one language, for a receipt printer or a screen reader. */
export function noticeLines(n: OneTimeNotice, lang: 'zh' | 'en'): string[] {
  const lines = [lang === 'zh' ? `一次性告知：${n.bundle.zh}` : `Everything to bring: ${n.bundle.en}`];
  if (n.entries.length === 0) lines.push(lang === 'zh' ? '无需另外提交材料。' : 'Nothing else to bring.');
  n.entries.forEach((e, i) => {
    const copies = e.copies > 0 ? (lang === 'zh' ? ` ${e.copies}份` : ` ×${e.copies}`) : '';
    lines.push(`${i + 1}. ${e.name[lang]}（${formText[e.form][lang]}${copies}，${necessityText[e.necessity][lang]}）`);
    lines.push(`   ${lang === 'zh' ? '用于' : 'for'}: ${e.items.map((x) => x[lang]).join(lang === 'zh' ? '、' : ', ')}`);
    if (e.options.includes('commitment')) lines.push(lang === 'zh' ? '   可签署告知承诺书代替' : '   a signed commitment may replace it');
    if (e.options.includes('deferred')) lines.push(lang === 'zh' ? '   可容缺受理，事后补交' : '   may be supplied after acceptance');
    if (e.spec) lines.push(`   ${e.spec[lang]}`);
    for (const note of e.notes) lines.push(`   ${note[lang]}`);
  });
  for (const note of n.notes) lines.push(`* ${note[lang]}`);
  return lines;
}

export interface MaterialChoiceProblem {
  material: string;
  message: LocalText;
}

/**
 * Checks how the citizen supplies each material to bring: every 必要 material provided, deferred
 * (only where 容缺) or replaced by a commitment (only where 告知承诺 is allowed); nothing chosen for
 * a material that is 免提交 or not part of the application.
 */
export function validateMaterialChoices(c: Composition, choices: Readonly<Record<string, MaterialChoice>>): MaterialChoiceProblem[] {
  const problems: MaterialChoiceProblem[] = [];
  for (const code of Object.keys(choices)) {
    const m = c.materials.find((x) => x.material.code === code);
    if (!m) problems.push({ material: code, message: { zh: `材料“${code}”不属于本次申请。`, en: `Material "${code}" is not part of this application.` } });
    else if (m.covered) problems.push({ material: code, message: { zh: `「${m.material.name.zh}」已免提交。`, en: `"${m.material.name.en}" is already held by the government.` } });
  }
  for (const m of c.toBring) {
    const choice = choices[m.material.code];
    const name = m.material.name;
    if (choice === 'deferred' && !m.deferrable) {
      problems.push({ material: m.material.code, message: { zh: `「${name.zh}」不适用容缺受理。`, en: `"${name.en}" cannot be supplied later.` } });
    } else if (choice === 'commitment' && !m.commitmentAllowed) {
      problems.push({ material: m.material.code, message: { zh: `「${name.zh}」不能以告知承诺代替。`, en: `"${name.en}" cannot be replaced by a commitment.` } });
    } else if ((choice === undefined || choice === 'none') && m.necessity === '必要') {
      problems.push({ material: m.material.code, message: { zh: `缺少必要材料「${name.zh}」。`, en: `The required material "${name.en}" is missing.` } });
    }
  }
  return problems;
}

/** 补交 defaults where the catalog says nothing (schema.ts `Supplement`). */
export const SUPPLEMENT_DEFAULT_DAYS = 5;
const IF_MISSING: Record<OwedMaterial['reason'], LocalText> = {
  deferred: {
    zh: '逾期未补齐的，终止办理，已受理的申请不再继续。',
    en: 'If it has not arrived by then, the application is stopped.',
  },
  'not-provided': {
    zh: '办结时限自材料补齐之日起计算；逾期未补齐的，视为撤回申请。',
    en: 'The time limit runs from the day it arrives; if it has not arrived by then, the application counts as withdrawn.',
  },
};

/** A material the application was accepted without, and how it follows (the receipt and 已受理 list it). */
export interface OwedMaterial {
  material: string;
  name: LocalText;
  form: ComposedMaterial['form'];
  copies: number;
  /** `deferred`: 容缺, chosen and signed for; `not-provided`: required, not photographed or handed over at the kiosk. */
  reason: 'deferred' | 'not-provided';
  items: LocalText[];
  /** Working days from acceptance, and the date they end (YYYY-MM-DD). */
  days: number;
  dueDate: string;
  provisional: boolean;
  /** Where to hand it in; `upload`: it may also be uploaded with the acceptance number (政务服务网). */
  where: LocalText;
  upload: boolean;
  ifMissing: LocalText;
}

/**
 * What is still owed after submission: every required material not 免提交, not replaced by a signed
 * commitment (告知承诺) and not photographed at the kiosk, plus the 容缺 ones chosen for later, each
 * with its deadline in working days from the day of acceptance.
 */
export function owedMaterials(
  c: Composition,
  choices: Readonly<Record<string, MaterialChoice>>,
  photographed: readonly string[],
  accepted: string,
  cal: WorkingCalendar,
): OwedMaterial[] {
  const items = new Map(c.items.map((i) => [i.item.code, i.item]));
  const start = firstWorkingDayFrom(accepted, cal);
  const out: OwedMaterial[] = [];
  for (const m of c.toBring) {
    const choice = choices[m.material.code] ?? 'provided';
    if (choice === 'commitment' || choice === 'none') continue;
    if (choice === 'provided' && (m.necessity === '非必要' || (m.photograph && photographed.includes(m.material.code)))) continue;
    const reason = choice === 'deferred' ? 'deferred' : 'not-provided';
    const days = m.supplement.days ?? SUPPLEMENT_DEFAULT_DAYS;
    const due = addWorkingDays(start.date, days, cal);
    const item = items.get(m.supplement.item);
    out.push({
      material: m.material.code,
      name: m.material.name,
      form: m.form,
      copies: m.copies,
      reason,
      items: m.items.map((code) => items.get(code)?.name ?? { zh: code, en: code }),
      days,
      dueDate: due.date,
      provisional: start.provisional || due.provisional,
      where: m.supplement.where ?? item?.place ?? { zh: '受理窗口', en: 'the service window' },
      upload: m.supplement.upload ?? m.photograph,
      ifMissing: m.supplement.ifMissing ?? IF_MISSING[reason],
    });
  }
  return out;
}
