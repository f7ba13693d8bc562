import type { ReportPeriodKind } from '../../../server/contract/reports';

/** One choice of the inbox's period filter: the key the server filters on and the label people read. */
export interface PeriodChoice {
  key: string;
  label: string;
}

/** Months each period spans; the same calendar the server's periods use (server/lib/periods.ts). */
const SPAN: Record<ReportPeriodKind, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };
const QUARTER_NAMES = ['一', '二', '三', '四'];

const pad = (n: number): string => String(n).padStart(2, '0');

function choiceOf(kind: ReportPeriodKind, year: number, index: number): PeriodChoice {
  switch (kind) {
    case 'month':
      return { key: `${year}-M${pad(index + 1)}`, label: `${year}年${index + 1}月` };
    case 'quarter':
      return { key: `${year}-Q${index + 1}`, label: `${year}年第${QUARTER_NAMES[index]}季度` };
    case 'half_year':
      return { key: `${year}-H${index + 1}`, label: `${year}年${index === 0 ? '上' : '下'}半年` };
    case 'year':
      return { key: `${year}-Y`, label: `${year}年度` };
  }
}

/**
 * The `count` most recent periods of `kind` that have ended by `today` (Shanghai `YYYY-MM-DD`),
 * newest first. A report is written after its period ends, so the running period is left out:
 * picking it would always show an empty list.
 */
export function recentPeriods(kind: ReportPeriodKind, count: number, today: string): PeriodChoice[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const perYear = 12 / SPAN[kind];
  // Periods numbered from year 0, so that stepping back across a new year is plain subtraction.
  let serial = year * perYear + Math.floor((month - 1) / SPAN[kind]) - 1;
  const choices: PeriodChoice[] = [];
  for (let i = 0; i < count; i += 1, serial -= 1) {
    choices.push(choiceOf(kind, Math.floor(serial / perYear), serial % perYear));
  }
  return choices;
}
