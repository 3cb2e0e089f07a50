/**
 * Plain calendar dates as 'YYYY-MM-DD' strings. Arithmetic goes through UTC milliseconds only, so
 * the machine's time zone (tests run in America/Anchorage) can never shift a day.
 */
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real date in 'YYYY-MM-DD' form (rejects 2026-02-30). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return formatUtc(t) === s;
}

/** Milliseconds of the date's UTC midnight; throws on a malformed date, which is a programming error. */
export function toUtcMs(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date in YYYY-MM-DD form: "${date}"`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

export function formatUtc(ms: number): string {
  const d = new Date(ms);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

export function addDays(date: string, days: number): string {
  return formatUtc(toUtcMs(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
