import { AppError } from './app-error';
import { endPost, postsHeldAt } from './roles';
import type { ActionOutput, ParsedInput } from '../contract';
import type { HomeLifeEntry, PlacementEndReason, PlacementView, PreviousPlacement } from '../contract/placements';
import { periodContaining, previousPeriod } from '../lib/periods';
import { chineseDate, shanghaiDate, timestamp } from '../lib/time';
import { type StoredDocument, type TransactionStore, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { retryOnConflict } from '../store/saving';
import { type Access, actingName, loadAccess } from './access';
import { type ServiceContext, type ServiceDeps, callerKey, callerOpenid } from './context';
import { type MemberDoc, type Placement, memberNotFound, placementOf, relationTo, toMemberView } from './members';
import { postMessage } from './messages';
import { enqueueNotification } from './notifications';
import type {
  ActivityRecord,
  AttendanceRecord,
  CheckinRecord,
  MemberRecord,
  MessageRecord,
  PlacementRecord,
  ReportRecord,
} from './records';
import { buildReportDraft, findShare } from './reports/drafts';
import { SettingsResolver } from './settings';
import { releasePartner } from './study';

/**
 * Placements as periods: a member's time in one inflow branch has a start (the approved
 * check-in) and an end (the member or the branch records that they left, or the outflow side
 * records them home: 返回登记). The history is kept, one record per period.
 */

export type PlacementDoc = StoredDocument<PlacementRecord>;

/** The n-th placement of a member, n from 1: an approval and its retry make one record. */
export function placementIdFor(memberId: string, n: number): string {
  return `pl_${memberId}_${n}`;
}

/** The record an approval opens, and the count the member then carries. */
export function openedPlacement(
  member: MemberDoc,
  branch: { _id: string; name: string; path: string },
  startedAt: string,
): { id: string; count: number; record: PlacementRecord } {
  const count = (member.placementCount ?? 0) + 1;
  return {
    id: placementIdFor(member._id, count),
    count,
    record: {
      memberId: member._id,
      memberName: member.name,
      branchId: branch._id,
      branchName: branch.name,
      branchPath: branch.path,
      outflowPath: member.outflowPath,
      startedAt,
      endedOn: null,
      endReason: null,
      destination: null,
      endedBy: null,
      endedByKey: null,
      endedByName: null,
      endedAt: null,
    },
  };
}

/** The member's latest placement record, or null (never placed, or placed before placements had an end). */
export async function latestPlacement(
  store: TransactionStore,
  member: MemberRecord & { _id: string },
): Promise<PlacementDoc | null> {
  if (!member.placementCount) return null;
  return store.get<PlacementRecord>(COLLECTIONS.placements, placementIdFor(member._id, member.placementCount));
}

/** What a new branch is shown of the member's last placement, when it ended. */
export function previousPlacementOf(latest: PlacementRecord | null): PreviousPlacement | null {
  if (!latest || !latest.endedOn || !latest.endReason) return null;
  return {
    branch: { orgId: latest.branchId, name: latest.branchName },
    endedOn: latest.endedOn,
    endReason: latest.endReason,
    destination: latest.destination,
  };
}

export function toPlacementView(doc: PlacementDoc): PlacementView {
  return {
    placementId: doc._id,
    memberId: doc.memberId,
    branch: { orgId: doc.branchId, name: doc.branchName },
    startedAt: doc.startedAt,
    endedOn: doc.endedOn,
    endReason: doc.endReason,
    destination: doc.destination,
    endedBy: doc.endedBy,
    endedByName: doc.endedByName,
    version: doc.version,
  };
}

/** A placement from before placements had an end lives only on the member: this is its record. */
function legacyPlacement(member: MemberDoc, placement: Placement): PlacementDoc {
  return {
    _id: placementIdFor(member._id, 1),
    version: 0,
    memberId: member._id,
    memberName: member.name,
    branchId: placement.branchId,
    branchName: placement.branchName,
    branchPath: placement.branchPath,
    outflowPath: member.outflowPath,
    startedAt: placement.since,
    endedOn: null,
    endReason: null,
    destination: null,
    endedBy: null,
    endedByKey: null,
    endedByName: null,
    endedAt: null,
  };
}

/** The Shanghai calendar day of a stored UTC timestamp. */
function shanghaiDayOf(iso: string): string {
  return shanghaiDate({ now: () => new Date(iso) });
}

const END_REASON_WORDS: Record<PlacementEndReason, string> = {
  moved_city: '去了别的城市',
  went_home: '回了家乡',
  changed_job: '换了工作',
  other: '其他原因',
  returned_home: '流出地党组织已登记返回（流动结束）',
};

interface PlacementEnd {
  endedOn: string;
  reason: PlacementEndReason;
  destination: string | null;
  endedBy: 'member' | 'branch' | 'outflow';
  endedByName: string | null;
}

/** Is a stored end the same end as this request: then the request is a retry. */
function sameEnd(doc: PlacementRecord, end: Pick<PlacementEnd, 'endedOn' | 'reason'>): boolean {
  return doc.endedOn === end.endedOn && doc.endReason === end.reason;
}

function endedElsewhere(): AppError {
  return new AppError('CONFLICT', '这名党员的情况刚被其他人登记或修改，请刷新后查看');
}

function checkEndDay(ctx: ServiceContext, day: string, placedOn: string | null, field: string): void {
  if (day > shanghaiDate(ctx.deps.clock)) throw new AppError('BAD_REQUEST', '日期不能晚于今天', { field });
  if (placedOn && day < placedOn) {
    throw new AppError('BAD_REQUEST', `日期不能早于纳入支部管理的日子（${chineseDate(placedOn)}）`, { field });
  }
}

/**
 * Whether the member's return may be recorded on `day` (not after today, not before the current
 * placement began): checked by 返回登记 itself, and first by whatever records it on the way
 * (an appointment as first secretary), so that nothing is written before the return would refuse.
 */
export function checkReturnDay(ctx: ServiceContext, member: MemberRecord, day: string, field: string): void {
  const placement = placementOf(member);
  checkEndDay(ctx, day, placement ? shanghaiDayOf(placement.since) : null, field);
}

/**
 * The drafts the branch still owes when a placement ends on `lastDay`: the period it ended in,
 * counted up to that day, and the period before when the jobs have not opened it yet. Read and
 * counted before the transaction; the transaction only writes them.
 */
async function draftsOwed(
  deps: ServiceDeps,
  member: MemberDoc,
  placement: Placement,
  lastDay: string,
): Promise<{ periodKey: string; record: ReportRecord; ended: boolean }[]> {
  if (!member.outflow.orgId || !member.outflowPath) return [];
  const resolver = new SettingsResolver(deps);
  const [inflow, outflow] = await Promise.all([resolver.at(placement.branchPath), resolver.at(member.outflowPath)]);
  const placedOn = shanghaiDayOf(placement.since);
  const current = periodContaining(outflow.reportPeriod, lastDay);
  const before = previousPeriod(outflow.reportPeriod, lastDay);
  const periods = [{ period: current, ended: true }, ...(placedOn <= before.end ? [{ period: before, ended: false }] : [])];
  // Counted whether or not a draft is there (the transaction decides), all together: on
  // CloudBase each read is a round trip.
  return Promise.all(
    periods.map(async ({ period, ended }) => ({
      periodKey: period.key,
      ended,
      record: await buildReportDraft(
        deps,
        member,
        placement,
        period,
        { inflow, outflow },
        undefined,
        ended ? { placement, lastDay } : undefined,
      ),
    })),
  );
}

interface EndingPlan {
  member: MemberDoc;
  placement: Placement;
  /** The stored record of the placement, or null for one from before placements had an end. */
  stored: PlacementDoc | null;
  end: PlacementEnd;
  memberPatch: Partial<MemberRecord>;
  messages: { id: string; message: MessageRecord }[];
  /** What the caller records together with the end, in the same transaction (see {@link ReturnWrite}). */
  alsoWrite?: ReturnWrite;
}

/** Where the member's message opens: their home, which says where they stand now. */
const MEMBER_HOME_PAGE = 'pages/home/home';

/**
 * Writes the end of a placement in one transaction: the member (compare-and-set on the version
 * read, so a concurrent change of the member makes this attempt lose and re-read), the
 * placement record, the drafts owed, the partner's side of a pair, the messages and the
 * member's subscribe message.
 */
async function writeEnding(ctx: ServiceContext, plan: EndingPlan): Promise<{ placement: PlacementDoc; member: MemberDoc }> {
  const { member, placement, end } = plan;
  // Posts held in the branch end with the placement (a query: read before the transaction).
  const [owed, posts] = await Promise.all([
    draftsOwed(ctx.deps, member, placement, end.endedOn),
    postsHeldAt(ctx.deps.store, member.openid, placement.branchId),
  ]);
  const now = timestamp(ctx.deps.clock);
  return ctx.deps.store.transaction(async (tx) => {
    // The member's compare-and-set below loses to any change since it was read: no re-read here.
    const base = plan.stored ?? legacyPlacement(member, placement);
    const ending: Partial<PlacementRecord> = {
      endedOn: end.endedOn,
      endReason: end.reason,
      destination: end.destination,
      endedBy: end.endedBy,
      endedByKey: callerKey(ctx.caller),
      endedByName: end.endedByName,
      endedAt: now,
    };
    const { _id, version: _unused, ...record } = base;
    // The writes touch different documents: sent together, each is one round trip on CloudBase.
    const memberPatch: Partial<MemberRecord> = {
      ...plan.memberPatch,
      placementCount: member.placementCount ?? 1,
      inflowBranchId: null,
      inflowBranchName: null,
      inflowPath: null,
      placedAt: null,
      partnerId: null,
      partnerName: null,
      updatedAt: now,
    };
    const [version, memberVersion] = await Promise.all([
      plan.stored
        ? tx.update(COLLECTIONS.placements, base._id, base.version, ending)
        : tx.insert<PlacementRecord>(COLLECTIONS.placements, { _id, ...record, ...ending }).then((doc) => doc.version),
      tx.update(COLLECTIONS.members, member._id, member.version, memberPatch),
      member.partnerId
        ? tx
            .get<MemberRecord>(COLLECTIONS.members, member.partnerId)
            .then((partner) => releasePartner(tx, partner, member._id, now))
        : null,
      ...owed.map(async (draft) => {
        // This placement's share: a branch the member left earlier in the period keeps its own.
        const { reportId, existing } = await findShare(tx, member._id, draft.periodKey, placement);
        if (!existing) {
          await tx.insert<ReportRecord>(COLLECTIONS.reports, { _id: reportId, ...draft.record });
        } else if (draft.ended && existing.status === 'draft') {
          // A draft opened while the member was still there now counts only up to the last day.
          await tx.update(COLLECTIONS.reports, reportId, existing.version, {
            placementStartedAt: placement.since,
            placementEndedOn: end.endedOn,
          });
        }
      }),
      ...plan.messages.map(({ id, message }) => postMessage(tx, id, { ...message, createdAt: now })),
      // The member is told their placement ended, whoever recorded it: it is their standing that changed.
      enqueueNotification(tx, {
        kind: 'placement_ended',
        causeId: _id,
        to: { kind: 'user', openid: member.openid },
        fields: {
          subject: placement.branchName,
          detail: end.endedBy === 'outflow' ? '已登记返回家乡，流动结束' : '已登记离开这个支部，可到新地方报到',
          time: end.endedOn,
        },
        page: MEMBER_HOME_PAGE,
        at: now,
      }),
      ...posts.map((post) => endPost(tx, post, 'left_branch', now, callerKey(ctx.caller))),
      plan.alsoWrite?.(tx),
    ]);
    return {
      placement: { ...base, ...ending, version } as PlacementDoc,
      member: { ...member, ...memberPatch, version: memberVersion },
    };
  });
}

function endMessages(
  member: MemberDoc,
  placement: Placement,
  placementId: string,
  end: PlacementEnd,
): { id: string; message: MessageRecord }[] {
  const where = end.destination ? `，去向：${end.destination}` : '';
  const base = { reportId: null, memberId: member._id, createdAt: '' };
  const messages: { id: string; message: MessageRecord }[] = [];
  if (member.outflow.orgId && member.outflowPath && end.endedBy !== 'outflow') {
    messages.push({
      id: `msg_${placementId}_end_${member.outflow.orgId}`,
      message: {
        ...base,
        orgId: member.outflow.orgId,
        orgPath: member.outflowPath,
        kind: 'placement_ended',
        title: '外出党员离开流入地支部',
        body: `${member.name}已于${chineseDate(end.endedOn)}离开${placement.branchName}（${END_REASON_WORDS[end.reason]}${where}）。该支部仍会报送本期反馈报告；党员到新地方报到后，您会收到通知。`,
      },
    });
  }
  if (end.endedBy !== 'branch') {
    messages.push({
      id: `msg_${placementId}_end_${placement.branchId}`,
      message: {
        ...base,
        orgId: placement.branchId,
        orgPath: placement.branchPath,
        kind: end.endedBy === 'outflow' ? 'member_returned' : 'placement_ended',
        title: end.endedBy === 'outflow' ? '党员已返回家乡' : '党员离开本支部',
        body:
          end.endedBy === 'outflow'
            ? `${member.outflow.name}已登记${member.name}于${chineseDate(end.endedOn)}返回家乡，流动结束，本支部的管理随之结束。请报送截至这一天的本期反馈报告。`
            : `${member.name}本人登记已于${chineseDate(end.endedOn)}离开本支部（${END_REASON_WORDS[end.reason]}${where}）。请报送截至这一天的本期反馈报告。`,
      },
    });
  }
  return messages;
}

async function requireMember(ctx: ServiceContext, memberId: string): Promise<MemberDoc> {
  const member = await ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
  if (!member) throw memberNotFound();
  return member;
}

/** The member and their newest placement record, read together: the record is found by the member's id. */
async function memberAndLatest(
  ctx: ServiceContext,
  memberId: string,
): Promise<{ member: MemberDoc; latest: PlacementDoc | null }> {
  const [member, newest] = await Promise.all([
    requireMember(ctx, memberId),
    ctx.deps.store.find<PlacementRecord>(COLLECTIONS.placements, {
      where: { memberId },
      orderBy: [{ field: 'startedAt', direction: 'desc' }],
      limit: 1,
    }),
  ]);
  const latest = newest.items[0] ?? null;
  // Only the record the member's count names is the current one (a tie in time is broken by it).
  const counted = member.placementCount ? placementIdFor(member._id, member.placementCount) : null;
  if (latest && latest._id === counted) return { member, latest };
  return { member, latest: counted ? await ctx.deps.store.get<PlacementRecord>(COLLECTIONS.placements, counted) : null };
}

async function attemptLeave(
  ctx: ServiceContext,
  access: Promise<Access>,
  input: ParsedInput<'placement.leave'>,
): Promise<PlacementView> {
  const [{ member, latest }, caller] = await Promise.all([memberAndLatest(ctx, input.memberId), access]);
  const self = member.openid === callerOpenid(ctx.caller);
  const placement = placementOf(member);
  const inBranch = placement?.branchId === input.branchId ? placement : null;
  const branchPath = inBranch?.branchPath ?? (latest?.branchId === input.branchId ? latest.branchPath : null);
  // Only the member and the branch they are in (or admins above it) may record it; anyone else
  // learns nothing, not even that the member exists.
  if (!self && !(branchPath && caller.manages(branchPath))) throw memberNotFound();

  if (!inBranch) {
    if (latest && latest.branchId === input.branchId && latest.endedOn) {
      if (sameEnd(latest, { endedOn: input.endedOn, reason: input.reason })) return toPlacementView(latest);
      throw endedElsewhere();
    }
    throw new AppError('NOT_PLACED', `${member.name}不在这个支部，无法登记离开`, { field: 'branchId' });
  }
  checkEndDay(ctx, input.endedOn, shanghaiDayOf(inBranch.since), 'endedOn');
  const stored = latest && latest.branchId === inBranch.branchId && !latest.endedOn ? latest : null;
  const end: PlacementEnd = {
    endedOn: input.endedOn,
    reason: input.reason,
    destination: input.destination || null,
    endedBy: self ? 'member' : 'branch',
    endedByName: self ? member.name : actingName(caller, inBranch.branchPath),
  };
  const placementId = stored?._id ?? placementIdFor(member._id, 1);
  const written = await writeEnding(ctx, {
    member,
    placement: inBranch,
    stored,
    end,
    memberPatch: { status: 'registered' },
    messages: endMessages(member, inBranch, placementId, end),
  });
  return toPlacementView(written.placement);
}

export async function leavePlacement(
  ctx: ServiceContext,
  input: ParsedInput<'placement.leave'>,
): Promise<ActionOutput<'placement.leave'>> {
  const access = loadAccess(ctx);
  // A lost race re-reads: the same leave recorded meanwhile answers with it, another one is CONFLICT.
  return retryOnConflict(() => attemptLeave(ctx, access, input), endedElsewhere);
}

/** What a member's return is recorded against: the member and their newest placement, read together. */
export type ReturnSubject = Awaited<ReturnType<typeof memberAndLatest>>;

/** The member and their newest placement, as {@link recordReturnOf} needs them: one step, beside the caller's own reads. */
export function readReturnSubject(ctx: ServiceContext, memberId: string): Promise<ReturnSubject> {
  return memberAndLatest(ctx, memberId);
}

/**
 * A write that belongs with a return (an appointment as first secretary that brings the member
 * home): it runs inside the return's transaction, so the two are recorded together or not at all,
 * and a compare-and-set it loses makes the whole attempt lose.
 */
export type ReturnWrite = (tx: TransactionStore) => Promise<unknown>;

async function attemptReturn(ctx: ServiceContext, accessRead: Promise<Access>, input: ParsedInput<'placement.return'>) {
  const [subject, access] = await Promise.all([memberAndLatest(ctx, input.memberId), accessRead]);
  return recordReturnOf(ctx, access, subject, input.returnedOn);
}

/**
 * 返回登记 of a member already read: the one way a return is written, whether the outflow side
 * records it (placement.return) or it comes with an appointment (services/homecoming.ts), which
 * passes what it records with it as `alsoWrite`. The member home already on this day is a retry.
 */
export async function recordReturnOf(
  ctx: ServiceContext,
  access: Access,
  { member, latest }: ReturnSubject,
  returnedOn: string,
  alsoWrite?: ReturnWrite,
): Promise<ActionOutput<'placement.return'>> {
  if (!member.outflowPath || !access.manages(member.outflowPath)) throw memberNotFound();
  if (member.status === 'returned') {
    if (member.returnedOn !== returnedOn) throw endedElsewhere();
    const ended = latest && latest.endReason === 'returned_home' && latest.endedOn === returnedOn ? latest : null;
    return { member: toMemberView(member), ended: ended ? toPlacementView(ended) : null };
  }
  const placement = placementOf(member);
  checkReturnDay(ctx, member, returnedOn, 'returnedOn');
  const memberPatch: Partial<MemberRecord> = { status: 'returned', returnedOn: returnedOn, openCheckinId: null };
  const now = timestamp(ctx.deps.clock);

  if (!placement) {
    // Not placed anywhere: a request still waiting is withdrawn, as the member is home.
    await ctx.deps.store.transaction(async (tx) => {
      const current = await tx.get<MemberRecord>(COLLECTIONS.members, member._id);
      if (!current || current.version !== member.version)
        throw new VersionConflictError(COLLECTIONS.members, member._id, member.version);
      if (member.openCheckinId) {
        const open = await tx.get<CheckinRecord>(COLLECTIONS.checkins, member.openCheckinId);
        if (open && open.status === 'pending') {
          await tx.update(COLLECTIONS.checkins, open._id, open.version, { status: 'withdrawn', decidedAt: now });
        }
      }
      await Promise.all([
        tx.update(COLLECTIONS.members, member._id, member.version, { ...memberPatch, updatedAt: now }),
        alsoWrite?.(tx),
      ]);
    });
    const updated = await requireMember(ctx, member._id);
    return { member: toMemberView(updated), ended: null };
  }

  const stored = latest && latest.branchId === placement.branchId && !latest.endedOn ? latest : null;
  const end: PlacementEnd = {
    endedOn: returnedOn,
    reason: 'returned_home',
    destination: member.outflow.name,
    endedBy: 'outflow',
    endedByName: actingName(access, member.outflowPath),
  };
  const placementId = stored?._id ?? placementIdFor(member._id, 1);
  const written = await writeEnding(ctx, {
    member,
    placement,
    stored,
    end,
    memberPatch,
    messages: endMessages(member, placement, placementId, end),
    alsoWrite,
  });
  return { member: toMemberView(written.member), ended: toPlacementView(written.placement) };
}

export async function recordReturn(
  ctx: ServiceContext,
  input: ParsedInput<'placement.return'>,
): Promise<ActionOutput<'placement.return'>> {
  const access = loadAccess(ctx);
  return retryOnConflict(() => attemptReturn(ctx, access, input), endedElsewhere);
}

/** A member's placements over the years are a handful; the cap guards the query. */
const HISTORY_LIMIT = 50;
/** Recent sign-ins read to find the ones at the home branch. */
const HOME_LIFE_SCAN = 50;

async function homeLife(ctx: ServiceContext, member: MemberDoc): Promise<HomeLifeEntry[]> {
  const homeId = member.outflow.orgId;
  if (!homeId) return [];
  const { store } = ctx.deps;
  const present = await store.find<AttendanceRecord>(COLLECTIONS.attendance, {
    where: { memberId: member._id, status: 'present' },
    orderBy: [{ field: 'heldOn', direction: 'desc' }],
    limit: HOME_LIFE_SCAN,
  });
  const atHome = present.items.filter((record) => record.branchId === homeId);
  if (atHome.length === 0) return [];
  const activities = await store.find<ActivityRecord>(COLLECTIONS.activities, {
    where: { _id: { $in: atHome.map((record) => record.activityId) } },
    limit: atHome.length,
  });
  const byId = new Map(activities.items.map((activity) => [activity._id, activity]));
  return atHome.flatMap((record) => {
    const activity = byId.get(record.activityId);
    return activity
      ? [
          {
            activityId: activity._id,
            branch: { orgId: activity.branchId, name: activity.branchName },
            topic: activity.topic,
            heldOn: record.heldOn,
          },
        ]
      : [];
  });
}

export async function placementHistory(
  ctx: ServiceContext,
  input: ParsedInput<'placement.history'>,
): Promise<ActionOutput<'placement.history'>> {
  const member = await requireMember(ctx, input.memberId);
  const access = await loadAccess(ctx);
  const [relation, page] = await Promise.all([
    relationTo(ctx, access, member),
    ctx.deps.store.find<PlacementRecord>(COLLECTIONS.placements, {
      where: { memberId: member._id },
      orderBy: [{ field: 'startedAt', direction: 'desc' }],
      limit: HISTORY_LIMIT,
    }),
  ]);
  // A branch the member has left still sees the history it is part of.
  if (!relation && !page.items.some((doc) => access.manages(doc.branchPath))) throw memberNotFound();
  const placement = placementOf(member);
  // Newest first by start, and by number where two started in the same instant.
  const numberOf = (doc: PlacementDoc) => Number(doc._id.slice(doc._id.lastIndexOf('_') + 1));
  const items = [...page.items].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || numberOf(b) - numberOf(a));
  if (placement && !items.some((doc) => !doc.endedOn && doc.branchId === placement.branchId)) {
    items.unshift(legacyPlacement(member, placement));
  }
  const self = relation === 'self';
  return {
    items: items.map(toPlacementView),
    returnedOn: member.returnedOn ?? null,
    homeLife: await homeLife(ctx, member),
    can: {
      leave: placement !== null && (self || access.manages(placement.branchPath)),
      recordReturn: member.status !== 'returned' && member.outflowPath !== null && access.manages(member.outflowPath),
    },
  };
}
