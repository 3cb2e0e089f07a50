import { describe, expect, it } from 'vitest';
import { buildCatalog, findCycles, jsonPath, type CatalogError } from './build';
import { T, dept, field, item, material, stage } from './test-entities';

// Minimal valid entities (./test-entities); tests break one thing at a time.
const bundle = (code: string, items: object[], extra: object = {}) => ({
  code,
  name: T(code),
  summary: T(code),
  lifecycle: '个人',
  stage: 's1',
  leadDepartment: 'd1',
  items,
  conditions: [],
  promisedDays: 1,
  ...extra,
});
const base = {
  file: 'base.json',
  data: {
    $schema: '../schema/catalog-fragment.schema.json',
    departments: [dept('d1')],
    stages: [stage('s1'), stage('e1', '企业')],
    fields: [field('a.one'), field('a.two')],
    materials: [material('m1')],
  },
};

function errorsOf(...fragments: { file: string; data: unknown }[]): CatalogError[] {
  const r = buildCatalog(fragments, 'v');
  if (r.ok) throw new Error('expected errors, the catalog built');
  return r.error;
}

describe('jsonPath', () => {
  it('writes identifiers with dots, indexes and odd keys in brackets', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['items', 2, 'materials', 0, 'material'])).toBe('$.items[2].materials[0].material');
    expect(jsonPath(['$schema', 'a b'])).toBe('$.$schema["a b"]');
  });
});

describe('buildCatalog', () => {
  it('merges fragments in order and applies defaults', () => {
    const r = buildCatalog(
      [
        base,
        {
          file: 'x.json',
          data: {
            items: [item('i01', { fields: ['a.one'], materials: [{ material: 'm1', form: '原件', necessity: '必要' }] }), item('i02')],
            bundles: [bundle('b1', [{ item: 'i01', optional: false }, { item: 'i02', optional: true, dependsOn: ['i01'] }])],
          },
        },
      ],
      'abc',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.version).toBe('abc');
    expect(r.value.stages.map((s) => s.code)).toEqual(['s1', 'e1']);
    expect(r.value.items.map((i) => i.code)).toEqual(['i01', 'i02']);
    expect(r.value.items[0].materials[0]).toMatchObject({ copies: 1, commitmentAllowed: false });
    expect(r.value.items[0].faqs).toEqual([]);
    expect(r.value.bundles[0].items[0].dependsOn).toEqual([]);
  });

  it('reports zod issues with file and path, one per unknown key', () => {
    const errors = errorsOf(base, {
      file: 'bad.json',
      data: {
        items: [item('i01', { kind: '许可', dependOn: [] }), item('i02', { name: { zh: '', en: 'x' } })],
        bundle: [],
      },
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'bad.json', path: '$.items[0].kind' }),
        { file: 'bad.json', path: '$.items[0].dependOn', message: 'unknown key "dependOn"' },
        expect.objectContaining({ file: 'bad.json', path: '$.items[1].name.zh' }),
        { file: 'bad.json', path: '$.bundle', message: 'unknown key "bundle"' },
      ]),
    );
    expect(errors).toHaveLength(4);
  });

  it('reports a fragment that is not an object', () => {
    expect(errorsOf(base, { file: 'list.json', data: [] })).toEqual([expect.objectContaining({ file: 'list.json', path: '$' })]);
  });

  it('does not repeat an invalid entry as an unknown reference', () => {
    const errors = errorsOf(base, {
      file: 'x.json',
      data: { items: [item('i01', { phones: {} })], bundles: [bundle('b1', [{ item: 'i01', optional: false }])] },
    });
    expect(errors.every((e) => e.path.startsWith('$.items[0].phones'))).toBe(true);
    expect(errors.some((e) => e.message.includes('unknown item'))).toBe(false);
  });

  it('reports duplicates of every kind, naming both files', () => {
    const errors = errorsOf(
      { ...base, data: { ...base.data, items: [item('i01')], bundles: [bundle('b1', [{ item: 'i01', optional: false }])] } },
      {
        file: 'dup.json',
        data: {
          departments: [dept('d1')],
          stages: [stage('s1')],
          fields: [field('a.one')],
          materials: [material('m1')],
          items: [item('i01')],
          bundles: [bundle('b1', [{ item: 'i01', optional: false }])],
        },
      },
    );
    expect(errors).toEqual([
      { file: 'dup.json', path: '$.departments[0].code', message: 'duplicate department code "d1": also defined in base.json at $.departments[0]' },
      { file: 'dup.json', path: '$.stages[0].code', message: 'duplicate stage code "s1": also defined in base.json at $.stages[0]' },
      { file: 'dup.json', path: '$.fields[0].key', message: 'duplicate field key "a.one": also defined in base.json at $.fields[0]' },
      { file: 'dup.json', path: '$.materials[0].code', message: 'duplicate material code "m1": also defined in base.json at $.materials[0]' },
      { file: 'dup.json', path: '$.items[0].code', message: 'duplicate item code "i01": also defined in base.json at $.items[0]' },
      { file: 'dup.json', path: '$.bundles[0].code', message: 'duplicate bundle code "b1": also defined in base.json at $.bundles[0]' },
    ]);
  });

  it('reports unknown references from items', () => {
    const errors = errorsOf(base, {
      file: 'refs.json',
      data: {
        items: [
          item('i01', {
            department: 'nope',
            fields: ['a.one', 'a.missing'],
            materials: [{ material: 'm1', form: '电子', necessity: '必要' }, { material: 'm-missing', form: '电子', necessity: '必要' }],
          }),
        ],
      },
    });
    expect(errors).toEqual([
      { file: 'refs.json', path: '$.items[0].department', message: 'unknown department "nope"' },
      { file: 'refs.json', path: '$.items[0].fields[1]', message: 'unknown field "a.missing"' },
      { file: 'refs.json', path: '$.items[0].materials[1].material', message: 'unknown material "m-missing"' },
    ]);
  });

  it('reports unknown references from bundles, and dependencies outside the bundle', () => {
    const errors = errorsOf(base, {
      file: 'refs.json',
      data: {
        items: [item('i01'), item('i02')],
        bundles: [
          bundle('b1', [{ item: 'i01', optional: false }, { item: 'i-missing', optional: true }], { stage: 's-missing', leadDepartment: 'd-missing' }),
          bundle('b2', [{ item: 'i01', optional: false, dependsOn: ['i02'] }, { item: 'i01', optional: true }]),
        ],
      },
    });
    expect(errors).toEqual([
      { file: 'refs.json', path: '$.bundles[0].stage', message: 'unknown stage "s-missing"' },
      { file: 'refs.json', path: '$.bundles[0].leadDepartment', message: 'unknown department "d-missing"' },
      { file: 'refs.json', path: '$.bundles[0].items[1].item', message: 'unknown item "i-missing"' },
      { file: 'refs.json', path: '$.bundles[1].items[1].item', message: 'item "i01" is listed twice in this bundle' },
      { file: 'refs.json', path: '$.bundles[1].items[0].dependsOn[0]', message: 'depends on "i02", which is not an item of this bundle' },
    ]);
  });

  it('reports dependency cycles, each once, including a self-dependency', () => {
    const errors = errorsOf(base, {
      file: 'cycle.json',
      data: {
        items: [item('i01'), item('i02'), item('i03'), item('i04')],
        bundles: [
          bundle('b1', [
            { item: 'i01', optional: false, dependsOn: ['i03'] },
            { item: 'i02', optional: true, dependsOn: ['i01'] },
            { item: 'i03', optional: true, dependsOn: ['i02'] },
            { item: 'i04', optional: true, dependsOn: ['i04'] },
          ]),
        ],
      },
    });
    expect(errors).toEqual([
      { file: 'cycle.json', path: '$.bundles[0].items[0].dependsOn[0]', message: 'dependency cycle: i01 → i03 → i02 → i01' },
      { file: 'cycle.json', path: '$.bundles[0].items[3].dependsOn[0]', message: 'dependency cycle: i04 → i04' },
    ]);
  });

  it('reports a bundle whose lifecycle differs from its stage', () => {
    const errors = errorsOf(base, {
      file: 'life.json',
      data: { items: [item('i01')], bundles: [bundle('b1', [{ item: 'i01', optional: false }], { stage: 'e1' })] },
    });
    expect(errors).toEqual([
      { file: 'life.json', path: '$.bundles[0].lifecycle', message: 'bundle lifecycle "个人" differs from the lifecycle "企业" of its stage "e1"' },
    ]);
  });

  it('reports a select field without options and an invalid pattern', () => {
    const errors = errorsOf(base, {
      file: 'fields.json',
      data: { fields: [field('b.choice', { type: 'select' }), field('b.empty', { type: 'select', options: [] }), field('b.re', { pattern: '([0-9' })] },
    });
    expect(errors.map((e) => [e.path, e.message.split(':')[0]])).toEqual([
      ['$.fields[0].options', 'select field "b.choice" has no options'],
      ['$.fields[1].options', 'select field "b.empty" has no options'],
      ['$.fields[2].pattern', 'pattern of field "b.re" is not a valid regular expression'],
    ]);
  });

  it('reports every error of every file at once', () => {
    const errors = errorsOf(
      base,
      { file: 'one.json', data: { departments: [dept('d1')], items: [item('i01', { kind: 'x' })] } },
      {
        file: 'two.json',
        data: { items: [item('i02', { department: 'nope' })], bundles: [bundle('b1', [{ item: 'i02', optional: false, dependsOn: ['i09'] }], { stage: 'e1' })] },
      },
    );
    expect(errors.map((e) => `${e.file} ${e.path}`)).toEqual([
      'one.json $.items[0].kind',
      'one.json $.departments[0].code',
      'two.json $.items[0].department',
      'two.json $.bundles[0].lifecycle',
      'two.json $.bundles[0].items[0].dependsOn[0]',
    ]);
  });
});

describe('findCycles', () => {
  it('finds nothing in a diamond', () => {
    const items = [
      { item: 'a', optional: false, dependsOn: [] },
      { item: 'b', optional: true, dependsOn: ['a'] },
      { item: 'c', optional: true, dependsOn: ['a'] },
      { item: 'd', optional: true, dependsOn: ['b', 'c'] },
    ];
    expect(findCycles({ items })).toEqual([]);
  });
});
