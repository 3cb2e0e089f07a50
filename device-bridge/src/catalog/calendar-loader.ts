/**
 * Reads the working-day calendar: every *.json in config/calendar/ (one file per notice period,
 * e.g. cn-2025-2026.json, cn-2027.json), merged by core/calendar/merge.ts. A single file may be
 * given instead of the directory. All errors of all files are reported at once.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CatalogError } from '../../../core/catalog/build';
import { mergeCalendarFiles, type CalendarFileInput } from '../../../core/calendar/merge';
import type { WorkingCalendarData } from '../../../core/calendar/schema';
import { err, type Result } from '../../../core/result';
import { parseJson } from './catalog-store';

export async function loadCalendar(path: string): Promise<Result<WorkingCalendarData, CatalogError[]>> {
  let files: string[];
  try {
    files = (await stat(path)).isDirectory()
      ? (await readdir(path)).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f))
      : [path];
  } catch (e) {
    return err([{ file: path, path: '$', message: `cannot read the calendar: ${(e as Error).message}` }]);
  }
  const errors: CatalogError[] = [];
  const inputs: CalendarFileInput[] = [];
  for (const full of files) {
    const file = basename(full);
    try {
      const parsed = parseJson(file, (await readFile(full, 'utf8')).replace(/^\uFEFF/, ''));
      if (parsed.ok) inputs.push({ file, data: parsed.value });
      else errors.push(parsed.error);
    } catch (e) {
      errors.push({ file, path: '$', message: `cannot read the file: ${(e as Error).message}` });
    }
  }
  const merged = mergeCalendarFiles(inputs);
  if (!merged.ok) return err([...errors, ...merged.error]);
  if (errors.length > 0) return err(errors);
  return merged;
}

/** One line per error, for exceptions and logs. */
export function describeCalendarErrors(errors: readonly CatalogError[]): string {
  return errors.map((e) => `${e.file} ${e.path}: ${e.message}`).join('\n');
}
