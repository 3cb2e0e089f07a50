/**
 * Working-day arithmetic for time limits (办理时限 are in working days, 三四三 / 五三二 in seed 002).
 * A working day is Monday to Friday unless the State Council made it a holiday, plus the Saturdays
 * and Sundays it made working days (调休上班). Dates are plain 'YYYY-MM-DD' strings in China's
 * calendar; `shanghaiDate` turns an instant into one.
 */
import { addDays, dayOfWeek, isIsoDate, yearOf } from './iso-date';
import type { CalendarDay, WorkingCalendarData } from './schema';

export interface WorkingCalendar {
  /** Years whose holiday notices are recorded; outside them only weekends are known. */
  readonly coveredYears: readonly number[];
  /** Whether the date's year is covered, i.e. whether `isWorkingDay` is authoritative for it. */
  covers(date: string): boolean;
  /** Covered years whose days were derived, not taken from a published notice. */
  readonly provisionalYears: readonly number[];
  /** Whether a date computed through this day must be shown as provisional (uncovered or derived year). */
  isProvisional(date: string): boolean;
  isWorkingDay(date: string): boolean;
  /** The holiday a day off belongs to, or null (weekends and working days). */
  holiday(date: string): CalendarDay | null;
}

export function makeCalendar(data: WorkingCalendarData): WorkingCalendar {
  const holidays = new Map(data.holidays.map((d) => [d.date, d]));
  const makeUp = new Map(data.makeUpWorkdays.map((d) => [d.date, d]));
  const years = new Set(data.coveredYears);
  const derived = new Set(data.notices.filter((n) => n.provisional).map((n) => n.year));
  return {
    coveredYears: [...years].sort((a, b) => a - b),
    covers: (date) => years.has(yearOf(date)),
    provisionalYears: [...derived].sort((a, b) => a - b),
    isProvisional: (date) => !years.has(yearOf(date)) || derived.has(yearOf(date)),
    isWorkingDay(date) {
      if (!isIsoDate(date)) throw new RangeError(`not a calendar date in YYYY-MM-DD form: "${date}"`);
      if (holidays.has(date)) return false;
      if (makeUp.has(date)) return true;
      const dow = dayOfWeek(date);
      return dow !== 0 && dow !== 6;
    },
    holiday: (date) => holidays.get(date) ?? null,
  };
}

export interface WorkingDayResult {
  date: string;
  /** True when the result or a day crossed lies in a year the calendar does not cover: weekends
   * were assumed to be the only days off there, so the date must be shown as provisional. */
  provisional: boolean;
}

/**
 * The date `n` working days after `start`. Counting starts on the first working day after
 * `start` (the day of acceptance does not count); n = 0 is 即办, done the same day.
 */
export function addWorkingDays(start: string, n: number, cal: WorkingCalendar): WorkingDayResult {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  if (!isIsoDate(start)) throw new RangeError(`not a calendar date in YYYY-MM-DD form: "${start}"`);
  let date = start;
  let provisional = n === 0 && cal.isProvisional(start);
  for (let counted = 0; counted < n; ) {
    date = addDays(date, 1);
    if (cal.isProvisional(date)) provisional = true;
    if (cal.isWorkingDay(date)) counted += 1;
  }
  return { date, provisional };
}

/** `date` itself when it is a working day, else the first working day after it (受理 on a day off counts from then). */
export function firstWorkingDayFrom(date: string, cal: WorkingCalendar): WorkingDayResult {
  let d = date;
  let provisional = cal.isProvisional(d);
  for (let i = 0; !cal.isWorkingDay(d); i++) {
    if (i > 366) throw new RangeError(`no working day within a year after ${date}`);
    d = addDays(d, 1);
    if (cal.isProvisional(d)) provisional = true;
  }
  return { date: d, provisional };
}

// One formatter for the process: constructing Intl.DateTimeFormat is slow.
const shanghaiParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Asia/Shanghai at `instant`, whatever the machine's own time zone. */
export function shanghaiDate(instant: Date): string {
  const parts = shanghaiParts.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}
