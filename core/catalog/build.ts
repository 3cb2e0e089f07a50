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
