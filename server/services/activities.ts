import { createHash } from 'node:crypto';
import dayjs from 'dayjs';
import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import {
  ACTIVITY_KINDS,
  type ActivityKind,
  type ActivityView,
  type AttendanceStatus,
  type AttendanceView,
  HOME_LIFE_KINDS,
  type SignInState,
} from '../contract/activities';
import { TIMEZONE, chineseDateTime, shanghaiDate, timestamp } from '../lib/time';
import { together } from '../lib/together';
import { type FindQuery, type StoredDocument, type TransactionStore, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertOrGet, retryOnConflict, saveVersioned } from '../store/saving';
import { type Access, actingName, loadAccess } from './access';
import { type ServiceContext, type ServiceDeps, callerKey } from './context';
import { type MemberDoc, findOwnMember, memberNotFound, ownMemberId, relationTo, requireOwnMember, takesPartIn } from './members';
import { type OrganizationDoc, requireManagedBranch } from './organizations';
import type { ActivityRecord, AttendanceRecord, MemberRecord } from './records';
import { SettingsResolver } from './settings';

export type ActivityDoc = StoredDocument<ActivityRecord>;
export type AttendanceDoc = StoredDocument<AttendanceRecord>;

/** The page a sign-in code opens; miniprogram/services/pages.ts holds the same string. */
export const ACTIVITY_SIGNIN_PAGE = 'pages/activity-signin/activity-signin';

/** How an activity travels in a sign-in code's scene value (at most 32 characters). */
export function activityScene(activityId: string): string {
  return `a=${activityId}`;
}

/** One attendance per member per activity: a second sign-in or mark finds the first. */
export function attendanceIdFor(activityId: string, memberId: string): string {
  return `at_${activityId}_${memberId}`;
}

/** The same person retrying the same request makes the same activity. */
function activityIdFor(openid: string, requestId: string): string {
  return `a_${createHash('sha256').update(`${openid}|${requestId}`).digest('hex').slice(0, 20)}`;
}

export function toActivityView(doc: ActivityDoc): ActivityView {
  return {
    activityId: doc._id,
    branch: { orgId: doc.branchId, name: doc.branchName },
    kind: doc.kind,
    topic: doc.topic,
    place: doc.place,
    startsAt: doc.startsAt,
    endsAt: doc.endsAt,
    signInOpensAt: doc.signInOpensAt,
    signInClosesAt: doc.signInClosesAt,
    volunteerHours: doc.volunteerHours,
    status: doc.status,
    cancelReason: doc.cancelReason,
    presentCount: doc.presentCount,
    leaveCount: doc.leaveCount,
    createdByName: doc.createdByName,
    version: doc.version,
  };
}

export function toAttendanceView(doc: AttendanceDoc): AttendanceView {
  return {
    attendanceId: doc._id,
    activityId: doc.activityId,
    memberId: doc.memberId,
    memberName: doc.memberName,
    status: doc.status,
    via: doc.via,
    reason: doc.reason,
    volunteerHours: doc.volunteerHours,
    recordedAt: doc.recordedAt,
    recordedByName: doc.recordedByName,
    version: doc.version,
  };
}

function activityNotFound(field = 'activityId'): AppError {
  return new AppError('NOT_FOUND', '找不到这项活动', { field });
}

async function requireActivity(deps: ServiceDeps, activityId: string, field = 'activityId'): Promise<ActivityDoc> {
  const activity = await deps.store.get<ActivityRecord>(COLLECTIONS.activities, activityId);
  if (!activity) throw activityNotFound(field);
  return activity;
}

/** An activity of a branch the caller manages; for anyone else, the answer for a missing one. */
async function requireManagedActivity(
  ctx: ServiceContext,
  activityId: string,
): Promise<{ activity: ActivityDoc; access: Access }> {
  const [activity, access] = await Promise.all([
    ctx.deps.store.get<ActivityRecord>(COLLECTIONS.activities, activityId),
    loadAccess(ctx),
  ]);
  if (!activity || !access.manages(activity.branchPath)) throw activityNotFound();
  return { activity, access };
}

async function requireActivityInTx(tx: TransactionStore, activityId: string): Promise<ActivityDoc> {
  const activity = await tx.get<ActivityRecord>(COLLECTIONS.activities, activityId);
  if (!activity) throw activityNotFound();
  return activity;
}

function notPlacedIn(activity: ActivityRecord): AppError {
  return new AppError('NOT_PLACED', `您还没有纳入“${activity.branchName}”管理，不能在这项活动签到`);
}

function cancelled(activity: ActivityRecord): AppError {
  const reason = activity.cancelReason ? `（${activity.cancelReason}）` : '';
  return new AppError('ACTIVITY_CANCELLED', `这项活动已经取消${reason}`);
}

/** The counters after one member's status moves from `from` (none when null) to `to`. */
function countersAfter(
  activity: ActivityRecord,
  from: AttendanceStatus | null,
  to: AttendanceStatus,
): Pick<ActivityRecord, 'presentCount' | 'leaveCount'> {
  const step = (status: AttendanceStatus) => (to === status ? 1 : 0) - (from === status ? 1 : 0);
  return { presentCount: activity.presentCount + step('present'), leaveCount: activity.leaveCount + step('leave') };
}

// ---- arranging activities ---------------------------------------------------------------

/** A secretary may enter a meeting held on paper afterwards, but not rewrite old history. */
const BACKFILL_DAYS = 31;

/** When a meeting is held and when its sign-in is open, as stored timestamps (UTC) and its Shanghai day. */
export interface MeetingTimes {
  startsAt: string;
  endsAt: string;
  signInOpensAt: string;
  signInClosesAt: string;
  heldOn: string;
}

/**
 * The times of a meeting arranged for `date` at `startTime` (Shanghai) lasting `durationMinutes`:
 * sign-in opens the organization's `signInEarlyMinutes` before the start and closes at the end.
 * A date that is not a real day, or older than {@link BACKFILL_DAYS}, is BAD_REQUEST on `date`.
 * Activities and the outflow side's round-tables are timed by this one rule.
 */
export async function meetingTimes(
  deps: ServiceDeps,
  orgPath: string,
  input: { date: string; startTime: string; durationMinutes: number },
): Promise<MeetingTimes> {
  // The schema checks the shape only; dayjs rolls 02-30 over to March, so compare round trips.
  if (dayjs.utc(input.date).format('YYYY-MM-DD') !== input.date) {
    throw new AppError('BAD_REQUEST', '日期不是有效的日期', { field: 'date' });
  }
  const earliest = dayjs.utc(shanghaiDate(deps.clock)).subtract(BACKFILL_DAYS, 'day').format('YYYY-MM-DD');
  if (input.date < earliest) {
    throw new AppError('BAD_REQUEST', `只能补录 ${BACKFILL_DAYS} 天内的活动`, { field: 'date' });
  }
  const start = dayjs.tz(`${input.date} ${input.startTime}`, TIMEZONE);
  const end = start.add(input.durationMinutes, 'minute');
  const settings = await new SettingsResolver(deps).at(orgPath);
  return {
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    signInOpensAt: start.subtract(settings.signInEarlyMinutes, 'minute').toISOString(),
    signInClosesAt: end.toISOString(),
    heldOn: input.date,
  };
}

/** Where `now` stands towards a sign-in window: the part of {@link SignInState} that is about time. */
export function signInWindowAt(
  window: Pick<MeetingTimes, 'signInOpensAt' | 'signInClosesAt'>,
  now: string,
): 'not_yet_open' | 'closed' | 'open' {
  if (now < window.signInOpensAt) return 'not_yet_open';
  if (now > window.signInClosesAt) return 'closed';
  return 'open';
}

/**
 * Whether members flowed out from this branch (it holds their organization relationship): only
 * such a home branch holds 返乡报到 and 集中补学. A transferred member no longer belongs to it.
 */
async function hasMembersFlowedOut(deps: ServiceDeps, branch: OrganizationDoc): Promise<boolean> {
  const found = await deps.store.find<MemberRecord>(COLLECTIONS.members, {
    where: { outflowPath: branch.path, status: { $ne: 'transferred' } },
    orderBy: [{ field: 'registeredAt', direction: 'desc' }],
    limit: 1,
  });
  return found.items.length > 0;
}

/** The kinds a branch may arrange: every branch its own life; a home branch also 返乡报到 and 集中补学. */
async function kindsFor(deps: ServiceDeps, branch: OrganizationDoc): Promise<ActivityKind[]> {
  const home = await hasMembersFlowedOut(deps, branch);
  return ACTIVITY_KINDS.filter((kind) => home || !HOME_LIFE_KINDS.includes(kind));
}

export async function activityKinds(
  ctx: ServiceContext,
  input: ParsedInput<'activity.kinds'>,
): Promise<ActionOutput<'activity.kinds'>> {
  const { branch } = await requireManagedBranch(ctx, input.branchId);
  return { kinds: await kindsFor(ctx.deps, branch) };
}

export async function createActivity(
  ctx: ServiceContext,
  input: ParsedInput<'activity.create'>,
): Promise<ActionOutput<'activity.create'>> {
  const { branch, access } = await requireManagedBranch(ctx, input.branchId);
  if (HOME_LIFE_KINDS.includes(input.kind) && !(await hasMembersFlowedOut(ctx.deps, branch))) {
    throw new AppError('BAD_REQUEST', '返乡报到和集中补学由流出地支部为本支部外出流动的党员安排，本支部没有外出流动的党员', {
      field: 'kind',
    });
  }

  const times = await meetingTimes(ctx.deps, branch.path, input);
  const volunteerHours =
    input.kind === 'volunteer_service' ? (input.volunteerHours ?? Math.max(0.5, Math.round(input.durationMinutes / 30) / 2)) : 0;
  const record: ActivityRecord = {
    branchId: branch._id,
    branchName: branch.name,
    branchPath: branch.path,
    kind: input.kind,
    topic: input.topic,
    place: input.place,
    ...times,
    volunteerHours,
    status: 'scheduled',
    cancelReason: null,
    presentCount: 0,
    leaveCount: 0,
    createdBy: callerKey(ctx.caller),
    createdByName: actingName(access, branch.path),
    createdAt: timestamp(ctx.deps.clock),
  };
  const activityId = activityIdFor(callerKey(ctx.caller), input.requestId);
  // The same tap sent twice: answer with what the first one made.
  const { doc } = await insertOrGet<ActivityRecord>(ctx.deps.store, COLLECTIONS.activities, { _id: activityId, ...record });
  return toActivityView(doc);
}

export async function cancelActivity(
  ctx: ServiceContext,
  input: ParsedInput<'activity.cancel'>,
): Promise<ActionOutput<'activity.cancel'>> {
  const { activity } = await requireManagedActivity(ctx, input.activityId);
  if (activity.status === 'cancelled') throw cancelled(activity);
  if (timestamp(ctx.deps.clock) >= activity.startsAt) {
    throw new AppError('BAD_REQUEST', '活动已经开始，不能取消', { field: 'activityId' });
  }
  const changedElsewhere = () => new AppError('CONFLICT', '活动刚被其他人修改，请刷新后再试');
  if (activity.version !== input.version) throw changedElsewhere();
  const patch: Partial<ActivityRecord> = { status: 'cancelled', cancelReason: input.reason };
  let version: number;
  try {
    version = await ctx.deps.store.update(COLLECTIONS.activities, activity._id, input.version, patch);
  } catch (error) {
    if (error instanceof VersionConflictError) throw changedElsewhere();
    throw error;
  }
  return toActivityView({ ...activity, ...patch, version });
}

export async function listActivities(
  ctx: ServiceContext,
  input: ParsedInput<'activity.list'>,
): Promise<ActionOutput<'activity.list'>> {
  const { branch } = await requireManagedBranch(ctx, input.branchId);
  const now = timestamp(ctx.deps.clock);
  const upcoming = input.when === 'upcoming';
  const page = await ctx.deps.store.find<ActivityRecord>(COLLECTIONS.activities, {
    where: { branchId: branch._id, startsAt: upcoming ? { $gte: now } : { $lt: now } },
    orderBy: [{ field: 'startsAt', direction: upcoming ? 'asc' : 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toActivityView), nextCursor: page.nextCursor };
}

// ---- signing in -------------------------------------------------------------------------

export async function activityCode(
  ctx: ServiceContext,
  input: ParsedInput<'activity.code'>,
): Promise<ActionOutput<'activity.code'>> {
  const { activity } = await requireManagedActivity(ctx, input.activityId);
  const scene = activityScene(activity._id);
  return {
    activity: toActivityView(activity),
    scene,
    page: ACTIVITY_SIGNIN_PAGE,
    imageDataUrl: await ctx.deps.codeRenderer.render(scene, ACTIVITY_SIGNIN_PAGE),
  };
}

/**
 * Whether `member` may sign in to `activity` at `now`: the one rule behind both the sign-in
 * page's view (said before any tap) and activity.signIn (which refuses by it).
 */
function signInStateOf(
  activity: ActivityRecord,
  member: MemberRecord | null,
  mine: AttendanceRecord | null,
  now: string,
): SignInState {
  if (activity.status === 'cancelled') return 'cancelled';
  if (!member || !takesPartIn(member, activity.branchId)) return 'not_placed';
  if (mine?.status === 'present') return 'signed_in';
  return signInWindowAt(activity, now);
}

export async function resolveActivityCode(
  ctx: ServiceContext,
  input: ParsedInput<'activity.resolveCode'>,
): Promise<ActionOutput<'activity.resolveCode'>> {
  const match = /^a=([A-Za-z0-9_-]{1,30})$/.exec(input.scene.trim());
  if (!match) throw new AppError('INVALID_CODE', '这不是活动签到码', { field: 'scene' });
  // The caller's attendance has an id made of the activity's and theirs: all three read together.
  const memberId = ownMemberId(ctx);
  const [activity, member, attendance] = await together(
    requireActivity(ctx.deps, match[1], 'scene'),
    findOwnMember(ctx),
    memberId
      ? ctx.deps.store.get<AttendanceRecord>(COLLECTIONS.attendance, attendanceIdFor(match[1], memberId))
      : Promise.resolve(null),
  );
  // A record that moved to this account has another id: its attendance is read again by that id.
  const mine = !member
    ? null
    : member._id === memberId
      ? attendance
      : await ctx.deps.store.get<AttendanceRecord>(COLLECTIONS.attendance, attendanceIdFor(activity._id, member._id));
  return {
    activity: toActivityView(activity),
    mine: mine ? toAttendanceView(mine) : null,
    signIn: {
      state: signInStateOf(activity, member, mine, timestamp(ctx.deps.clock)),
      opensAt: activity.signInOpensAt,
      closesAt: activity.signInClosesAt,
    },
  };
}

/** What a sign-in or a secretary's mark says; the rest of the record comes from the activity and the member. */
type AttendanceMark = Pick<
  AttendanceRecord,
  'status' | 'via' | 'reason' | 'volunteerHours' | 'recordedAt' | 'recordedBy' | 'recordedByName'
>;

/**
 * Writes one member's attendance at one activity (inserting it or replacing what `existing`
 * read) and moves the activity's counters from the old status to the new one, in the caller's
 * transaction, so the counters always agree with the records.
 */
async function writeAttendance(
  tx: TransactionStore,
  activity: ActivityDoc,
  member: Pick<MemberDoc, '_id' | 'name'>,
  existing: AttendanceDoc | null,
  mark: AttendanceMark,
): Promise<AttendanceDoc> {
  const attendanceId = attendanceIdFor(activity._id, member._id);
  const record: AttendanceRecord = {
    activityId: activity._id,
    activityKind: activity.kind,
    heldOn: activity.heldOn,
    startsAt: activity.startsAt,
    branchId: activity.branchId,
    branchPath: activity.branchPath,
    memberId: member._id,
    memberName: member.name,
    ...mark,
  };
  const [saved] = await Promise.all([
    saveVersioned(tx, COLLECTIONS.attendance, attendanceId, existing?.version ?? null, record),
    tx.update(
      COLLECTIONS.activities,
      activity._id,
      activity.version,
      countersAfter(activity, existing?.status ?? null, mark.status),
    ),
  ]);
  return saved;
}

export async function signIn(
  ctx: ServiceContext,
  input: ParsedInput<'activity.signIn'>,
): Promise<ActionOutput<'activity.signIn'>> {
  const [member, found] = await together(requireOwnMember(ctx), requireActivity(ctx.deps, input.activityId));
  if (!takesPartIn(member, found.branchId)) throw notPlacedIn(found);
  const now = timestamp(ctx.deps.clock);
  const attendanceId = attendanceIdFor(found._id, member._id);

  const attempt = () =>
    ctx.deps.store.transaction(async (tx) => {
      // The activity (its counters) and the attendance are read together, then written together.
      const [activity, existing] = await Promise.all([
        requireActivityInTx(tx, found._id),
        tx.get<AttendanceRecord>(COLLECTIONS.attendance, attendanceId),
      ]);
      switch (signInStateOf(activity, member, existing, now)) {
        case 'cancelled':
          throw cancelled(activity);
        case 'not_placed':
          throw notPlacedIn(activity);
        case 'signed_in':
          // Scanning twice is common (a slow network, a second phone): it must never count twice.
          if (existing) return { attendance: toAttendanceView(existing), alreadySignedIn: true };
          break;
        case 'not_yet_open':
          throw new AppError('SIGN_IN_CLOSED', `签到还没开始，${chineseDateTime(activity.signInOpensAt)} 开始签到`);
        case 'closed':
          throw new AppError('SIGN_IN_CLOSED', '签到已结束');
        case 'open':
          break;
      }

      // A member marked on leave or absent who turns up after all is present.
      const saved = await writeAttendance(tx, activity, member, existing, {
        status: 'present',
        via: 'scan',
        reason: null,
        volunteerHours: activity.volunteerHours,
        recordedAt: now,
        recordedBy: callerKey(ctx.caller),
        recordedByName: member.name,
      });
      return { attendance: toAttendanceView(saved), alreadySignedIn: false };
    });
  // The counters on one activity are contended by every member signing in at once; a re-read
  // settles who was first, and the deterministic attendance id makes each retry safe.
  return retryOnConflict(attempt, () => new AppError('CONFLICT', '签到的人较多，请稍后再签一次'));
}

// ---- the attendance sheet ---------------------------------------------------------------

/**
 * Who the sheet lists: the members placed in the branch; for 返乡报到 and 集中补学 at a home
 * branch, its own members who flowed out (returned, or still away and back for the holiday),
 * who are the ones that may sign in there.
 */
function attendeesOf(activity: ActivityRecord): Pick<FindQuery, 'where' | 'orderBy'> {
  if (HOME_LIFE_KINDS.includes(activity.kind)) {
    return {
      where: { outflowPath: activity.branchPath, status: { $ne: 'transferred' } },
      orderBy: [{ field: 'registeredAt', direction: 'desc' }],
    };
  }
  return {
    where: { inflowBranchId: activity.branchId, status: 'placed' },
    orderBy: [{ field: 'placedAt', direction: 'desc' }],
  };
}

export async function activityAttendance(
  ctx: ServiceContext,
  input: ParsedInput<'activity.attendance'>,
): Promise<ActionOutput<'activity.attendance'>> {
  const { activity } = await requireManagedActivity(ctx, input.activityId);
  const members = await ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
    ...attendeesOf(activity),
    limit: input.limit,
    cursor: input.cursor,
  });
  const byMember = new Map<string, AttendanceDoc>();
  if (members.items.length > 0) {
    const attendance = await ctx.deps.store.find<AttendanceRecord>(COLLECTIONS.attendance, {
      where: { activityId: activity._id, memberId: { $in: members.items.map((m) => m._id) } },
      orderBy: [{ field: 'memberId', direction: 'asc' }],
      limit: members.items.length,
    });
    for (const doc of attendance.items) byMember.set(doc.memberId, doc);
  }
  return {
    activity: toActivityView(activity),
    lists: HOME_LIFE_KINDS.includes(activity.kind) ? 'flowed_out' : 'placed',
    rows: members.items.map((member) => {
      const doc = byMember.get(member._id);
      return { member: { memberId: member._id, name: member.name }, attendance: doc ? toAttendanceView(doc) : null };
    }),
    nextCursor: members.nextCursor,
  };
}

export async function markAttendance(
  ctx: ServiceContext,
  input: ParsedInput<'activity.mark'>,
): Promise<ActionOutput<'activity.mark'>> {
  const [{ activity: found, access }, member] = await together(
    requireManagedActivity(ctx, input.activityId),
    ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, input.memberId),
  );
  if (!member) throw memberNotFound();
  if (!takesPartIn(member, found.branchId)) {
    // Named only to one who may see the member; to anyone else it is a member that is not there.
    if (!(await relationTo(ctx, access, member))) throw memberNotFound();
    throw new AppError('NOT_PLACED', `${member.name}不在“${found.branchName}”，不能登记`, { field: 'memberId' });
  }
  if (found.status === 'cancelled') throw cancelled(found);
  const now = timestamp(ctx.deps.clock);
  if (input.status !== 'leave' && now < found.signInOpensAt) {
    throw new AppError('BAD_REQUEST', '活动还没开始，只能登记请假', { field: 'status' });
  }
  if (input.volunteerHours) {
    if (found.kind !== 'volunteer_service') {
      throw new AppError('BAD_REQUEST', '只有志愿服务记录服务时长', { field: 'volunteerHours' });
    }
    if (input.status !== 'present') {
      throw new AppError('BAD_REQUEST', '只有出席才记录服务时长', { field: 'volunteerHours' });
    }
  }

  const attendanceId = attendanceIdFor(found._id, member._id);
  const markedElsewhere = () => new AppError('CONFLICT', '刚被其他人登记过，请刷新');
  const attempt = () =>
    ctx.deps.store.transaction(async (tx) => {
      const [activity, existing] = await Promise.all([
        requireActivityInTx(tx, found._id),
        tx.get<AttendanceRecord>(COLLECTIONS.attendance, attendanceId),
      ]);
      if (activity.status === 'cancelled') throw cancelled(activity);
      // What the secretary saw must still be what is stored, or one of two secretaries is overwritten.
      if ((existing?.version ?? null) !== input.expectedVersion) throw markedElsewhere();
      const saved = await writeAttendance(tx, activity, member, existing, {
        status: input.status,
        via: 'secretary',
        reason: input.reason ? input.reason : null,
        volunteerHours: input.status === 'present' ? (input.volunteerHours ?? activity.volunteerHours) : 0,
        recordedAt: now,
        recordedBy: callerKey(ctx.caller),
        recordedByName: actingName(access, activity.branchPath),
      });
      return toAttendanceView(saved);
    });
  // A retry re-reads the attendance: if another secretary wrote it, the version check above
  // answers CONFLICT; if only the counters moved, the retry goes through.
  return retryOnConflict(attempt, markedElsewhere);
}
