import { EXPECTED_ACTIVITY_KINDS } from '../../contract/activities';
import { type Period, type ReportFigures } from '../../contract/reports';
import { type Settings } from '../../contract/settings';
import { shanghaiDate, shanghaiDayOf, timestamp } from '../../lib/time';
import { MAX_PAGE_SIZE, type StoredDocument } from '../../store/document-store';
import { COLLECTIONS } from '../../store/indexes';
import type { ActivityDoc, AttendanceDoc } from '../activities';
import { lastPresentDay } from '../life';
import type { ServiceDeps } from '../context';
import type { ActivityRecord, AttendanceRecord, MemberRecord, StoredReportFigures, StudyPlanRecord } from '../records';
import { hoursDoneBetween, loadStudyEntries, loadStudyPlan, studyProgress } from '../study-progress';
import { talksInPeriod } from '../talks';
import { confirmedServices } from '../skill-cards';
import { serviceRequestsInPeriod } from '../service-requests';

/**
 * Whose figures are counted: the member's id, and the branch and placement the figures are
 * about; `lastDay` is the placement's last day when it ended (nothing after it is counted).
 */
export type FiguresSubject = Pick<StoredDocument<MemberRecord>, '_id' | 'inflowBranchId' | 'placedAt'> & {
  lastDay?: string | null;
};

/**
 * A subject whose placement time is still being read: the records to count depend only on the
 * member and the branch, so they are read together with the member instead of after it.
 */
export type PendingFiguresSubject = Omit<FiguresSubject, 'placedAt'> & { placedAt: Promise<string | null> };

/**
 * What a batch of members shares: every member of a branch sees the same activities and the
 * same study plan, so a job over 100,000 members reads each branch's once per period.
 */
export interface FiguresCache {
  /** Key `branchId|periodKey`: the branch's scheduled (not cancelled) activities in the period. */
  readonly activities: Map<string, Promise<ActivityDoc[]>>;
  /** Key `branchId|year`. */
  readonly plans: Map<string, Promise<StudyPlanRecord | null>>;
}

export function newFiguresCache(): FiguresCache {
  return { activities: new Map(), plans: new Map() };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The UTC instant a Shanghai calendar day begins. Shanghai has kept UTC+8 without daylight
 * saving since 1991, so a fixed offset is exact and no process time zone can shift it.
 */
function shanghaiDayStart(date: string): string {
  return new Date(`${date}T00:00:00.000+08:00`).toISOString();
}

async function loadPeriodActivities(deps: ServiceDeps, branchId: string, period: Period): Promise<ActivityDoc[]> {
  const from = shanghaiDayStart(period.start);
  const until = new Date(Date.parse(shanghaiDayStart(period.end)) + DAY_MS).toISOString();
  const found: ActivityDoc[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: ActivityDoc[]; nextCursor: string | null } = await deps.store.find<ActivityRecord>(
      COLLECTIONS.activities,
      {
        where: { branchId, startsAt: { $gte: from, $lt: until } },
        orderBy: [{ field: 'startsAt', direction: 'asc' }],
        limit: MAX_PAGE_SIZE,
        cursor,
      },
    );
    found.push(...page.items.filter((activity) => activity.status === 'scheduled'));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/** The promise kept under `key` in `map`, loaded once per batch (no map: loaded every time). */
export function cached<T>(map: Map<string, Promise<T>> | undefined, key: string, load: () => Promise<T>): Promise<T> {
  if (!map) return load();
  let found = map.get(key);
  if (!found) {
    found = load();
    // A failed read must not poison the rest of the batch.
    found.catch(() => map.delete(key));
    map.set(key, found);
  }
  return found;
}

async function loadMemberAttendance(deps: ServiceDeps, memberId: string, period: Period): Promise<AttendanceDoc[]> {
  const found: AttendanceDoc[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: AttendanceDoc[]; nextCursor: string | null } = await deps.store.find<AttendanceRecord>(
      COLLECTIONS.attendance,
      {
        where: { memberId, heldOn: { $gte: period.start, $lte: period.end } },
        orderBy: [{ field: 'heldOn', direction: 'desc' }],
        limit: MAX_PAGE_SIZE,
        cursor,
      },
    );
    found.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/**
 * The figures a report carries for one member, branch and period, counted from the records as
 * they stand now. "Held" counts only what the member could have attended: expected kinds,
 * not cancelled, started after the member was placed and before now. Leaves are counted among
 * those held meetings, so held = attended + leave + absent.
 */
export async function computeFigures(
  deps: ServiceDeps,
  member: FiguresSubject | PendingFiguresSubject,
  period: Period,
  inflowSettings: Settings | Promise<Settings>,
  cache?: FiguresCache,
): Promise<ReportFigures> {
  const now = timestamp(deps.clock);
  const today = shanghaiDate(deps.clock);
  const branchId = member.inflowBranchId;
  const year = Number(period.end.slice(0, 4));

  // Independent reads, sent together: on CloudBase each is a round trip.
  const [activities, allAttendance, plan, entries, placedAtOrNull, settings, talks, services, serviceRequests] =
    await Promise.all([
      branchId
        ? cached(cache?.activities, `${branchId}|${period.key}`, () => loadPeriodActivities(deps, branchId, period))
        : Promise.resolve([]),
      loadMemberAttendance(deps, member._id, period),
      branchId ? cached(cache?.plans, `${branchId}|${year}`, () => loadStudyPlan(deps, branchId, year)) : Promise.resolve(null),
      loadStudyEntries(deps, member._id, year),
      member.placedAt,
      inflowSettings,
      talksInPeriod(deps, member._id, branchId, period),
      branchId ? confirmedServices(deps, member._id, period.start, period.end) : Promise.resolve([]),
      serviceRequestsInPeriod(deps, member._id, branchId, period),
    ]);
  const placedAt = placedAtOrNull ?? '';
  const lastDay = member.lastDay ?? null;
  const inPlacement = (heldOn: string) => lastDay === null || heldOn <= lastDay;
  const held = new Set(
    activities
      .filter(
        (a) => EXPECTED_ACTIVITY_KINDS.includes(a.kind) && a.startsAt >= placedAt && a.startsAt < now && inPlacement(a.heldOn),
      )
      .map((a) => a._id),
  );
  const scheduled = new Set(activities.filter((a) => inPlacement(a.heldOn)).map((a) => a._id));

  const attendance = allAttendance.filter((record) => inPlacement(record.heldOn));
  let meetingsAttended = 0;
  let leaves = 0;
  let volunteerHours = 0;
  for (const record of attendance) {
    if (held.has(record.activityId)) {
      if (record.status === 'present') meetingsAttended += 1;
      else if (record.status === 'leave') leaves += 1;
    }
    if (record.activityKind === 'volunteer_service' && record.status === 'present' && scheduled.has(record.activityId)) {
      volunteerHours += record.volunteerHours;
    }
  }
  // Services to residents the resident confirmed, through a card this branch approved, while placed here.
  const placedDay = placedAtOrNull ? shanghaiDayOf(placedAtOrNull) : '';
  const serviceHours = services
    .filter((service) => service.branchId === branchId && service.confirmedOn !== null)
    .filter((service) => (service.confirmedOn as string) >= placedDay && inPlacement(service.confirmedOn as string))
    .reduce((sum, service) => sum + (service.hours ?? 0), 0);
  volunteerHours += serviceHours;
  // Sorted newest first, so the first present record is the latest.
  const lastLifeOn =
    attendance.find((record) => record.status === 'present')?.heldOn ??
    (await lastPresentDay(deps.store, member._id, period.start));

  // The year's study is the branch's to answer for from the day it took the member in.
  const placedOn = placedAtOrNull ? shanghaiDayOf(placedAtOrNull) : '';
  const yearStart = `${year}-01-01`;
  const countedFrom = placedOn > yearStart ? placedOn : yearStart;
  // Judged at the period's end, the placement's last day or today, whichever comes first.
  const asOf = [period.end, today, lastDay ?? period.end].sort()[0];
  const study = studyProgress({
    plan,
    entries,
    year,
    asOf,
    // A closed period is judged at its end: its last month is over (the item due in September counts for Q3).
    asOfIsOver: asOf === period.end && period.end < today,
    countedFrom,
    defaultTargetHours: settings.studyTargetHours,
  });
  const periodFrom = countedFrom > period.start ? countedFrom : period.start;

  return {
    meetingsHeld: held.size,
    meetingsAttended,
    leaves,
    volunteerHours,
    serviceHours,
    studyHoursInPeriod: hoursDoneBetween(entries, year, periodFrom, asOf),
    studyCountedFrom: countedFrom,
    studyHoursThisYear: study.hoursDone,
    studyHoursDueThisYear: study.hoursDueSoFar,
    studyTargetHours: study.targetHours,
    lastLifeOn,
    talks,
    serviceRequests,
    computedAt: now,
  };
}

/** Figures as a view shows them, whenever they were frozen (older revisions have no period hours). */
export function figuresView(stored: StoredReportFigures): ReportFigures {
  // Revisions from before services to residents were counted carry none.
  if ('studyHoursThisYear' in stored) return { ...stored, serviceHours: stored.serviceHours ?? 0 };
  const { studyHoursDone, studyHoursDue, ...rest } = stored;
  return {
    ...rest,
    serviceHours: rest.serviceHours ?? 0,
    studyHoursInPeriod: null,
    studyCountedFrom: null,
    studyHoursThisYear: studyHoursDone,
    studyHoursDueThisYear: studyHoursDue,
  };
}
