import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/**
 * Spring Festival (春节, the first day of the lunar year) by Gregorian year. The lunar calendar
 * has no closed formula worth its risk: a table read from the official calendar is exact. Past
 * its end no year-end talk falls due (no guess), and its test fails a year before that.
 */
const SPRING_FESTIVAL: Readonly<Record<number, string>> = {
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
};

/** The Shanghai calendar day `days` after (or before, when negative) `day`; both `YYYY-MM-DD`. */
export function addDays(day: string, days: number): string {
  return dayjs.utc(day).add(days, 'day').format('YYYY-MM-DD');
}

/** The next Spring Festival on or after `today`, or null past the table's end. */
export function nextSpringFestival(today: string): string | null {
  const year = Number(today.slice(0, 4));
  for (const candidate of [year, year + 1]) {
    const day = SPRING_FESTIVAL[candidate];
    if (day && day >= today) return day;
  }
  return null;
}

/**
 * The window before Spring Festival in which the talk before the year-end return home is due:
 * `[festival − windowDays, festival − 1]`, when `today` falls inside it; else null.
 */
export function yearEndTalkWindow(today: string, windowDays: number): { festival: string; start: string; end: string } | null {
  const festival = nextSpringFestival(today);
  if (!festival) return null;
  const start = addDays(festival, -windowDays);
  const end = addDays(festival, -1);
  return today >= start && today <= end ? { festival, start, end } : null;
}
