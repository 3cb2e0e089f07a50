/**
 * The owed materials (core/catalog/notice.ts owedMaterials) as the acceptance receipt prints them,
 * in the receipt's language.
 */
import type { OwedMaterial } from '../catalog/notice';
import type { OwedLine, ReceiptLang } from './acceptance-receipt';

const FORM = { 原件: { zh: '原件', en: 'original' }, 复印件: { zh: '复印件', en: 'copy' }, 电子: { zh: '电子版', en: 'electronic' } } as const;

/** The receipt's language for a session language: English for en, Chinese otherwise (ug receipts are printed in Chinese). */
export function receiptLangOf(lang: string | undefined): ReceiptLang {
  return lang === 'en' ? 'en' : 'zh';
}

export function owedLines(owed: readonly OwedMaterial[], lang: ReceiptLang): OwedLine[] {
  return owed.map((o) => ({
    name: o.name[lang],
    form: `${FORM[o.form][lang]}${o.copies > 0 ? (lang === 'zh' ? ` ${o.copies}份` : ` ×${o.copies}`) : ''}`,
    dueDate: o.dueDate,
    days: o.days,
    where: o.where[lang],
    upload: o.upload,
    ifMissing: o.ifMissing[lang],
    deferred: o.reason === 'deferred',
  }));
}
