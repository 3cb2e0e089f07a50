import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkingCalendarData } from './schema';
import { addWorkingDays, makeCalendar, shanghaiDate } from './working-days';

const raw: unknown = JSON.parse(readFileSync(new URL('../../config/calendar/cn-2025-2026.json', import.meta.url), 'utf8'));
const data = WorkingCalendarData.parse(raw);
const cal = makeCalendar(data);

describe('config/calendar/cn-2025-2026.json', () => {
  it('covers 2025 and 2026 with one notice each', () => {
    expect(data.coveredYears).toEqual([2025, 2026]);
    expect(data.notices.map((n) => [n.year, n.id])).toEqual([
      [2025, '国办发明电〔2024〕12号'],
      [2026, '国办发明电〔2025〕7号'],
    ]);
  });

  it('has the day counts of the notices', () => {
    const count = (year: string, zh: string) => data.holidays.filter((d) => d.date.startsWith(year) && d.name.zh === zh).length;
    expect(count('2025', '春节')).toBe(8);
    expect(count('2025', '国庆节、中秋节')).toBe(8);
    expect(count('2025', '劳动节')).toBe(5);
    expect(count('2026', '春节')).toBe(9);
    expect(count('2026', '国庆节')).toBe(7);
    expect(count('2026', '元旦')).toBe(3);
    expect(data.makeUpWorkdays.map((d) => d.date)).toEqual([
      '2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11',
      '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
    ]);
  });

  it('rejects a make-up day on a weekday, an unknown notice and a date outside the covered years, all at once', () => {
    const broken = structuredClone(raw) as { makeUpWorkdays: { date: string; notice: string }[]; holidays: { date: string }[] };
    broken.makeUpWorkdays[0].date = '2025-01-27'; // a Monday
    broken.makeUpWorkdays[1].notice = '国办发明电〔2099〕1号';
    broken.holidays[0].date = '2027-01-01';
    const result = WorkingCalendarData.safeParse(broken);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('makeUpWorkdays.0.date: make-up working day 2025-01-27 is not a Saturday or Sunday');
    expect(messages).toContain('makeUpWorkdays.1.notice: unknown notice "国办发明电〔2099〕1号"');
    expect(messages).toContain('holidays.0.date: 2027-01-01 is outside the covered years');
  });

  it('rejects a date listed both as a holiday and as a make-up day', () => {
    const broken = structuredClone(raw) as { makeUpWorkdays: { date: string }[] };
    broken.makeUpWorkdays[0].date = '2025-02-01'; // a Saturday inside the 2025 Spring Festival
    const result = WorkingCalendarData.safeParse(broken);
    expect(result.error?.issues.map((i) => i.message)).toContain('2025-02-01 is also listed at holidays[5]');
  });
});

describe('isWorkingDay', () => {
  it('knows the 2026 Spring Festival: Sat 2/14 works, 2/15–2/23 off, Sat 2/28 works', () => {
    expect(cal.isWorkingDay('2026-02-13')).toBe(true);
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    for (let d = 15; d <= 23; d++) expect(cal.isWorkingDay(`2026-02-${d}`), `2026-02-${d}`).toBe(false);
    expect(cal.isWorkingDay('2026-02-24')).toBe(true);
    expect(cal.isWorkingDay('2026-02-28')).toBe(true);
    expect(cal.isWorkingDay('2026-03-01')).toBe(false);
    expect(cal.holiday('2026-02-17')?.name.zh).toBe('春节');
    expect(cal.holiday('2026-02-14')).toBeNull();
  });

  it('knows the 2025 Spring Festival and its make-up Sunday', () => {
    expect(cal.isWorkingDay('2025-01-26')).toBe(true);
    expect(cal.isWorkingDay('2025-01-28')).toBe(false);
    expect(cal.isWorkingDay('2025-02-04')).toBe(false);
    expect(cal.isWorkingDay('2025-02-05')).toBe(true);
  });

  it('treats ordinary weekends as days off', () => {
    expect(cal.isWorkingDay('2026-11-21')).toBe(false);
    expect(cal.isWorkingDay('2026-11-22')).toBe(false);
    expect(cal.isWorkingDay('2026-11-23')).toBe(true);
  });

  it('throws on a malformed date (a programming error)', () => {
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2026-2-3')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('n = 0 (即办) is the same day', () => {
    expect(addWorkingDays('2026-11-23', 0, cal)).toEqual({ date: '2026-11-23', provisional: false });
  });

  it('counts from the next working day', () => {
    expect(addWorkingDays('2026-11-20', 1, cal)).toEqual({ date: '2026-11-23', provisional: false }); // Fri → Mon
    expect(addWorkingDays('2026-11-23', 5, cal)).toEqual({ date: '2026-11-30', provisional: false });
  });

  it('counts a make-up Saturday as a working day', () => {
    expect(addWorkingDays('2026-02-13', 1, cal).date).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2, cal).date).toBe('2026-02-24');
  });

  it('5 working days from 2026-09-30 lands after the National Day week', () => {
    // 10/1–10/7 off; 10/8 Thu, 10/9 Fri, 10/10 Sat (make-up), 10/12 Mon, 10/13 Tue.
    expect(addWorkingDays('2026-09-30', 5, cal)).toEqual({ date: '2026-10-13', provisional: false });
  });

  it('is provisional when it crosses into 2027, assuming weekends only there', () => {
    expect(addWorkingDays('2026-12-28', 2, cal)).toEqual({ date: '2026-12-30', provisional: false });
    // 12/31 Thu, 2027-01-01 Fri (New Year unknown, so counted), 2027-01-04 Mon.
    expect(addWorkingDays('2026-12-30', 3, cal)).toEqual({ date: '2027-01-04', provisional: true });
    expect(addWorkingDays('2027-03-01', 0, cal)).toEqual({ date: '2027-03-01', provisional: true });
  });

  it('refuses negative or fractional day counts', () => {
    expect(() => addWorkingDays('2026-11-23', -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-23', 1.5, cal)).toThrow(RangeError);
  });
});

describe('shanghaiDate', () => {
  it('gives the Shanghai date, not the machine date', () => {
    const instant = new Date('2026-11-23T17:30:00Z');
    expect(process.env.TZ).toBe('America/Anchorage');
    expect(instant.getDate()).toBe(23); // 08:30 on the 23rd in Anchorage
    expect(shanghaiDate(instant)).toBe('2026-11-24'); // 01:30 on the 24th in Shanghai
  });

  it('turns the date at Shanghai midnight (16:00 UTC)', () => {
    expect(shanghaiDate(new Date('2026-02-16T15:59:59.999Z'))).toBe('2026-02-16');
    expect(shanghaiDate(new Date('2026-02-16T16:00:00Z'))).toBe('2026-02-17');
  });
});
