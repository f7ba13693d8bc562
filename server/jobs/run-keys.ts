import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/**
 * Which run of a job a Shanghai calendar day belongs to. Every invocation on a day of the same
 * run shares one JobRunRecord, so a run that is finished is not repeated, and one that ran out
 * of time is resumed by the next timer tick.
 */

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The member sweep runs on the 1st of each month (every reporting period starts on a 1st, so the
 * drafts of the period that just ended are opened at once) and again every 7 days after, for the
 * no-life clock and for members whose placement or outflow changed: days 1, 8, 15, 22 and 29 start
 * a run. The key is the month and the day its run started, `2026-11-08`; the 29th's run covers
 * the rest of the month.
 */
export function sweepRunKey(today: string): string {
  const day = Number(today.slice(8, 10));
  const start = 1 + 7 * Math.floor((day - 1) / 7);
  return `${today.slice(0, 7)}-${pad(start)}`;
}

/** The overdue reminders look every day; the windows (below) keep each branch from hearing more than once per window. */
export function overdueRunKey(today: string): string {
  return today;
}

/** A Monday, so that 7-day windows run Monday to Sunday. */
const WINDOW_EPOCH = dayjs.utc('1970-01-05');

/**
 * The first day of the reminder window of `everyDays` days that holds `today`. Windows are counted
 * from a fixed Monday, not from the first reminder, so the window follows from the date alone:
 * every invocation (and every rerun after a crash) finds the same one without stored state.
 */
export function reminderWindowStart(today: string, everyDays: number): string {
  const days = dayjs.utc(today).diff(WINDOW_EPOCH, 'day');
  return WINDOW_EPOCH.add(Math.floor(days / everyDays) * everyDays, 'day').format('YYYY-MM-DD');
}
