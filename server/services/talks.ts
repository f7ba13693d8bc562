import { AppError } from './app-error';
import dayjs from 'dayjs';
import type { ActionOutput, ParsedInput } from '../contract';
import type { Settings } from '../contract/settings';
import type { ContactView, DueTalkCause, ReportTalk, TalkDueView, TalkView } from '../contract/talks';
import type { Period } from '../contract/reports';
import { addDays, yearEndTalkWindow } from '../lib/spring-festival';
import { chineseDate, shanghaiDate, timestamp } from '../lib/time';
import { type StoredDocument, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertIfAbsent, insertOrGet, saveVersioned } from '../store/saving';
import { type Access, actingName, loadAccess, sideOf } from './access';
import { type ServiceContext, type ServiceDeps, callerKey, callerOpenid } from './context';
import { type MemberDoc, type PlacedMember, memberNotFound, placementOf, requireManagedMember } from './members';
import { postMessage } from './messages';
import { requireManagedBranch } from './organizations';
import type {
  AttendanceRecord,
  ContactRecord,
  MemberRecord,
  MessageRecord,
  RoleRecord,
  TalkDueRecord,
  TalkRecord,
} from './records';

/**
 * The member's contact person in the inflow branch and the talks the practice requires
 * (谈心谈话). Only the branch side names the contact and records talks; a talk's note is read by
 * the two sides of that talk (the branch it was held in and the member's outflow organization,
 * with the admins above each) and by nobody else. The member sees the talks held with them
 * (day, who, topic) but not the notes: those are the two organizations' working notes about
 * the member, like the report's assessment, which members do not read either.
 */

export type ContactDoc = StoredDocument<ContactRecord>;
export type TalkDoc = StoredDocument<TalkRecord>;
export type TalkDueDoc = StoredDocument<TalkDueRecord>;

/** Days after the second absence within which the talk is due. */
const ABSENCE_TALK_DAYS = 14;
/** Attendance records read to find a run of absences; longer runs were reminded of long before. */
const ABSENCE_LOOKBACK = 20;
/** A member has a few talks a year; one page holds years of them. */
const TALK_LIMIT = 100;
const CANDIDATE_LIMIT = 100;

export function contactIdFor(memberId: string): string {
  return `ct_${memberId}`;
}

export function talkDueIdFor(memberId: string, cause: DueTalkCause, key: string): string {
  return `td_${memberId}_${cause}_${key}`;
}

/** The contact of the member's current placement; a contact named by an earlier branch no longer counts. */
export function currentContact(doc: ContactDoc | null, member: MemberRecord): ContactView | null {
  const placement = placementOf(member);
  if (!doc || !placement || doc.branchId !== placement.branchId) return null;
  return { name: doc.name, kind: doc.kind, memberId: doc.contactMemberId, setOn: doc.setOn, setByName: doc.setByName };
}

export async function findContact(deps: ServiceDeps, memberId: string): Promise<ContactDoc | null> {
  return deps.store.get<ContactRecord>(COLLECTIONS.contacts, contactIdFor(memberId));
}

/** The Shanghai calendar day of a stored UTC timestamp. */
function shanghaiDayOf(iso: string): string {
  return shanghaiDate({ now: () => new Date(iso) });
}

// ---- the contact ------------------------------------------------------------------------

export async function contactCandidates(
  ctx: ServiceContext,
  input: ParsedInput<'contact.candidates'>,
): Promise<ActionOutput<'contact.candidates'>> {
  const access = await loadAccess(ctx);
  const member = await requireManagedMember(ctx, access, input.memberId);
  const [roles, members] = await Promise.all([
    ctx.deps.store.find<RoleRecord>(COLLECTIONS.roles, {
      where: { orgId: member.inflowBranchId, revokedAt: null },
      limit: CANDIDATE_LIMIT,
    }),
    ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
      where: { inflowBranchId: member.inflowBranchId, status: 'placed' },
      orderBy: [{ field: 'placedAt', direction: 'desc' }],
      limit: CANDIDATE_LIMIT,
    }),
  ]);
  return {
    roleHolders: roles.items.flatMap((role) =>
      role.role === 'secretary' || role.role === 'org_admin'
        ? [{ roleId: role._id, name: role.holderName, role: role.role }]
        : [],
    ),
    members: members.items.filter((m) => m._id !== member._id).map((m) => ({ memberId: m._id, name: m.name })),
  };
}

async function resolveChoice(
  ctx: ServiceContext,
  member: PlacedMember,
  choice: ParsedInput<'contact.set'>['choice'],
): Promise<Pick<ContactRecord, 'name' | 'kind' | 'roleId' | 'contactMemberId'>> {
  if (choice.kind === 'role') {
    const role = await ctx.deps.store.get<RoleRecord>(COLLECTIONS.roles, choice.roleId);
    if (!role || role.revokedAt !== null || role.orgId !== member.inflowBranchId || role.role === 'system_admin') {
      throw new AppError('BAD_REQUEST', '联系人应是本支部的书记或支委，请从名单中选择', { field: 'choice.roleId' });
    }
    return { name: role.holderName, kind: role.role, roleId: role._id, contactMemberId: null };
  }
  const chosen = await ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, choice.memberId);
  if (!chosen || chosen._id === member._id || placementOf(chosen)?.branchId !== member.inflowBranchId) {
    throw new AppError('BAD_REQUEST', '联系人应是本支部的党员（不能是本人），请从名单中选择', { field: 'choice.memberId' });
  }
  return { name: chosen.name, kind: 'member', roleId: null, contactMemberId: chosen._id };
}

export async function setContact(ctx: ServiceContext, input: ParsedInput<'contact.set'>): Promise<ActionOutput<'contact.set'>> {
  const access = await loadAccess(ctx);
  const member = await requireManagedMember(ctx, access, input.memberId);
  const person = await resolveChoice(ctx, member, input.choice);
  const id = contactIdFor(member._id);
  const existing = await findContact(ctx.deps, member._id);
  const sameAsStored =
    existing !== null &&
    existing.branchId === member.inflowBranchId &&
    existing.roleId === person.roleId &&
    existing.contactMemberId === person.contactMemberId;
  // A retried request (or the same choice again) answers with what is stored.
  if (sameAsStored && (input.version === null || input.version === existing.version)) {
    return { contact: currentContact(existing, member) as ContactView, version: existing.version };
  }
  const record: ContactRecord = {
    memberId: member._id,
    branchId: member.inflowBranchId,
    branchPath: member.inflowPath,
    ...person,
    setOn: shanghaiDate(ctx.deps.clock),
    setBy: callerKey(ctx.caller),
    setByName: actingName(access, member.inflowPath),
  };
  try {
    const saved = await saveVersioned(ctx.deps.store, COLLECTIONS.contacts, id, input.version, record);
    return { contact: currentContact(saved, member) as ContactView, version: saved.version };
  } catch (error) {
    if (error instanceof VersionConflictError) {
      throw new AppError('CONFLICT', '联系人刚被其他人设置或修改，请刷新后再试', { field: 'version', cause: error });
    }
    throw error;
  }
}

// ---- the talks --------------------------------------------------------------------------

/** Whose talk notes the caller reads: the branch the talk was held in, or the member's outflow side. */
function readsNote(access: Access, talk: TalkRecord): boolean {
  return access.manages(talk.branchPath) || (talk.outflowPath !== null && access.manages(talk.outflowPath));
}

function toTalkView(doc: TalkDoc, withNote: boolean): TalkView {
  return {
    talkId: doc._id,
    memberId: doc.memberId,
    cause: doc.cause,
    heldOn: doc.heldOn,
    heldByName: doc.heldByName,
    topic: doc.topic,
    note: withNote ? doc.note : null,
    recordedByName: doc.recordedByName,
    recordedAt: doc.recordedAt,
  };
}

function toTalkDueView(doc: TalkDueDoc): TalkDueView {
  return {
    dueId: doc._id,
    member: { memberId: doc.memberId, name: doc.memberName },
    cause: doc.cause,
    since: doc.since,
    dueBy: doc.dueBy,
  };
}

async function loadTalks(deps: ServiceDeps, memberId: string): Promise<TalkDoc[]> {
  const page = await deps.store.find<TalkRecord>(COLLECTIONS.talks, {
    where: { memberId },
    orderBy: [{ field: 'heldOn', direction: 'desc' }],
    limit: TALK_LIMIT,
  });
  return page.items;
}

async function openDues(deps: ServiceDeps, memberId: string): Promise<TalkDueDoc[]> {
  const page = await deps.store.find<TalkDueRecord>(COLLECTIONS.talkDues, {
    where: { memberId, talkId: null },
    orderBy: [{ field: 'dueBy', direction: 'asc' }],
    limit: TALK_LIMIT,
  });
  return page.items;
}

export async function listTalks(ctx: ServiceContext, input: ParsedInput<'talk.list'>): Promise<ActionOutput<'talk.list'>> {
  const member = await ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, input.memberId);
  if (!member) throw memberNotFound();
  const access = await loadAccess(ctx);
  const self = member.openid === callerOpenid(ctx.caller);
  const side = self ? 'self' : sideOf(access, member);
  // Neighbours in the branch and admins beside either side get the answer a missing id gets.
  if (side === null) throw memberNotFound();
  const placement = placementOf(member);
  const [contact, talks, dues] = await Promise.all([
    findContact(ctx.deps, member._id),
    loadTalks(ctx.deps, member._id),
    self ? Promise.resolve([]) : openDues(ctx.deps, member._id),
  ]);
  return {
    member: { memberId: member._id, name: member.name },
    side,
    contact: currentContact(contact, member),
    contactVersion: contact ? contact.version : null,
    talks: talks.map((talk) => toTalkView(talk, !self && readsNote(access, talk))),
    due: placement ? dues.filter((due) => due.branchId === placement.branchId).map(toTalkDueView) : [],
    canRecord: !self && placement !== null && access.manages(placement.branchPath),
  };
}

/** Marks the member's open dues of this cause as held by the talk; a due closed meanwhile by another talk stays as it is. */
async function closeDues(deps: ServiceDeps, talk: TalkDoc, dues: readonly TalkDueDoc[]): Promise<void> {
  for (const due of dues) {
    if (due.cause !== talk.cause || due.branchId !== talk.branchId || due.since > talk.heldOn || due.talkId !== null) continue;
    try {
      await deps.store.update(COLLECTIONS.talkDues, due._id, due.version, { talkId: talk._id });
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
}

export async function recordTalk(ctx: ServiceContext, input: ParsedInput<'talk.record'>): Promise<ActionOutput<'talk.record'>> {
  const access = await loadAccess(ctx);
  const member = await requireManagedMember(ctx, access, input.memberId);
  const today = shanghaiDate(ctx.deps.clock);
  // The schema checks the shape only; dayjs rolls 02-30 over to March, so compare round trips.
  if (dayjs(input.heldOn).format('YYYY-MM-DD') !== input.heldOn) {
    throw new AppError('BAD_REQUEST', '谈话日期不是有效的日期', { field: 'heldOn' });
  }
  if (input.heldOn > today) throw new AppError('BAD_REQUEST', '谈话日期不能晚于今天', { field: 'heldOn' });
  const placedOn = shanghaiDayOf(member.placedAt ?? timestamp(ctx.deps.clock));
  if (input.heldOn < placedOn) {
    throw new AppError('BAD_REQUEST', `谈话日期不能早于纳入本支部管理的日期（${chineseDate(placedOn)}）`, { field: 'heldOn' });
  }
  const [contact, dues] = await Promise.all([findContact(ctx.deps, member._id), openDues(ctx.deps, member._id)]);
  const recordedByName = actingName(access, member.inflowPath);
  const record: TalkRecord = {
    memberId: member._id,
    memberName: member.name,
    branchId: member.inflowBranchId,
    branchPath: member.inflowPath,
    outflowPath: member.outflowPath,
    cause: input.cause,
    heldOn: input.heldOn,
    heldByName: input.heldByName || currentContact(contact, member)?.name || recordedByName || '支部书记',
    topic: input.topic,
    note: input.note,
    recordedAt: timestamp(ctx.deps.clock),
    recordedBy: callerKey(ctx.caller),
    recordedByName,
  };
  // A retry finds the talk the first attempt made, and closes whatever that attempt left open.
  const { doc } = await insertOrGet<TalkRecord>(ctx.deps.store, COLLECTIONS.talks, {
    _id: `tk_${member._id}_${input.requestId}`,
    ...record,
  });
  await closeDues(ctx.deps, doc, dues);
  return toTalkView(doc, true);
}

export async function talksDue(ctx: ServiceContext, input: ParsedInput<'talk.due'>): Promise<ActionOutput<'talk.due'>> {
  const { branch } = await requireManagedBranch(ctx, input.branchId);
  const page = await ctx.deps.store.find<TalkDueRecord>(COLLECTIONS.talkDues, {
    where: { branchId: branch._id, talkId: null },
    orderBy: [{ field: 'dueBy', direction: 'asc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toTalkDueView), nextCursor: page.nextCursor };
}

/** The talks a report carries home: those held in the period at the report's branch, without their notes. */
export async function talksInPeriod(
  deps: ServiceDeps,
  memberId: string,
  branchId: string | null,
  period: Period,
): Promise<ReportTalk[]> {
  if (!branchId) return [];
  const page = await deps.store.find<TalkRecord>(COLLECTIONS.talks, {
    where: { memberId, heldOn: { $gte: period.start, $lte: period.end } },
    orderBy: [{ field: 'heldOn', direction: 'desc' }],
    limit: TALK_LIMIT,
  });
  return page.items
    .filter((talk) => talk.branchId === branchId)
    .sort((a, b) => a.heldOn.localeCompare(b.heldOn))
    .map((talk) => ({ heldOn: talk.heldOn, cause: talk.cause, heldByName: talk.heldByName, topic: talk.topic }));
}

// ---- the reminders the jobs post ------------------------------------------------------------

interface DueCause {
  cause: DueTalkCause;
  key: string;
  since: string;
  dueBy: string;
  body: string;
}

/** The run of absences without leave the member's latest records end with, at this placement, newest first. */
function latestAbsences(records: readonly StoredDocument<AttendanceRecord>[], branchId: string, placedOn: string) {
  const run: StoredDocument<AttendanceRecord>[] = [];
  for (const record of records) {
    if (record.branchId !== branchId || record.heldOn < placedOn) break;
    if (record.status !== 'absent') break;
    run.push(record);
  }
  return run;
}

function causesDue(
  member: MemberDoc,
  today: string,
  placedOn: string,
  branchId: string,
  inflow: Settings,
  attendance: readonly StoredDocument<AttendanceRecord>[],
): DueCause[] {
  const causes: DueCause[] = [];
  const placementDue = addDays(placedOn, inflow.placementTalkDays);
  causes.push({
    cause: 'placement',
    key: placedOn,
    since: placedOn,
    dueBy: placementDue,
    body: `${member.name}于 ${chineseDate(placedOn)} 纳入本支部管理，请在 ${chineseDate(placementDue)} 前由联系人与其谈心谈话，并在“党员详情”中记录。`,
  });
  const window = yearEndTalkWindow(today, inflow.yearEndTalkWindowDays);
  if (window) {
    causes.push({
      cause: 'year_end',
      key: window.festival.slice(0, 4),
      since: window.start,
      dueBy: window.end,
      body: `春节（${chineseDate(window.festival)}）将至，${member.name}可能返乡过年，请在 ${chineseDate(window.end)} 前与其谈一次话，并在“党员详情”中记录。`,
    });
  }
  const absences = latestAbsences(attendance, branchId, placedOn);
  if (absences.length >= inflow.absenceTalkAfter) {
    const first = absences[absences.length - 1];
    const dueBy = addDays(absences[0].heldOn, ABSENCE_TALK_DAYS);
    causes.push({
      cause: 'absence',
      key: first.activityId,
      since: first.heldOn,
      dueBy,
      body: `${member.name}自 ${chineseDate(first.heldOn)} 起连续 ${absences.length} 次未请假缺席组织生活，请在 ${chineseDate(dueBy)} 前与其谈心谈话，了解情况。`,
    });
  }
  return causes;
}

/**
 * Finds which required talks are due for one placed member and tells the branch once per
 * cause: the message first, then the due as the marker that the step is done, so a rerun after
 * a crash between them posts nothing twice (both ids come from the cause). A due the branch has
 * meanwhile held is closed instead. Safe to repeat; returns how many dues it opened.
 */
export async function runTalkReminders(
  deps: ServiceDeps,
  today: string,
  member: MemberDoc,
  placedOn: string,
  inflow: Settings,
): Promise<number> {
  const placement = placementOf(member);
  if (!placement) return 0;
  const { store } = deps;
  const [talks, attendance] = await Promise.all([
    loadTalks(deps, member._id),
    store.find<AttendanceRecord>(COLLECTIONS.attendance, {
      where: { memberId: member._id },
      orderBy: [{ field: 'heldOn', direction: 'desc' }],
      limit: ABSENCE_LOOKBACK,
    }),
  ]);
  let opened = 0;
  for (const due of causesDue(member, today, placedOn, placement.branchId, inflow, attendance.items)) {
    const held = talks.find((t) => t.cause === due.cause && t.branchId === placement.branchId && t.heldOn >= due.since);
    const dueId = talkDueIdFor(member._id, due.cause, due.key);
    const existing = await store.get<TalkDueRecord>(COLLECTIONS.talkDues, dueId);
    if (existing) {
      if (existing.talkId === null && held) await closeDues(deps, held, [existing]);
      continue;
    }
    if (held) continue;
    const message: MessageRecord = {
      orgId: placement.branchId,
      orgPath: placement.branchPath,
      kind: 'talk_due',
      title: '谈心谈话提醒',
      body: due.body,
      reportId: null,
      memberId: member._id,
      createdAt: timestamp(deps.clock),
    };
    await postMessage(store, `msg_${dueId}`, message);
    const record: TalkDueRecord = {
      memberId: member._id,
      memberName: member.name,
      branchId: placement.branchId,
      branchPath: placement.branchPath,
      cause: due.cause,
      since: due.since,
      dueBy: due.dueBy,
      talkId: null,
      createdAt: timestamp(deps.clock),
    };
    if (await insertIfAbsent<TalkDueRecord>(store, COLLECTIONS.talkDues, { _id: dueId, ...record })) opened += 1;
  }
  return opened;
}
