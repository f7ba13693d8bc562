import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { Period, ReportPeriodKind } from '../contract/reports';

/** How many months each reporting period spans; every period starts on the 1st of a month. */
const MONTHS: Record<ReportPeriodKind, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };
dayjs.extend(utc);

/** Plain calendar dates are handled in UTC so that no process time zone (or its DST) can shift them. */
const day = (date: string) => dayjs.utc(date);

const QUARTER_NAMES = ['一', '二', '三', '四'];

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The period of `kind` that starts in `year` at 0-based index `index` (month, quarter, half). */
function build(kind: ReportPeriodKind, year: number, index: number): Period {
  const span = MONTHS[kind];
  const firstMonth = index * span + 1;
  const start = `${year}-${pad(firstMonth)}-01`;
  // Calendar arithmetic on a plain date: no time zone can shift a YYYY-MM-DD string.
  const end = day(start).add(span, 'month').subtract(1, 'day').format('YYYY-MM-DD');
  const key =
    kind === 'month'
      ? `${year}-M${pad(firstMonth)}`
      : kind === 'quarter'
        ? `${year}-Q${index + 1}`
        : kind === 'half_year'
          ? `${year}-H${index + 1}`
          : `${year}-Y`;
  const label =
    kind === 'month'
      ? `${year}年${firstMonth}月`
      : kind === 'quarter'
        ? `${year}年第${QUARTER_NAMES[index]}季度`
        : kind === 'half_year'
          ? `${year}年${index === 0 ? '上' : '下'}半年`
          : `${year}年度`;
  return { key, kind, start, end, label };
}

/** The period of `kind` that contains the Shanghai calendar date `date` (`YYYY-MM-DD`). */
export function periodContaining(kind: ReportPeriodKind, date: string): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return build(kind, year, Math.floor((month - 1) / MONTHS[kind]));
}

/** The last whole period of `kind` that ended before `date`'s period began. */
export function previousPeriod(kind: ReportPeriodKind, date: string): Period {
  const current = periodContaining(kind, date);
  return periodContaining(kind, day(current.start).subtract(1, 'day').format('YYYY-MM-DD'));
}

/** The period a key such as `2026-Q4` names, or null when the key is malformed. */
export function periodFromKey(key: string): Period | null {
  const match = /^(\d{4})-(?:M(0[1-9]|1[0-2])|Q([1-4])|H([12])|(Y))$/.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  if (match[2]) return build('month', year, Number(match[2]) - 1);
  if (match[3]) return build('quarter', year, Number(match[3]) - 1);
  if (match[4]) return build('half_year', year, Number(match[4]) - 1);
  return build('year', year, 0);
}

/** The day a period's report is due: `dueDays` after its last day. */
export function dueDate(period: Period, dueDays: number): string {
  return day(period.end).add(dueDays, 'day').format('YYYY-MM-DD');
}

/** Whole calendar months from `from` to `to` (both `YYYY-MM-DD`), counting a month only once its day is reached. */
export function monthsBetween(from: string, to: string): number {
  return day(to).diff(day(from), 'month');
}

/**
 * The `count` latest periods of `kind` that have ended by `date`, newest first. A report is
 * written after its period ends, so the running period is left out: it could hold no report.
 */
export function endedPeriods(kind: ReportPeriodKind, date: string, count: number): Period[] {
  const periods: Period[] = [];
  let before = date;
  for (let i = 0; i < count; i += 1) {
    const period = previousPeriod(kind, before);
    periods.push(period);
    before = period.end;
  }
  return periods;
}
