/**
 * Bundle composition (一件事一次办): the items a citizen chose become one ordered list of items
 * with due dates, one merged form (一表申请: each semantic field asked once, pre-filled from the ID
 * card or shared data) and one merged material list (一套材料: each material once, with what the
 * government already holds marked 免提交). What is left to bring is the 一次性告知 list.
 *
 * The kiosk runs this to show the citizen the form; the bridge runs it again on submission.
 */
import { addWorkingDays, firstWorkingDayFrom, type WorkingCalendar } from '../calendar/working-days';
import { isIsoDate } from '../calendar/iso-date';
import { err, ok, type Result } from '../result';
import { isValidIdNumber } from './id-number';
import { applicableItems, checkAnswers, excludedItems, matchingRules, scenarioMaterials, scenarioNotes, type AnswerProblem } from './scenario';
import type { Bundle, CardField, Catalog, FormField, Item, LocalText, Material, MaterialRequirement, ScenarioAnswers, Supplement } from './schema';

export { allAnswerCombinations, applicableItems, checkAnswers, closeChoice, excludedItems, questionsOf, scenarioNotes, unchoose } from './scenario';
export type { ApplicableItem, AnswerProblem } from './scenario';
export { noticeLines, oneTimeNotice, owedMaterials, validateMaterialChoices } from './notice';
export type { MaterialChoice, MaterialChoiceProblem, NoticeEntry, OneTimeNotice, OwedMaterial } from './notice';

/** What is known about the applicant before they type anything (统一身份认证 + 共享数据). */
export interface KnownApplicant {
  card: Partial<Record<CardField, string>>;
  /** dataset → value, from shared government databases. */
  shared: Record<string, string>;
  /** Names of e-licences (电子证照) the applicant holds, e.g. 居民身份证, 结婚证. */
  eLicences: string[];
}

export type ComposeError =
  | { kind: 'unknown-bundle' }
  | { kind: 'unknown-item'; item: string }
  | { kind: 'required-item-missing'; item: string; reason: LocalText }
  | { kind: 'dependency-missing'; item: string; dependsOn: string; reason: LocalText }
  | { kind: 'nothing-chosen' }
  | AnswerProblem
  | { kind: 'item-not-applicable'; item: string; reason: LocalText };

export interface ComposedItem {
  item: Item;
  dueDate: string;
  /** The due date crossed a year without a recorded holiday notice. */
  provisional: boolean;
}

/** `answer`: taken from the bundle's 情形 answers, so the form does not ask the question again. */
export type FieldOrigin = 'card' | 'shared' | 'citizen' | 'answer';

/** How the merged form shows where a value came from. */
export const fieldOriginLabel: Record<FieldOrigin, LocalText> = {
  card: { zh: '身份证', en: 'ID card' },
  shared: { zh: '共享数据', en: 'Government records' },
  citizen: { zh: '本人填写', en: 'Filled in by you' },
  answer: { zh: '情形回答', en: 'Your answer' },
};

export interface ComposedField {
  field: FormField;
  /** Codes of the chosen items that ask for this field. */
  items: string[];
  source: FieldOrigin;
  value: string | null;
  /** The citizen may type or change the value: the field has a citizen source, or nothing filled it. */
  editable: boolean;
}

export interface MaterialCoverage {
  by: 'e-licence' | 'shared';
  /** The licence name or the shared dataset. */
  name: string;
  /** Set when the e-licence is produced by an item of this very application. */
  producedBy?: string;
}

export interface ComposedMaterial {
  material: Material;
  items: string[];
  form: MaterialRequirement['form'];
  copies: number;
  necessity: MaterialRequirement['necessity'];
  commitmentAllowed: boolean;
  /** 容缺受理: the application is accepted without it; it is supplied later. */
  deferrable: boolean;
  /** The citizen photographs it at the kiosk (a paper document not 免提交). */
  photograph: boolean;
  notes: LocalText[];
  /** 补交 details from the catalog (requirement, else item), when it follows later; notice.ts fills the defaults. */
  supplement: Supplement & { item: string };
  /** Non-null: 免提交, the government holds or will produce it. */
  covered: MaterialCoverage | null;
}

export interface Composition {
  bundle: Bundle;
  /** The scenario answers the composition was made for. */
  answers: ScenarioAnswers;
  /** Dependencies first; otherwise in bundle order. */
  items: ComposedItem[];
  /** Items of the bundle that do not apply in this scenario, with the rules' notes. */
  excluded: { item: string; notes: LocalText[] }[];
  /** Notes of the scenario rules that apply. */
  notes: LocalText[];
  fields: ComposedField[];
  materials: ComposedMaterial[];
  /** The materials not covered: the 一次性告知 list. */
  toBring: ComposedMaterial[];
  promisedDate: string;
  provisional: boolean;
  feesYuan: number;
  /** Each charged item with its standard and basis (收费依据); free items are not listed. */
  fees: { item: string; amountYuan: number; basis: string }[];
  /** Department codes in the order their items come. */
  departments: string[];
  /** 到现场大厅次数 for the whole application: items are handled at one window, so the most any item needs. */
  hallVisits: number;
}

const necessityRank = { 非必要: 0, 容缺: 1, 必要: 2 } as const;
// An original can be shown and copied at the window; a copy cannot stand in for an original.
const formRank = { 电子: 0, 复印件: 1, 原件: 2 } as const;

export function compose(
  catalog: Catalog,
  bundleCode: string,
  chosen: readonly string[],
  known: KnownApplicant,
  today: string,
  cal: WorkingCalendar,
  answers: ScenarioAnswers = {},
): Result<Composition, ComposeError> {
  const bundle = catalog.bundles.find((b) => b.code === bundleCode);
  if (!bundle) return err({ kind: 'unknown-bundle' });
  const answerProblem = checkAnswers(bundle, answers);
  if (answerProblem) return err(answerProblem);
  if (chosen.length === 0) return err({ kind: 'nothing-chosen' });
  const applicable = applicableItems(bundle, answers);
  const rules = matchingRules(bundle, answers);

  const itemsByCode = new Map(catalog.items.map((i) => [i.code, i]));
  const itemOf = (code: string): Item => {
    const item = itemsByCode.get(code);
    // buildCatalog guarantees every bundle item exists; a hand-made catalog that breaks this is a bug.
    if (!item) throw new Error(`bundle ${bundle.code} refers to unknown item ${code}`);
    return item;
  };
  const chosenSet = new Set(chosen);
  for (const code of chosenSet) {
    if (!bundle.items.some((bi) => bi.item === code)) return err({ kind: 'unknown-item', item: code });
    if (!applicable.some((bi) => bi.item === code)) {
      const name = itemOf(code).name;
      return err({
        kind: 'item-not-applicable',
        item: code,
        reason: {
          zh: `根据您回答的情形，「${name.zh}」不适用，无需办理。`,
          en: `Given your answers, "${name.en}" does not apply and is not needed.`,
        },
      });
    }
  }
  // A missing dependency names both items, so it is reported before a missing required item.
  for (const bi of applicable) {
    if (!chosenSet.has(bi.item)) continue;
    const missing = bi.dependsOn.find((d) => !chosenSet.has(d));
    if (missing !== undefined) {
      const a = itemOf(bi.item).name;
      const b = itemOf(missing).name;
      return err({
        kind: 'dependency-missing',
        item: bi.item,
        dependsOn: missing,
        reason: {
          zh: `办理「${a.zh}」需要先办理「${b.zh}」，请一并选择「${b.zh}」。`,
          en: `"${a.en}" needs "${b.en}" first; please choose "${b.en}" too.`,
        },
      });
    }
  }
  for (const bi of applicable) {
    if (!bi.optional && !chosenSet.has(bi.item)) {
      const name = itemOf(bi.item).name;
      return err({
        kind: 'required-item-missing',
        item: bi.item,
        reason: {
          zh: `「${name.zh}」是「${bundle.name.zh}」的必办事项，不能不选。`,
          en: `"${name.en}" is required in "${bundle.name.en}" and cannot be left out.`,
        },
      });
    }
  }

  // Order: repeatedly take the first chosen item (in bundle order) whose dependencies are placed.
  const pending = applicable.filter((bi) => chosenSet.has(bi.item));
  const ordered: typeof pending = [];
  const placed = new Set<string>();
  while (pending.length > 0) {
    const at = pending.findIndex((bi) => bi.dependsOn.every((d) => placed.has(d)));
    if (at < 0) throw new Error(`dependency cycle in bundle ${bundle.code}`);
    const [next] = pending.splice(at, 1);
    ordered.push(next);
    placed.add(next.item);
  }

  // Due dates: an item starts when its dependencies are done; independent items run in parallel.
  // An application made on a day off (24-hour self-service zone) is accepted on the next working day.
  const accepted = firstWorkingDayFrom(today, cal);
  const due = new Map<string, ComposedItem>();
  for (const bi of ordered) {
    const item = itemOf(bi.item);
    const deps = bi.dependsOn.map((d) => due.get(d)!);
    const start = deps.reduce((max, d) => (d.dueDate > max ? d.dueDate : max), accepted.date);
    const r = addWorkingDays(start, item.timeLimit.promisedDays, cal);
    due.set(bi.item, { item, dueDate: r.date, provisional: accepted.provisional || r.provisional || deps.some((d) => d.provisional) });
  }
  const items = ordered.map((bi) => due.get(bi.item)!);

  const fields = mergeFields(catalog, items, known, answers);
  const materials = mergeMaterials(catalog, ordered, items, known, rules);

  const promisedDate = items.reduce((max, i) => (i.dueDate > max ? i.dueDate : max), accepted.date);
  const fees = items.flatMap(({ item }) => (item.fee.type === 'charged' ? [{ item: item.code, amountYuan: item.fee.amountYuan, basis: item.fee.basis }] : []));
  const total = fees.reduce((sum, f) => sum + f.amountYuan, 0);
  return ok({
    bundle,
    answers: { ...answers },
    items,
    excluded: excludedItems(bundle, answers),
    notes: scenarioNotes(bundle, answers),
    fields,
    materials,
    toBring: materials.filter((m) => m.covered === null),
    promisedDate,
    provisional: items.some((i) => i.provisional),
    feesYuan: Math.round(total * 100) / 100,
    fees,
    departments: [...new Set(items.map((i) => i.item.department))],
    hallVisits: items.reduce((max, { item }) => Math.max(max, item.visits ?? 1), 0),
  });
}

function mergeFields(catalog: Catalog, items: ComposedItem[], known: KnownApplicant, answers: ScenarioAnswers): ComposedField[] {
  const byKey = new Map(catalog.fields.map((f) => [f.key, f]));
  const merged = new Map<string, ComposedField>();
  for (const { item } of items) {
    for (const key of item.fields) {
      const existing = merged.get(key);
      if (existing) {
        if (!existing.items.includes(item.code)) existing.items.push(item.code);
        continue;
      }
      const field = byKey.get(key);
      if (!field) throw new Error(`item ${item.code} refers to unknown field ${key}`);
      // Created by an item of this very application (the business being registered): nothing to ask yet.
      if (field.issuedBy?.some((code) => items.some((i) => i.item.code === code))) continue;
      const filled = prefill(field, known, answers);
      merged.set(key, {
        field,
        items: [item.code],
        ...filled,
        // An answer given in the 情形 step is not asked again (changed by changing the answer).
        editable: filled.value === null || (filled.source !== 'answer' && field.sources.some((s) => s.type === 'citizen')),
      });
    }
  }
  return [...merged.values()];
}

function prefill(field: FormField, known: KnownApplicant, answers: ScenarioAnswers): { source: FieldOrigin; value: string | null } {
  for (const s of field.sources) {
    if (s.type === 'answer') {
      const v = answers[s.question] !== undefined ? s.values[answers[s.question]!] : undefined;
      if (v) return { source: 'answer', value: v };
    } else if (s.type === 'card') {
      const v = known.card[s.field];
      if (v) return { source: 'card', value: v };
    } else if (s.type === 'shared') {
      const v = known.shared[s.dataset];
      if (v) return { source: 'shared', value: v };
    } else {
      break;
    }
  }
  return { source: 'citizen', value: null };
}

function mergeMaterials(
  catalog: Catalog,
  ordered: Bundle['items'],
  items: ComposedItem[],
  known: KnownApplicant,
  rules: ReturnType<typeof matchingRules>,
): ComposedMaterial[] {
  const byCode = new Map(catalog.materials.map((m) => [m.code, m]));
  const merged = new Map<string, ComposedMaterial>();
  for (const { item } of items) {
    for (const req of scenarioMaterials(item.code, item.materials, rules)) {
      const material = byCode.get(req.material);
      if (!material) throw new Error(`item ${item.code} refers to unknown material ${req.material}`);
      const m = merged.get(req.material);
      if (!m) {
        merged.set(req.material, {
          material,
          items: [item.code],
          form: req.form,
          copies: req.copies,
          necessity: req.necessity,
          commitmentAllowed: req.commitmentAllowed,
          deferrable: req.necessity === '容缺',
          photograph: material.photograph !== false,
          notes: req.note ? [req.note] : [],
          supplement: { ...item.supplement, ...req.supplement, item: item.code },
          covered: null,
        });
        continue;
      }
      if (!m.items.includes(item.code)) m.items.push(item.code);
      if (formRank[req.form] > formRank[m.form]) m.form = req.form;
      m.copies = Math.max(m.copies, req.copies);
      if (necessityRank[req.necessity] > necessityRank[m.necessity]) m.necessity = req.necessity;
      m.deferrable = m.necessity === '容缺';
      m.commitmentAllowed &&= req.commitmentAllowed;
      if (req.note && !m.notes.some((n) => n.zh === req.note!.zh)) m.notes.push(req.note);
      // Needed by several items: the shortest 补交 period applies.
      const days = { ...item.supplement, ...req.supplement }.days;
      if (days !== undefined && (m.supplement.days === undefined || days < m.supplement.days)) m.supplement = { ...m.supplement, days };
    }
  }

  const upstream = transitiveDependencies(ordered);
  for (const m of merged.values()) {
    m.covered = coverage(m.material, m.items, items, upstream, known);
    if (m.covered) m.photograph = false;
  }
  return [...merged.values()];
}

/** For each chosen item, every item it waits for, directly or through others. */
function transitiveDependencies(ordered: Bundle['items']): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const bi of ordered) {
    const all = new Set<string>();
    for (const d of bi.dependsOn) {
      all.add(d);
      for (const dd of result.get(d) ?? []) all.add(dd);
    }
    result.set(bi.item, all);
  }
  return result;
}

/**
 * Held already (an e-licence the applicant has, a shared dataset that answered), or produced by
 * an item of this application that every item needing the material waits for — e.g. the 出生医学证明
 * e-licence issued by 440000-WJ-0101 before 户口登记. An item that runs in parallel with the
 * producer cannot count on the licence, so then the citizen must still bring it.
 */
function coverage(
  material: Material,
  requiredBy: string[],
  items: ComposedItem[],
  upstream: Map<string, Set<string>>,
  known: KnownApplicant,
): MaterialCoverage | null {
  for (const s of material.sources) {
    if (s.type === 'e-licence' && known.eLicences.includes(s.licence)) return { by: 'e-licence', name: s.licence };
    if (s.type === 'shared' && known.shared[s.dataset]) return { by: 'shared', name: s.dataset };
  }
  for (const s of material.sources) {
    if (s.type !== 'e-licence') continue;
    const producer = items.find(
      ({ item }) =>
        item.result.type === 'e-licence' &&
        item.result.name.zh.includes(s.licence) &&
        requiredBy.every((code) => upstream.get(code)?.has(item.code)),
    );
    if (producer) return { by: 'e-licence', name: s.licence, producedBy: producer.item.code };
  }
  return null;
}

export interface SubmissionProblem {
  key: string;
  message: LocalText;
}

const DEFAULT_PHONE = /^1[3-9]\d{9}$/;
const DEFAULT_BANK_ACCOUNT = /^\d{12,19}$/;

/**
 * Checks the values of a submission against its composition: every field filled, fields the
 * citizen may not edit unchanged, select values among the options, ID numbers with a correct
 * check digit, dates real, patterns matched. One problem per field, in form order.
 * A missing value falls back to the pre-filled one.
 */
export function validateSubmission(composition: Composition, values: Record<string, string>): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  for (const cf of composition.fields) {
    const { field } = cf;
    const label = field.label;
    const given = values[field.key];
    const value = given ?? cf.value ?? '';
    const problem = (zh: string, en: string) => problems.push({ key: field.key, message: { zh, en } });

    if (value.trim() === '') {
      problem(`请填写「${label.zh}」。`, `Please fill in "${label.en}".`);
      continue;
    }
    if (!cf.editable && value !== cf.value) {
      problem(`「${label.zh}」来自身份证或共享数据，不能修改。`, `"${label.en}" comes from your ID card or government records and cannot be changed.`);
      continue;
    }
    if (field.type === 'select') {
      if (!(field.options ?? []).some((o) => o.value === value)) problem(`请从选项中选择「${label.zh}」。`, `Choose one of the options for "${label.en}".`);
      continue;
    }
    if (field.type === 'idNumber' && !isValidIdNumber(value)) {
      problem(`「${label.zh}」不是有效的公民身份号码，请核对。`, `"${label.en}" is not a valid ID number; please check it.`);
      continue;
    }
    if (field.type === 'date' && !isIsoDate(value)) {
      problem(`「${label.zh}」应为有效日期（年-月-日）。`, `"${label.en}" must be a real date (YYYY-MM-DD).`);
      continue;
    }
    const pattern =
      field.pattern !== undefined
        ? new RegExp(`^(?:${field.pattern})$`)
        : field.type === 'phone'
          ? DEFAULT_PHONE
          : field.type === 'bankAccount'
            ? DEFAULT_BANK_ACCOUNT
            : null;
    if (pattern && !pattern.test(value)) {
      const hint = field.hint;
      problem(
        `「${label.zh}」格式不正确${hint ? `：${hint.zh}` : ''}。`,
        `"${label.en}" is not in the right form${hint ? `: ${hint.en}` : ''}.`,
      );
    }
  }
  return problems;
}
