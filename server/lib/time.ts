import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every calendar boundary of the product is in China Standard Time, whatever TZ the server has. */
export const TIMEZONE = 'Asia/Shanghai';

/** Injected wherever "now" matters, so tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A stored timestamp: ISO-8601 in UTC, sortable as text. */
export function timestamp(clock: Clock): string {
  return clock.now().toISOString();
}

/** Today's calendar date in Shanghai, `YYYY-MM-DD`. */
export function shanghaiDate(clock: Clock): string {
  return dayjs(clock.now()).tz(TIMEZONE).format('YYYY-MM-DD');
}

/** The Shanghai calendar day of a stored UTC timestamp, `YYYY-MM-DD`. */
export function shanghaiDayOf(iso: string): string {
  return shanghaiDate({ now: () => new Date(iso) });
}

/** This month in Shanghai, `YYYY-MM`. */
export function shanghaiMonth(clock: Clock): string {
  return dayjs(clock.now()).tz(TIMEZONE).format('YYYY-MM');
}

/** This year in Shanghai. */
export function shanghaiYear(clock: Clock): number {
  return Number(shanghaiDate(clock).slice(0, 4));
}

/**
 * The one Chinese form every date a person reads takes (the pages' `miniprogram/services/format.ts`
 * writes the same): a calendar day `2026-05-15` → `2026年5月15日`.
 */
export function chineseDate(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : day;
}

/** A moment, in Shanghai: `2026-11-28T10:30:00.000Z` → `2026年11月28日 18:30`. */
export function chineseDateTime(iso: string): string {
  const local = dayjs(iso).tz(TIMEZONE);
  return `${chineseDate(local.format('YYYY-MM-DD'))} ${local.format('HH:mm')}`;
}
