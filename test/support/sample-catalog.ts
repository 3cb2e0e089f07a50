/**
 * Loads the sample catalog and the calendar from config/ synchronously, for tests and the bench
 * (the bridge uses the async loaders in device-bridge/src/catalog/). Node only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeCalendarFiles } from '../../core/calendar/merge';
import { makeCalendar, type WorkingCalendar } from '../../core/calendar/working-days';
import { buildCatalog } from '../../core/catalog/build';
import type { Catalog } from '../../core/catalog/schema';

const configDir = fileURLToPath(new URL('../../config/', import.meta.url));

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

export function loadSampleCatalog(dir = join(configDir, 'catalog')): Catalog {
  const fragments = jsonFiles(dir)
    .map((path) => ({ file: relative(dir, path).split(sep).join('/'), data: JSON.parse(readFileSync(path, 'utf8')) as unknown }))
    .sort((a, b) => (a.file < b.file ? -1 : 1));
  const built = buildCatalog(fragments, 'sample');
  if (!built.ok) throw new Error(`sample catalog has errors:\n${built.error.map((e) => `${e.file} ${e.path}: ${e.message}`).join('\n')}`);
  return built.value;
}

export function loadSampleCalendar(dir = join(configDir, 'calendar')): WorkingCalendar {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, data: JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown }));
  const merged = mergeCalendarFiles(files);
  if (!merged.ok) throw new Error(`calendar has errors:\n${merged.error.map((e) => `${e.file} ${e.path}: ${e.message}`).join('\n')}`);
  return makeCalendar(merged.value);
}
