import type { ActionOutput, ParsedInput } from '../contract';
import type { Settings } from '../contract/settings';
import { monthsBetween } from '../lib/periods';
import { chineseDate, shanghaiDate, timestamp } from '../lib/time';
import { together } from '../lib/together';
import type { DocumentStore } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertIfAbsent } from '../store/saving';
import { type ActivityDoc, type AttendanceDoc, toActivityView, toAttendanceView } from './activities';
import type { ServiceContext, ServiceDeps } from './context';
import { type MemberDoc, ownMemberId, placementOf, requireOwnMember } from './members';
import { postMessage } from './messages';
import { parentOfPath } from './organizations';
import type { ActivityRecord, AttendanceRecord, LifeFlagRecord, MessageRecord } from './records';
import { confirmedServices } from './skill-cards';

/**
 * One member's organizational life: what the member sees of it, the last day they took part,
 * and the no-life clock that warns when a placed member has had none for months.
 */

const UPCOMING_LIMIT = 10;
/** The schema caps an activity at 720 minutes. */
const MAX_DURATION_MS = 12 * 60 * 60 * 1000;
/** Activities of the last 12 hours that may already be over, read and dropped. */
const IN_PROGRESS_ALLOWANCE = 10;
const HISTORY_LIMIT = 30;
/** A member takes part in a few activities a month; a year's records fit one page. */
const YEAR_LIMIT = 1000;

export async function myLife(ctx: ServiceContext, _input: ParsedInput<'life.mine'>): Promise<ActionOutput<'life.mine'>> {
  const { store } = ctx.deps;
  const now = timestamp(ctx.deps.clock);
  // The member's id comes from the caller, so their records are read together with the member
  // (a refusal still names the member first); the upcoming activities need the member's branch.
  // A caller who cannot be a member is refused by requireOwnMember; reads by no id find nothing.
  // A record that moved to this account from another has another id: its records are read again.
  const year = shanghaiDate(ctx.deps.clock).slice(0, 4);
  const recordsOf = (memberId: string) =>
    Promise.all([
      historyOf(store, memberId),
      store.find<AttendanceRecord>(COLLECTIONS.attendance, {
        where: { memberId, heldOn: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } },
        orderBy: [{ field: 'heldOn', direction: 'desc' }],
        limit: YEAR_LIMIT,
      }),
      confirmedServices(ctx.deps, memberId, `${year}-01-01`, `${year}-12-31`),
    ]);
  const guessedId = ownMemberId(ctx) ?? '';
  const [member, guessed] = await together(requireOwnMember(ctx), recordsOf(guessedId));
  const [history, thisYear, servicesThisYear] = member._id === guessedId ? guessed : await recordsOf(member._id);
  const placement = placementOf(member);
  // A member back home (返回登记) takes part in the home branch's life again.
  const home =
    member.status === 'returned' && member.outflow.orgId ? { orgId: member.outflow.orgId, name: member.outflow.name } : null;
  const branch = placement ? { orgId: placement.branchId, name: placement.branchName } : home;
  const [upcoming, lastLife] = await Promise.all([
    branch ? upcomingIn(ctx, branch.orgId, member._id, now) : [],
    lastLifeOn(ctx, member._id, history.records),
  ]);
  const presentThisYear = thisYear.items.filter((r) => r.status === 'present');
  const activityHoursThisYear = presentThisYear
    .filter((r) => r.activityKind === 'volunteer_service')
    .reduce((sum, r) => sum + r.volunteerHours, 0);
  // Services to residents through the member's skill card count as volunteer hours too.
  const serviceHoursThisYear = servicesThisYear.reduce((sum, service) => sum + (service.hours ?? 0), 0);

  return {
    branch,
    upcoming,
    history: history.rows,
    attendedThisYear: presentThisYear.length,
    volunteerHoursThisYear: activityHoursThisYear + serviceHoursThisYear,
    serviceHoursThisYear,
    lastLifeOn: lastLife,
  };
}

/** The branch's activities not yet over, with the member's attendance at each. */
async function upcomingIn(
  ctx: ServiceContext,
  branchId: string,
  memberId: string,
  now: string,
): Promise<ActionOutput<'life.mine'>['upcoming']> {
  const { store } = ctx.deps;
  // An activity under way is still "coming up" for a member: its sign-in is open until it ends.
  // Activities last at most 12 hours, so starting from 12 hours back finds every one not yet over.
  const earliestStart = new Date(ctx.deps.clock.now().getTime() - MAX_DURATION_MS).toISOString();
  const recent = await store.find<ActivityRecord>(COLLECTIONS.activities, {
    where: { branchId, startsAt: { $gte: earliestStart } },
    orderBy: [{ field: 'startsAt', direction: 'asc' }],
    limit: UPCOMING_LIMIT + IN_PROGRESS_ALLOWANCE,
  });
  const activities = recent.items.filter((activity) => activity.endsAt >= now).slice(0, UPCOMING_LIMIT);
  const mine = new Map<string, AttendanceDoc>();
  if (activities.length > 0) {
    const found = await store.find<AttendanceRecord>(COLLECTIONS.attendance, {
      where: { activityId: { $in: activities.map((a) => a._id) }, memberId },
      orderBy: [{ field: 'activityId', direction: 'asc' }],
      limit: activities.length,
    });
    for (const doc of found.items) mine.set(doc.activityId, doc);
  }
  return activities.map((activity) => {
    const doc = mine.get(activity._id);
    return { activity: toActivityView(activity), mine: doc ? toAttendanceView(doc) : null };
  });
}

/** The member's latest attendance, newest first, with their activities. */
async function historyOf(
  store: DocumentStore,
  memberId: string,
): Promise<{ records: AttendanceDoc[]; rows: ActionOutput<'life.mine'>['history'] }> {
  // History stays visible after a member leaves the branch: it is the member's own record.
  const records = await store.find<AttendanceRecord>(COLLECTIONS.attendance, {
    where: { memberId },
    orderBy: [{ field: 'heldOn', direction: 'desc' }],
    limit: HISTORY_LIMIT,
  });
  const activityIds = [...new Set(records.items.map((r) => r.activityId))];
  const activities = new Map<string, ActivityDoc>();
  if (activityIds.length > 0) {
    // One read for the page's activities, by id: on CloudBase each read is a round trip.
    const found = await store.find<ActivityRecord>(COLLECTIONS.activities, {
      where: { _id: { $in: activityIds } },
      limit: activityIds.length,
    });
    for (const doc of found.items) activities.set(doc._id, doc);
  }
  const rows: ActionOutput<'life.mine'>['history'] = [];
  // Several activities on one day come latest first, as they were held.
  const newestFirst = [...records.items].sort((a, b) => b.heldOn.localeCompare(a.heldOn) || b.startsAt.localeCompare(a.startsAt));
  for (const record of newestFirst) {
    const activity = activities.get(record.activityId);
    if (activity) rows.push({ activity: toActivityView(activity), mine: toAttendanceView(record) });
  }
  return { records: newestFirst, rows };
}

/**
 * The latest day the member was present at any activity, before `before` when given (a
 * `YYYY-MM-DD` Shanghai day), or null. The one definition of "last organizational life" that
 * the member's own page, the report's figures and the no-life clock all use.
 */
export async function lastPresentDay(store: DocumentStore, memberId: string, before?: string): Promise<string | null> {
  const latest = await store.find<AttendanceRecord>(COLLECTIONS.attendance, {
    where: before ? { memberId, status: 'present', heldOn: { $lt: before } } : { memberId, status: 'present' },
    orderBy: [{ field: 'heldOn', direction: 'desc' }],
    limit: 1,
  });
  return latest.items[0]?.heldOn ?? null;
}

/** The latest day the member was present; usually among the recent records already read. */
async function lastLifeOn(ctx: ServiceContext, memberId: string, recent: readonly AttendanceDoc[]): Promise<string | null> {
  const present = recent.find((r) => r.status === 'present');
  if (present) return present.heldOn;
  if (recent.length < HISTORY_LIMIT) return null;
  return lastPresentDay(ctx.deps.store, memberId);
}

// ---- the no-life clock ------------------------------------------------------------------

interface Recipient {
  orgId: string;
  orgPath: string;
  title: string;
  body: string;
  /** Default: the flag's own kind (warning or escalation). */
  kind?: MessageRecord['kind'];
}

/**
 * Raises one flag unless it is there. The messages go first and the flag last, as the marker
 * that the whole step is done: killed in between, the rerun posts the messages again (their ids
 * are taken, so nobody hears twice) and then writes the flag. Checking the flag first keeps a
 * weekly sweep from re-posting to every silent member.
 */
async function raiseFlag(deps: ServiceDeps, flagId: string, flag: LifeFlagRecord, recipients: Recipient[]): Promise<boolean> {
  const { store } = deps;
  if (await store.get<LifeFlagRecord>(COLLECTIONS.lifeFlags, flagId)) return false;
  for (const recipient of recipients) {
    const message: MessageRecord = {
      orgId: recipient.orgId,
      orgPath: recipient.orgPath,
      kind: recipient.kind ?? (flag.level === 'warning' ? 'life_warning' : 'life_escalation'),
      title: recipient.title,
      body: recipient.body,
      reportId: null,
      memberId: flag.memberId,
      createdAt: flag.raisedAt,
    };
    // A recipient told twice over one flag (the outflow side: the escalation and the 失联 proposal) gets two ids.
    const id = recipient.kind ? `msg_${flagId}_${recipient.kind}_${recipient.orgId}` : `msg_${flagId}_${recipient.orgId}`;
    await postMessage(store, id, message);
  }
  return insertIfAbsent<LifeFlagRecord>(store, COLLECTIONS.lifeFlags, { _id: flagId, ...flag });
}

/** The last day of organizational life the silence is counted from: the latest sign-in, or the placement day. */
export async function silenceSince(deps: ServiceDeps, member: MemberDoc, placedOn: string): Promise<string> {
  const lastLife = await lastPresentDay(deps.store, member._id);
  // Attendance at a branch before this placement does not restart the clock of this one.
  return lastLife !== null && lastLife > placedOn ? lastLife : placedOn;
}

/** The no-life clock's flag for one silence: one per member, level and the day the silence counts from. */
export function lifeFlagId(memberId: string, level: LifeFlagRecord['level'], since: string): string {
  return `lf_${memberId}_${level}_${since}`;
}

export async function runNoLifeClock(
  deps: ServiceDeps,
  today: string,
  member: MemberDoc,
  placedOn: string,
  inflow: Settings,
): Promise<number> {
  const branchId = member.inflowBranchId;
  const branchPath = member.inflowPath;
  if (!branchId || !branchPath) return 0;
  const since = await silenceSince(deps, member, placedOn);
  const months = monthsBetween(since, today);
  if (months < inflow.noLifeWarnMonths) return 0;

  const branchName = member.inflowBranchName ?? '';
  const flagBase = {
    memberId: member._id,
    memberName: member.name,
    branchId,
    branchPath,
    outflowPath: member.outflowPath,
    since,
    months,
    raisedAt: timestamp(deps.clock),
  };
  const silence = `自 ${chineseDate(since)} 起已 ${months} 个月没有参加组织生活`;
  const decide = '系统只作提醒，如何处理请由组织研究决定。';
  let raised = 0;

  const warningId = lifeFlagId(member._id, 'warning', since);
  const warnTo: Recipient[] = [
    {
      orgId: branchId,
      orgPath: branchPath,
      title: '组织生活预警',
      body: `${member.name}${silence}，请及时联系了解情况。${decide}`,
    },
  ];
  if (member.outflow.orgId && member.outflowPath) {
    warnTo.push({
      orgId: member.outflow.orgId,
      orgPath: member.outflowPath,
      title: '外出党员组织生活预警',
      body: `${member.name}（在${branchName}）${silence}，流入地支部已收到同样的提醒。${decide}`,
    });
  }
  if (await raiseFlag(deps, warningId, { ...flagBase, level: 'warning' }, warnTo)) raised += 1;

  if (months >= inflow.noLifeEscalateMonths) {
    // Up to the organization above the branch, and home: the text asks both sides to talk.
    const parent = parentOfPath(branchPath);
    const escalateTo: Recipient[] = [];
    if (parent) {
      escalateTo.push({
        orgId: parent.orgId,
        orgPath: parent.path,
        title: '组织生活预警上报',
        body: `${branchName}的${member.name}${silence}，请督促支部联系本人并与流出地沟通。${decide}`,
      });
    }
    // Six months of silence may mean nobody can reach the member: both sides are offered the
    // 失联 mark on the member's page. The clock proposes; a person decides whether to mark it.
    const proposal = `${member.name}${silence}。如两地都联系不上本人，可在党员详情中标记失联（写明最后联系日期和原因）；联系得上则不必标记。${decide}`;
    escalateTo.push({
      orgId: branchId,
      orgPath: branchPath,
      title: '是否失联，请核实',
      body: proposal,
      kind: 'lost_contact_proposed',
    });
    if (member.outflow.orgId && member.outflowPath) {
      escalateTo.push({
        orgId: member.outflow.orgId,
        orgPath: member.outflowPath,
        title: '外出党员组织生活预警上报',
        body: `${member.name}（在${branchName}）${silence}，已报告流入地上级党组织，请与流入地沟通，一起了解本人情况。${decide}`,
      });
      escalateTo.push({
        orgId: member.outflow.orgId,
        orgPath: member.outflowPath,
        title: '外出党员是否失联，请核实',
        body: proposal,
        kind: 'lost_contact_proposed',
      });
    }
    const escalationId = lifeFlagId(member._id, 'escalation', since);
    if (await raiseFlag(deps, escalationId, { ...flagBase, level: 'escalation' }, escalateTo)) raised += 1;
  }
  return raised;
}
