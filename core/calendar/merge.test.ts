import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeCalendarFiles, type CalendarFileInput } from './merge';
import { addWorkingDays, firstWorkingDayFrom, makeCalendar } from './working-days';

const dir = new URL('../../config/calendar/', import.meta.url);
const inputs: CalendarFileInput[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, data: JSON.parse(readFileSync(new URL(file, dir), 'utf8')) }));
const merged = mergeCalendarFiles(inputs);
if (!merged.ok) throw new Error(JSON.stringify(merged.error));
const data = merged.value;
const cal = makeCalendar(data);
const file2027 = () => structuredClone(inputs.find((i) => i.file === 'cn-2027.json')!.data) as Record<string, any>;

describe('config/calendar/*.json merged', () => {
  it('covers 2025–2027, with 2027 provisional (derived from the statutory rules, with a note)', () => {
    expect(cal.coveredYears).toEqual([2025, 2026, 2027]);
    expect(cal.provisionalYears).toEqual([2027]);
    const n2027 = data.notices.find((n) => n.year === 2027)!;
    expect(n2027.provisional).toBe(true);
    expect(n2027.note?.zh).toContain('全国年节及纪念日放假办法');
  });

  it('has the statutory days of 2027 off: 元旦, 除夕 to 初三, 清明, 5/1–5/2, 端午, 中秋, 10/1–10/3', () => {
    for (const d of ['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03']) {
      expect(cal.isWorkingDay(d), d).toBe(false);
      expect(cal.holiday(d), d).not.toBeNull();
    }
    // Make-up working weekends (调休上班).
    for (const d of ['2027-02-20', '2027-04-25', '2027-09-26', '2027-10-09']) expect(cal.isWorkingDay(d), d).toBe(true);
  });

  it('marks a due date in 2027 provisional but knows its holidays', () => {
    expect(addWorkingDays('2026-12-30', 3, cal)).toEqual({ date: '2027-01-05', provisional: true }); // 12/31, then 1/1 off and the weekend, 1/4, 1/5
    expect(addWorkingDays('2026-12-28', 2, cal)).toEqual({ date: '2026-12-30', provisional: false });
    expect(addWorkingDays('2027-09-30', 1, cal)).toEqual({ date: '2027-10-08', provisional: true });
  });

  it('moves an acceptance on a day off to the next working day', () => {
    expect(firstWorkingDayFrom('2026-10-01', cal)).toEqual({ date: '2026-10-08', provisional: false });
    expect(firstWorkingDayFrom('2026-11-23', cal)).toEqual({ date: '2026-11-23', provisional: false });
    expect(firstWorkingDayFrom('2027-02-06', cal).date).toBe('2027-02-15');
  });
});

describe('impossible calendars are refused with every error, file and JSON path', () => {
  it('a date twice, a make-up day on a weekday, a make-up day for no holiday, a year without holidays', () => {
    const broken = file2027();
    broken.holidays[1].date = broken.holidays[0].date; // 2027-01-01 twice
    broken.makeUpWorkdays[0].date = '2027-02-22'; // a Monday
    broken.makeUpWorkdays[1].name = { zh: '植树节', en: 'Tree Day' };
    const r = mergeCalendarFiles([inputs[0]!, { file: 'cn-2027.json', data: broken }]);
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.error;
    expect(errors).toContainEqual({ file: 'cn-2027.json', path: '$.holidays[1].date', message: '2027-01-01 is also listed at holidays[0]' });
    expect(errors).toContainEqual({ file: 'cn-2027.json', path: '$.makeUpWorkdays[0].date', message: 'make-up working day 2027-02-22 is not a Saturday or Sunday' });
    expect(errors).toContainEqual({ file: 'cn-2027.json', path: '$.makeUpWorkdays[1].name', message: 'make-up working day 2027-04-25 makes up for "植树节", which has no holiday days' });

    const empty = file2027();
    empty.holidays = [];
    empty.makeUpWorkdays = [];
    const r2 = mergeCalendarFiles([{ file: 'cn-2027.json', data: empty }]);
    expect(r2.ok ? [] : r2.error).toContainEqual({ file: 'cn-2027.json', path: '$.holidays', message: 'covered year 2027 has no holidays: every year has at least 元旦 and 春节' });
  });

  it('a provisional year without a note, a notice published after its year, two notices for one year', () => {
    const broken = file2027();
    delete broken.notices[0].note;
    broken.notices[0].published = '2028-01-02';
    broken.notices.push({ ...broken.notices[0], id: 'another', note: { zh: '另', en: 'other' } });
    const r = mergeCalendarFiles([{ file: 'cn-2027.json', data: broken }]);
    const messages = r.ok ? [] : r.error.map((e) => `${e.path}: ${e.message}`);
    expect(messages).toContain('$.notices[0].note: a provisional notice needs a note saying how the days were derived');
    expect(messages).toContain('$.notices[0].published: a notice for 2027 cannot be published in 2028');
    expect(messages).toContain('$.notices[1].year: year 2027 already has a notice at notices[0]');
  });

  it('a year covered by two files and a date in two files', () => {
    const r = mergeCalendarFiles([...inputs, { file: 'copy.json', data: file2027() }]);
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.error;
    expect(errors).toContainEqual({ file: 'copy.json', path: '$.coveredYears[0]', message: 'year 2027 is also covered by cn-2027.json' });
    expect(errors.some((e) => e.file === 'copy.json' && e.path === '$.holidays[0].date' && e.message.includes('also listed in cn-2027.json'))).toBe(true);
  });
});
