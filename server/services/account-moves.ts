import { createHash } from 'node:crypto';
import { AppError } from './app-error';
import type { ActionOutput, MoveRequestMine, MoveRequestView, ParsedInput } from '../contract';
import { timestamp } from '../lib/time';
import { together } from '../lib/together';
import { type Filter, type StoredDocument, type TransactionStore } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { isWriteConflict, retryOnConflict, saveVersioned } from '../store/saving';
import { type Access, type RoleDoc, actingName, activeRolesOf, loadAccess } from './access';
import { CONSENT_NOTICE, currentAgreement, requireCurrentConsent } from './consent';
import { type ServiceContext, callerKey, callerOpenid } from './context';
import { admitIdLookup, admitIdLookupIn, idLookupsLimited, idLookupsToday, readLookupDay } from './id-lookups';
import { accountLinkIdFor, findOwnMember, memberHoldingIdCard, memberIdFor, memberOfAccountFrom } from './members';
import { requireManagedOrganization, underPath } from './organizations';
import type { AccountFacts, AccountLinkRecord, AccountMoveRecord, AuditRecord, MemberRecord, RoleRecord } from './records';
import { endPost, roleId, toRoleViews } from './roles';

/**
 * A member who changed WeChat account asks, from the new one, to have their record back; an
 * admin of the record's inflow or outflow side confirms or rejects it. On confirm the record,
 * the roles the old account held and everything keyed by the member id (check-ins, attendance,
 * study, reports) belong to the new account, and the old account no longer finds the record.
 */

export type AccountMoveDoc = StoredDocument<AccountMoveRecord>;

/** One request per asking account and record: asking again finds it. */
function moveIdFor(newOpenid: string, memberId: string): string {
  return `mv_${createHash('sha256').update(`${newOpenid}|${memberId}`).digest('hex').slice(0, 24)}`;
}

function maskOpenid(openid: string): string {
  return openid.length <= 8 ? '****' : `${openid.slice(0, 4)}****${openid.slice(-4)}`;
}

function toMine(move: AccountMoveDoc): MoveRequestMine {
  return {
    moveId: move._id,
    status: move.status,
    name: move.requestedName,
    submittedAt: move.submittedAt,
    decidedAt: move.decidedAt,
    reason: move.reason,
  };
}

function toView(move: AccountMoveDoc): MoveRequestView {
  return {
    moveId: move._id,
    status: move.status,
    submittedAt: move.submittedAt,
    member: { memberId: move.memberId, ...move.member },
    oldAccount: move.oldAccount,
    newAccount: move.newAccount,
    decidedAt: move.decidedAt,
    decidedByName: move.decidedByName,
    reason: move.reason,
    version: move.version,
  };
}

async function factsOf(ctx: ServiceContext, openid: string): Promise<AccountFacts> {
  const [agreement, roles, lookups] = await Promise.all([
    currentAgreement(ctx.deps, openid),
    activeRolesOf(ctx.deps.store, openid),
    idLookupsToday(ctx.deps, openid),
  ]);
  const views = await toRoleViews(ctx, roles);
  return {
    openidMasked: maskOpenid(openid),
    agreedNoticeAt: agreement ? agreement.agreedAt : null,
    roles: views.map((view) => ({ role: view.role, orgName: view.orgName ?? '全部组织' })),
    idLookupsToday: lookups,
  };
}

function notMatched(): AppError {
  return new AppError('NOT_FOUND', '没有找到与这个身份证号和姓名相符的档案，请核对后再试', { field: 'idCard' });
}

function requestAuditId(moveId: string, version: number): string {
  return `a_${moveId}_asked_${version}`;
}

function requestAudit(
  move: AccountMoveDoc | (AccountMoveRecord & { _id: string }),
  version: number,
): AuditRecord & { _id: string } {
  return {
    _id: requestAuditId(move._id, version),
    actorOpenid: move.newOpenid,
    action: 'account_move_requested',
    moveId: move._id,
    memberId: move.memberId,
    reason: null,
    at: move.submittedAt,
  };
}

export async function requestMove(
  ctx: ServiceContext,
  input: ParsedInput<'account.requestMove'>,
): Promise<ActionOutput<'account.requestMove'>> {
  const { deps } = ctx;
  const openid = callerOpenid(ctx.caller);
  if (!openid) throw new AppError('FORBIDDEN', '找回档案请在微信小程序中，用现在的微信号申请');
  const idCardHash = deps.pii.lookupHash(input.idCard);
  // Read together; the refusals keep their order (the consent, a record of one's own, no match).
  const [, own, held] = await together(requireCurrentConsent(ctx), findOwnMember(ctx), memberHoldingIdCard(deps, idCardHash));
  if (own) {
    throw new AppError('ALREADY_REGISTERED', '这个微信号已经有党员档案，不需要找回；如需修改请进入“我的档案”');
  }
  // A wrong name answers as a missing record, so the name cannot be guessed against a known number.
  const match = held && held.name === input.name && held.openid !== openid ? held : null;
  if (!match) {
    await admitIdLookup(ctx, idCardHash, 'move_request', 'not_found');
    throw notMatched();
  }

  const moveId = moveIdFor(openid, match._id);
  const [oldAccount, newAccount] = await Promise.all([factsOf(ctx, match.openid), factsOf(ctx, openid)]);
  const record = (idLookups: number): AccountMoveRecord => ({
    newOpenid: openid,
    oldOpenid: match.openid,
    memberId: match._id,
    member: {
      name: match.name,
      idCardMasked: match.idCardMasked,
      phoneMasked: match.phoneMasked,
      outflowName: match.outflow.name,
      inflowBranchName: match.inflowBranchName,
      registeredAt: match.registeredAt,
      updatedAt: match.updatedAt,
    },
    inflowPath: match.inflowPath,
    outflowPath: match.outflowPath,
    requestedName: input.name,
    oldAccount,
    // Counting this lookup, which is admitted in the same transaction.
    newAccount: { ...newAccount, idLookupsToday: idLookups },
    status: 'pending',
    submittedAt: timestamp(deps.clock),
    decidedAt: null,
    decidedBy: null,
    decidedByName: null,
    reason: null,
  });
  // The lookup is admitted and the request saved in one transaction: what they write is read in
  // one round and written in the next. The same request sent twice at once: the retry finds the
  // first one's.
  const outcome = await retryOnConflict(
    () =>
      deps.store.transaction(async (tx): Promise<{ mine: MoveRequestMine } | { limited: true }> => {
        // A first request's audit id is read too, so that its insert is one write.
        const [lookupDay, current] = await Promise.all([
          readLookupDay(tx, ctx, idCardHash),
          tx.get<AccountMoveRecord>(COLLECTIONS.accountMoves, moveId),
          tx.get(COLLECTIONS.auditLog, requestAuditId(moveId, 1)),
        ]);
        const { idLookups, written } = admitIdLookupIn(tx, ctx, lookupDay, idCardHash, 'move_request', 'found');
        if (idLookups === null) {
          await written;
          return { limited: true };
        }
        if (current && current.status === 'pending') {
          await written;
          return { mine: toMine(current) };
        }
        // Asking again after a decision reopens the same request, with today's facts.
        const asked = { ...record(idLookups), _id: moveId };
        const version = current ? current.version + 1 : 1;
        const [, saved] = await Promise.all([
          written,
          saveVersioned(tx, COLLECTIONS.accountMoves, moveId, current ? current.version : null, record(idLookups)),
          tx.insert<AuditRecord>(COLLECTIONS.auditLog, requestAudit(asked, version)),
        ]);
        return { mine: toMine(saved) };
      }),
    () => new AppError('CONFLICT', '申请刚刚有了变化，请刷新后查看'),
  );
  if ('limited' in outcome) throw idLookupsLimited();
  return outcome.mine;
}

export async function myMove(ctx: ServiceContext): Promise<ActionOutput<'account.myMove'>> {
  const openid = callerOpenid(ctx.caller);
  if (!openid) return { request: null };
  const page = await ctx.deps.store.find<AccountMoveRecord>(COLLECTIONS.accountMoves, {
    where: { newOpenid: openid },
    orderBy: [{ field: 'submittedAt', direction: 'desc' }],
    limit: 1,
  });
  const latest = page.items[0];
  return { request: latest ? toMine(latest) : null };
}

/** The side of the record the caller administers, or null: only admins decide a move. */
function decidingPath(access: Access, move: AccountMoveRecord): string | null {
  if (move.inflowPath && access.administers(move.inflowPath)) return move.inflowPath;
  if (move.outflowPath && access.administers(move.outflowPath)) return move.outflowPath;
  if (access.isSystemAdmin) return '/';
  return null;
}

export async function moveRequests(
  ctx: ServiceContext,
  input: ParsedInput<'account.moveRequests'>,
): Promise<ActionOutput<'account.moveRequests'>> {
  const { org, access } = await requireManagedOrganization(ctx, input.orgId);
  // A secretary sees the branch, but moving records is for admins.
  if (!access.administers(org.path)) throw new AppError('FORBIDDEN', '只有档案所在组织或上级组织的管理员可以处理找回档案申请');
  const below: Filter = { $or: [underPath('inflowPath', org.path), underPath('outflowPath', org.path)] };
  const page =
    input.status === 'pending'
      ? await ctx.deps.store.find<AccountMoveRecord>(COLLECTIONS.accountMoves, {
          where: { status: 'pending', ...below },
          orderBy: [{ field: 'submittedAt', direction: 'asc' }],
          limit: input.limit,
          cursor: input.cursor,
        })
      : await ctx.deps.store.find<AccountMoveRecord>(COLLECTIONS.accountMoves, {
          where: { status: { $in: ['confirmed', 'rejected'] }, ...below },
          orderBy: [{ field: 'decidedAt', direction: 'desc' }],
          limit: input.limit,
          cursor: input.cursor,
        });
  return { items: page.items.map(toView), nextCursor: page.nextCursor };
}

/** One audit record per decision: the move's version it made names it. */
function decisionAuditId(moveId: string, version: number): string {
  return `a_${moveId}_decided_${version}`;
}

function moveNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这条找回档案申请', { field: 'moveId' });
}

function decidedElsewhere(): AppError {
  return new AppError('CONFLICT', '这条申请刚被其他人处理或有了变化，请刷新后查看');
}

function notPending(): AppError {
  return new AppError('MOVE_NOT_PENDING', '这条找回档案申请已经处理过了');
}

/** The same decision by the same person, sent again after it went through. */
function sameDecision(move: AccountMoveDoc, ctx: ServiceContext, input: ParsedInput<'account.decideMove'>): boolean {
  const status = input.decision === 'confirm' ? 'confirmed' : 'rejected';
  return move.status === status && move.decidedBy === callerKey(ctx.caller) && move.reason === input.reason;
}

export async function decideMove(
  ctx: ServiceContext,
  input: ParsedInput<'account.decideMove'>,
): Promise<ActionOutput<'account.decideMove'>> {
  const { deps } = ctx;
  const [found, access] = await Promise.all([
    deps.store.get<AccountMoveRecord>(COLLECTIONS.accountMoves, input.moveId),
    loadAccess(ctx),
  ]);
  const path = found ? decidingPath(access, found) : null;
  if (!found || path === null) throw moveNotFound();
  if (sameDecision(found, ctx, input)) return toView(found);
  if (found.status !== 'pending') throw notPending();
  if (found.version !== input.version) throw decidedElsewhere();
  // Roles are found by a query, which a transaction cannot hold; each is re-read inside it.
  const oldRoles = input.decision === 'confirm' ? await movableRoles(ctx, found.oldOpenid) : [];
  const now = timestamp(deps.clock);
  const decision: Partial<AccountMoveRecord> = {
    status: input.decision === 'confirm' ? 'confirmed' : 'rejected',
    decidedAt: now,
    decidedBy: callerKey(ctx.caller),
    decidedByName: actingName(access, path),
    reason: input.reason,
  };
  const linkId = accountLinkIdFor(deps, found.newOpenid);
  try {
    return await deps.store.transaction(async (tx) => {
      // Everything the decision writes is read in one round and written in the next.
      const confirming = input.decision === 'confirm';
      const [move, , member, derivedOfNew, previousLink] = await Promise.all([
        tx.get<AccountMoveRecord>(COLLECTIONS.accountMoves, input.moveId),
        // With its audit's id, so that inserting it is one write (see decisionAuditId).
        tx.get(COLLECTIONS.auditLog, decisionAuditId(input.moveId, input.version + 1)),
        confirming ? tx.get<MemberRecord>(COLLECTIONS.members, found.memberId) : null,
        confirming ? tx.get<MemberRecord>(COLLECTIONS.members, memberIdFor(deps, found.newOpenid)) : null,
        confirming ? tx.get<AccountLinkRecord>(COLLECTIONS.accountLinks, linkId) : null,
      ]);
      if (!move) throw moveNotFound();
      if (move.version !== input.version) throw decidedElsewhere();
      if (move.status !== 'pending') throw notPending();
      const writes: Promise<unknown>[] = [];
      if (confirming) {
        if (!member || member.openid !== move.oldOpenid) {
          throw new AppError('MOVE_STALE', '这份档案在申请之后已经转到别的微信号，这条申请只能选择“不同意”');
        }
        if (await memberOfAccountFrom(tx, move.newOpenid, derivedOfNew, previousLink)) {
          throw new AppError('MOVE_STALE', '申请人的新微信号已经有了自己的党员档案，不能再转入，这条申请只能选择“不同意”');
        }
        const link: AccountLinkRecord = { memberId: member._id, moveId: move._id, linkedAt: now };
        writes.push(
          tx.update(COLLECTIONS.members, member._id, member.version, {
            openid: move.newOpenid,
            consentVersion: CONSENT_NOTICE.version,
            updatedAt: now,
          }),
          saveVersioned(tx, COLLECTIONS.accountLinks, linkId, previousLink ? previousLink.version : null, link),
          ...oldRoles.map((role) => moveRole(ctx, tx, role, move, now)),
        );
      }
      const version = move.version + 1;
      const audit: AuditRecord = {
        actorOpenid: callerKey(ctx.caller),
        action: input.decision === 'confirm' ? 'account_move_confirmed' : 'account_move_rejected',
        moveId: move._id,
        memberId: move.memberId,
        reason: input.reason,
        at: now,
      };
      await Promise.all([
        ...writes,
        tx.update(COLLECTIONS.accountMoves, move._id, move.version, decision),
        tx.insert<AuditRecord>(COLLECTIONS.auditLog, { _id: decisionAuditId(move._id, version), ...audit }),
      ]);
      return toView({ ...move, ...decision, version });
    });
  } catch (error) {
    if (!isWriteConflict(error)) throw error;
    const latest = await deps.store.get<AccountMoveRecord>(COLLECTIONS.accountMoves, input.moveId);
    if (latest && sameDecision(latest, ctx, input)) return toView(latest);
    throw decidedElsewhere();
  }
}

/** The system admin role comes from the environment, per OPENID; it does not travel with a record. */
async function movableRoles(ctx: ServiceContext, openid: string): Promise<RoleDoc[]> {
  return (await activeRolesOf(ctx.deps.store, openid)).filter((role) => role.role !== 'system_admin');
}

async function moveRole(
  ctx: ServiceContext,
  tx: TransactionStore,
  role: RoleDoc,
  move: AccountMoveDoc,
  now: string,
): Promise<void> {
  const id = roleId(ctx.deps.pii, move.newOpenid, role.role, role.orgId);
  const [current, existing] = await Promise.all([
    tx.get<RoleRecord>(COLLECTIONS.roles, role._id),
    tx.get<RoleRecord>(COLLECTIONS.roles, id),
  ]);
  if (!current || current.revokedAt !== null || current.openid !== move.oldOpenid) return;
  // The old account's post ends (recorded as such); the same person holds it on the new account.
  const revoked = endPost(tx, current, 'account_moved', now, `move:${move._id}`);
  const record: RoleRecord = {
    openid: move.newOpenid,
    role: current.role,
    orgId: current.orgId,
    orgPath: current.orgPath,
    holderName: current.holderName,
    grantedBy: `move:${move._id}`,
    grantedAt: now,
    revokedAt: null,
    revokedBy: null,
  };
  await Promise.all([
    revoked,
    !existing || existing.revokedAt !== null
      ? saveVersioned(tx, COLLECTIONS.roles, id, existing ? existing.version : null, record)
      : null,
  ]);
}
