import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJsonSchemas, schemaDir } from './export-json-schema';

describe('config/schema', () => {
  const rendered = renderJsonSchemas();

  it.each(Object.keys(rendered))('%s is what export-json-schema.ts generates (run it after changing a schema)', (name) => {
    expect(readFileSync(join(schemaDir, name), 'utf8')).toBe(rendered[name]);
  });

  it('describes every fragment section, closed to unknown keys', () => {
    const schema = JSON.parse(rendered['catalog-fragment.schema.json']);
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'departments', 'stages', 'fields', 'materials', 'items', 'bundles']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.$defs.Item.additionalProperties).toBe(false);
    // Keys with defaults may be left out of the files.
    expect(schema.$defs.Bundle.properties.items.items.required).toEqual(['item', 'optional']);
  });

  it('is the schema every config file points to', () => {
    const configDir = new URL('../../../config/', import.meta.url).pathname;
    for (const sub of ['catalog', 'calendar']) {
      for (const file of readdirSync(join(configDir, sub)).filter((f) => f.endsWith('.json'))) {
        const ref: string = JSON.parse(readFileSync(join(configDir, sub, file), 'utf8')).$schema;
        expect(Object.keys(rendered), `${sub}/${file}`).toContain(ref.replace('../schema/', ''));
      }
    }
  });
});
