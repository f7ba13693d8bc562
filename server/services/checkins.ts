import { AppError } from './app-error';
import { together } from '../lib/together';
import { type ActionOutput, type CheckinView, type OrgView, type ParsedInput } from '../contract';
import { timestamp } from '../lib/time';
import { type Filter, type StoredDocument, type TransactionStore, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { retryOnConflict } from '../store/saving';
import { type Access, actingName, loadAccess, requireManages } from './access';
import { type ServiceContext, callerKey } from './context';
import { industryFilter, industrySection } from './industries';
import { type MemberDoc, isPlaced, requireOwnMember } from './members';
import { enqueueNotification } from './notifications';
import {
  type OrganizationDoc,
  findOrganization,
  parentOfPath,
  requireBranch,
  requireManagedOrganization,
  requireActive,
  requireOrganization,
  toOrgView,
  underPath,
} from './organizations';
import type { CheckinForward, CheckinRecord, MemberRecord, NoticeRecord, OrganizationRecord, PlacementRecord } from './records';
import { latestPlacement, openedPlacement, previousPlacementOf } from './placements';

export type CheckinDoc = StoredDocument<CheckinRecord>;

/** The page a check-in code opens, and how the organization travels in its scene value (at most 32 characters). */
export const CHECKIN_PAGE = 'pages/checkin/checkin';
/** Where the member reads the decision on their check-in. */
export const CHECKIN_STATUS_PAGE = 'pages/checkin-status/checkin-status';
/** `b=` is kept for every kind of organization: codes printed when only branches had one still hang on walls. */
export function checkinScene(orgId: string): string {
  return `b=${orgId}`;
}

export function toCheckinView(checkin: CheckinDoc): CheckinView {
  return {
    checkinId: checkin._id,
    memberId: checkin.memberId,
    memberName: checkin.memberName,
    memberStanding: checkin.memberStanding,
    memberOutflowName: checkin.memberOutflowName,
    organization: { orgId: checkin.branchId, name: checkin.branchName, kind: checkin.orgKind ?? 'branch' },
    forwards: (checkin.forwards ?? []).map((step) => ({
      from: { orgId: step.fromOrgId, name: step.fromName },
      to: { orgId: step.toOrgId, name: step.toName },
      byName: step.byName,
      reason: step.reason,
      at: step.at,
    })),
    status: checkin.status,
    via: checkin.via,
    submittedAt: checkin.submittedAt,
    decidedAt: checkin.decidedAt,
    decidedByName: checkin.decidedByName,
    reason: checkin.reason,
    placedBranch:
      checkin.placedBranchId && checkin.placedBranchName
        ? { orgId: checkin.placedBranchId, name: checkin.placedBranchName }
        : null,
    previousPlacement: checkin.previousPlacement ?? null,
    version: checkin.version,
  };
}

const SUGGESTION_LIMIT = 5;

export async function suggestBranches(ctx: ServiceContext): Promise<ActionOutput<'checkin.suggest'>> {
  const member = await requireOwnMember(ctx);
  const { city, district } = member.residence.region;
  const branches = (where: Filter, limit: number) =>
    ctx.deps.store.find<OrganizationRecord>(COLLECTIONS.organizations, {
      where: { kind: 'branch', 'region.city': city, ...where },
      orderBy: [{ field: 'name', direction: 'asc' }],
      limit,
    });
  const home = member.outflow.region;
  // Hometown branches in one city are few (one per sending county or city), so they are
  // filtered here by how precisely their hometown is given.
  const [hometownPage, industry, community] = await Promise.all([
    branches({ branchKind: 'hometown' }, 200),
    branches({ branchKind: 'industry', ...industryFilter('industry', industrySection(member.industry)) }, SUGGESTION_LIMIT),
    branches({ branchKind: 'community', 'region.district': district }, SUGGESTION_LIMIT),
  ]);
  // A dissolved branch is kept for its history; nobody is sent to it.
  const active = (org: OrganizationDoc) => !org.dissolved;
  const hometown = hometownPage.items.filter(
    (org) =>
      active(org) &&
      org.hometown !== null &&
      org.hometown.province === home.province &&
      org.hometown.city === home.city &&
      (!org.hometown.district || org.hometown.district === home.district),
  );
  const suggestions: { branch: OrgView; reason: 'hometown' | 'industry' | 'community' }[] = [
    ...hometown.slice(0, SUGGESTION_LIMIT).map((org) => ({ branch: toOrgView(org), reason: 'hometown' as const })),
    ...industry.items.filter(active).map((org) => ({ branch: toOrgView(org), reason: 'industry' as const })),
    ...community.items.filter(active).map((org) => ({ branch: toOrgView(org), reason: 'community' as const })),
  ];
  return { suggestions };
}

export async function resolveCheckinCode(
  ctx: ServiceContext,
  input: ParsedInput<'checkin.resolveCode'>,
): Promise<ActionOutput<'checkin.resolveCode'>> {
  const match = /^b=([A-Za-z0-9_-]{1,30})$/.exec(input.scene.trim());
  if (!match) throw new AppError('INVALID_CODE', '这不是党组织的报到码，请换一个码再扫', { field: 'scene' });
  const org = await requireOrganization(ctx.deps, match[1], 'scene');
  requireActive(org, 'scene');
  return toOrgView(org);
}

function alreadyPlaced(member: MemberRecord): AppError {
  return new AppError('ALREADY_PLACED', `您已纳入“${member.inflowBranchName ?? '流入地党支部'}”管理，无需再报到`);
}

/** A member's check-ins are numbered: the n-th request has its own id, so a retry cannot make two. */
function checkinIdFor(memberId: string, sequence: number): string {
  return `c_${memberId.slice(2)}_${sequence}`;
}

function requireRegistered(member: MemberDoc | null): MemberDoc {
  if (!member) throw new AppError('NOT_REGISTERED', '请先完成党员登记');
  return member;
}

async function requireMemberInTx(tx: TransactionStore, memberId: string): Promise<MemberDoc> {
  return requireRegistered(await tx.get<MemberRecord>(COLLECTIONS.members, memberId));
}

export async function submitCheckin(
  ctx: ServiceContext,
  input: ParsedInput<'checkin.submit'>,
): Promise<ActionOutput<'checkin.submit'>> {
  const [member, org] = await together(requireOwnMember(ctx), requireOrganization(ctx.deps, input.orgId));
  requireActive(org);
  if (isPlaced(member)) throw alreadyPlaced(member);
  const attempt = () =>
    ctx.deps.store.transaction(async (tx) => {
      // The member, their open request and the id the new one would take, read together as the
      // member stood outside the transaction; read again only if the member moved meanwhile.
      const [current, openAsSeen] = await Promise.all([
        requireMemberInTx(tx, member._id),
        member.openCheckinId ? tx.get<CheckinRecord>(COLLECTIONS.checkins, member.openCheckinId) : null,
        tx.get<CheckinRecord>(COLLECTIONS.checkins, checkinIdFor(member._id, member.checkinCount + 1)),
      ]);
      if (isPlaced(current)) throw alreadyPlaced(current);
      if (current.openCheckinId) {
        const open =
          current.openCheckinId === member.openCheckinId
            ? openAsSeen
            : await tx.get<CheckinRecord>(COLLECTIONS.checkins, current.openCheckinId);
        if (open && open.status === 'pending') {
          // The same request sent twice is the same request.
          if (open.branchId === org._id) return toCheckinView(open);
          throw new AppError('CHECKIN_ALREADY_OPEN', `您已向“${open.branchName}”提交报到申请，请等待审批或先撤回`);
        }
      }
      const sequence = current.checkinCount + 1;
      const previous = previousPlacementOf(await latestPlacement(tx, current));
      const checkinId = checkinIdFor(current._id, sequence);
      const record: CheckinRecord = {
        memberId: current._id,
        memberName: current.name,
        memberStanding: current.standing,
        memberOutflowName: current.outflow.name,
        branchId: org._id,
        branchName: org.name,
        branchPath: org.path,
        orgKind: org.kind,
        forwards: [],
        status: 'pending',
        via: input.via,
        submittedAt: timestamp(ctx.deps.clock),
        decidedAt: null,
        decidedBy: null,
        decidedByName: null,
        reason: null,
        placedBranchId: null,
        placedBranchName: null,
        previousPlacement: previous,
      };
      const [inserted] = await Promise.all([
        tx.insert<CheckinRecord>(COLLECTIONS.checkins, { _id: checkinId, ...record }),
        tx.update(COLLECTIONS.members, current._id, current.version, {
          status: 'pending',
          openCheckinId: checkinId,
          checkinCount: sequence,
          updatedAt: record.submittedAt,
        }),
        enqueueNotification(tx, {
          kind: 'checkin_waiting',
          causeId: checkinId,
          to: { kind: 'org', orgId: org._id },
          fields: { subject: current.name, detail: '提交了报到申请，等待审批', time: record.submittedAt },
          page: `pages/pending/pending?orgId=${org._id}`,
          at: record.submittedAt,
        }),
      ]);
      return toCheckinView(inserted);
    });
  // A concurrent duplicate of this request got there first: the retry answers with what it made.
  return retryOnConflict(attempt);
}

async function requireOwnCheckin(ctx: ServiceContext, checkinId: string) {
  const [member, checkin] = await together(
    requireOwnMember(ctx),
    ctx.deps.store.get<CheckinRecord>(COLLECTIONS.checkins, checkinId),
  );
  if (!checkin || checkin.memberId !== member._id) throw checkinNotFound();
  return { member, checkin };
}

function checkinNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这条报到申请', { field: 'checkinId' });
}

function notPending(): AppError {
  return new AppError('CHECKIN_NOT_PENDING', '这条报到申请已经处理完毕，不能再修改');
}

export async function withdrawCheckin(
  ctx: ServiceContext,
  input: ParsedInput<'checkin.withdraw'>,
): Promise<ActionOutput<'checkin.withdraw'>> {
  const { member } = await requireOwnCheckin(ctx, input.checkinId);
  return ctx.deps.store.transaction(async (tx) => {
    const [checkin, stored] = await Promise.all([
      tx.get<CheckinRecord>(COLLECTIONS.checkins, input.checkinId),
      tx.get<MemberRecord>(COLLECTIONS.members, member._id),
    ]);
    if (!checkin) throw checkinNotFound();
    if (checkin.status !== 'pending') throw notPending();
    const current = requireRegistered(stored);
    const now = timestamp(ctx.deps.clock);
    const [version] = await Promise.all([
      tx.update(COLLECTIONS.checkins, checkin._id, checkin.version, { status: 'withdrawn', decidedAt: now }),
      tx.update(COLLECTIONS.members, current._id, current.version, {
        status: 'registered',
        openCheckinId: null,
        updatedAt: now,
      }),
    ]);
    return toCheckinView({ ...checkin, status: 'withdrawn', decidedAt: now, version });
  });
}

const HISTORY_LIMIT = 20;

export async function myCheckins(ctx: ServiceContext): Promise<ActionOutput<'checkin.mine'>> {
  const member = await requireOwnMember(ctx);
  const page = await ctx.deps.store.find<CheckinRecord>(COLLECTIONS.checkins, {
    where: { memberId: member._id },
    orderBy: [{ field: 'submittedAt', direction: 'desc' }],
    limit: HISTORY_LIMIT,
  });
  const views = page.items.map(toCheckinView);
  return { current: views[0] ?? null, history: views.slice(1) };
}

export async function pendingCheckins(
  ctx: ServiceContext,
  input: ParsedInput<'checkin.pending'>,
): Promise<ActionOutput<'checkin.pending'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const page =
    org.kind === 'branch'
      ? await ctx.deps.store.find<CheckinRecord>(COLLECTIONS.checkins, {
          where: { branchId: org._id, status: 'pending' },
          orderBy: [{ field: 'submittedAt', direction: 'asc' }],
          limit: input.limit,
          cursor: input.cursor,
        })
      : await ctx.deps.store.find<CheckinRecord>(COLLECTIONS.checkins, {
          where: { status: 'pending', ...underPath('branchPath', org.path) },
          orderBy: [
            { field: 'branchPath', direction: 'asc' },
            { field: 'submittedAt', direction: 'asc' },
          ],
          limit: input.limit,
          cursor: input.cursor,
        });
  return { items: page.items.map(toCheckinView), nextCursor: page.nextCursor };
}

/**
 * Where an approval may place the member: a branch inside the decider's own scope (a secretary
 * their own branch, an admin any branch below their organization); a request to a committee
 * or general branch needs a branch below it. `chosen` is the branch the decider picked, read
 * with the request (null when they kept the one asked for).
 */
function placementBranch(access: Access, requested: OrganizationDoc, chosen: OrganizationDoc | null): OrganizationDoc {
  if (!chosen) {
    if (requested.kind === 'branch') return requested;
    throw new AppError('INVALID_PLACEMENT', `请选择把党员安排到“${requested.name}”下属的哪个党支部`, { field: 'placeBranchId' });
  }
  if (!access.manages(chosen.path)) {
    throw new AppError('INVALID_PLACEMENT', '只能安排到您负责的党支部；其他支部的申请请转交', { field: 'placeBranchId' });
  }
  if (requested.kind !== 'branch' && !chosen.path.startsWith(requested.path)) {
    throw new AppError('INVALID_PLACEMENT', `只能安排到“${requested.name}”下属的党支部`, { field: 'placeBranchId' });
  }
  return chosen;
}

/**
 * The request, if the caller may decide it (secretary of its branch, or admin of it or above);
 * anyone else is answered as for a missing request. The organization it is addressed to and,
 * when given, the branch the decider chose are read together.
 */
async function requireDecidable(ctx: ServiceContext, checkinId: string, chosenBranchId?: string | null) {
  const [checkin, access] = await Promise.all([
    ctx.deps.store.get<CheckinRecord>(COLLECTIONS.checkins, checkinId),
    loadAccess(ctx),
  ]);
  if (!checkin) throw checkinNotFound();
  requireManages(access, checkin.branchPath, checkinNotFound);
  const elsewhere = chosenBranchId && chosenBranchId !== checkin.branchId ? chosenBranchId : null;
  const [requested, chosen] = await together(
    requireOrganization(ctx.deps, checkin.branchId, 'checkinId'),
    elsewhere ? requireBranch(ctx.deps, elsewhere, 'placeBranchId') : Promise.resolve(null),
  );
  if (chosen) requireActive(chosen, 'placeBranchId');
  return { checkin, access, requested, chosen };
}

/** The request as the transaction read it: still there, still pending, and at the version the decider saw. */
function requirePendingAsSeen(checkin: CheckinDoc | null, version: number): CheckinDoc {
  if (!checkin) throw checkinNotFound();
  if (checkin.version !== version) throw decidedElsewhere();
  if (checkin.status !== 'pending') throw notPending();
  return checkin;
}

/** A request may go to a branch beside its organization (under the same parent) or up to the parent. */
function mayForwardTo(requested: OrganizationDoc, target: OrganizationDoc): boolean {
  if (requested.parentId === null || target._id === requested._id || target.dissolved) return false;
  return target._id === requested.parentId || (target.kind === 'branch' && target.parentId === requested.parentId);
}

const CHOICE_LIMIT = 50;

const branchesWhere = (ctx: ServiceContext, where: Filter) =>
  ctx.deps.store.find<OrganizationRecord>(COLLECTIONS.organizations, {
    where: { kind: 'branch', ...where },
    orderBy: [{ field: 'name', direction: 'asc' }],
    limit: CHOICE_LIMIT,
  });

export async function checkinChoices(
  ctx: ServiceContext,
  input: ParsedInput<'checkin.choices'>,
): Promise<ActionOutput<'checkin.choices'>> {
  const { access, requested } = await requireDecidable(ctx, input.checkinId);
  const parent = parentOfPath(requested.path);
  const branchRef = (org: OrganizationDoc) => ({ orgId: org._id, name: org.name });
  const [below, siblings, parentOrg] = await Promise.all([
    requested.kind === 'branch' ? null : branchesWhere(ctx, underPath('path', requested.path)),
    parent ? branchesWhere(ctx, { parentId: parent.orgId }) : null,
    parent ? findOrganization(ctx.deps, parent.orgId) : null,
  ]);
  const placeIn = (
    below?.items ??
    (parent && access.manages(parent.path) && siblings ? siblings.items : [requested]).filter((org) => access.manages(org.path))
  ).filter((org) => !org.dissolved);
  const forwardTo = [
    ...(siblings?.items ?? []).filter((org) => mayForwardTo(requested, org)),
    ...(parentOrg ? [parentOrg] : []),
  ].map((org) => ({ orgId: org._id, name: org.name, kind: org.kind }));
  return { placeIn: placeIn.map(branchRef), forwardTo };
}

export async function forwardCheckin(
  ctx: ServiceContext,
  input: ParsedInput<'checkin.forward'>,
): Promise<ActionOutput<'checkin.forward'>> {
  const { access, requested } = await requireDecidable(ctx, input.checkinId);
  const target = await requireOrganization(ctx.deps, input.toOrgId, 'toOrgId');
  requireActive(target, 'toOrgId');
  if (!mayForwardTo(requested, target)) {
    throw new AppError('INVALID_FORWARD', '只能转交给同一上级组织下的其他党支部，或上级组织', { field: 'toOrgId' });
  }
  const now = timestamp(ctx.deps.clock);
  try {
    return await ctx.deps.store.transaction(async (tx) => {
      const checkin = requirePendingAsSeen(await tx.get<CheckinRecord>(COLLECTIONS.checkins, input.checkinId), input.version);
      const step: CheckinForward = {
        fromOrgId: checkin.branchId,
        fromName: checkin.branchName,
        toOrgId: target._id,
        toName: target.name,
        by: callerKey(ctx.caller),
        byName: actingName(access, checkin.branchPath),
        reason: input.reason ?? null,
        at: now,
      };
      const patch: Partial<CheckinRecord> = {
        branchId: target._id,
        branchName: target.name,
        branchPath: target.path,
        orgKind: target.kind,
        forwards: [...(checkin.forwards ?? []), step],
      };
      const version = await tx.update(COLLECTIONS.checkins, checkin._id, checkin.version, patch);
      return toCheckinView({ ...checkin, ...patch, version });
    });
  } catch (error) {
    if (error instanceof VersionConflictError) throw decidedElsewhere();
    throw error;
  }
}

export async function checkinCode(
  ctx: ServiceContext,
  input: ParsedInput<'org.checkinCode'>,
): Promise<ActionOutput<'org.checkinCode'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const scene = checkinScene(org._id);
  return {
    organization: { orgId: org._id, name: org.name, kind: org.kind },
    scene,
    page: CHECKIN_PAGE,
    imageDataUrl: await ctx.deps.codeRenderer.render(scene, CHECKIN_PAGE),
  };
}

export async function decideCheckin(
  ctx: ServiceContext,
  input: ParsedInput<'checkin.decide'>,
): Promise<ActionOutput<'checkin.decide'>> {
  const approving = input.decision === 'approve';
  const {
    checkin: found,
    access,
    requested,
    chosen,
  } = await requireDecidable(ctx, input.checkinId, approving ? input.placeBranchId : null);
  const target = approving ? placementBranch(access, requested, chosen) : requested;
  const noticeId = `n_${found._id}`;
  const now = timestamp(ctx.deps.clock);
  const decidedByName = actingName(access, found.branchPath);

  try {
    return await ctx.deps.store.transaction(async (tx) => {
      // Everything the decision writes is read first, together; then it is written together.
      const [seen, stored] = await Promise.all([
        tx.get<CheckinRecord>(COLLECTIONS.checkins, input.checkinId),
        tx.get<MemberRecord>(COLLECTIONS.members, found.memberId),
        tx.get<NoticeRecord>(COLLECTIONS.notices, noticeId),
      ]);
      const checkin = requirePendingAsSeen(seen, input.version);
      const member = requireRegistered(stored);
      const decision: Partial<CheckinRecord> = {
        status: input.decision === 'approve' ? 'approved' : 'rejected',
        decidedAt: now,
        decidedBy: callerKey(ctx.caller),
        decidedByName,
        reason: input.reason ?? null,
        placedBranchId: input.decision === 'approve' ? target._id : null,
        placedBranchName: input.decision === 'approve' ? target.name : null,
      };
      if (input.decision === 'approve' && isPlaced(member)) throw alreadyPlaced(member);
      // The placement's deterministic id: an approval can open the member's n-th placement once.
      const opened = input.decision === 'approve' ? openedPlacement(member, target, now) : null;
      const memberPatch: Partial<MemberRecord> =
        input.decision === 'approve'
          ? {
              status: 'placed',
              placementCount: opened?.count,
              inflowBranchId: target._id,
              inflowBranchName: target.name,
              inflowPath: target.path,
              placedAt: now,
              openCheckinId: null,
              updatedAt: now,
            }
          : { status: 'registered', openCheckinId: null, updatedAt: now };
      const [version] = await Promise.all([
        tx.update(COLLECTIONS.checkins, checkin._id, checkin.version, decision),
        tx.update(COLLECTIONS.members, member._id, member.version, memberPatch),
        // The outflow organization hears that its member was placed, once: the notice is keyed by the request.
        input.decision === 'approve' && member.outflow.orgId && member.outflowPath
          ? tx.insert<NoticeRecord>(COLLECTIONS.notices, {
              _id: noticeId,
              kind: 'member_placed',
              outflowOrgId: member.outflow.orgId,
              outflowPath: member.outflowPath,
              memberId: member._id,
              memberName: member.name,
              branchId: target._id,
              branchName: target.name,
              branchRegion: target.region,
              createdAt: now,
            })
          : null,
        opened ? tx.insert<PlacementRecord>(COLLECTIONS.placements, { _id: opened.id, ...opened.record }) : null,
        enqueueNotification(tx, {
          kind: 'checkin_decided',
          causeId: checkin._id,
          to: { kind: 'user', openid: member.openid },
          fields: {
            subject: input.decision === 'approve' ? target.name : checkin.branchName,
            detail: input.decision === 'approve' ? '报到申请已通过，已纳入支部管理' : '报到申请未通过，请查看原因',
            time: now,
          },
          page: CHECKIN_STATUS_PAGE,
          at: now,
        }),
      ]);
      return toCheckinView({ ...checkin, ...decision, version });
    });
  } catch (error) {
    if (error instanceof VersionConflictError) throw decidedElsewhere();
    throw error;
  }
}

function decidedElsewhere(): AppError {
  return new AppError('CONFLICT', '该申请刚被其他人处理或修改，请刷新后查看');
}
