/**
 * Writes the JSON Schemas of the hand-edited config files into config/schema/, generated from the
 * zod schemas that validate them at load time, so an editor's completion and the loader agree.
 *
 *   npx tsx device-bridge/src/catalog/export-json-schema.ts
 *
 * A test fails when the committed files differ from what this generates.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { WorkingCalendarData } from '../../../core/calendar/schema';
import { TerminalConfig } from '../../../core/config/terminal';
import { CardField, CatalogFragment, Faq, FieldSource, LocalName, LocalText, MaterialSource } from '../../../core/catalog/schema';

export const schemaDir = fileURLToPath(new URL('../../../config/schema/', import.meta.url));

/**
 * Schemas used in many places get a name under $defs; the rest stays inline, so an editor's hover
 * shows the real constraints rather than a reference.
 */
function namedDefinitions(root: z.ZodType): z.core.$ZodRegistry<Record<string, unknown>> {
  const registry = z.registry<Record<string, unknown>>();
  registry.add(root, z.globalRegistry.get(root) ?? {});
  const shape = CatalogFragment.shape;
  const named: [z.ZodType, string][] = [
    [LocalText, 'LocalText'],
    [LocalName, 'LocalName'],
    [CardField, 'CardField'],
    [FieldSource, 'FieldSource'],
    [MaterialSource, 'MaterialSource'],
    [Faq, 'Faq'],
    [shape.departments.unwrap().element, 'Department'],
    [shape.stages.unwrap().element, 'Stage'],
    [shape.fields.unwrap().element, 'FormField'],
    [shape.materials.unwrap().element, 'Material'],
    [shape.items.unwrap().element, 'Item'],
    [shape.bundles.unwrap().element, 'Bundle'],
  ];
  for (const [schema, id] of named) registry.add(schema, { ...(z.globalRegistry.get(schema) ?? {}), id });
  return registry;
}

/** File name in config/schema/ → its JSON text. */
export function renderJsonSchemas(): Record<string, string> {
  // "input": what a file may contain, so fields with defaults (copies, dependsOn …) are optional.
  const render = (schema: z.ZodType) =>
    `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', metadata: namedDefinitions(schema) }), null, 2)}\n`;
  return {
    'catalog-fragment.schema.json': render(CatalogFragment),
    'working-calendar.schema.json': render(WorkingCalendarData),
    'terminal.schema.json': render(TerminalConfig),
  };
}

export async function writeJsonSchemas(dir = schemaDir): Promise<string[]> {
  const written: string[] = [];
  for (const [name, text] of Object.entries(renderJsonSchemas())) {
    await writeFile(new URL(name, pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`)), text, 'utf8');
    written.push(name);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const written = await writeJsonSchemas();
  for (const name of written) console.log(`wrote config/schema/${name}`);
}
