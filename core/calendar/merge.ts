/**
 * The working-day calendar is kept one file per notice period (config/calendar/*.json). This merges
 * them into one WorkingCalendarData, reporting every error of every file at once with its file and
 * JSON path — including what no single file can show: a year covered twice, a date in two files.
 */
import { jsonPath, type CatalogError } from '../catalog/build';
import { err, ok, type Result } from '../result';
import { WorkingCalendarData } from './schema';

export interface CalendarFileInput {
  file: string;
  data: unknown;
}

export function mergeCalendarFiles(inputs: readonly CalendarFileInput[]): Result<WorkingCalendarData, CatalogError[]> {
  const errors: CatalogError[] = [];
  if (inputs.length === 0) return err([{ file: '', path: '$', message: 'no working-day calendar files found' }]);
  const parsed: { file: string; data: WorkingCalendarData }[] = [];
  for (const { file, data } of inputs) {
    const r = WorkingCalendarData.safeParse(data);
    if (r.success) parsed.push({ file, data: r.data });
    else for (const issue of r.error.issues) errors.push({ file, path: jsonPath(issue.path), message: issue.message });
  }
  const yearFile = new Map<number, string>();
  const dateAt = new Map<string, string>();
  const noticeFile = new Map<string, string>();
  for (const { file, data } of parsed) {
    data.coveredYears.forEach((y, i) => {
      const other = yearFile.get(y);
      if (other) errors.push({ file, path: jsonPath(['coveredYears', i]), message: `year ${y} is also covered by ${other}` });
      else yearFile.set(y, file);
    });
    data.notices.forEach((n, i) => {
      const other = noticeFile.get(n.id);
      if (other) errors.push({ file, path: jsonPath(['notices', i, 'id']), message: `notice "${n.id}" is also in ${other}` });
      else noticeFile.set(n.id, file);
    });
    for (const list of ['holidays', 'makeUpWorkdays'] as const) {
      data[list].forEach((d, i) => {
        const other = dateAt.get(d.date);
        if (other && !other.startsWith(`${file} `)) errors.push({ file, path: jsonPath([list, i, 'date']), message: `${d.date} is also listed in ${other}` });
        else if (!other) dateAt.set(d.date, `${file} ${jsonPath([list, i])}`);
      });
    }
  }
  if (errors.length > 0) return err(errors);
  return ok({
    coveredYears: parsed.flatMap((p) => p.data.coveredYears).sort((a, b) => a - b),
    notices: parsed.flatMap((p) => p.data.notices).sort((a, b) => a.year - b.year),
    holidays: parsed.flatMap((p) => p.data.holidays).sort((a, b) => (a.date < b.date ? -1 : 1)),
    makeUpWorkdays: parsed.flatMap((p) => p.data.makeUpWorkdays).sort((a, b) => (a.date < b.date ? -1 : 1)),
  });
}
