/**
 * Merges catalog fragments (config/catalog/**\/*.json) into one Catalog and checks everything a
 * single fragment cannot check alone: duplicate codes, references between sections, dependency
 * cycles. Every error is reported at once, with its file and JSON path, so whoever edits the
 * catalog fixes it in one pass (the 一次性告知 principle, applied to maintainers).
 *
 * Pure: the loader in device-bridge/src/catalog/ reads the files; tests pass objects directly.
 */
import type { z } from 'zod';
import { err, ok, type Result } from '../result';
import { allAnswerCombinations, applicableItems } from './scenario';
import {
  CatalogFragment,
  catalogSections,
  type Bundle,
  type Catalog,
  type CatalogSection,
  type Department,
  type FormField,
  type Item,
  type Material,
  type Stage,
} from './schema';

export interface CatalogError {
  file: string;
  /** JSON path like $.items[2].materials[0].material */
  path: string;
  message: string;
}

export interface CatalogFragmentInput {
  file: string;
  data: unknown;
}

/** `$`, `.name` for identifier keys, `[3]` for indexes, `["odd key"]` otherwise. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

interface SectionTypes {
  departments: Department;
  stages: Stage;
  fields: FormField;
  materials: Material;
  items: Item;
  bundles: Bundle;
}

/** Where an entity was defined, for messages that name both places. */
interface Located<T> {
  value: T;
  file: string;
  index: number;
}

type Sections = { [S in CatalogSection]: Located<SectionTypes[S]>[] };

const identity = (section: CatalogSection): 'key' | 'code' => (section === 'fields' ? 'key' : 'code');

const singular: Record<CatalogSection, string> = {
  departments: 'department code',
  stages: 'stage code',
  fields: 'field key',
  materials: 'material code',
  items: 'item code',
  bundles: 'bundle code',
};

function elementSchema(section: CatalogSection): z.ZodType {
  return CatalogFragment.shape[section].unwrap().element;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function buildCatalog(fragments: readonly CatalogFragmentInput[], version: string): Result<Catalog, CatalogError[]> {
  const errors: CatalogError[] = [];
  const sections: Sections = { departments: [], stages: [], fields: [], materials: [], items: [], bundles: [] };
  // Codes of entries that exist but failed validation: references to them are not reported again.
  const declaredButInvalid: Record<CatalogSection, Set<string>> = {
    departments: new Set(),
    stages: new Set(),
    fields: new Set(),
    materials: new Set(),
    items: new Set(),
    bundles: new Set(),
  };

  // 1. Schema validation, fragment by fragment. A broken entry does not hide its valid neighbours.
  for (const { file, data } of fragments) {
    const parsed = CatalogFragment.safeParse(data);
    if (parsed.success) {
      for (const section of catalogSections) {
        const list = parsed.data[section] ?? [];
        list.forEach((value, index) => (sections[section] as Located<unknown>[]).push({ value, file, index }));
      }
      continue;
    }
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) errors.push({ file, path: jsonPath([...issue.path, key]), message: `unknown key "${key}"` });
      } else {
        errors.push({ file, path: jsonPath(issue.path), message: issue.message });
      }
    }
    if (!isRecord(data)) continue;
    for (const section of catalogSections) {
      const list = data[section];
      if (!Array.isArray(list)) continue;
      list.forEach((raw, index) => {
        const one = elementSchema(section).safeParse(raw);
        if (one.success) (sections[section] as Located<unknown>[]).push({ value: one.data, file, index });
        else if (isRecord(raw) && typeof raw[identity(section)] === 'string') {
          declaredButInvalid[section].add(raw[identity(section)] as string);
        }
      });
    }
  }

  // 2. Merge, reporting duplicates with both places.
  const byCode = {} as { [S in CatalogSection]: Map<string, Located<SectionTypes[S]>> };
  for (const section of catalogSections) {
    const map = new Map<string, Located<unknown>>();
    for (const entry of sections[section] as Located<unknown>[]) {
      const id = (entry.value as Record<string, string>)[identity(section)];
      const first = map.get(id);
      if (first) {
        errors.push({
          file: entry.file,
          path: jsonPath([section, entry.index, identity(section)]),
          message: `duplicate ${singular[section]} "${id}": also defined in ${first.file} at ${jsonPath([section, first.index])}`,
        });
      } else {
        map.set(id, entry);
      }
    }
    (byCode as Record<CatalogSection, Map<string, Located<unknown>>>)[section] = map;
  }
  const known = (section: CatalogSection, id: string) => byCode[section].has(id) || declaredButInvalid[section].has(id);

  // 3. Fields that cannot be used as declared.
  for (const { value: field, file, index } of sections.fields) {
    if (field.type === 'select' && (field.options ?? []).length === 0) {
      errors.push({ file, path: jsonPath(['fields', index, 'options']), message: `select field "${field.key}" has no options` });
    }
    if (field.pattern !== undefined) {
      try {
        new RegExp(field.pattern);
      } catch (e) {
        errors.push({
          file,
          path: jsonPath(['fields', index, 'pattern']),
          message: `pattern of field "${field.key}" is not a valid regular expression: ${(e as Error).message}`,
        });
      }
    }
  }

  // 4. References from items.
  for (const { value: item, file, index } of sections.items) {
    if (item.illustrative && !item.illustrativeNote) {
      errors.push({ file, path: jsonPath(['items', index, 'illustrativeNote']), message: 'an illustrative item needs an illustrativeNote saying what is not from a published guide' });
    }
    if (!known('departments', item.department)) {
      errors.push({ file, path: jsonPath(['items', index, 'department']), message: `unknown department "${item.department}"` });
    }
    item.fields.forEach((key, j) => {
      if (!known('fields', key)) errors.push({ file, path: jsonPath(['items', index, 'fields', j]), message: `unknown field "${key}"` });
    });
    item.materials.forEach((req, j) => {
      if (!known('materials', req.material)) {
        errors.push({ file, path: jsonPath(['items', index, 'materials', j, 'material']), message: `unknown material "${req.material}"` });
      }
    });
  }

  // 5. References, dependencies and lifecycle of bundles.
  for (const { value: bundle, file, index } of sections.bundles) {
    const at = (...rest: PropertyKey[]) => jsonPath(['bundles', index, ...rest]);
    const stage = byCode.stages.get(bundle.stage);
    if (!known('stages', bundle.stage)) {
      errors.push({ file, path: at('stage'), message: `unknown stage "${bundle.stage}"` });
    } else if (stage && stage.value.lifecycle !== bundle.lifecycle) {
      errors.push({
        file,
        path: at('lifecycle'),
        message: `bundle lifecycle "${bundle.lifecycle}" differs from the lifecycle "${stage.value.lifecycle}" of its stage "${bundle.stage}"`,
      });
    }
    if (!known('departments', bundle.leadDepartment)) {
      errors.push({ file, path: at('leadDepartment'), message: `unknown department "${bundle.leadDepartment}"` });
    }
    const position = new Map<string, number>();
    bundle.items.forEach((bi, j) => {
      if (!known('items', bi.item)) errors.push({ file, path: at('items', j, 'item'), message: `unknown item "${bi.item}"` });
      if (position.has(bi.item)) {
        errors.push({ file, path: at('items', j, 'item'), message: `item "${bi.item}" is listed twice in this bundle` });
      } else {
        position.set(bi.item, j);
      }
    });
    bundle.items.forEach((bi, j) => {
      bi.dependsOn.forEach((dep, k) => {
        if (!position.has(dep)) {
          errors.push({ file, path: at('items', j, 'dependsOn', k), message: `depends on "${dep}", which is not an item of this bundle` });
        }
      });
    });
    bundle.coDepartments.forEach((dep, j) => {
      if (!known('departments', dep)) errors.push({ file, path: at('coDepartments', j), message: `unknown department "${dep}"` });
    });
    if (bundle.illustrative && !bundle.illustrativeNote) {
      errors.push({ file, path: at('illustrativeNote'), message: 'an illustrative bundle needs an illustrativeNote saying what is not from a published guide' });
    }
    errors.push(...checkScenario(bundle, file, index, (code) => known('materials', code), (code) => byCode.items.get(code)?.value));
    for (const cycle of findCycles(bundle)) {
      const [firstCode, secondCode] = cycle;
      const j = position.get(firstCode)!;
      const k = bundle.items[j].dependsOn.indexOf(secondCode);
      errors.push({ file, path: at('items', j, 'dependsOn', k), message: `dependency cycle: ${cycle.join(' → ')}` });
    }
  }

  if (errors.length > 0) return err(errors);
  const values = <S extends CatalogSection>(s: S) => sections[s].map((e) => e.value) as SectionTypes[S][];
  return ok({
    version,
    departments: values('departments'),
    stages: values('stages'),
    fields: values('fields'),
    materials: values('materials'),
    items: values('items'),
    bundles: values('bundles'),
  });
}

/**
 * Each elementary cycle found by a depth-first search over the bundle's dependsOn edges, as the
 * list of item codes starting and ending with the same code (a self-dependency is `[a, a]`).
 * Every cycle is reported once, whichever item the search enters it by.
 */
export function findCycles(bundle: Pick<Bundle, 'items'>): string[][] {
  const deps = new Map(bundle.items.map((bi) => [bi.item, bi.dependsOn.filter((d) => bundle.items.some((o) => o.item === d))]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();

  const visit = (code: string) => {
    state.set(code, 'visiting');
    stack.push(code);
    for (const dep of deps.get(code) ?? []) {
      if (state.get(dep) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep];
        const signature = [...new Set(cycle)].sort().join('\u0000');
        if (!seen.has(signature)) {
          seen.add(signature);
          cycles.push(cycle);
        }
      } else if (!state.has(dep)) {
        visit(dep);
      }
    }
    stack.pop();
    state.set(code, 'done');
  };
  for (const bi of bundle.items) if (!state.has(bi.item)) visit(bi.item);
  return cycles;
}

/** Above this many answer combinations the loader does not enumerate them (the tests still do). */
const MAX_ENUMERATED_COMBINATIONS = 4096;

/**
 * Checks the scenario questions and rules of one bundle: unique question ids and options, rules
 * that reference only known questions, options, items of the bundle and materials, rules that do
 * something, questions some rule uses, and no answers that leave the bundle with no item.
 */
export function checkScenario(
  bundle: Bundle,
  file: string,
  index: number,
  materialKnown: (code: string) => boolean,
  itemOf: (code: string) => Item | undefined,
): CatalogError[] {
  const errors: CatalogError[] = [];
  const at = (...rest: PropertyKey[]) => jsonPath(['bundles', index, ...rest]);
  const questions = new Map<string, Set<string>>();
  bundle.questions.forEach((q, j) => {
    if (questions.has(q.id)) {
      errors.push({ file, path: at('questions', j, 'id'), message: `question "${q.id}" is defined twice in this bundle` });
      return;
    }
    const options = new Set<string>();
    q.options.forEach((o, k) => {
      if (options.has(o.value)) errors.push({ file, path: at('questions', j, 'options', k, 'value'), message: `option "${o.value}" appears twice in question "${q.id}"` });
      options.add(o.value);
    });
    questions.set(q.id, options);
  });
  const inBundle = new Set(bundle.items.map((bi) => bi.item));
  const used = new Set<string>();
  bundle.rules.forEach((rule, j) => {
    const whenKeys = Object.keys(rule.when);
    if (whenKeys.length === 0) errors.push({ file, path: at('rules', j, 'when'), message: 'rule has no condition: it would always apply; put its effect in the bundle or item instead' });
    for (const q of whenKeys) {
      used.add(q);
      const options = questions.get(q);
      if (!options) {
        errors.push({ file, path: at('rules', j, 'when', q), message: `rule refers to unknown question "${q}"` });
        continue;
      }
      rule.when[q]!.forEach((v, k) => {
        if (!options.has(v)) errors.push({ file, path: at('rules', j, 'when', q, k), message: `"${v}" is not an option of question "${q}"` });
      });
    }
    const effects = rule.excludeItems.length + rule.requireItems.length + rule.addMaterials.length + rule.waiveMaterials.length;
    if (effects === 0 && !rule.note) errors.push({ file, path: at('rules', j), message: 'rule references nothing: it neither excludes, requires, adds nor waives anything, and has no note' });
    for (const key of ['excludeItems', 'requireItems'] as const) {
      rule[key].forEach((code, k) => {
        if (!inBundle.has(code)) errors.push({ file, path: at('rules', j, key, k), message: `"${code}" is not an item of this bundle` });
      });
    }
    rule.addMaterials.forEach((add, k) => {
      if (!inBundle.has(add.item)) errors.push({ file, path: at('rules', j, 'addMaterials', k, 'item'), message: `"${add.item}" is not an item of this bundle` });
      if (!materialKnown(add.requirement.material)) {
        errors.push({ file, path: at('rules', j, 'addMaterials', k, 'requirement', 'material'), message: `unknown material "${add.requirement.material}"` });
      }
    });
    rule.waiveMaterials.forEach((w, k) => {
      if (w.item !== undefined && !inBundle.has(w.item)) errors.push({ file, path: at('rules', j, 'waiveMaterials', k, 'item'), message: `"${w.item}" is not an item of this bundle` });
      if (!materialKnown(w.material)) {
        errors.push({ file, path: at('rules', j, 'waiveMaterials', k, 'material'), message: `unknown material "${w.material}"` });
        return;
      }
      const targets = w.item !== undefined ? [w.item] : [...inBundle];
      const usedBy = targets.some(
        (code) =>
          itemOf(code)?.materials.some((m) => m.material === w.material) ||
          bundle.rules.some((r) => r.addMaterials.some((a) => a.item === code && a.requirement.material === w.material)),
      );
      if (!usedBy && targets.every((code) => itemOf(code))) {
        errors.push({ file, path: at('rules', j, 'waiveMaterials', k, 'material'), message: `waives "${w.material}", which no item concerned asks for` });
      }
    });
  });
  bundle.questions.forEach((q, j) => {
    if (!used.has(q.id)) errors.push({ file, path: at('questions', j), message: `question "${q.id}" is used by no rule: its answer would change nothing` });
  });
  const count = bundle.questions.reduce((n, q) => n * q.options.length, 1);
  if (errors.length === 0 && count <= MAX_ENUMERATED_COMBINATIONS) {
    for (const answers of allAnswerCombinations(bundle)) {
      if (applicableItems(bundle, answers).length === 0) {
        const described = Object.entries(answers).map(([q, v]) => `${q}=${v}`).join(', ');
        errors.push({ file, path: at('rules'), message: `with the answers ${described} no item of the bundle applies` });
        break;
      }
    }
  }
  return errors;
}
