import {
  type ActivityKind,
  type AttendanceStatus,
  DEFAULT_SETTINGS,
  type ActionInput,
  type ActionOutput,
} from '../../server/contract';
import { periodFromKey } from '../../server/lib/periods';
import type { Filter } from '../../server/store/document-store';
import { COLLECTIONS } from '../../server/store/indexes';
import type {
  ActivityRecord,
  AppraisalRecord,
  AttendanceRecord,
  InboxEntryRecord,
  MemberRecord,
  ReportRecord,
} from '../../server/services/records';
import { openReportDraft, reportIdFor } from '../../server/services/reports/drafts';
import { type Backend, type Harness, type Tree, createHarness, placeMember, seedTree } from './harness';

/** One member placed in branch A just before the third quarter, and the records a report counts. */

export const ME = 'm_report_self';
/** 2026-07-10 10:00 in Shanghai: the member is placed on this day. */
export const PLACED_AT = '2026-07-10T02:00:00.000Z';
/** 2026-10-01 10:00 in Shanghai: the third quarter has just ended. */
export const AFTER_Q3 = '2026-10-01T02:00:00.000Z';
/** 2027-01-02 10:00 in Shanghai: the fourth quarter has ended too. */
export const AFTER_Q4 = '2027-01-02T02:00:00.000Z';

export function period(key: string) {
  const found = periodFromKey(key);
  if (!found) throw new Error(`bad period ${key}`);
  return found;
}

/** A fresh world with ME placed in branch A on PLACED_AT, the clock just after the third quarter. */
export async function placedWorld(backend?: Backend) {
  const h = await createHarness(backend);
  const tree = await seedTree(h);
  h.clock.set(PLACED_AT);
  const memberId = await placeMember(h, tree, ME, tree.branchA.orgId);
  h.clock.set(AFTER_Q3);
  return { h, tree, memberId, reportId: reportIdFor(memberId, '2026-Q3') };
}

export async function memberDoc(h: Harness, memberId: string) {
  const member = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
  if (!member) throw new Error(`no member ${memberId}`);
  return member;
}

export async function openDraft(h: Harness, memberId: string, key: string) {
  return openReportDraft(h.deps, await memberDoc(h, memberId), period(key), {
    inflow: DEFAULT_SETTINGS,
    outflow: DEFAULT_SETTINGS,
  });
}

export const reportDoc = (h: Harness, reportId: string) => h.deps.store.get<ReportRecord>(COLLECTIONS.reports, reportId);

/** The inbox entries matching `where`, in id order. */
export async function inboxEntries(h: Harness, where: Filter = {}) {
  return (await h.deps.store.find<InboxEntryRecord>(COLLECTIONS.inboxEntries, { where, limit: 100 })).items;
}

/** Every page of an inbox, `limit` at a time; fails unless the last page says so. */
export async function allPages(h: Harness, openid: string, input: ActionInput<'report.inbox'>, limit: number) {
  const items: ActionOutput<'report.inbox'>['items'] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages += 1) {
    const page: ActionOutput<'report.inbox'> = await h.ok(openid, 'report.inbox', { ...input, limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error('the inbox never ended');
}

let activitySequence = 0;

/** An activity inserted as the activity actions store it; `at` is Shanghai wall time `YYYY-MM-DD HH:mm`. */
export async function addActivity(
  h: Harness,
  branch: { orgId: string; name: string },
  at: string,
  kind: ActivityKind,
  extra: { cancelled?: boolean; volunteerHours?: number } = {},
) {
  activitySequence += 1;
  const [date, time] = at.split(' ');
  const starts = new Date(`${date}T${time}:00.000+08:00`);
  const org = await h.deps.store.get<{ path: string }>(COLLECTIONS.organizations, branch.orgId);
  const record: ActivityRecord = {
    branchId: branch.orgId,
    branchName: branch.name,
    branchPath: org?.path ?? '',
    kind,
    topic: `活动${activitySequence}`,
    place: '党群服务中心',
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + 2 * 3_600_000).toISOString(),
    signInOpensAt: new Date(starts.getTime() - 30 * 60_000).toISOString(),
    signInClosesAt: new Date(starts.getTime() + 2 * 3_600_000).toISOString(),
    heldOn: date,
    volunteerHours: extra.volunteerHours ?? 0,
    status: extra.cancelled ? 'cancelled' : 'scheduled',
    cancelReason: extra.cancelled ? '台风' : null,
    presentCount: 0,
    leaveCount: 0,
    createdBy: 'test_secretary_a',
    createdByName: '李秀英',
    createdAt: starts.toISOString(),
  };
  return h.deps.store.insert<ActivityRecord>(COLLECTIONS.activities, { _id: `a_test_${activitySequence}`, ...record });
}

export async function attend(
  h: Harness,
  activity: Awaited<ReturnType<typeof addActivity>>,
  memberId: string,
  status: AttendanceStatus,
) {
  const record: AttendanceRecord = {
    activityId: activity._id,
    activityKind: activity.kind,
    heldOn: activity.heldOn,
    startsAt: activity.startsAt,
    branchId: activity.branchId,
    branchPath: activity.branchPath,
    memberId,
    memberName: '王海军',
    status,
    via: status === 'present' ? 'scan' : 'secretary',
    reason: status === 'leave' ? '出车在外' : null,
    volunteerHours: status === 'present' ? activity.volunteerHours : 0,
    recordedAt: activity.startsAt,
    recordedBy: memberId,
    recordedByName: null,
  };
  await h.deps.store.insert<AttendanceRecord>(COLLECTIONS.attendance, { _id: `at_${activity._id}_${memberId}`, ...record });
}

export async function addAppraisal(h: Harness, tree: Tree, memberId: string, year: number) {
  const record: AppraisalRecord = {
    memberId,
    branchId: tree.branchA.orgId,
    branchPath: '',
    year,
    result: 'excellent',
    note: '积极参加志愿服务',
    recordedOn: `${year}-12-20`,
    recordedBy: tree.people.secretaryA,
    recordedByName: '李秀英',
    sentInReportId: null,
  };
  await h.deps.store.insert<AppraisalRecord>(COLLECTIONS.appraisals, { _id: `ap_${memberId}_${year}`, ...record });
}

export const ASSESSMENT = {
  thinking: '思想稳定',
  conduct: '按时参加组织生活',
  needs: '孩子暑期托管',
  comment: '表现良好',
  grade: 'good' as const,
};

/** The draft as the branch reads it, submitted with ASSESSMENT. */
export async function submitNow(h: Harness, reportId: string, openid: string) {
  const draft = await h.ok(openid, 'report.get', { reportId });
  return h.ok(openid, 'report.submit', { reportId, version: draft.version, assessment: ASSESSMENT });
}
