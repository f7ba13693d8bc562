import { createHash } from 'node:crypto';
import dayjs from 'dayjs';
import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import type { AttendanceStatus, SignInView } from '../contract/activities';
import {
  type AttendanceMode,
  CANDIDATE_NEXT,
  type CandidateView,
  POSTS_ENDING_MOBILITY,
  type RoundTableAttendanceView,
  type RoundTableView,
  SUGGESTION_NEXT,
  type SuggestionView,
  type ThinkTankInvitationView,
  type ThinkTankStatus,
  type VillagePost,
} from '../contract/homecoming';
import { shanghaiDate, timestamp } from '../lib/time';
import { type StoredDocument, type TransactionStore, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertOrGet, retryOnConflict, saveVersioned } from '../store/saving';
import { type Access, actingName, loadAccess } from './access';
import { meetingTimes, signInWindowAt } from './activities';
import { type ServiceContext, callerKey } from './context';
import { type MemberDoc, findOwnMember, memberNotFound, requireOwnMember } from './members';
import { orgNotFound, requireManagedOrganization } from './organizations';
import { checkReturnDay, readReturnSubject, recordReturnOf } from './placements';
import type {
  MemberRecord,
  OrganizationRecord,
  RoundTableAttendanceRecord,
  RoundTableRecord,
  SuggestionRecord,
  ThinkTankInvitationRecord,
  VillagePostCandidateRecord,
} from './records';

/**
 * 返乡 (contract/homecoming.ts): the think-tank, its round-tables and suggestions, and the
 * candidates for village posts, all kept by the outflow organization. Whoever does not manage
 * the organization (the inflow side, neighbours, strangers) gets the answer a missing id gets;
 * the member sees their own invitations, the round-tables of the think-tanks they joined and
 * their own suggestions, never the candidacies.
 */

type InvitationDoc = StoredDocument<ThinkTankInvitationRecord>;
type RoundTableDoc = StoredDocument<RoundTableRecord>;
type RoundTableAttendanceDoc = StoredDocument<RoundTableAttendanceRecord>;
type SuggestionDoc = StoredDocument<SuggestionRecord>;
type CandidateDoc = StoredDocument<VillagePostCandidateRecord>;

/** The page a round-table's sign-in code opens (the member's 家乡事); miniprogram/services/homecoming-text.ts holds the same string. */
export const ROUND_TABLE_PAGE = 'pages/my-homecoming/my-homecoming';
const SCENE_PREFIX = 'r=';

/** A think-tank has dozens of members, a member a few invitations: the caps guard the queries. */
const THINK_TANK_LIMIT = 200;
const MINE_LIMIT = 50;
/** How far back the member's page shows round-tables already held. */
const RECENT_DAYS = 90;

function hashed(prefix: string, ...parts: string[]): string {
  return `${prefix}${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 20)}`;
}

/** One invitation per organization and member: a second invite finds the first. */
export function invitationIdFor(orgId: string, memberId: string): string {
  return hashed('tt_', orgId, memberId);
}

export function roundTableAttendanceIdFor(roundTableId: string, memberId: string): string {
  return hashed('rta_', roundTableId, memberId);
}

const POST_CODES: Record<VillagePost, string> = { first_secretary: 'fs', reserve_cadre: 'rc' };

/**
 * One candidacy per member and post, whoever proposes: a second proposal finds the first. The
 * member's id is in it, so a step reads the member (and their placement) beside the candidacy.
 */
export function candidateIdFor(memberId: string, post: VillagePost): string {
  return `vc_${POST_CODES[post]}_${memberId}`;
}

function memberIdOfCandidate(candidateId: string): string | null {
  return /^vc_(?:fs|rc)_([A-Za-z0-9_-]+)$/.exec(candidateId)?.[1] ?? null;
}

/**
 * The six digits a member far away enters: keyed by the server's secret, so nobody derives it
 * from the round-table's id (which members see), and the same round-table always has the same.
 */
function joinCodeFor(ctx: ServiceContext, roundTableId: string): string {
  const digest = ctx.deps.pii.lookupHash(`round-table-join|${roundTableId}`);
  return String(Number.parseInt(digest.slice(0, 12), 16) % 1_000_000).padStart(6, '0');
}

export function roundTableScene(roundTableId: string): string {
  return `${SCENE_PREFIX}${roundTableId}`;
}

// ---- views ------------------------------------------------------------------------------

function toInvitationView(doc: InvitationDoc): ThinkTankInvitationView {
  return {
    invitationId: doc._id,
    org: { orgId: doc.orgId, name: doc.orgName },
    member: { memberId: doc.memberId, name: doc.memberName },
    status: doc.status,
    note: doc.note,
    invitedAt: doc.invitedAt,
    invitedByName: doc.invitedByName,
    answeredAt: doc.answeredAt,
    version: doc.version,
  };
}

function toRoundTableView(doc: RoundTableDoc, forOfficials: boolean): RoundTableView {
  return {
    roundTableId: doc._id,
    org: { orgId: doc.orgId, name: doc.orgName },
    topic: doc.topic,
    place: doc.place,
    startsAt: doc.startsAt,
    endsAt: doc.endsAt,
    signInOpensAt: doc.signInOpensAt,
    signInClosesAt: doc.signInClosesAt,
    joinCode: forOfficials ? doc.joinCode : null,
    presentCount: doc.presentCount,
    remoteCount: doc.remoteCount,
    leaveCount: doc.leaveCount,
    minutes: doc.minutes,
    minutesByName: doc.minutesByName,
    minutesAt: doc.minutesAt,
    createdByName: doc.createdByName,
    version: doc.version,
  };
}

function toAttendanceView(doc: RoundTableAttendanceDoc): RoundTableAttendanceView {
  return {
    memberId: doc.memberId,
    memberName: doc.memberName,
    status: doc.status,
    mode: doc.mode,
    via: doc.via,
    reason: doc.reason,
    recordedAt: doc.recordedAt,
    recordedByName: doc.recordedByName,
    version: doc.version,
  };
}

function toSuggestionView(doc: SuggestionDoc, canFollow: boolean): SuggestionView {
  return {
    suggestionId: doc._id,
    roundTable: { roundTableId: doc.roundTableId, topic: doc.roundTableTopic, heldOn: doc.heldOn },
    org: { orgId: doc.orgId, name: doc.orgName },
    member: { memberId: doc.memberId, name: doc.memberName },
    content: doc.content,
    status: doc.status,
    steps: doc.steps.map((step) => ({ status: step.status, note: step.note, byName: step.byName, at: step.at })),
    next: canFollow ? [...SUGGESTION_NEXT[doc.status]] : [],
    version: doc.version,
  };
}

function toCandidateView(doc: CandidateDoc, memberStatus: string): CandidateView {
  return {
    candidateId: doc._id,
    org: { orgId: doc.orgId, name: doc.orgName },
    member: { memberId: doc.memberId, name: doc.memberName },
    post: doc.post,
    postOrg: { orgId: doc.postOrgId, name: doc.postOrgName },
    status: doc.status,
    steps: doc.steps.map((step) => ({
      step: step.step,
      on: step.on,
      note: step.note,
      byName: step.byName,
      recordedAt: step.recordedAt,
    })),
    endsMobility: POSTS_ENDING_MOBILITY.includes(doc.post),
    memberStatus,
    next: [...CANDIDATE_NEXT[doc.status]],
    version: doc.version,
  };
}

// ---- shared refusals ----------------------------------------------------------------------

function invitationNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这条智囊团邀请', { field: 'invitationId' });
}

function roundTableNotFound(field = 'roundTableId'): AppError {
  return new AppError('NOT_FOUND', '找不到这次圆桌会', { field });
}

function suggestionNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这条建议', { field: 'suggestionId' });
}

function candidateNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这条人选记录', { field: 'candidateId' });
}

function changedElsewhere(): AppError {
  return new AppError('CONFLICT', '刚被其他人修改过，请刷新后再试');
}

/** Maps a lost compare-and-set to this domain's CONFLICT. */
async function orConflict<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof VersionConflictError) throw changedElsewhere();
    throw error;
  }
}

/**
 * An outgoing member of `org` (its relationship held by it or an organization below it, not
 * transferred away); anyone else is a member that is not there, whoever asks.
 */
async function requireOutgoingMember(ctx: ServiceContext, org: OrganizationRecord, memberId: string): Promise<MemberDoc> {
  const member = await ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
  if (!member || !member.outflowPath || !member.outflowPath.startsWith(org.path) || member.status === 'transferred') {
    throw memberNotFound();
  }
  return member;
}

/** A calendar day that exists and is not after today: BAD_REQUEST on `field` otherwise. */
function checkPastDay(ctx: ServiceContext, day: string, field: string): void {
  if (dayjs.utc(day).format('YYYY-MM-DD') !== day) throw new AppError('BAD_REQUEST', '日期不是有效的日期', { field });
  if (day > shanghaiDate(ctx.deps.clock)) throw new AppError('BAD_REQUEST', '日期不能晚于今天', { field });
}

// ---- the think-tank ---------------------------------------------------------------------

export async function inviteToThinkTank(
  ctx: ServiceContext,
  input: ParsedInput<'thinkTank.invite'>,
): Promise<ActionOutput<'thinkTank.invite'>> {
  const { org, access } = await requireManagedOrganization(ctx, input.orgId);
  const member = await requireOutgoingMember(ctx, org, input.memberId);
  const id = invitationIdFor(org._id, member._id);
  const existing = await ctx.deps.store.get<ThinkTankInvitationRecord>(COLLECTIONS.thinkTank, id);
  // Invited or in already: a retry, or a second official, is answered with what is there.
  if (existing && existing.status !== 'declined') return toInvitationView(existing);
  if (existing && input.version !== existing.version) throw changedElsewhere();
  const now = timestamp(ctx.deps.clock);
  const record: ThinkTankInvitationRecord = {
    orgId: org._id,
    orgName: org.name,
    orgPath: org.path,
    memberId: member._id,
    memberName: member.name,
    status: 'invited',
    note: input.note,
    invitedAt: now,
    invitedBy: callerKey(ctx.caller),
    invitedByName: actingName(access, org.path),
    answeredAt: null,
  };
  if (!existing) {
    const { doc } = await insertOrGet<ThinkTankInvitationRecord>(ctx.deps.store, COLLECTIONS.thinkTank, { _id: id, ...record });
    return toInvitationView(doc);
  }
  return toInvitationView(await orConflict(saveVersioned(ctx.deps.store, COLLECTIONS.thinkTank, id, existing.version, record)));
}

export async function listThinkTank(
  ctx: ServiceContext,
  input: ParsedInput<'thinkTank.list'>,
): Promise<ActionOutput<'thinkTank.list'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const page = await ctx.deps.store.find<ThinkTankInvitationRecord>(COLLECTIONS.thinkTank, {
    where: { orgId: org._id },
    orderBy: [{ field: 'invitedAt', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toInvitationView), nextCursor: page.nextCursor };
}

/** What each answer moves an invitation to, and from which statuses (a member in the think-tank may leave it). */
const ANSWERS: Record<'accept' | 'decline', { to: ThinkTankStatus; from: readonly ThinkTankStatus[] }> = {
  accept: { to: 'accepted', from: ['invited'] },
  decline: { to: 'declined', from: ['invited', 'accepted'] },
};

export async function respondToThinkTank(
  ctx: ServiceContext,
  input: ParsedInput<'thinkTank.respond'>,
): Promise<ActionOutput<'thinkTank.respond'>> {
  const [member, invitation] = await Promise.all([
    requireOwnMember(ctx),
    ctx.deps.store.get<ThinkTankInvitationRecord>(COLLECTIONS.thinkTank, input.invitationId),
  ]);
  if (!invitation || invitation.memberId !== member._id) throw invitationNotFound();
  const answer = ANSWERS[input.answer];
  // The same answer again (a retry, a second tap) changes nothing.
  if (invitation.status === answer.to) return toInvitationView(invitation);
  if (!answer.from.includes(invitation.status)) {
    throw new AppError('BAD_REQUEST', '您已婉拒这条邀请；如想加入，请联系家乡党组织再次邀请', { field: 'answer' });
  }
  if (invitation.version !== input.version) throw changedElsewhere();
  const patch: Partial<ThinkTankInvitationRecord> = { status: answer.to, answeredAt: timestamp(ctx.deps.clock) };
  const version = await orConflict(ctx.deps.store.update(COLLECTIONS.thinkTank, invitation._id, invitation.version, patch));
  return toInvitationView({ ...invitation, ...patch, version });
}

/** The caller's accepted invitation to the think-tank of `orgId`, or null. */
async function membershipOf(ctx: ServiceContext, member: MemberDoc | null, orgId: string): Promise<InvitationDoc | null> {
  if (!member) return null;
  const invitation = await ctx.deps.store.get<ThinkTankInvitationRecord>(
    COLLECTIONS.thinkTank,
    invitationIdFor(orgId, member._id),
  );
  return invitation && invitation.status === 'accepted' ? invitation : null;
}

function signInViewOf(roundTable: RoundTableRecord, mine: RoundTableAttendanceRecord | null, now: string): SignInView {
  return {
    state: mine?.status === 'present' ? 'signed_in' : signInWindowAt(roundTable, now),
    opensAt: roundTable.signInOpensAt,
    closesAt: roundTable.signInClosesAt,
  };
}

export async function myHomecoming(ctx: ServiceContext): Promise<ActionOutput<'homecoming.mine'>> {
  const member = await requireOwnMember(ctx);
  const { store } = ctx.deps;
  const [invitations, suggestions] = await Promise.all([
    store.find<ThinkTankInvitationRecord>(COLLECTIONS.thinkTank, {
      where: { memberId: member._id },
      orderBy: [{ field: 'invitedAt', direction: 'desc' }],
      limit: MINE_LIMIT,
    }),
    store.find<SuggestionRecord>(COLLECTIONS.suggestions, {
      where: { memberId: member._id },
      orderBy: [{ field: 'createdAt', direction: 'desc' }],
      limit: MINE_LIMIT,
    }),
  ]);
  const orgIds = invitations.items.filter((doc) => doc.status === 'accepted').map((doc) => doc.orgId);
  const now = timestamp(ctx.deps.clock);
  const since = dayjs(now).subtract(RECENT_DAYS, 'day').toISOString();
  const roundTables =
    orgIds.length === 0
      ? []
      : (
          await store.find<RoundTableRecord>(COLLECTIONS.roundTables, {
            where: { orgId: { $in: orgIds }, startsAt: { $gte: since } },
            orderBy: [{ field: 'startsAt', direction: 'desc' }],
            limit: MINE_LIMIT,
          })
        ).items;
  const attendance =
    roundTables.length === 0
      ? []
      : (
          await store.find<RoundTableAttendanceRecord>(COLLECTIONS.roundTableAttendance, {
            where: { roundTableId: { $in: roundTables.map((doc) => doc._id) }, memberId: member._id },
            orderBy: [{ field: 'roundTableId', direction: 'asc' }],
            limit: roundTables.length,
          })
        ).items;
  const mine = new Map(attendance.map((doc) => [doc.roundTableId, doc]));
  return {
    invitations: invitations.items.map(toInvitationView),
    roundTables: roundTables.map((doc) => {
      const own = mine.get(doc._id) ?? null;
      return {
        roundTable: toRoundTableView(doc, false),
        mine: own ? toAttendanceView(own) : null,
        signIn: signInViewOf(doc, own, now),
      };
    }),
    suggestions: suggestions.items.map((doc) => toSuggestionView(doc, false)),
  };
}

// ---- round-tables -----------------------------------------------------------------------

export async function createRoundTable(
  ctx: ServiceContext,
  input: ParsedInput<'roundTable.create'>,
): Promise<ActionOutput<'roundTable.create'>> {
  const { org, access } = await requireManagedOrganization(ctx, input.orgId);
  const times = await meetingTimes(ctx.deps, org.path, input);
  const id = hashed('rt_', callerKey(ctx.caller), input.requestId);
  const record: RoundTableRecord = {
    orgId: org._id,
    orgName: org.name,
    orgPath: org.path,
    topic: input.topic,
    place: input.place,
    ...times,
    joinCode: joinCodeFor(ctx, id),
    presentCount: 0,
    remoteCount: 0,
    leaveCount: 0,
    minutes: '',
    minutesByName: null,
    minutesAt: null,
    createdBy: callerKey(ctx.caller),
    createdByName: actingName(access, org.path),
    createdAt: timestamp(ctx.deps.clock),
  };
  // The same tap sent twice: answer with what the first one made.
  const { doc } = await insertOrGet<RoundTableRecord>(ctx.deps.store, COLLECTIONS.roundTables, { _id: id, ...record });
  return toRoundTableView(doc, true);
}

export async function listRoundTables(
  ctx: ServiceContext,
  input: ParsedInput<'roundTable.list'>,
): Promise<ActionOutput<'roundTable.list'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const now = timestamp(ctx.deps.clock);
  const upcoming = input.when === 'upcoming';
  // A round-table under way is still "upcoming" until it ends: its sign-in and minutes are open.
  const page = await ctx.deps.store.find<RoundTableRecord>(COLLECTIONS.roundTables, {
    where: { orgId: org._id, startsAt: upcoming ? { $gte: dayjs(now).subtract(8, 'hour').toISOString() } : { $lt: now } },
    orderBy: [{ field: 'startsAt', direction: upcoming ? 'asc' : 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map((doc) => toRoundTableView(doc, true)), nextCursor: page.nextCursor };
}

interface RoundTableReader {
  roundTable: RoundTableDoc;
  access: Access;
  manages: boolean;
  member: MemberDoc | null;
}

/**
 * A round-table as the caller may see it: its organization's officials manage it, a member who
 * accepted that think-tank's invitation takes part; anyone else gets the answer for a missing one.
 */
async function readRoundTable(ctx: ServiceContext, roundTableId: string, field = 'roundTableId'): Promise<RoundTableReader> {
  const [roundTable, access, member] = await Promise.all([
    ctx.deps.store.get<RoundTableRecord>(COLLECTIONS.roundTables, roundTableId),
    loadAccess(ctx),
    findOwnMember(ctx),
  ]);
  if (!roundTable) throw roundTableNotFound(field);
  if (access.manages(roundTable.orgPath)) return { roundTable, access, manages: true, member };
  if (await membershipOf(ctx, member, roundTable.orgId)) return { roundTable, access, manages: false, member };
  throw roundTableNotFound(field);
}

async function requireManagedRoundTable(ctx: ServiceContext, roundTableId: string): Promise<RoundTableReader> {
  const reader = await readRoundTable(ctx, roundTableId);
  if (!reader.manages) throw new AppError('FORBIDDEN', '只有组织圆桌会的党组织可以办理');
  return reader;
}

async function suggestionsOf(ctx: ServiceContext, roundTableId: string): Promise<SuggestionDoc[]> {
  const page = await ctx.deps.store.find<SuggestionRecord>(COLLECTIONS.suggestions, {
    where: { roundTableId },
    orderBy: [{ field: 'createdAt', direction: 'asc' }],
    limit: THINK_TANK_LIMIT,
  });
  return page.items;
}

export async function getRoundTable(
  ctx: ServiceContext,
  input: ParsedInput<'roundTable.get'>,
): Promise<ActionOutput<'roundTable.get'>> {
  const { roundTable, manages, member } = await readRoundTable(ctx, input.roundTableId);
  const { store } = ctx.deps;
  const now = timestamp(ctx.deps.clock);
  if (!manages) {
    const [own, suggestions] = await Promise.all([
      member
        ? store.get<RoundTableAttendanceRecord>(
            COLLECTIONS.roundTableAttendance,
            roundTableAttendanceIdFor(roundTable._id, member._id),
          )
        : Promise.resolve(null),
      suggestionsOf(ctx, roundTable._id),
    ]);
    return {
      roundTable: toRoundTableView(roundTable, false),
      sheet: [],
      mine: own ? toAttendanceView(own) : null,
      signIn: signInViewOf(roundTable, own, now),
      suggestions: suggestions.map((doc) => toSuggestionView(doc, false)),
      canManage: false,
    };
  }
  const [members, attendance, suggestions] = await Promise.all([
    store.find<ThinkTankInvitationRecord>(COLLECTIONS.thinkTank, {
      where: { orgId: roundTable.orgId, status: 'accepted' },
      orderBy: [{ field: 'invitedAt', direction: 'desc' }],
      limit: THINK_TANK_LIMIT,
    }),
    store.find<RoundTableAttendanceRecord>(COLLECTIONS.roundTableAttendance, {
      where: { roundTableId: roundTable._id },
      orderBy: [{ field: 'memberId', direction: 'asc' }],
      limit: THINK_TANK_LIMIT,
    }),
    suggestionsOf(ctx, roundTable._id),
  ]);
  const byMember = new Map(attendance.items.map((doc) => [doc.memberId, doc]));
  return {
    roundTable: toRoundTableView(roundTable, true),
    sheet: members.items.map((invitation) => {
      const doc = byMember.get(invitation.memberId);
      return {
        member: { memberId: invitation.memberId, name: invitation.memberName },
        attendance: doc ? toAttendanceView(doc) : null,
      };
    }),
    mine: null,
    signIn: null,
    suggestions: suggestions.map((doc) => toSuggestionView(doc, true)),
    canManage: true,
  };
}

export async function roundTableCode(
  ctx: ServiceContext,
  input: ParsedInput<'roundTable.code'>,
): Promise<ActionOutput<'roundTable.code'>> {
  const { roundTable } = await requireManagedRoundTable(ctx, input.roundTableId);
  const scene = roundTableScene(roundTable._id);
  return {
    roundTable: toRoundTableView(roundTable, true),
    scene,
    page: ROUND_TABLE_PAGE,
    imageDataUrl: await ctx.deps.codeRenderer.render(scene, ROUND_TABLE_PAGE),
  };
}

/** The counters after one member's attendance moves from `from` (none when null) to `to`. */
function countersAfter(
  roundTable: RoundTableRecord,
  from: Pick<RoundTableAttendanceRecord, 'status' | 'mode'> | null,
  to: Pick<RoundTableAttendanceRecord, 'status' | 'mode'>,
): Pick<RoundTableRecord, 'presentCount' | 'remoteCount' | 'leaveCount'> {
  const count = (mark: typeof to | null, status: AttendanceStatus, mode?: AttendanceMode) =>
    mark && mark.status === status && (mode === undefined || mark.mode === mode) ? 1 : 0;
  const step = (status: AttendanceStatus, mode?: AttendanceMode) => count(to, status, mode) - count(from, status, mode);
  return {
    presentCount: roundTable.presentCount + step('present', 'in_person'),
    remoteCount: roundTable.remoteCount + step('present', 'remote'),
    leaveCount: roundTable.leaveCount + step('leave'),
  };
}

type AttendanceMark = Pick<
  RoundTableAttendanceRecord,
  'status' | 'mode' | 'via' | 'reason' | 'recordedAt' | 'recordedBy' | 'recordedByName'
>;

/** Writes one attendance and moves the round-table's counters with it, in the caller's transaction. */
async function writeAttendance(
  tx: TransactionStore,
  roundTable: RoundTableDoc,
  member: { _id: string; name: string },
  existing: RoundTableAttendanceDoc | null,
  mark: AttendanceMark,
): Promise<RoundTableAttendanceDoc> {
  const record: RoundTableAttendanceRecord = {
    roundTableId: roundTable._id,
    orgId: roundTable.orgId,
    heldOn: roundTable.heldOn,
    memberId: member._id,
    memberName: member.name,
    ...mark,
  };
  const [saved] = await Promise.all([
    saveVersioned(
      tx,
      COLLECTIONS.roundTableAttendance,
      roundTableAttendanceIdFor(roundTable._id, member._id),
      existing?.version ?? null,
      record,
    ),
    tx.update(COLLECTIONS.roundTables, roundTable._id, roundTable.version, countersAfter(roundTable, existing, mark)),
  ]);
  return saved;
}

function sceneRoundTableId(scene: string): string {
  const match = /^r=([A-Za-z0-9_-]{1,30})$/.exec(scene.trim());
  if (!match) throw new AppError('INVALID_CODE', '这不是圆桌会签到码，请对准圆桌会的签到码重新扫描', { field: 'scene' });
  return match[1];
}

export async function signInToRoundTable(
  ctx: ServiceContext,
  input: ParsedInput<'roundTable.signIn'>,
): Promise<ActionOutput<'roundTable.signIn'>> {
  const member = await requireOwnMember(ctx);
  const field = input.how === 'scan' ? 'scene' : 'roundTableId';
  const id = input.how === 'scan' ? sceneRoundTableId(input.scene) : input.roundTableId;
  const found = await ctx.deps.store.get<RoundTableRecord>(COLLECTIONS.roundTables, id);
  if (!found || !(await membershipOf(ctx, member, found.orgId))) throw roundTableNotFound(field);
  if (input.how === 'join_code' && input.joinCode !== found.joinCode) {
    throw new AppError('BAD_REQUEST', '远程参会码不对，请向主持人核对后再输入', { field: 'joinCode' });
  }
  const mode: AttendanceMode = input.how === 'scan' ? 'in_person' : 'remote';
  const now = timestamp(ctx.deps.clock);
  const attendanceId = roundTableAttendanceIdFor(found._id, member._id);
  const attempt = () =>
    ctx.deps.store.transaction(async (tx) => {
      const [roundTable, existing] = await Promise.all([
        tx.get<RoundTableRecord>(COLLECTIONS.roundTables, found._id),
        tx.get<RoundTableAttendanceRecord>(COLLECTIONS.roundTableAttendance, attendanceId),
      ]);
      if (!roundTable) throw roundTableNotFound(field);
      // Signing in twice (a slow network, the code entered again) never counts twice.
      if (existing?.status === 'present') {
        return { roundTable: toRoundTableView(roundTable, false), attendance: toAttendanceView(existing), alreadySignedIn: true };
      }
      const window = signInWindowAt(roundTable, now);
      if (window === 'not_yet_open') throw new AppError('SIGN_IN_CLOSED', '圆桌会还没开始签到，请在会议开始前半小时内再试');
      if (window === 'closed') throw new AppError('SIGN_IN_CLOSED', '圆桌会已经结束，不能再签到');
      const saved = await writeAttendance(tx, roundTable, member, existing, {
        status: 'present',
        mode,
        via: input.how,
        reason: null,
        recordedAt: now,
        recordedBy: callerKey(ctx.caller),
        recordedByName: member.name,
      });
      const counters = countersAfter(roundTable, existing, saved);
      return {
        roundTable: toRoundTableView({ ...roundTable, ...counters, version: roundTable.version + 1 }, false),
        attendance: toAttendanceView(saved),
        alreadySignedIn: false,
      };
    });
  return retryOnConflict(attempt, () => new AppError('CONFLICT', '签到的人较多，请稍后再签一次'));
}

export async function markRoundTable(
  ctx: ServiceContext,
  input: ParsedInput<'roundTable.mark'>,
): Promise<ActionOutput<'roundTable.mark'>> {
  const { roundTable: found, access } = await requireManagedRoundTable(ctx, input.roundTableId);
  const invitation = await ctx.deps.store.get<ThinkTankInvitationRecord>(
    COLLECTIONS.thinkTank,
    invitationIdFor(found.orgId, input.memberId),
  );
  if (!invitation || invitation.status !== 'accepted') throw memberNotFound();
  const now = timestamp(ctx.deps.clock);
  if (input.status !== 'leave' && now < found.signInOpensAt) {
    throw new AppError('BAD_REQUEST', '圆桌会还没开始，只能登记请假', { field: 'status' });
  }
  const attendanceId = roundTableAttendanceIdFor(found._id, input.memberId);
  const markedElsewhere = () => new AppError('CONFLICT', '刚被其他人登记过，请刷新');
  const attempt = () =>
    ctx.deps.store.transaction(async (tx) => {
      const [roundTable, existing] = await Promise.all([
        tx.get<RoundTableRecord>(COLLECTIONS.roundTables, found._id),
        tx.get<RoundTableAttendanceRecord>(COLLECTIONS.roundTableAttendance, attendanceId),
      ]);
      if (!roundTable) throw roundTableNotFound();
      // What the official saw must still be what is stored, or one of two officials is overwritten.
      if ((existing?.version ?? null) !== input.expectedVersion) throw markedElsewhere();
      const saved = await writeAttendance(tx, roundTable, { _id: invitation.memberId, name: invitation.memberName }, existing, {
        status: input.status,
        mode: input.mode,
        via: 'official',
        reason: input.reason || null,
        recordedAt: now,
        recordedBy: callerKey(ctx.caller),
        recordedByName: actingName(access, roundTable.orgPath),
      });
      return toAttendanceView(saved);
    });
  return retryOnConflict(attempt, markedElsewhere);
}

export async function saveRoundTableMinutes(
  ctx: ServiceContext,
  input: ParsedInput<'roundTable.saveMinutes'>,
): Promise<ActionOutput<'roundTable.saveMinutes'>> {
  const { roundTable, access } = await requireManagedRoundTable(ctx, input.roundTableId);
  if (timestamp(ctx.deps.clock) < roundTable.startsAt) {
    throw new AppError('BAD_REQUEST', '会议开始后才能记录纪要', { field: 'minutes' });
  }
  // The same minutes sent again (a retry) are what is stored already.
  if (roundTable.minutes === input.minutes && roundTable.version === input.version + 1) {
    return toRoundTableView(roundTable, true);
  }
  if (roundTable.version !== input.version) throw changedElsewhere();
  const patch: Partial<RoundTableRecord> = {
    minutes: input.minutes,
    minutesByName: actingName(access, roundTable.orgPath),
    minutesAt: timestamp(ctx.deps.clock),
  };
  const version = await orConflict(ctx.deps.store.update(COLLECTIONS.roundTables, roundTable._id, input.version, patch));
  return toRoundTableView({ ...roundTable, ...patch, version }, true);
}

// ---- suggestions ------------------------------------------------------------------------

export async function addSuggestion(
  ctx: ServiceContext,
  input: ParsedInput<'suggestion.add'>,
): Promise<ActionOutput<'suggestion.add'>> {
  const { roundTable, access } = await requireManagedRoundTable(ctx, input.roundTableId);
  const invitation = await ctx.deps.store.get<ThinkTankInvitationRecord>(
    COLLECTIONS.thinkTank,
    invitationIdFor(roundTable.orgId, input.memberId),
  );
  if (!invitation || invitation.status !== 'accepted') throw memberNotFound();
  const now = timestamp(ctx.deps.clock);
  if (now < roundTable.startsAt) throw new AppError('BAD_REQUEST', '会议开始后才能记录建议', { field: 'content' });
  const record: SuggestionRecord = {
    roundTableId: roundTable._id,
    roundTableTopic: roundTable.topic,
    heldOn: roundTable.heldOn,
    orgId: roundTable.orgId,
    orgName: roundTable.orgName,
    orgPath: roundTable.orgPath,
    memberId: invitation.memberId,
    memberName: invitation.memberName,
    content: input.content,
    status: 'recorded',
    steps: [{ status: 'recorded', note: '', byName: actingName(access, roundTable.orgPath), by: callerKey(ctx.caller), at: now }],
    createdAt: now,
  };
  const { doc } = await insertOrGet<SuggestionRecord>(ctx.deps.store, COLLECTIONS.suggestions, {
    _id: hashed('sg_', callerKey(ctx.caller), input.requestId),
    ...record,
  });
  return toSuggestionView(doc, true);
}

export async function followSuggestion(
  ctx: ServiceContext,
  input: ParsedInput<'suggestion.follow'>,
): Promise<ActionOutput<'suggestion.follow'>> {
  const [suggestion, access] = await Promise.all([
    ctx.deps.store.get<SuggestionRecord>(COLLECTIONS.suggestions, input.suggestionId),
    loadAccess(ctx),
  ]);
  if (!suggestion || !access.manages(suggestion.orgPath)) throw suggestionNotFound();
  const last = suggestion.steps[suggestion.steps.length - 1];
  // This very step already written (the answer was lost on the way): answer with it.
  const by = callerKey(ctx.caller);
  if (suggestion.version === input.version + 1 && last.status === input.status && last.note === input.note && last.by === by) {
    return toSuggestionView(suggestion, true);
  }
  if (suggestion.version !== input.version) throw changedElsewhere();
  if (!SUGGESTION_NEXT[suggestion.status].includes(input.status)) {
    throw new AppError('BAD_REQUEST', '这条建议已经办结或不予采纳，不能再改', { field: 'status' });
  }
  const step = {
    status: input.status,
    note: input.note,
    byName: actingName(access, suggestion.orgPath),
    by,
    at: timestamp(ctx.deps.clock),
  };
  const patch: Partial<SuggestionRecord> = { status: input.status, steps: [...suggestion.steps, step] };
  const version = await orConflict(ctx.deps.store.update(COLLECTIONS.suggestions, suggestion._id, input.version, patch));
  return toSuggestionView({ ...suggestion, ...patch, version }, true);
}

// ---- candidates for village posts -------------------------------------------------------

export async function proposeCandidate(
  ctx: ServiceContext,
  input: ParsedInput<'candidate.propose'>,
): Promise<ActionOutput<'candidate.propose'>> {
  const { org, access } = await requireManagedOrganization(ctx, input.orgId);
  const [member, postOrg] = await Promise.all([
    requireOutgoingMember(ctx, org, input.memberId),
    ctx.deps.store.get<OrganizationRecord>(COLLECTIONS.organizations, input.postOrgId),
  ]);
  // The village must be in the proposer's own subtree; one outside it is one they cannot see.
  if (!postOrg || !postOrg.path.startsWith(org.path) || postOrg.dissolved) throw orgNotFound('postOrgId');
  const id = candidateIdFor(member._id, input.post);
  const existing = await ctx.deps.store.get<VillagePostCandidateRecord>(COLLECTIONS.villageCandidates, id);
  if (existing && existing.status !== 'declined') {
    if (existing.orgId === org._id && existing.postOrgId === postOrg._id) return toCandidateView(existing, member.status);
    throw new AppError('BAD_REQUEST', `${member.name}已是这一岗位的人选（${existing.postOrgName}）`, { field: 'post' });
  }
  if (existing && input.version !== existing.version) throw changedElsewhere();
  const now = timestamp(ctx.deps.clock);
  const byName = actingName(access, org.path);
  const step = {
    step: 'proposed' as const,
    on: shanghaiDate(ctx.deps.clock),
    note: input.note,
    byName,
    by: callerKey(ctx.caller),
    recordedAt: now,
  };
  const record: VillagePostCandidateRecord = {
    orgId: org._id,
    orgName: org.name,
    orgPath: org.path,
    memberId: member._id,
    memberName: member.name,
    post: input.post,
    postOrgId: postOrg._id,
    postOrgName: postOrg.name,
    status: 'proposed',
    // A proposal made again after a decline keeps the earlier steps: the history is the record.
    steps: [...(existing?.steps ?? []), step],
    proposedAt: now,
  };
  if (!existing) {
    const { doc } = await insertOrGet<VillagePostCandidateRecord>(ctx.deps.store, COLLECTIONS.villageCandidates, {
      _id: id,
      ...record,
    });
    return toCandidateView(doc, member.status);
  }
  const saved = await orConflict(saveVersioned(ctx.deps.store, COLLECTIONS.villageCandidates, id, existing.version, record));
  return toCandidateView(saved, member.status);
}

async function attemptCandidateStep(
  ctx: ServiceContext,
  accessRead: Promise<Access>,
  input: ParsedInput<'candidate.step'>,
): Promise<CandidateView> {
  const memberId = memberIdOfCandidate(input.candidateId);
  if (!memberId) throw candidateNotFound();
  // The candidacy, the caller's roles, the member and their placement: one step, all read together.
  const [candidate, access, subject] = await Promise.all([
    ctx.deps.store.get<VillagePostCandidateRecord>(COLLECTIONS.villageCandidates, input.candidateId),
    accessRead,
    readReturnSubject(ctx, memberId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }),
  ]);
  if (!candidate || !access.manages(candidate.orgPath) || !subject) throw candidateNotFound();
  const { member } = subject;
  const by = callerKey(ctx.caller);
  const last = candidate.steps[candidate.steps.length - 1];
  // This very step written already (the answer was lost on the way): with its return, if it had one.
  const same = last.step === input.step && last.on === input.on && last.note === input.note && last.by === by;
  if (candidate.version === input.version + 1 && same) return toCandidateView(candidate, member.status);
  if (candidate.version !== input.version) throw changedElsewhere();
  if (!CANDIDATE_NEXT[candidate.status].includes(input.step)) {
    throw new AppError('BAD_REQUEST', '这名人选已经任命或已婉拒，不能再登记', { field: 'step' });
  }
  checkPastDay(ctx, input.on, 'on');
  if (input.on < last.on) throw new AppError('BAD_REQUEST', '日期不能早于上一步', { field: 'on' });
  const endsMobility =
    input.step === 'appointed' &&
    POSTS_ENDING_MOBILITY.includes(candidate.post) &&
    member.status !== 'returned' &&
    member.status !== 'transferred';
  if (endsMobility) checkReturnDay(ctx, member, input.on, 'on');
  const step = {
    step: input.step,
    on: input.on,
    note: input.note,
    byName: actingName(access, candidate.orgPath),
    by,
    recordedAt: timestamp(ctx.deps.clock),
  };
  const patch: Partial<VillagePostCandidateRecord> = { status: input.step, steps: [...candidate.steps, step] };
  // The candidacy's compare-and-set decides between two officials.
  let version = candidate.version;
  const write = async (tx: TransactionStore) => {
    version = await tx.update(COLLECTIONS.villageCandidates, candidate._id, input.version, patch);
  };
  if (!endsMobility) {
    await write(ctx.deps.store);
    return toCandidateView({ ...candidate, ...patch, version }, member.status);
  }
  // 返回登记 with the appointment written in its transaction: both or neither.
  const returned = await recordReturnOf(ctx, access, subject, input.on, write);
  return toCandidateView({ ...candidate, ...patch, version }, returned.member.status);
}

export async function recordCandidateStep(
  ctx: ServiceContext,
  input: ParsedInput<'candidate.step'>,
): Promise<ActionOutput<'candidate.step'>> {
  const access = loadAccess(ctx);
  // A lost race re-reads: the step written meanwhile by another official answers CONFLICT.
  return retryOnConflict(() => attemptCandidateStep(ctx, access, input), changedElsewhere);
}

export async function listCandidates(
  ctx: ServiceContext,
  input: ParsedInput<'candidate.list'>,
): Promise<ActionOutput<'candidate.list'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const page = await ctx.deps.store.find<VillagePostCandidateRecord>(COLLECTIONS.villageCandidates, {
    where: { orgId: org._id },
    orderBy: [{ field: 'proposedAt', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  const ids = [...new Set(page.items.map((doc) => doc.memberId))];
  const members =
    ids.length === 0
      ? []
      : (await ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, { where: { _id: { $in: ids } }, limit: ids.length })).items;
  const statusOf = new Map(members.map((doc) => [doc._id, doc.status as string]));
  return {
    items: page.items.map((doc) => toCandidateView(doc, statusOf.get(doc.memberId) ?? 'transferred')),
    nextCursor: page.nextCursor,
  };
}
