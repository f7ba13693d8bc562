import dayjs from 'dayjs';
import { AppError } from './app-error';
import { endPost, postsHeldAt } from './roles';
import type { ActionOutput, ParsedInput } from '../contract';
import type { TransferView } from '../contract/transfers';
import { monthsBetween } from '../lib/periods';
import { chineseDate, shanghaiDate, timestamp } from '../lib/time';
import type { StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { retryOnConflict } from '../store/saving';
import { type Access, actingName, loadAccess } from './access';
import { type ServiceContext, callerKey } from './context';
import { requirePastDay } from './days';
import { type MemberDoc, isPlaced, memberNotFound, relationTo } from './members';
import { postMessage } from './messages';
import { requireBranch, requireOrganization, underPath } from './organizations';
import type { MemberRecord, TransferRecord } from './records';
import { SettingsResolver } from './settings';

/**
 * 应转尽转: a member settled at the inflow place with steady work transfers the organization
 * relationship to the inflow branch. The inflow branch proposes, the outflow side agrees or
 * says why not, the transfer is done in the national system, and the receiving branch records
 * its completion (the 介绍信 number and date). Then the member is a regular member of that
 * branch (`transferred`): no longer mobile, no longer swept for reports, gone from the outflow
 * side's list of outgoing members, kept in the records. Each step tells whoever holds the next.
 */

export type TransferDoc = StoredDocument<TransferRecord>;

const MEMBER_TRANSFER_LIMIT = 20;

export function transferIdFor(memberId: string, n: number): string {
  return `tr_${memberId}_${n}`;
}

/** The Shanghai calendar day of a stored UTC timestamp. */
export function shanghaiDayOf(iso: string): string {
  return shanghaiDate({ now: () => new Date(iso) });
}

export function toTransferView(doc: TransferDoc, access: Access): TransferView {
  return {
    transferId: doc._id,
    member: { memberId: doc.memberId, name: doc.memberName },
    branch: { orgId: doc.branchId, name: doc.branchName },
    outflow: { orgId: doc.outflowOrgId, name: doc.outflowName },
    status: doc.status,
    reason: doc.reason,
    proposed: { on: doc.proposedOn, at: doc.proposedAt, byName: doc.proposedByName },
    decided:
      doc.decidedOn && doc.decidedAt
        ? { on: doc.decidedOn, at: doc.decidedAt, byName: doc.decidedByName, refusalReason: doc.refusalReason }
        : null,
    completed:
      doc.completedOn && doc.completedAt && doc.letterNumber && doc.letterDate
        ? {
            on: doc.completedOn,
            at: doc.completedAt,
            byName: doc.completedByName,
            letterNumber: doc.letterNumber,
            letterDate: doc.letterDate,
          }
        : null,
    can: {
      decide: doc.status === 'proposed' && access.manages(doc.outflowPath),
      complete: doc.status === 'agreed' && access.manages(doc.inflowPath),
    },
    version: doc.version,
  };
}

/** Why this placed member cannot be proposed, or null when they can. */
function notProposable(member: MemberDoc): AppError | null {
  if (!member.outflow.orgId || !member.outflowPath) {
    return new AppError('TRANSFER_NOT_POSSIBLE', `${member.name}的流出地党组织不在系统中，请直接在全国党员管理信息系统办理`);
  }
  if (member.lostContact) {
    return new AppError('TRANSFER_NOT_POSSIBLE', `${member.name}已标记失联，找到后才能提议转接`);
  }
  return null;
}

function transferNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这条组织关系转接', { field: 'transferId' });
}

function transferConflict(cause?: unknown): AppError {
  return new AppError('CONFLICT', '这条转接刚被其他人处理，请刷新后查看', { field: 'version', cause });
}

async function requireTransfer(ctx: ServiceContext, transferId: string): Promise<TransferDoc> {
  const doc = await ctx.deps.store.get<TransferRecord>(COLLECTIONS.transfers, transferId);
  if (!doc) throw transferNotFound();
  return doc;
}

async function requireMemberOf(ctx: ServiceContext, transfer: TransferDoc): Promise<MemberDoc> {
  const member = await ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, transfer.memberId);
  if (!member) throw new Error(`The member ${transfer.memberId} of transfer ${transfer._id} is missing`);
  return member;
}

export async function proposeTransfer(
  ctx: ServiceContext,
  input: ParsedInput<'transfer.propose'>,
): Promise<ActionOutput<'transfer.propose'>> {
  const key = callerKey(ctx.caller);
  const { store } = ctx.deps;
  const accessLoaded = loadAccess(ctx);
  return retryOnConflict(
    async () => {
      const [member, access] = await Promise.all([store.get<MemberRecord>(COLLECTIONS.members, input.memberId), accessLoaded]);
      if (!member) throw memberNotFound();
      if (!isPlaced(member)) {
        // Someone who may see the member hears why; anyone else, that there is no such member.
        const relation = await relationTo(ctx, access, member);
        if (relation === null || relation === 'self') throw memberNotFound();
        throw new AppError('NOT_PLACED', `${member.name}没有纳入支部管理，不能提议转接组织关系`);
      }
      if (!access.manages(member.inflowPath)) throw memberNotFound();
      if (member.openTransferId) {
        const open = await store.get<TransferRecord>(COLLECTIONS.transfers, member.openTransferId);
        // The same proposal sent again is a retry: answer with the one it made.
        if (open && open.proposedBy === key && open.status === 'proposed' && open.reason === input.reason) {
          return toTransferView(open, access);
        }
        throw new AppError('TRANSFER_ALREADY_OPEN', `${member.name}已有一条进行中的组织关系转接`);
      }
      const refusal = notProposable(member);
      if (refusal) throw refusal;
      const outflowOrgId = member.outflow.orgId as string;
      const outflowPath = member.outflowPath as string;

      const n = (member.transferCount ?? 0) + 1;
      const id = transferIdFor(member._id, n);
      const now = timestamp(ctx.deps.clock);
      const record: TransferRecord = {
        memberId: member._id,
        memberName: member.name,
        branchId: member.inflowBranchId,
        branchName: member.inflowBranchName,
        inflowPath: member.inflowPath,
        outflowOrgId,
        outflowName: member.outflow.name,
        outflowPath,
        status: 'proposed',
        openRank: 0,
        reason: input.reason,
        proposedOn: shanghaiDate(ctx.deps.clock),
        proposedAt: now,
        proposedBy: key,
        proposedByName: actingName(access, member.inflowPath),
        decidedOn: null,
        decidedAt: null,
        decidedBy: null,
        decidedByName: null,
        refusalReason: null,
        completedOn: null,
        completedAt: null,
        completedBy: null,
        completedByName: null,
        letterNumber: null,
        letterDate: null,
        waitingSince: now,
      };
      const doc = await store.transaction(async (tx) => {
        const [, inserted] = await Promise.all([
          tx.update(COLLECTIONS.members, member._id, member.version, { openTransferId: id, transferCount: n, updatedAt: now }),
          tx.insert<TransferRecord>(COLLECTIONS.transfers, { _id: id, ...record }),
          postMessage(tx, `msg_${id}_proposed`, {
            orgId: outflowOrgId,
            orgPath: outflowPath,
            kind: 'transfer_proposed',
            title: '组织关系转接提议',
            body: `${member.inflowBranchName}提议将${member.name}的组织关系转入该支部（${input.reason}）。请在党员详情中同意，或写明不同意的理由。`,
            reportId: null,
            memberId: member._id,
            createdAt: now,
          }),
        ]);
        return inserted;
      });
      return toTransferView(doc, access);
    },
    () => transferConflict(),
  );
}

export async function decideTransfer(
  ctx: ServiceContext,
  input: ParsedInput<'transfer.decide'>,
): Promise<ActionOutput<'transfer.decide'>> {
  const key = callerKey(ctx.caller);
  const accessLoaded = loadAccess(ctx);
  const decision = input.decision === 'agree' ? 'agreed' : 'refused';
  const { store } = ctx.deps;
  return retryOnConflict(
    async () => {
      const [transfer, access] = await Promise.all([requireTransfer(ctx, input.transferId), accessLoaded]);
      if (!access.manages(transfer.outflowPath)) throw transferNotFound();
      if (transfer.decidedBy === key && transfer.status === decision && transfer.version === input.version + 1) {
        return toTransferView(transfer, access);
      }
      if (transfer.version !== input.version) throw transferConflict();
      if (transfer.status !== 'proposed') throw new AppError('TRANSFER_NOT_PENDING', '这条转接已经处理过');
      const now = timestamp(ctx.deps.clock);
      const patch: Partial<TransferRecord> = {
        status: decision,
        decidedOn: shanghaiDate(ctx.deps.clock),
        decidedAt: now,
        decidedBy: key,
        decidedByName: actingName(access, transfer.outflowPath),
        refusalReason: decision === 'refused' ? input.reason : null,
        // Agreed, the receiving branch holds the next step; refused, nobody does.
        waitingSince: decision === 'agreed' ? now : null,
        openRank: decision === 'agreed' ? 0 : 1,
      };
      const member = decision === 'refused' ? await requireMemberOf(ctx, transfer) : null;
      const version = await store.transaction(async (tx) => {
        const [next] = await Promise.all([
          tx.update(COLLECTIONS.transfers, transfer._id, transfer.version, patch),
          member ? tx.update(COLLECTIONS.members, member._id, member.version, { openTransferId: null, updatedAt: now }) : null,
          postMessage(tx, `msg_${transfer._id}_${decision}`, {
            orgId: transfer.branchId,
            orgPath: transfer.inflowPath,
            kind: decision === 'agreed' ? 'transfer_agreed' : 'transfer_refused',
            title: decision === 'agreed' ? '流出地已同意转接组织关系' : '流出地不同意转接组织关系',
            body:
              decision === 'agreed'
                ? `${transfer.outflowName}已同意将${transfer.memberName}的组织关系转入本支部。请在全国党员管理信息系统办理转接，办结后在党员详情中登记介绍信编号和日期。`
                : `${transfer.outflowName}不同意将${transfer.memberName}的组织关系转入本支部，理由：${input.reason}`,
            reportId: null,
            memberId: transfer.memberId,
            createdAt: now,
          }),
        ]);
        return next;
      });
      return toTransferView({ ...transfer, ...patch, version }, access);
    },
    () => transferConflict(),
  );
}

export async function completeTransfer(
  ctx: ServiceContext,
  input: ParsedInput<'transfer.complete'>,
): Promise<ActionOutput<'transfer.complete'>> {
  const key = callerKey(ctx.caller);
  const accessLoaded = loadAccess(ctx);
  const { store } = ctx.deps;
  return retryOnConflict(
    async () => {
      const [transfer, access] = await Promise.all([requireTransfer(ctx, input.transferId), accessLoaded]);
      if (!access.manages(transfer.inflowPath)) throw transferNotFound();
      if (transfer.completedBy === key && transfer.letterNumber === input.letterNumber && transfer.status === 'completed') {
        return toTransferView(transfer, access);
      }
      if (transfer.version !== input.version) throw transferConflict();
      if (transfer.status !== 'agreed') {
        throw new AppError('TRANSFER_NOT_AGREED', '流出地党组织同意转接后，才能登记办结');
      }
      const today = shanghaiDate(ctx.deps.clock);
      requirePastDay(input.letterDate, today, 'letterDate', '介绍信日期', {
        day: transfer.decidedOn ?? transfer.proposedOn,
        what: '流出地同意转接的日期',
      });
      const member = await requireMemberOf(ctx, transfer);
      // The relationship leaves the outflow organization: the posts held there end with it.
      const posts = await postsHeldAt(store, member.openid, transfer.outflowOrgId);
      const now = timestamp(ctx.deps.clock);
      const patch: Partial<TransferRecord> = {
        status: 'completed',
        openRank: 1,
        completedOn: today,
        completedAt: now,
        completedBy: key,
        completedByName: actingName(access, transfer.inflowPath),
        letterNumber: input.letterNumber,
        letterDate: input.letterDate,
        waitingSince: null,
      };
      const version = await store.transaction(async (tx) => {
        const [next] = await Promise.all([
          tx.update(COLLECTIONS.transfers, transfer._id, transfer.version, patch),
          // A regular member of the receiving branch from now on: the sweep skips them (no more
          // drafts), the outflow side's list of outgoing members leaves them out.
          tx.update(COLLECTIONS.members, member._id, member.version, {
            status: 'transferred',
            openTransferId: null,
            transferredAt: now,
            updatedAt: now,
          }),
          postMessage(tx, `msg_${transfer._id}_completed`, {
            orgId: transfer.outflowOrgId,
            orgPath: transfer.outflowPath,
            kind: 'transfer_completed',
            title: '组织关系转接已办结',
            body: `${transfer.memberName}的组织关系已转入${transfer.branchName}（介绍信 ${input.letterNumber}，${chineseDate(input.letterDate)}），不再作为外出党员管理，也不再收到反馈报告。`,
            reportId: null,
            memberId: transfer.memberId,
            createdAt: now,
          }),
          ...posts.map((post) => endPost(tx, post, 'transferred', now, key)),
        ]);
        return next;
      });
      return toTransferView({ ...transfer, ...patch, version }, access);
    },
    () => transferConflict(),
  );
}

export async function transferCandidates(
  ctx: ServiceContext,
  input: ParsedInput<'transfer.candidates'>,
): Promise<ActionOutput<'transfer.candidates'>> {
  const branch = await requireBranch(ctx.deps, input.branchId);
  if (!(await loadAccess(ctx)).manages(branch.path)) throw new AppError('FORBIDDEN', '只能查看本支部或下级支部的党员');
  const settings = await new SettingsResolver(ctx.deps).at(branch.path);
  const today = shanghaiDate(ctx.deps.clock);
  // Placed on or before this day `transferAfterMonths` ago: the same whole-month count the no-life clock uses.
  const latestPlacement = dayjs(ctx.deps.clock.now()).subtract(settings.transferAfterMonths, 'month').toISOString();
  const page = await ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
    where: {
      inflowBranchId: branch._id,
      status: 'placed',
      workPattern: 'regular',
      placedAt: { $lte: latestPlacement },
      openTransferId: null,
      'lostContact.since': null,
      'outflow.orgId': { $ne: null },
    },
    orderBy: [{ field: 'placedAt', direction: 'asc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return {
    items: page.items.map((member) => ({
      member: { memberId: member._id, name: member.name },
      placedAt: member.placedAt ?? '',
      placedMonths: member.placedAt ? monthsBetween(shanghaiDayOf(member.placedAt), today) : 0,
      occupation: member.occupation,
      workplace: member.workplace,
    })),
    nextCursor: page.nextCursor,
  };
}

export async function listTransfers(
  ctx: ServiceContext,
  input: ParsedInput<'transfer.list'>,
): Promise<ActionOutput<'transfer.list'>> {
  const org = await requireOrganization(ctx.deps, input.orgId);
  const access = await loadAccess(ctx);
  if (!access.manages(org.path)) throw new AppError('FORBIDDEN', '只能查看本组织及下级组织的组织关系转接');
  const field = input.side === 'inflow' ? 'inflowPath' : 'outflowPath';
  const page = await ctx.deps.store.find<TransferRecord>(COLLECTIONS.transfers, {
    where: underPath(field, org.path),
    orderBy: [
      { field, direction: 'asc' },
      { field: 'openRank', direction: 'asc' },
      { field: 'proposedAt', direction: 'desc' },
    ],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map((doc) => toTransferView(doc, access)), nextCursor: page.nextCursor };
}

export async function memberTransfers(
  ctx: ServiceContext,
  input: ParsedInput<'transfer.ofMember'>,
): Promise<ActionOutput<'transfer.ofMember'>> {
  const [member, access] = await Promise.all([
    ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, input.memberId),
    loadAccess(ctx),
  ]);
  if (!member) throw memberNotFound();
  const relation = await relationTo(ctx, access, member);
  if (relation === null || relation === 'self') throw memberNotFound();
  const page = await ctx.deps.store.find<TransferRecord>(COLLECTIONS.transfers, {
    where: { memberId: member._id },
    orderBy: [{ field: 'proposedAt', direction: 'desc' }],
    limit: MEMBER_TRANSFER_LIMIT,
  });
  const canPropose = isPlaced(member) && access.manages(member.inflowPath) && !member.openTransferId && !notProposable(member);
  return { items: page.items.map((doc) => toTransferView(doc, access)), canPropose };
}
