import { AppError } from './app-error';
import { startEarly } from '../lib/together';
import dayjs from 'dayjs';
import { isDeepStrictEqual } from 'node:util';
import {
  type ActionOutput,
  type LostContactView,
  type MemberView,
  type OutflowInput,
  type ParsedInput,
  idCardGender,
} from '../contract';
import { maskAddress, maskIdCard, maskPhone } from '../lib/pii';
import { shanghaiDate, shanghaiMonth, timestamp } from '../lib/time';
import { type StoredDocument, type TransactionStore, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { retryOnConflict } from '../store/saving';
import { type Access, loadAccess, sideOf } from './access';
import { CONSENT_NOTICE, requireCurrentConsent } from './consent';
import { type ServiceContext, type ServiceDeps, callerKey, callerOpenid } from './context';
import { newId } from './ids';
import { industrySection } from './industries';
import { requireOrganization } from './organizations';
import { admitIdLookup } from './id-lookups';
import type { AccountLinkRecord, AuditRecord, CheckinRecord, LostContactMark, MemberRecord, UniqueKeyRecord } from './records';
import { linkListedIn, readListedIn } from './to-find';

export type MemberDoc = StoredDocument<MemberRecord>;

/** One member per WeChat account: the id is derived from the OPENID, so a retry finds the same record. */
export function memberIdFor(deps: ServiceDeps, openid: string): string {
  return `m_${deps.pii.lookupHash(openid).slice(0, 20)}`;
}

/** The unique key an ID number's keyed hash holds: one record per number. */
export function idCardKey(idCardHash: string): string {
  return `idcard_${idCardHash.slice(0, 40)}`;
}

/** Where a placed member is managed: the inflow branch and since when. */
export interface Placement {
  branchId: string;
  branchName: string;
  branchPath: string;
  /** When the branch placed the member (a stored UTC timestamp). */
  since: string;
  /** Which of the member's placements this is (`pl_<memberId>_<number>`): 1 for one from before placements were counted. */
  number: number;
}

/** Is this member placed, and where: the one reading of the member's placement fields. */
export function placementOf(
  member: Pick<MemberRecord, 'status' | 'inflowBranchId' | 'inflowBranchName' | 'inflowPath' | 'placedAt' | 'placementCount'>,
): Placement | null {
  if (member.status !== 'placed') return null;
  if (!member.inflowBranchId || !member.inflowBranchName || !member.inflowPath || !member.placedAt) return null;
  return {
    branchId: member.inflowBranchId,
    branchName: member.inflowBranchName,
    branchPath: member.inflowPath,
    since: member.placedAt,
    number: member.placementCount ?? 1,
  };
}

export type PlacedMember = MemberDoc & { inflowBranchId: string; inflowBranchName: string; inflowPath: string };

export function isPlaced(member: MemberDoc): member is PlacedMember {
  return placementOf(member) !== null;
}

/** Placed in exactly this branch. */
export function isPlacedIn(member: MemberRecord, branchId: string): boolean {
  return placementOf(member)?.branchId === branchId;
}

/**
 * May take part in this branch's life: placed in it, or it is the member's home branch (the
 * outflow organization that holds the relationship), where members who come home for Spring
 * Festival or National Day sign in to 返乡报到 and 集中补学, and a returned member belongs again.
 */
export function takesPartIn(member: MemberRecord, branchId: string): boolean {
  return isPlacedIn(member, branchId) || member.outflow.orgId === branchId;
}

export function memberNotFound(field = 'memberId'): AppError {
  return new AppError('NOT_FOUND', '找不到这名党员', { field });
}

export function notPlaced(member: MemberRecord): AppError {
  return new AppError('NOT_PLACED', `${member.name}尚未纳入支部管理`);
}

/**
 * A placed member the caller manages. The order of refusals: missing or out of the caller's
 * sight (one answer, so ids cannot be probed), not placed (named only to one who may see the
 * member), then seen but not the caller's to manage (the outflow side, the member themself).
 * The access may still be loading: the member and the caller's roles are read together.
 */
export async function requireManagedMember(
  ctx: ServiceContext,
  accessOrLoading: Access | Promise<Access>,
  memberId: string,
  field = 'memberId',
): Promise<PlacedMember> {
  const { member, access } = await requireSeenMemberWith(ctx, accessOrLoading, memberId, field);
  if (!isPlaced(member)) throw notPlaced(member);
  if (!access.manages(member.inflowPath)) {
    throw new AppError('FORBIDDEN', '只有党员所在支部的书记或上级组织管理员可以操作');
  }
  return member;
}

/** A member the caller may see (`relationTo`), or the answer for a missing one. */
export async function requireSeenMember(
  ctx: ServiceContext,
  accessOrLoading: Access | Promise<Access>,
  memberId: string,
  field = 'memberId',
): Promise<MemberDoc> {
  return (await requireSeenMemberWith(ctx, accessOrLoading, memberId, field)).member;
}

/** The member read together with the caller's roles when those are still loading. */
async function requireSeenMemberWith(
  ctx: ServiceContext,
  accessOrLoading: Access | Promise<Access>,
  memberId: string,
  field: string,
): Promise<{ member: MemberDoc; access: Access }> {
  const [member, access] = await Promise.all([ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId), accessOrLoading]);
  if (!member || !(await relationTo(ctx, access, member))) throw memberNotFound(field);
  return { member, access };
}

/** The open 失联 mark as both sides see it. */
export function toLostContactView(mark: LostContactMark): LostContactView {
  return {
    since: mark.since,
    reason: mark.reason,
    note: mark.note,
    markedOn: mark.markedOn,
    markedByName: mark.markedByName,
    markedSide: mark.markedSide,
  };
}

export function toMemberView(member: MemberDoc): MemberView {
  return {
    memberId: member._id,
    name: member.name,
    gender: member.gender,
    phoneMasked: member.phoneMasked,
    idCardMasked: member.idCardMasked,
    standing: member.standing,
    joinedPartyOn: member.joinedPartyOn,
    outflow: member.outflow,
    leftOn: member.leftOn,
    leaveReason: member.leaveReason,
    residence: { region: member.residence.region, addressMasked: member.residence.addressMasked },
    workplace: member.workplace,
    occupation: member.occupation,
    industry: industrySection(member.industry),
    workPattern: member.workPattern,
    skills: member.skills,
    status: member.status,
    inflowBranch:
      member.inflowBranchId && member.inflowBranchName ? { orgId: member.inflowBranchId, name: member.inflowBranchName } : null,
    placedAt: member.placedAt,
    lostContact: member.lostContact ? toLostContactView(member.lostContact) : null,
    registeredAt: member.registeredAt,
    version: member.version,
  };
}

/** The link an account holds when its record moved here from another account. */
export function accountLinkIdFor(deps: ServiceDeps, openid: string): string {
  return `al_${deps.pii.lookupHash(openid).slice(0, 20)}`;
}

/**
 * The id the caller's own record has unless it moved to them from another account, known before
 * it is read (so what hangs off it can be read together with it); null for a caller who cannot
 * be a member. Whoever reads by it checks the `_id` of the record `findOwnMember` answers.
 */
export function ownMemberId(ctx: ServiceContext): string | null {
  const openid = callerOpenid(ctx.caller);
  return openid ? memberIdFor(ctx.deps, openid) : null;
}

/**
 * The caller's own record: the one whose id their OPENID derives, unless it moved to another
 * account, or the one that moved to them. The record's `openid` says who holds it now.
 */
export async function findOwnMember(ctx: ServiceContext): Promise<MemberDoc | null> {
  const openid = callerOpenid(ctx.caller);
  return openid ? findMemberOfAccount(ctx.deps.store, ctx.deps, openid) : null;
}

export async function findMemberOfAccount(
  reader: Pick<TransactionStore, 'get'>,
  deps: ServiceDeps,
  openid: string,
): Promise<MemberDoc | null> {
  const derived = await reader.get<MemberRecord>(COLLECTIONS.members, memberIdFor(deps, openid));
  if (derived && derived.openid === openid) return derived;
  // Only an account without a record of its own looks for one that moved to it: a member's
  // every call stays one read.
  const link = await reader.get<AccountLinkRecord>(COLLECTIONS.accountLinks, accountLinkIdFor(deps, openid));
  return memberOfAccountFrom(reader, openid, derived, link);
}

/**
 * `findMemberOfAccount` from the account's derived record and its link, which the caller read
 * (together with what else it needed).
 */
export async function memberOfAccountFrom(
  reader: Pick<TransactionStore, 'get'>,
  openid: string,
  derived: MemberDoc | null,
  link: AccountLinkRecord | null,
): Promise<MemberDoc | null> {
  if (derived && derived.openid === openid) return derived;
  if (!link) return null;
  const moved = await reader.get<MemberRecord>(COLLECTIONS.members, link.memberId);
  return moved && moved.openid === openid ? moved : null;
}

export async function requireOwnMember(ctx: ServiceContext): Promise<MemberDoc> {
  const member = await findOwnMember(ctx);
  if (!member) throw new AppError('NOT_REGISTERED', '请先完成党员登记');
  return member;
}

async function resolveOutflow(deps: ServiceDeps, outflow: OutflowInput): Promise<Pick<MemberRecord, 'outflow' | 'outflowPath'>> {
  if (outflow.kind === 'unlisted') {
    return { outflow: { orgId: null, name: outflow.name, region: outflow.region }, outflowPath: null };
  }
  const org = await requireOrganization(deps, outflow.orgId, 'outflow.orgId');
  return { outflow: { orgId: org._id, name: org.name, region: org.region }, outflowPath: org.path };
}

interface DatedFields {
  joinedPartyOn?: string;
  leftOn?: string;
}

/** Dates a person could not have: in the future, or joining the party before turning 18. */
function checkDates(ctx: ServiceContext, fields: DatedFields, idCard: string | null): void {
  const today = shanghaiDate(ctx.deps.clock);
  if (fields.joinedPartyOn) {
    // The schema checks the shape only; dayjs rolls 02-30 over to March, so compare round trips.
    if (dayjs(fields.joinedPartyOn).format('YYYY-MM-DD') !== fields.joinedPartyOn) {
      throw new AppError('BAD_REQUEST', '入党时间不是有效的日期', { field: 'joinedPartyOn' });
    }
    if (fields.joinedPartyOn > today) {
      throw new AppError('BAD_REQUEST', '入党时间不能晚于今天', { field: 'joinedPartyOn' });
    }
    if (idCard) {
      const eighteenth = `${Number(idCard.slice(6, 10)) + 18}-${idCard.slice(10, 12)}-${idCard.slice(12, 14)}`;
      if (fields.joinedPartyOn < eighteenth) {
        throw new AppError('BAD_REQUEST', '入党时间早于年满十八周岁，请核对', { field: 'joinedPartyOn' });
      }
    }
  }
  if (fields.leftOn && fields.leftOn > shanghaiMonth(ctx.deps.clock)) {
    throw new AppError('BAD_REQUEST', '外出时间不能晚于本月', { field: 'leftOn' });
  }
}

export async function registerMember(
  ctx: ServiceContext,
  input: ParsedInput<'member.register'>,
): Promise<ActionOutput<'member.register'>> {
  const openid = callerOpenid(ctx.caller);
  if (!openid) throw new AppError('FORBIDDEN', '党员登记请在微信小程序中进行');
  const { deps } = ctx;
  // Read with the consent; its refusal still comes after the consent's and the form's.
  const outflow = startEarly(resolveOutflow(deps, input.outflow));
  await requireCurrentConsent(ctx);
  if (idCardGender(input.idCard) !== input.gender) {
    throw new AppError('BAD_REQUEST', '性别与身份证号不一致，请核对', { field: 'gender' });
  }
  checkDates(ctx, input, input.idCard);
  const memberId = memberIdFor(deps, openid);
  const idCardHash = deps.pii.lookupHash(input.idCard);
  const now = timestamp(deps.clock);
  const record: MemberRecord = {
    openid,
    name: input.name,
    gender: input.gender,
    phoneEnc: deps.pii.encrypt(input.phone),
    phoneMasked: maskPhone(input.phone),
    idCardEnc: deps.pii.encrypt(input.idCard),
    idCardHash,
    idCardMasked: maskIdCard(input.idCard),
    standing: input.standing,
    joinedPartyOn: input.joinedPartyOn,
    ...(await outflow),
    leftOn: input.leftOn,
    leaveReason: input.leaveReason,
    residence: {
      region: input.residence.region,
      addressEnc: deps.pii.encrypt(input.residence.address),
      addressMasked: maskAddress(input.residence.address),
    },
    workplace: input.workplace,
    occupation: input.occupation,
    industry: input.industry,
    workPattern: input.workPattern,
    skills: input.skills,
    status: 'registered',
    inflowBranchId: null,
    inflowBranchName: null,
    inflowPath: null,
    placedAt: null,
    openCheckinId: null,
    checkinCount: 0,
    consentVersion: CONSENT_NOTICE.version,
    registeredAt: now,
    updatedAt: now,
  };

  const sameRegistration = (existing: MemberDoc): MemberView => {
    if (existing.openid !== openid) {
      throw new AppError('ACCOUNT_MOVED', '这个微信号原来的党员档案已经转到新的微信号，请用新的微信号登录');
    }
    // A retried registration (the very same form) answers with the record it made; any other
    // is not silently dropped: the member is told where their profile is changed.
    if (existing.idCardHash === idCardHash && sameProfile(deps, existing, record)) return toMemberView(existing);
    throw alreadyRegistered();
  };
  /** The number is on file: ours when the record moved to this account, else a counted, audited refusal. */
  const taken = async (owner: string): Promise<MemberView> => {
    const held = await deps.store.get<MemberRecord>(COLLECTIONS.members, owner);
    if (held && held.openid === openid) return sameRegistration(held);
    await admitIdLookup(ctx, idCardHash, 'register', 'taken');
    throw idCardTaken();
  };

  // A concurrent request may win the race; the retry then reads what it made and answers as if
  // we had come second.
  const outcome = await retryOnConflict(() =>
    deps.store.transaction(async (tx): Promise<{ made: MemberView } | { takenBy: string }> => {
      // The ids are read together, then the records written together; a person the movement
      // list named (组织找党员) is linked to the new member in the same transaction.
      const [existing, key, listed] = await Promise.all([
        tx.get<MemberRecord>(COLLECTIONS.members, memberId),
        tx.get<UniqueKeyRecord>(COLLECTIONS.uniqueKeys, idCardKey(idCardHash)),
        readListedIn(tx, idCardHash),
      ]);
      if (existing) return { made: sameRegistration(existing) };
      if (key) return { takenBy: key.owner };
      const [, member] = await Promise.all([
        tx.insert<UniqueKeyRecord>(COLLECTIONS.uniqueKeys, { _id: idCardKey(idCardHash), owner: memberId, createdAt: now }),
        tx.insert<MemberRecord>(COLLECTIONS.members, { _id: memberId, ...record }),
        linkListedIn(tx, listed, memberId, now),
      ]);
      return { made: toMemberView(member) };
    }),
  );
  return 'made' in outcome ? outcome.made : taken(outcome.takenBy);
}

/** The record that holds this ID number, if any: the only way from a number to a member. */
export async function memberHoldingIdCard(deps: ServiceDeps, idCardHash: string): Promise<MemberDoc | null> {
  const key = await deps.store.get<UniqueKeyRecord>(COLLECTIONS.uniqueKeys, idCardKey(idCardHash));
  return key ? deps.store.get<MemberRecord>(COLLECTIONS.members, key.owner) : null;
}

/** What a member fills in on the form, as stored; the encrypted fields compared in the clear. */
function filledIn(deps: ServiceDeps, member: MemberRecord): unknown {
  return {
    name: member.name,
    gender: member.gender,
    phone: deps.pii.decrypt(member.phoneEnc),
    standing: member.standing,
    joinedPartyOn: member.joinedPartyOn,
    outflow: member.outflow,
    leftOn: member.leftOn,
    leaveReason: member.leaveReason,
    residence: { region: member.residence.region, address: deps.pii.decrypt(member.residence.addressEnc) },
    workplace: member.workplace,
    occupation: member.occupation,
    industry: industrySection(member.industry),
    workPattern: member.workPattern,
    skills: member.skills,
  };
}

function sameProfile(deps: ServiceDeps, existing: MemberRecord, submitted: MemberRecord): boolean {
  return isDeepStrictEqual(filledIn(deps, existing), filledIn(deps, submitted));
}

function alreadyRegistered(): AppError {
  return new AppError(
    'ALREADY_REGISTERED',
    '这个微信号已经登记过党员信息，这次填写的内容没有保存。如需修改，请回到首页，点“查看、修改我的信息”',
  );
}

function idCardTaken(): AppError {
  // Deliberately silent about whose record holds it.
  return new AppError('ID_CARD_TAKEN', '该身份证号已经登记。如非本人操作，请联系所在党组织核实', { field: 'idCard' });
}

export async function updateOwnProfile(
  ctx: ServiceContext,
  input: ParsedInput<'member.updateProfile'>,
): Promise<ActionOutput<'member.updateProfile'>> {
  const member = await requireOwnMember(ctx);
  if (member.version !== input.version) {
    throw new AppError('CONFLICT', '档案已在别处修改，请刷新后再改', { field: 'version' });
  }
  const { deps } = ctx;
  const gender = input.gender ?? member.gender;
  const idCard = deps.pii.decrypt(member.idCardEnc);
  if (idCardGender(idCard) !== gender) {
    throw new AppError('BAD_REQUEST', '性别与身份证号不一致，请核对', { field: 'gender' });
  }
  checkDates(ctx, input, idCard);
  const patch: Partial<MemberRecord> = {
    name: input.name,
    gender: input.gender,
    standing: input.standing,
    joinedPartyOn: input.joinedPartyOn,
    leftOn: input.leftOn,
    leaveReason: input.leaveReason,
    workplace: input.workplace,
    occupation: input.occupation,
    industry: input.industry,
    workPattern: input.workPattern,
    skills: input.skills,
    updatedAt: timestamp(deps.clock),
  };
  if (input.phone) {
    patch.phoneEnc = deps.pii.encrypt(input.phone);
    patch.phoneMasked = maskPhone(input.phone);
  }
  if (input.residence) {
    patch.residence = {
      region: input.residence.region,
      addressEnc: deps.pii.encrypt(input.residence.address),
      addressMasked: maskAddress(input.residence.address),
    };
  }
  if (input.outflow) Object.assign(patch, await resolveOutflow(deps, input.outflow));
  try {
    const version = await deps.store.update(COLLECTIONS.members, member._id, input.version, patch);
    const updated: MemberDoc = { ...member, ...definedOnly(patch), version };
    return toMemberView(updated);
  } catch (error) {
    if (error instanceof VersionConflictError) {
      throw new AppError('CONFLICT', '档案已在别处修改，请刷新后再改', { field: 'version' });
    }
    throw error;
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** How the caller relates to a member, which decides what they may see; null means nothing. */
export async function relationTo(
  ctx: ServiceContext,
  access: Access,
  member: MemberDoc,
): Promise<'self' | 'inflow' | 'outflow' | null> {
  if (member.openid === callerOpenid(ctx.caller)) return 'self';
  const side = sideOf(access, member);
  if (side === 'inflow' || side === 'above') return 'inflow';
  if (member.openCheckinId) {
    const checkin = await ctx.deps.store.get<CheckinRecord>(COLLECTIONS.checkins, member.openCheckinId);
    if (checkin && access.manages(checkin.branchPath)) return 'inflow';
  }
  return side;
}

async function requireVisibleMember(ctx: ServiceContext, memberId: string) {
  const [member, access] = await Promise.all([ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId), loadAccess(ctx)]);
  // The same answer for "missing" and "not yours", so ids cannot be probed.
  const relation = member ? await relationTo(ctx, access, member) : null;
  if (!member || !relation) throw memberNotFound();
  return { member, relation };
}

export async function getMember(ctx: ServiceContext, input: ParsedInput<'member.get'>): Promise<ActionOutput<'member.get'>> {
  const { member } = await requireVisibleMember(ctx, input.memberId);
  return toMemberView(member);
}

export async function revealSensitive(
  ctx: ServiceContext,
  input: ParsedInput<'member.revealSensitive'>,
): Promise<ActionOutput<'member.revealSensitive'>> {
  const { member, relation } = await requireVisibleMember(ctx, input.memberId);
  if (relation === 'outflow') {
    throw new AppError('FORBIDDEN', '流出地党组织只能查看隐去部分号码的信息');
  }
  const sealed = { idCard: member.idCardEnc, phone: member.phoneEnc, address: member.residence.addressEnc }[input.field];
  const value = ctx.deps.pii.decrypt(sealed);
  const audit: AuditRecord = {
    actorOpenid: callerKey(ctx.caller),
    action: 'reveal_sensitive',
    memberId: member._id,
    field: input.field,
    at: timestamp(ctx.deps.clock),
  };
  // The audit record is written before the value leaves: no record, no reveal.
  await ctx.deps.store.insert<AuditRecord>(COLLECTIONS.auditLog, { _id: newId('a'), ...audit });
  return { field: input.field, value };
}
