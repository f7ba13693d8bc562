import dayjs from 'dayjs';
import type { StudyProgress } from '../contract/study';
import type { ServiceDeps } from './context';
import type { StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import type { StudyEntryRecord, StudyPlanRecord } from './records';

export function studyPlanId(branchId: string, year: number): string {
  return `sp_${branchId}_${year}`;
}

export function studyEntryId(memberId: string, year: number, itemId: string): string {
  return `se_${memberId}_${year}_${itemId}`;
}

export interface StudyProgressInput {
  plan: StudyPlanRecord | null;
  /** The member's entries of `plan.year` (planned and done). */
  entries: readonly StudyEntryRecord[];
  year: number;
  /** The Shanghai calendar day the progress is judged on, `YYYY-MM-DD`. */
  asOf: string;
  /**
   * True when `asOf` is over (a report's closed period, judged at its last day's end): when it is
   * the last day of its month, that month is over too. Otherwise `asOf` is today, still running.
   */
  asOfIsOver?: boolean;
  /** The study target in force when the branch has not published a plan. */
  defaultTargetHours: number;
  /**
   * The first day counted, `YYYY-MM-DD` (the member's placement, for a report's figures): study
   * done before it is not counted, nor plan items due before its month. Default: the whole year.
   */
  countedFrom?: string;
}

/** The month of `year` that counting starts in: that of `countedFrom` when it falls in the year, else January. */
function firstMonthCounted(input: StudyProgressInput): number {
  if (!input.countedFrom || Number(input.countedFrom.slice(0, 4)) < input.year) return 1;
  if (Number(input.countedFrom.slice(0, 4)) > input.year) return 13;
  return Number(input.countedFrom.slice(5, 7));
}

/** Hours done (as recorded) on the days `from` to `to`, both included. */
export function hoursDoneBetween(entries: readonly StudyEntryRecord[], year: number, from: string, to: string): number {
  return entries
    .filter((entry) => entry.year === year && entry.status === 'done' && entry.doneOn !== null)
    .filter((entry) => entry.doneOn !== null && entry.doneOn >= from && entry.doneOn <= to)
    .reduce((sum, entry) => sum + entry.hours, 0);
}

/**
 * The months of the plan's year that are over on `asOf`: an item due in month M is due by the
 * end of M. A past year is over; a future year has not begun. The items and the headline both
 * count from this, so nobody is behind on the 1st for what falls due that month.
 */
function monthsOver(input: Pick<StudyProgressInput, 'year' | 'asOf' | 'asOfIsOver'>): number {
  const asOfYear = Number(input.asOf.slice(0, 4));
  const asOfMonth = Number(input.asOf.slice(5, 7));
  const monthEnded = input.asOfIsOver === true && input.asOf === lastDayOfMonth(input.asOf);
  const thisYear = monthEnded ? asOfMonth : asOfMonth - 1;
  return input.year < asOfYear ? 12 : input.year > asOfYear ? 0 : thisYear;
}

/** `2026-09-14` → `2026-09-30`: plain calendar arithmetic on the Shanghai day, no time zone involved. */
function lastDayOfMonth(day: string): string {
  return dayjs(day.slice(0, 7) + '-01')
    .endOf('month')
    .format('YYYY-MM-DD');
}

/** Items behind on `asOf`: not done, and their due month (or the month the member chose) is over. */
export function behindItemIds(input: StudyProgressInput): Set<string> {
  const behind = new Set<string>();
  if (!input.plan) return behind;
  const monthsPassed = monthsOver(input);
  const entryOf = new Map(input.entries.map((entry) => [entry.itemId, entry]));
  const fromMonth = firstMonthCounted(input);
  for (const item of input.plan.items) {
    if (item.dueMonth < fromMonth) continue;
    const entry = entryOf.get(item.itemId);
    if (entry?.status === 'done') continue;
    const month = entry?.plannedMonth ?? item.dueMonth;
    if (Math.min(month, item.dueMonth) <= monthsPassed) behind.add(item.itemId);
  }
  return behind;
}

/**
 * Hours done against the year's target and against what the plan has made due so far. Done
 * entries count by the hours they were recorded with, so a later plan change cannot take
 * away hours a member has studied.
 */
export function studyProgress(input: StudyProgressInput): StudyProgress {
  const hoursDone = hoursDoneBetween(input.entries, input.year, input.countedFrom ?? '', input.asOf);
  const monthsDue = monthsOver(input);
  const fromMonth = firstMonthCounted(input);
  const hoursDueSoFar = (input.plan?.items ?? [])
    .filter((item) => item.dueMonth >= fromMonth && item.dueMonth <= monthsDue)
    .reduce((sum, item) => sum + item.hours, 0);
  const behindCount = behindItemIds(input).size;
  return {
    year: input.year,
    hoursDone,
    targetHours: input.plan?.targetHours ?? input.defaultTargetHours,
    hoursDueSoFar,
    behindCount,
    behind: behindCount > 0 || hoursDone < hoursDueSoFar,
  };
}

/** A member's entries of one year (a member has at most one per plan item: dozens, not thousands). */
export async function loadStudyEntries(deps: ServiceDeps, memberId: string, year: number): Promise<StudyEntryRecord[]> {
  const page = await deps.store.find<StudyEntryRecord>(COLLECTIONS.studyEntries, {
    where: { memberId, year },
    limit: 200,
  });
  return page.items;
}

export async function loadStudyPlan(
  deps: ServiceDeps,
  branchId: string,
  year: number,
): Promise<StoredDocument<StudyPlanRecord> | null> {
  return deps.store.get<StudyPlanRecord>(COLLECTIONS.studyPlans, studyPlanId(branchId, year));
}
