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
  /** The study target in force when the branch has not published a plan. */
  defaultTargetHours: number;
}

/** Items behind on `asOf`: not done, and their due month (or the month the member chose) has passed. */
export function behindItemIds(input: StudyProgressInput): Set<string> {
  const behind = new Set<string>();
  if (!input.plan) return behind;
  const asOfYear = Number(input.asOf.slice(0, 4));
  const asOfMonth = Number(input.asOf.slice(5, 7));
  // A past year is over: everything not done is behind. A future year has nothing behind yet.
  const monthsPassed = input.year < asOfYear ? 12 : input.year > asOfYear ? 0 : asOfMonth - 1;
  const entryOf = new Map(input.entries.map((entry) => [entry.itemId, entry]));
  for (const item of input.plan.items) {
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
  const asOfYear = Number(input.asOf.slice(0, 4));
  const asOfMonth = Number(input.asOf.slice(5, 7));
  const hoursDone = input.entries
    .filter(
      (entry) => entry.year === input.year && entry.status === 'done' && entry.doneOn !== null && entry.doneOn <= input.asOf,
    )
    .reduce((sum, entry) => sum + entry.hours, 0);
  const monthsDue = input.year < asOfYear ? 12 : input.year > asOfYear ? 0 : asOfMonth;
  const hoursDueSoFar = (input.plan?.items ?? [])
    .filter((item) => item.dueMonth <= monthsDue)
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
