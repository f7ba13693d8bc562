import dayjs from 'dayjs';
import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import type { StudyMode, StudyPlanItem, StudyPlanView, StudyProgress } from '../contract/study';
import { shanghaiDate, shanghaiYear, timestamp } from '../lib/time';
import { together } from '../lib/together';
import { type Page, type StoredDocument, type TransactionStore, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { recordOf, retryOnConflict, saveVersioned } from '../store/saving';
import { loadAccess } from './access';
import { type ServiceContext, type ServiceDeps, callerKey } from './context';
import {
  type MemberDoc,
  type PlacedMember,
  findOwnMember,
  isPlaced,
  isPlacedIn,
  memberNotFound,
  notPlaced,
  requireManagedMember,
  requireOwnMember,
  requireSeenMember,
} from './members';
import { findOrganization, notABranch, orgNotFound, requireManagedBranch } from './organizations';
import type { MemberRecord, StudyEntryRecord, StudyPlanRecord } from './records';
import { SettingsResolver } from './settings';
import { behindItemIds, loadStudyEntries, loadStudyPlan, studyEntryId, studyPlanId, studyProgress } from './study-progress';

export type StudyPlanDoc = StoredDocument<StudyPlanRecord>;
export type StudyEntryDoc = StoredDocument<StudyEntryRecord>;
type StudyEntryView = ActionOutput<'study.schedule'>;
type BranchStudyRow = ActionOutput<'study.classify'>;

/** The classification a secretary set, else what the member's hours suggest. */
export function effectiveStudyMode(member: Pick<MemberRecord, 'studyMode' | 'workPattern'>): StudyMode {
  return member.studyMode ?? (member.workPattern === 'regular' ? 'paired' : 'self_selected');
}

export function toStudyPlanView(plan: StudyPlanDoc): StudyPlanView {
  return {
    planId: plan._id,
    branch: { orgId: plan.branchId, name: plan.branchName },
    year: plan.year,
    targetHours: plan.targetHours,
    items: plan.items,
    totalHours: plan.items.reduce((sum, item) => sum + item.hours, 0),
    publishedAt: plan.publishedAt,
    version: plan.version,
  };
}

async function defaultTargetHours(deps: ServiceDeps, path: string | null): Promise<number> {
  return (await new SettingsResolver(deps).at(path)).studyTargetHours;
}

function requireOwnPlaced(member: MemberDoc): PlacedMember {
  if (!isPlaced(member)) throw new AppError('NOT_PLACED', '您还没有纳入支部管理，报到通过后才能参加支部的学习');
  return member;
}

function requirePlanItem(plan: StudyPlanDoc | null, itemId: string): { plan: StudyPlanDoc; item: StudyPlanItem } {
  const item = plan?.items.find((candidate) => candidate.itemId === itemId);
  if (!plan || !item) throw new AppError('NOT_FOUND', '学习计划里没有这项内容，请刷新后再选', { field: 'itemId' });
  return { plan, item };
}

function entryView(item: StudyPlanItem, entry: StudyEntryRecord | null, behind: ReadonlySet<string>): StudyEntryView {
  return {
    item,
    status: entry?.status ?? null,
    plannedMonth: entry?.plannedMonth ?? null,
    doneOn: entry?.doneOn ?? null,
    behind: behind.has(item.itemId),
  };
}

function toRow(member: MemberDoc, progress: StudyProgress): BranchStudyRow {
  return {
    member: { memberId: member._id, name: member.name, standing: member.standing },
    workPattern: member.workPattern,
    studyMode: effectiveStudyMode(member),
    partner: member.partnerId && member.partnerName ? { memberId: member.partnerId, name: member.partnerName } : null,
    progress,
    memberVersion: member.version,
  };
}

/** One member's row for this year, as the branch screen shows it after a change. */
async function rowOf(ctx: ServiceContext, member: MemberDoc): Promise<BranchStudyRow> {
  const year = shanghaiYear(ctx.deps.clock);
  const [plan, entries, targetHours] = await Promise.all([
    member.inflowBranchId ? loadStudyPlan(ctx.deps, member.inflowBranchId, year) : null,
    loadStudyEntries(ctx.deps, member._id, year),
    defaultTargetHours(ctx.deps, member.inflowPath),
  ]);
  const progress = studyProgress({
    plan,
    entries,
    year,
    asOf: shanghaiDate(ctx.deps.clock),
    defaultTargetHours: targetHours,
  });
  return toRow(member, progress);
}

// ---- the plan --------------------------------------------------------------------------

export async function studyPlan(ctx: ServiceContext, input: ParsedInput<'study.plan'>): Promise<ActionOutput<'study.plan'>> {
  const [branch, access] = await Promise.all([findOrganization(ctx.deps, input.branchId), loadAccess(ctx)]);
  // The plan is the branch's and its members': to anyone else the branch is not there.
  const own = branch && !access.manages(branch.path) ? await findOwnMember(ctx) : null;
  const seen = branch !== null && (access.manages(branch.path) || (own !== null && isPlacedIn(own, branch._id)));
  if (!branch || !seen) throw orgNotFound('branchId');
  if (branch.kind !== 'branch') throw notABranch('branchId');
  const [plan, targetHours] = await Promise.all([
    loadStudyPlan(ctx.deps, branch._id, input.year),
    defaultTargetHours(ctx.deps, branch.path),
  ]);
  return { plan: plan ? toStudyPlanView(plan) : null, defaultTargetHours: targetHours };
}

/**
 * New item ids are numbered in a block owned by the version being replaced (at most one save
 * can replace a given version), so an id is never handed out twice in a plan's life: a
 * member's entry for a removed item can never attach itself to a later, different item.
 */
const ITEM_ID_BLOCK = 100;

function planConflict(): AppError {
  return new AppError('CONFLICT', '计划刚被其他人发布或修改，请刷新');
}

export async function saveStudyPlan(
  ctx: ServiceContext,
  input: ParsedInput<'study.savePlan'>,
): Promise<ActionOutput<'study.savePlan'>> {
  const { branch } = await requireManagedBranch(ctx, input.branchId);
  const thisYear = shanghaiYear(ctx.deps.clock);
  if (input.year !== thisYear && input.year !== thisYear + 1) {
    throw new AppError('BAD_REQUEST', '只能制定今年或明年的学习计划', { field: 'year' });
  }
  const stored = await loadStudyPlan(ctx.deps, branch._id, input.year);
  if ((stored?.version ?? null) !== input.version) {
    if (input.version === null) throw new AppError('CONFLICT', '计划刚被其他人发布，请刷新');
    if (!stored) throw new AppError('NOT_FOUND', '找不到这份学习计划，请刷新', { field: 'version' });
    throw planConflict();
  }

  const storedIds = new Set((stored?.items ?? []).map((item) => item.itemId));
  const seenIds = new Set<string>();
  const seenTitles = new Set<string>();
  input.items.forEach((item, n) => {
    if (item.itemId) {
      if (!storedIds.has(item.itemId)) {
        throw new AppError('BAD_REQUEST', '这项学习内容不在原计划中，请刷新后再改', { field: `items.${n}.itemId` });
      }
      if (seenIds.has(item.itemId)) {
        throw new AppError('BAD_REQUEST', '同一项学习内容出现了两次', { field: `items.${n}.itemId` });
      }
      seenIds.add(item.itemId);
    }
    if (seenTitles.has(item.title)) {
      throw new AppError('BAD_REQUEST', `“${item.title}”重复了，请合并或改名`, { field: `items.${n}.title` });
    }
    seenTitles.add(item.title);
  });
  let sequence = (stored?.version ?? 0) * ITEM_ID_BLOCK;
  const freshId = () => {
    let id: string;
    do {
      sequence += 1;
      id = `i${sequence.toString(36)}`;
    } while (storedIds.has(id));
    return id;
  };
  const items: StudyPlanItem[] = input.items.map((item) => ({
    itemId: item.itemId ?? freshId(),
    title: item.title,
    hours: item.hours,
    dueMonth: item.dueMonth,
  }));

  const now = timestamp(ctx.deps.clock);
  const planId = studyPlanId(branch._id, input.year);
  const patch = { branchName: branch.name, targetHours: input.targetHours, items, updatedAt: now };
  const record: StudyPlanRecord = stored
    ? { ...recordOf(stored), ...patch }
    : {
        branchId: branch._id,
        branchPath: branch.path,
        year: input.year,
        ...patch,
        publishedAt: now,
        publishedBy: callerKey(ctx.caller),
      };
  try {
    return toStudyPlanView(
      await saveVersioned(
        ctx.deps.store,
        COLLECTIONS.studyPlans,
        planId,
        stored?.version ?? null,
        record,
        stored ? patch : undefined,
      ),
    );
  } catch (error) {
    if (!(error instanceof VersionConflictError)) throw error;
    if (!stored) throw new AppError('CONFLICT', '计划刚被其他人发布，请刷新', { cause: error });
    throw planConflict();
  }
}

// ---- classified management -------------------------------------------------------------

export async function branchStudy(
  ctx: ServiceContext,
  input: ParsedInput<'study.branch'>,
): Promise<ActionOutput<'study.branch'>> {
  const { branch } = await requireManagedBranch(ctx, input.branchId);
  const [page, plan, targetHours] = await Promise.all([
    ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
      where: { inflowBranchId: branch._id, status: 'placed' },
      orderBy: [{ field: 'placedAt', direction: 'desc' }],
      limit: input.limit,
      cursor: input.cursor,
    }),
    loadStudyPlan(ctx.deps, branch._id, input.year),
    defaultTargetHours(ctx.deps, branch.path),
  ]);
  const entriesOf = new Map<string, StudyEntryRecord[]>();
  if (page.items.length > 0) {
    // One query for the whole page; a page of 50 members with a full plan can pass 1,000 entries,
    // so a second page is followed rather than silently dropped.
    let cursor: string | null = null;
    do {
      const entries: Page<StudyEntryDoc> = await ctx.deps.store.find<StudyEntryRecord>(COLLECTIONS.studyEntries, {
        where: { memberId: { $in: page.items.map((member) => member._id) }, year: input.year },
        limit: 1000,
        cursor,
      });
      for (const entry of entries.items) entriesOf.set(entry.memberId, [...(entriesOf.get(entry.memberId) ?? []), entry]);
      cursor = entries.nextCursor;
    } while (cursor);
  }
  const asOf = shanghaiDate(ctx.deps.clock);
  return {
    items: page.items.map((member) =>
      toRow(
        member,
        studyProgress({
          plan,
          entries: entriesOf.get(member._id) ?? [],
          year: input.year,
          asOf,
          defaultTargetHours: targetHours,
        }),
      ),
    ),
    nextCursor: page.nextCursor,
  };
}

/** Re-reads a member inside a transaction and checks they are still placed in `branchId`. */
async function placedInTx(tx: TransactionStore, memberId: string, branchId: string, field = 'memberId'): Promise<MemberDoc> {
  const member = await tx.get<MemberRecord>(COLLECTIONS.members, memberId);
  if (!member) throw memberNotFound(field);
  if (!isPlacedIn(member, branchId)) throw notPlaced(member);
  return member;
}

const UNPAIRED = { partnerId: null, partnerName: null } as const;

/**
 * Reads a member and, together with them, the partner they had when last read outside the
 * transaction (`expectedPartnerId`): a pair is released in one round of reads and one of writes.
 */
async function withPartnerInTx(
  tx: TransactionStore,
  read: Promise<MemberDoc | null>,
  expectedPartnerId: string | null,
): Promise<{ member: MemberDoc | null; partner: MemberDoc | null }> {
  const [member, expected] = await Promise.all([
    read,
    expectedPartnerId ? tx.get<MemberRecord>(COLLECTIONS.members, expectedPartnerId) : null,
  ]);
  const partnerId = member?.partnerId ?? null;
  if (!partnerId) return { member, partner: null };
  // The pair changed since: read the partner it has now.
  const partner = expected?._id === partnerId ? expected : await tx.get<MemberRecord>(COLLECTIONS.members, partnerId);
  return { member, partner };
}

/** Clears the partner's side when it still points at `memberId`. */
export async function releasePartner(
  tx: TransactionStore,
  partner: MemberDoc | null,
  memberId: string,
  now: string,
): Promise<void> {
  if (partner && partner.partnerId === memberId) {
    await tx.update(COLLECTIONS.members, partner._id, partner.version, { ...UNPAIRED, updatedAt: now });
  }
}

export async function classifyMember(
  ctx: ServiceContext,
  input: ParsedInput<'study.classify'>,
): Promise<ActionOutput<'study.classify'>> {
  const found = await requireManagedMember(ctx, loadAccess(ctx), input.memberId);
  const branchId = found.inflowBranchId;
  const now = timestamp(ctx.deps.clock);
  const updated = await ctx.deps.store.transaction(async (tx) => {
    const { member, partner } = await withPartnerInTx(
      tx,
      placedInTx(tx, input.memberId, branchId),
      input.studyMode === 'self_selected' ? (found.partnerId ?? null) : null,
    );
    if (!member) throw memberNotFound();
    if (member.studyMode === input.studyMode) return member;
    const patch: Partial<MemberRecord> = { studyMode: input.studyMode, updatedAt: now };
    // Self-selected study has no partner; leaving one half of a pair behind would strand the other.
    const releases = input.studyMode === 'self_selected' && member.partnerId;
    if (releases) Object.assign(patch, UNPAIRED);
    const [version] = await Promise.all([
      tx.update(COLLECTIONS.members, member._id, member.version, patch),
      releases ? releasePartner(tx, partner, member._id, now) : null,
    ]);
    return { ...member, ...patch, version };
  });
  return rowOf(ctx, updated);
}

function pairingError(message: string): AppError {
  return new AppError('INVALID_PAIRING', message);
}

export async function pairMembers(ctx: ServiceContext, input: ParsedInput<'study.pair'>): Promise<ActionOutput<'study.pair'>> {
  if (input.memberId === input.partnerId) throw new AppError('INVALID_PAIRING', '不能和自己结对', { field: 'partnerId' });
  // Both members are read with the caller's roles. A partner out of the caller's sight is not
  // named, not even to say where they are; the member's refusal comes first.
  const loading = loadAccess(ctx);
  const [found] = await together(
    requireManagedMember(ctx, loading, input.memberId),
    requireSeenMember(ctx, loading, input.partnerId, 'partnerId'),
  );
  const branchId = found.inflowBranchId;
  const now = timestamp(ctx.deps.clock);
  const [member, partner] = await ctx.deps.store.transaction(async (tx) => {
    const [one, other] = await Promise.all([
      placedInTx(tx, input.memberId, branchId),
      tx.get<MemberRecord>(COLLECTIONS.members, input.partnerId),
    ]);
    if (!other) throw memberNotFound('partnerId');
    if (!isPlacedIn(other, branchId)) {
      throw new AppError('INVALID_PAIRING', `${other.name}不在${one.inflowBranchName ?? '本支部'}，只能与同一支部的党员结对`, {
        field: 'partnerId',
      });
    }
    for (const side of [one, other]) {
      if (effectiveStudyMode(side) !== 'paired') throw pairingError(`${side.name}是自主选学，请先改为结对学习`);
    }
    if (one.partnerId === other._id && other.partnerId === one._id) return [one, other] as const;
    for (const [side, wanted] of [
      [one, other],
      [other, one],
    ] as const) {
      if (side.partnerId && side.partnerId !== wanted._id) {
        throw pairingError(`${side.name}已与${side.partnerName ?? '其他党员'}结对，请先解除`);
      }
    }
    const onePatch: Partial<MemberRecord> = { partnerId: other._id, partnerName: other.name, updatedAt: now };
    const otherPatch: Partial<MemberRecord> = { partnerId: one._id, partnerName: one.name, updatedAt: now };
    const [oneVersion, otherVersion] = await Promise.all([
      tx.update(COLLECTIONS.members, one._id, one.version, onePatch),
      tx.update(COLLECTIONS.members, other._id, other.version, otherPatch),
    ]);
    return [
      { ...one, ...onePatch, version: oneVersion },
      { ...other, ...otherPatch, version: otherVersion },
    ] as const;
  });
  const [memberRow, partnerRow] = await Promise.all([rowOf(ctx, member), rowOf(ctx, partner)]);
  return { member: memberRow, partner: partnerRow };
}

export async function unpairMember(
  ctx: ServiceContext,
  input: ParsedInput<'study.unpair'>,
): Promise<ActionOutput<'study.unpair'>> {
  const found = await requireManagedMember(ctx, loadAccess(ctx), input.memberId);
  if (!found.partnerId) return rowOf(ctx, found);
  const now = timestamp(ctx.deps.clock);
  const updated = await ctx.deps.store.transaction(async (tx) => {
    const { member, partner } = await withPartnerInTx(
      tx,
      tx.get<MemberRecord>(COLLECTIONS.members, input.memberId),
      found.partnerId ?? null,
    );
    if (!member) throw memberNotFound();
    if (!member.partnerId) return member;
    const patch: Partial<MemberRecord> = { ...UNPAIRED, updatedAt: now };
    const [version] = await Promise.all([
      tx.update(COLLECTIONS.members, member._id, member.version, patch),
      releasePartner(tx, partner, member._id, now),
    ]);
    return { ...member, ...patch, version };
  });
  return rowOf(ctx, updated);
}

// ---- the member's own study ------------------------------------------------------------

export async function myStudy(ctx: ServiceContext, input: ParsedInput<'study.mine'>): Promise<ActionOutput<'study.mine'>> {
  const member = await requireOwnMember(ctx);
  const year = input.year ?? shanghaiYear(ctx.deps.clock);
  if (!isPlaced(member)) {
    return { branch: null, studyMode: null, partner: null, plan: null, entries: [], progress: null, choices: null };
  }
  const [plan, entries, targetHours] = await Promise.all([
    loadStudyPlan(ctx.deps, member.inflowBranchId, year),
    loadStudyEntries(ctx.deps, member._id, year),
    defaultTargetHours(ctx.deps, member.inflowPath),
  ]);
  const progressInput = { plan, entries, year, asOf: shanghaiDate(ctx.deps.clock), defaultTargetHours: targetHours };
  const behind = behindItemIds(progressInput);
  const entryOf = new Map(entries.map((entry) => [entry.itemId, entry]));
  return {
    branch: { orgId: member.inflowBranchId, name: member.inflowBranchName },
    studyMode: effectiveStudyMode(member),
    partner: member.partnerId && member.partnerName ? { memberId: member.partnerId, name: member.partnerName } : null,
    plan: plan ? toStudyPlanView(plan) : null,
    entries: plan ? plan.items.map((item) => entryView(item, entryOf.get(item.itemId) ?? null, behind)) : [],
    progress: studyProgress(progressInput),
    choices: plan ? choicesIn(plan.year, progressInput.asOf) : null,
  };
}

/** The months of `year` still open for a study's 计划 on `today`: none once the year is past. */
function monthsOpen(year: number, today: string): number[] {
  const thisYear = Number(today.slice(0, 4));
  const from = year > thisYear ? 1 : year < thisYear ? 13 : Number(today.slice(5, 7));
  return Array.from({ length: Math.max(0, 13 - from) }, (_, i) => from + i);
}

/** The days of `year` a study may be recorded on: from 1 January to today, or to 31 December once the year is past. */
function studyDaysOf(year: number, today: string): { studiedFrom: string; studiedTo: string } {
  const yearEnd = `${year}-12-31`;
  return { studiedFrom: `${year}-01-01`, studiedTo: today < yearEnd ? today : yearEnd };
}

function choicesIn(year: number, today: string): NonNullable<ActionOutput<'study.mine'>['choices']> {
  return { months: monthsOpen(year, today), ...studyDaysOf(year, today) };
}

/**
 * Writes one member's entry for one item: `change` gets the stored entry and returns the fields
 * to set; `stored` is the entry as the caller just read it. One document, so the compare-and-set
 * save needs no transaction: a concurrent first write of the same entry makes the insert fail,
 * and the retry then reads it again and updates it instead.
 */
async function upsertEntry(
  ctx: ServiceContext,
  id: string,
  stored: StudyEntryDoc | null,
  fresh: StudyEntryRecord,
  change: (current: StudyEntryDoc) => Partial<StudyEntryRecord>,
): Promise<StudyEntryRecord> {
  let seen: StudyEntryDoc | null | undefined = stored;
  return retryOnConflict(async () => {
    const current = seen !== undefined ? seen : await ctx.deps.store.get<StudyEntryRecord>(COLLECTIONS.studyEntries, id);
    seen = undefined;
    if (!current) return saveVersioned(ctx.deps.store, COLLECTIONS.studyEntries, id, null, fresh);
    const patch = change(current);
    return saveVersioned(
      ctx.deps.store,
      COLLECTIONS.studyEntries,
      id,
      current.version,
      { ...recordOf(current), ...patch },
      patch,
    );
  });
}

/** The plan and the member's entry for one of its items, read together. */
async function planItemAndEntry(ctx: ServiceContext, member: PlacedMember, year: number, itemId: string) {
  const entryId = studyEntryId(member._id, year, itemId);
  const [storedPlan, stored] = await Promise.all([
    loadStudyPlan(ctx.deps, member.inflowBranchId, year),
    ctx.deps.store.get<StudyEntryRecord>(COLLECTIONS.studyEntries, entryId),
  ]);
  return { ...requirePlanItem(storedPlan, itemId), entryId, stored };
}

function oneEntryView(ctx: ServiceContext, plan: StudyPlanRecord, item: StudyPlanItem, entry: StudyEntryRecord): StudyEntryView {
  const behind = behindItemIds({
    plan,
    entries: [entry],
    year: plan.year,
    asOf: shanghaiDate(ctx.deps.clock),
    defaultTargetHours: 0,
  });
  return entryView(item, entry, behind);
}

export async function scheduleStudy(
  ctx: ServiceContext,
  input: ParsedInput<'study.schedule'>,
): Promise<ActionOutput<'study.schedule'>> {
  const member = requireOwnPlaced(await requireOwnMember(ctx));
  const { plan, item, entryId, stored } = await planItemAndEntry(ctx, member, input.year, input.itemId);
  if (!monthsOpen(input.year, shanghaiDate(ctx.deps.clock)).includes(input.plannedMonth)) {
    throw new AppError('BAD_REQUEST', '不能选已经过去的月份', { field: 'plannedMonth' });
  }
  const now = timestamp(ctx.deps.clock);
  const fresh: StudyEntryRecord = {
    memberId: member._id,
    branchId: member.inflowBranchId,
    year: input.year,
    itemId: item.itemId,
    title: item.title,
    hours: item.hours,
    status: 'planned',
    plannedMonth: input.plannedMonth,
    doneOn: null,
    note: null,
    recordedBy: null,
    updatedAt: now,
  };
  const entry = await upsertEntry(ctx, entryId, stored, fresh, (current) =>
    // Choosing a month for something already studied changes nothing about it having been studied.
    current.status === 'done' ? { plannedMonth: input.plannedMonth, updatedAt: now } : { ...fresh },
  );
  return oneEntryView(ctx, plan, item, entry);
}

function checkStudiedOn(studiedOn: string, year: number, today: string): void {
  if (dayjs(studiedOn).format('YYYY-MM-DD') !== studiedOn) {
    throw new AppError('BAD_REQUEST', '学习日期不是有效的日期', { field: 'studiedOn' });
  }
  const { studiedFrom, studiedTo } = studyDaysOf(year, today);
  if (studiedOn < studiedFrom || studiedOn > `${year}-12-31`) {
    throw new AppError('BAD_REQUEST', `学习日期应在 ${year} 年内`, { field: 'studiedOn' });
  }
  if (studiedOn > studiedTo) throw new AppError('BAD_REQUEST', '学习日期不能晚于今天', { field: 'studiedOn' });
}

export async function recordStudy(
  ctx: ServiceContext,
  input: ParsedInput<'study.record'>,
): Promise<ActionOutput<'study.record'>> {
  const own = await findOwnMember(ctx);
  let member: PlacedMember;
  if (input.memberId && input.memberId !== own?._id) {
    member = await requireManagedMember(ctx, loadAccess(ctx), input.memberId);
  } else {
    if (!own) throw new AppError('NOT_REGISTERED', '请先完成党员登记');
    member = requireOwnPlaced(own);
  }
  checkStudiedOn(input.studiedOn, input.year, shanghaiDate(ctx.deps.clock));
  const { plan, item, entryId, stored } = await planItemAndEntry(ctx, member, input.year, input.itemId);
  const now = timestamp(ctx.deps.clock);
  const done: Omit<StudyEntryRecord, 'plannedMonth'> = {
    memberId: member._id,
    branchId: member.inflowBranchId,
    year: input.year,
    itemId: item.itemId,
    title: item.title,
    hours: item.hours,
    status: 'done',
    doneOn: input.studiedOn,
    note: input.note || null,
    recordedBy: callerKey(ctx.caller),
    updatedAt: now,
  };
  // One entry per item: recording it again moves the date, it never adds the hours twice.
  const entry = await upsertEntry(ctx, entryId, stored, { ...done, plannedMonth: null }, () => done);
  return oneEntryView(ctx, plan, item, entry);
}
