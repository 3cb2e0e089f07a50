/**
 * Scenario questions (情形引导): a few answers decide which items of a bundle apply, which become
 * required and which materials are added or waived. Pure; used by compose() and by the kiosk's
 * question step, so both read the same rules.
 */
import type { Bundle, BundleItem, LocalText, MaterialRequirement, ScenarioAnswers, ScenarioQuestion, ScenarioRule } from './schema';

/** The questions of a bundle, in the order to ask them (empty for a bundle without 情形). */
export function questionsOf(bundle: Pick<Bundle, 'questions'>): readonly ScenarioQuestion[] {
  return bundle.questions ?? [];
}

export type AnswerProblem =
  | { kind: 'unanswered-question'; question: string; reason: LocalText }
  | { kind: 'invalid-answer'; question: string; answer: string; reason: LocalText }
  | { kind: 'unknown-question'; question: string; reason: LocalText };

/** Every question answered with one of its options, and nothing else answered. First problem only. */
export function checkAnswers(bundle: Pick<Bundle, 'questions'>, answers: ScenarioAnswers): AnswerProblem | null {
  const questions = questionsOf(bundle);
  for (const key of Object.keys(answers)) {
    if (!questions.some((q) => q.id === key)) {
      return { kind: 'unknown-question', question: key, reason: { zh: `没有“${key}”这个问题。`, en: `There is no question "${key}".` } };
    }
  }
  for (const q of questions) {
    const a = answers[q.id];
    if (a === undefined) {
      return { kind: 'unanswered-question', question: q.id, reason: { zh: `请先回答：${q.text.zh}`, en: `Please answer first: ${q.text.en}` } };
    }
    if (!q.options.some((o) => o.value === a)) {
      return {
        kind: 'invalid-answer',
        question: q.id,
        answer: a,
        reason: { zh: `“${a}”不是“${q.text.zh}”的选项。`, en: `"${a}" is not an option of "${q.text.en}".` },
      };
    }
  }
  return null;
}

/** Whether a rule's conditions hold for these answers (a rule without conditions always holds). */
export function ruleMatches(rule: Pick<ScenarioRule, 'when'>, answers: ScenarioAnswers): boolean {
  return Object.entries(rule.when).every(([q, values]) => answers[q] !== undefined && values.includes(answers[q]!));
}

export function matchingRules(bundle: Pick<Bundle, 'rules'>, answers: ScenarioAnswers): ScenarioRule[] {
  return (bundle.rules ?? []).filter((r) => ruleMatches(r, answers));
}

export interface ApplicableItem extends BundleItem {
  /** False when the scenario made an optional item required. */
  optional: boolean;
  /** Dependencies on items that do not apply in this scenario are dropped: they are met elsewhere. */
  dependsOn: string[];
}

/**
 * The bundle's items that apply to the answers, in bundle order, with `optional` and `dependsOn`
 * adjusted by the scenario. Does not check the answers (see checkAnswers).
 */
export function applicableItems(bundle: Pick<Bundle, 'items' | 'rules'>, answers: ScenarioAnswers): ApplicableItem[] {
  const rules = matchingRules(bundle, answers);
  const excluded = new Set(rules.flatMap((r) => r.excludeItems));
  const required = new Set(rules.flatMap((r) => r.requireItems));
  return bundle.items
    .filter((bi) => !excluded.has(bi.item))
    .map((bi) => ({
      ...bi,
      optional: bi.optional && !required.has(bi.item),
      dependsOn: bi.dependsOn.filter((d) => !excluded.has(d)),
    }));
}

/** Items the scenario takes out of the bundle, with the notes of the rules that did it. */
export function excludedItems(bundle: Pick<Bundle, 'items' | 'rules'>, answers: ScenarioAnswers): { item: string; notes: LocalText[] }[] {
  const rules = matchingRules(bundle, answers);
  return bundle.items
    .filter((bi) => rules.some((r) => r.excludeItems.includes(bi.item)))
    .map((bi) => ({ item: bi.item, notes: rules.filter((r) => r.excludeItems.includes(bi.item) && r.note).map((r) => r.note!) }));
}

/**
 * An item's material requirements in this scenario: its own, plus those rules add, minus those
 * rules waive.
 */
export function scenarioMaterials(
  itemCode: string,
  own: readonly MaterialRequirement[],
  rules: readonly ScenarioRule[],
): MaterialRequirement[] {
  const waived = (material: string) =>
    rules.some((r) => r.waiveMaterials.some((w) => w.material === material && (w.item === undefined || w.item === itemCode)));
  const out = own.filter((req) => !waived(req.material));
  for (const r of rules) {
    for (const add of r.addMaterials) {
      if (add.item !== itemCode || waived(add.requirement.material)) continue;
      const at = out.findIndex((req) => req.material === add.requirement.material);
      if (at >= 0) out[at] = add.requirement;
      else out.push(add.requirement);
    }
  }
  return out;
}

/** Notes of the rules that apply, for the guide and the 一次性告知 list. */
export function scenarioNotes(bundle: Pick<Bundle, 'rules'>, answers: ScenarioAnswers): LocalText[] {
  return matchingRules(bundle, answers).flatMap((r) => (r.note ? [r.note] : []));
}

/**
 * Every complete set of answers of a bundle (the Cartesian product of its questions' options), for
 * tests, the bench and the loader. A bundle without questions has one: no answers.
 */
export function allAnswerCombinations(bundle: Pick<Bundle, 'questions'>): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const q of questionsOf(bundle)) combos = combos.flatMap((c) => q.options.map((o) => ({ ...c, [q.id]: o.value })));
  return combos;
}

/**
 * For the kiosk's choose-items step: `chosen` plus the items the scenario requires and everything
 * they depend on, transitively, in bundle order. Codes that do not apply are dropped.
 */
export function closeChoice(bundle: Pick<Bundle, 'items' | 'rules'>, answers: ScenarioAnswers, chosen: readonly string[]): string[] {
  const applicable = applicableItems(bundle, answers);
  const byCode = new Map(applicable.map((bi) => [bi.item, bi]));
  const out = new Set<string>();
  const add = (code: string) => {
    const bi = byCode.get(code);
    if (!bi || out.has(code)) return;
    out.add(code);
    bi.dependsOn.forEach(add);
  };
  applicable.filter((bi) => !bi.optional).forEach((bi) => add(bi.item));
  chosen.forEach(add);
  return applicable.filter((bi) => out.has(bi.item)).map((bi) => bi.item);
}

/**
 * Unchoosing an item also unchooses the items that depend on it, transitively. A required item
 * cannot be unchosen: the choice comes back unchanged, with the reason.
 */
export function unchoose(
  bundle: Pick<Bundle, 'items' | 'rules'>,
  answers: ScenarioAnswers,
  chosen: readonly string[],
  code: string,
): { chosen: string[]; refused: LocalText | null } {
  const applicable = applicableItems(bundle, answers);
  if (applicable.some((bi) => bi.item === code && !bi.optional)) {
    return { chosen: [...chosen], refused: { zh: '该事项为必办事项，不能取消。', en: 'This item is required and cannot be left out.' } };
  }
  const removed = new Set([code]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const bi of applicable) {
      if (!removed.has(bi.item) && bi.dependsOn.some((d) => removed.has(d))) (removed.add(bi.item), (grew = true));
    }
  }
  return { chosen: chosen.filter((c) => !removed.has(c)), refused: null };
}
