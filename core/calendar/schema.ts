/**
 * The working-day calendar as data (config/calendar/*.json): public holidays (放假) and make-up
 * working days (调休上班) as each year's State Council notice (国务院办公厅关于××年部分节假日安排的通知)
 * sets them. Time limits of items are in working days, so every due date depends on this file.
 */
import { z } from 'zod';
import { LocalText } from '../catalog/schema';
import { dayOfWeek, isIsoDate, yearOf } from './iso-date';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine(isIsoDate, { message: 'not a calendar date' });

/** One day of a holiday period or one make-up working day, with the notice that set it. */
export const CalendarDay = z.strictObject({
  date: IsoDate,
  /** The holiday the day belongs to (a make-up day names the holiday it makes up for). */
  name: LocalText,
  /** Document number of the notice, one of `notices[].id`. */
  notice: z.string().min(1),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

export const CalendarNotice = z.strictObject({
  /** 文号, e.g. 国办发明电〔2025〕7号 */
  id: z.string().min(1),
  title: z.string().min(1),
  /** The year whose holidays the notice sets. */
  year: z.number().int(),
  published: IsoDate,
  /**
   * True when the notice was not available when the file was written and the year's days were
   * derived from the statutory rules (《全国年节及纪念日放假办法》) and past practice instead:
   * dates computed in such a year are shown as provisional. `id` is then a placeholder.
   */
  provisional: z.boolean().default(false),
  /** How a provisional year was derived; required when provisional. */
  note: LocalText.optional(),
});
export type CalendarNotice = z.infer<typeof CalendarNotice>;

export const WorkingCalendarData = z
  .strictObject({
    $schema: z.string().optional(),
    /** Years for which the notices are recorded. Outside them only weekends are known. */
    coveredYears: z.array(z.number().int().min(1949)).min(1),
    notices: z.array(CalendarNotice).min(1),
    /** Every day off of each holiday period, weekends inside the period included. */
    holidays: z.array(CalendarDay),
    /** Saturdays and Sundays that are working days (调休上班). */
    makeUpWorkdays: z.array(CalendarDay),
  })
  .superRefine((data, ctx) => {
    const noticeIds = new Set(data.notices.map((n) => n.id));
    const covered = new Set(data.coveredYears);
    data.coveredYears.forEach((year, i) => {
      if (data.coveredYears.indexOf(year) !== i) ctx.addIssue({ code: 'custom', path: ['coveredYears', i], message: `year ${year} is listed twice` });
    });
    const noticeOfYear = new Map<number, number>();
    data.notices.forEach((n, i) => {
      const before = noticeOfYear.get(n.year);
      if (before !== undefined) ctx.addIssue({ code: 'custom', path: ['notices', i, 'year'], message: `year ${n.year} already has a notice at notices[${before}]` });
      else noticeOfYear.set(n.year, i);
      if (data.notices.findIndex((o) => o.id === n.id) !== i) ctx.addIssue({ code: 'custom', path: ['notices', i, 'id'], message: `notice "${n.id}" is listed twice` });
      if (isIsoDate(n.published) && yearOf(n.published) > n.year) {
        ctx.addIssue({ code: 'custom', path: ['notices', i, 'published'], message: `a notice for ${n.year} cannot be published in ${yearOf(n.published)}` });
      }
      if (n.provisional && !n.note) ctx.addIssue({ code: 'custom', path: ['notices', i, 'note'], message: 'a provisional notice needs a note saying how the days were derived' });
    });
    for (const year of covered) {
      if (!data.holidays.some((d) => isIsoDate(d.date) && yearOf(d.date) === year)) {
        ctx.addIssue({ code: 'custom', path: ['holidays'], message: `covered year ${year} has no holidays: every year has at least 元旦 and 春节` });
      }
    }
    for (const year of covered) {
      if (!data.notices.some((n) => n.year === year)) {
        ctx.addIssue({ code: 'custom', path: ['coveredYears'], message: `covered year ${year} has no notice` });
      }
    }
    const seen = new Map<string, string>();
    const check = (list: 'holidays' | 'makeUpWorkdays') =>
      data[list].forEach((day, i) => {
        if (!isIsoDate(day.date)) return; // already reported by IsoDate
        if (!noticeIds.has(day.notice)) {
          ctx.addIssue({ code: 'custom', path: [list, i, 'notice'], message: `unknown notice "${day.notice}"` });
        }
        if (!covered.has(yearOf(day.date))) {
          ctx.addIssue({ code: 'custom', path: [list, i, 'date'], message: `${day.date} is outside the covered years` });
        }
        if (list === 'makeUpWorkdays' && !data.holidays.some((h) => h.name.zh === day.name.zh && isIsoDate(h.date) && Math.abs(yearOf(h.date) - yearOf(day.date)) <= 1)) {
          ctx.addIssue({ code: 'custom', path: [list, i, 'name'], message: `make-up working day ${day.date} makes up for "${day.name.zh}", which has no holiday days` });
        }
        const dow = dayOfWeek(day.date);
        if (list === 'makeUpWorkdays' && dow !== 0 && dow !== 6) {
          ctx.addIssue({ code: 'custom', path: [list, i, 'date'], message: `make-up working day ${day.date} is not a Saturday or Sunday` });
        }
        const where = `${list}[${i}]`;
        const before = seen.get(day.date);
        if (before) ctx.addIssue({ code: 'custom', path: [list, i, 'date'], message: `${day.date} is also listed at ${before}` });
        else seen.set(day.date, where);
      });
    check('holidays');
    check('makeUpWorkdays');
  })
  .meta({
    title: 'Working-day calendar',
    description: 'Public holidays and make-up working days (调休) from the State Council notices, for working-day time limits.',
  });
export type WorkingCalendarData = z.infer<typeof WorkingCalendarData>;
