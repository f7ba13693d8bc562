import { AppError } from './app-error';
import { type ActionOutput, type ParsedInput, type PostEndReason, type RoleView } from '../contract';
import { together } from '../lib/together';
import type { PiiProtector } from '../lib/pii';
import { type Clock, timestamp } from '../lib/time';
import { type DocumentStore, type StoredDocument, type TransactionStore, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { isWriteConflict, recordOf, saveVersioned } from '../store/saving';
import { type Access, type RoleDoc, actingName, activeRolesOf, loadAccess } from './access';
import { jointHoldsForPost } from './joint-management';
import { type ServiceContext, callerKey } from './context';
import { requireSeenMember } from './members';
import { findOrganization, orgNotFound, requireActive } from './organizations';
import { postCodeIdFor } from './posts';
import type { PostCodeRecord, RoleRecord } from './records';

/** One role per person, kind and organization: granting twice is the same grant. */
export function roleId(pii: PiiProtector, openid: string, role: RoleRecord['role'], orgId: string | null): string {
  return `r_${pii.lookupHash(openid).slice(0, 16)}_${role}_${orgId ?? 'all'}`;
}

export async function toRoleViews(ctx: ServiceContext, roles: readonly RoleDoc[]): Promise<RoleView[]> {
  const views: RoleView[] = [];
  for (const role of roles) {
    const org = role.orgId ? await findOrganization(ctx.deps, role.orgId) : null;
    views.push({ role: role.role, orgId: role.orgId, orgName: org ? org.name : null, orgKind: org ? org.kind : null });
  }
  return views;
}

/**
 * Makes sure every OPENID listed in the environment is a system admin (idempotent, at start).
 * One read finds the admins that exist and the missing ones are written together: on a cold
 * start every round trip to CloudBase is time the first caller waits.
 */
export async function ensureSystemAdmins(
  store: DocumentStore,
  pii: PiiProtector,
  clock: Clock,
  openids: readonly string[],
): Promise<void> {
  const wanted = new Map([...new Set(openids)].map((openid) => [roleId(pii, openid, 'system_admin', null), openid]));
  if (wanted.size === 0) return;
  const { items: existing } = await store.find<RoleRecord>(COLLECTIONS.roles, {
    where: { _id: { $in: [...wanted.keys()] } },
    limit: wanted.size,
  });
  const byId = new Map(existing.map((role) => [role._id, role]));
  await Promise.all(
    [...wanted].map(async ([id, openid]) => {
      const current = byId.get(id);
      if (current && current.revokedAt === null) return;
      const record: RoleRecord = {
        openid,
        role: 'system_admin',
        orgId: null,
        orgPath: null,
        holderName: '系统管理员',
        grantedBy: 'environment',
        grantedAt: timestamp(clock),
        revokedAt: null,
        revokedBy: null,
      };
      try {
        await saveVersioned(store, COLLECTIONS.roles, id, current?.version ?? null, record);
      } catch (error) {
        // Another container bootstrapping at the same moment did the same write.
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }),
  );
}

/** Who is being appointed, as the grant names them. */
interface Appointee {
  openid: string;
  holderName: string;
  /** The personal code that named them, to be marked used with the grant. */
  code: StoredDocument<PostCodeRecord> | null;
}

function codeInvalid(): AppError {
  return new AppError('POST_CODE_INVALID', '任职码不对或已过期，请对方在手机上重新打开“我的任职码”', { field: 'code' });
}

/**
 * The person a grant names: an OPENID as given, a member the caller may see (anyone else
 * answers as a missing member), or the holder of an unexpired personal code (read with the
 * organization) not used for another post.
 */
async function appointeeOf(
  ctx: ServiceContext,
  input: ParsedInput<'role.grant'>,
  access: Access,
  code: StoredDocument<PostCodeRecord> | null,
): Promise<(postId: (openid: string) => string) => Appointee> {
  if (input.memberId !== undefined) {
    const member = await requireSeenMember(ctx, access, input.memberId);
    return () => ({ openid: member.openid, holderName: input.holderName ?? member.name, code: null });
  }
  if (input.code !== undefined) {
    if (!code || code.expiresAt <= timestamp(ctx.deps.clock)) throw codeInvalid();
    return (postId) => {
      if (code.usedFor !== null && code.usedFor !== postId(code.openid)) throw codeInvalid();
      return { openid: code.openid, holderName: input.holderName ?? code.memberName ?? '', code };
    };
  }
  const openid = input.openid ?? '';
  return () => ({ openid, holderName: input.holderName ?? '', code: null });
}

function postChangedElsewhere(cause?: unknown): AppError {
  return new AppError('CONFLICT', '这项任命刚被其他人修改，请刷新后再试', { cause });
}

/**
 * Appoints an admin or a secretary. The appointee is named by OPENID, by a member picked from
 * the caller's members, or by the personal code the person shows on their phone (used up by
 * the grant, in the same transaction). Granting what is already held changes nothing; of two
 * admins making the same appointment at once one wins, the other gets CONFLICT.
 */
export async function grantRole(ctx: ServiceContext, input: ParsedInput<'role.grant'>): Promise<ActionOutput<'role.grant'>> {
  const { store, pii } = ctx.deps;
  // Named by OPENID, the grant's id is known at once and read with the organization and the caller's roles.
  const knownId = input.openid !== undefined ? roleId(pii, input.openid, input.role, input.orgId) : null;
  const [org, access, known, shownCode] = await together(
    findOrganization(ctx.deps, input.orgId),
    loadAccess(ctx),
    knownId ? store.get<RoleRecord>(COLLECTIONS.roles, knownId) : Promise.resolve(null),
    input.code !== undefined
      ? store.get<PostCodeRecord>(COLLECTIONS.postCodes, postCodeIdFor(input.code))
      : Promise.resolve(null),
  );
  if (!org || !access.manages(org.path)) throw orgNotFound();
  if (!access.administers(org.path)) throw new AppError('FORBIDDEN', '只有本组织或上级组织的管理员可以任命');
  requireActive(org);
  if (input.role === 'secretary' && org.kind !== 'branch') {
    throw new AppError('BAD_REQUEST', '支部书记只能任命在党支部', { field: 'orgId' });
  }
  const idOf = (openid: string) => roleId(pii, openid, input.role, org._id);
  const { openid, holderName, code } = (await appointeeOf(ctx, input, access, shownCode))(idOf);
  const id = idOf(openid);
  // An admin post holds the joint organizations of the agreements in force from the start; read at once.
  const [existing, joint] = await Promise.all([
    id === knownId ? known : store.get<RoleRecord>(COLLECTIONS.roles, id),
    input.role === 'org_admin' ? jointHoldsForPost(store, org.path) : null,
  ]);
  const now = timestamp(ctx.deps.clock);
  const record: RoleRecord = {
    openid,
    role: input.role,
    orgId: org._id,
    orgPath: org.path,
    holderName,
    grantedBy: callerKey(ctx.caller),
    grantedByName: actingName(access, org.path),
    grantedAt: now,
    revokedAt: null,
    revokedBy: null,
    endReason: null,
    ...(joint && joint.length > 0 ? { joint } : {}),
  };
  const holds = existing !== null && existing.revokedAt === null;
  try {
    if (!holds || existing.holderName !== holderName) {
      // A held post renamed keeps its start and who appointed.
      const saved = holds ? { ...recordOf(existing), holderName } : record;
      const version = existing?.version ?? null;
      if (code && code.usedFor === null) {
        // The code is used up by the same write that makes the post.
        await store.transaction(async (tx) => {
          await Promise.all([
            saveVersioned(tx, COLLECTIONS.roles, id, version, saved),
            tx.update(COLLECTIONS.postCodes, code._id, code.version, { usedFor: id, usedAt: now }),
          ]);
        });
      } else {
        await saveVersioned(store, COLLECTIONS.roles, id, version, saved);
      }
    }
  } catch (error) {
    if (isWriteConflict(error)) throw postChangedElsewhere(error);
    throw error;
  }
  return { role: input.role, orgId: org._id, orgName: org.name, orgKind: org.kind };
}

/** The post a revoke names, and the version it expects when named as listed. */
async function postToEnd(
  ctx: ServiceContext,
  input: ParsedInput<'role.revoke'>,
): Promise<{ id: string; field: string; version: number | null }> {
  if (input.postId !== undefined) return { id: input.postId, field: 'postId', version: input.version ?? null };
  return {
    id: roleId(ctx.deps.pii, input.openid ?? '', input.role ?? 'secretary', input.orgId ?? null),
    field: 'orgId',
    version: null,
  };
}

/**
 * Ends a post. Named as listed (id and version), two admins removing or changing it at once:
 * one wins, the other gets CONFLICT; the same removal sent again answers as the first did.
 */
export async function revokeRole(ctx: ServiceContext, input: ParsedInput<'role.revoke'>): Promise<ActionOutput<'role.revoke'>> {
  const { id, field, version } = await postToEnd(ctx, input);
  const [existing, access] = await together(ctx.deps.store.get<RoleRecord>(COLLECTIONS.roles, id), loadAccess(ctx));
  const hidden = () => (field === 'postId' ? new AppError('NOT_FOUND', '找不到这项任职', { field }) : orgNotFound(field));
  if (input.orgId !== undefined) {
    const org = await findOrganization(ctx.deps, input.orgId);
    if (!org || !access.manages(org.path)) throw orgNotFound();
    if (!access.administers(org.path)) throw new AppError('FORBIDDEN', '只有本组织或上级组织的管理员可以撤销任命');
  }
  if (!existing) {
    if (field === 'postId') throw hidden();
    return { revoked: false };
  }
  if (existing.orgPath === null || existing.role === 'system_admin' || !access.manages(existing.orgPath)) throw hidden();
  if (!access.administers(existing.orgPath)) throw new AppError('FORBIDDEN', '只有本组织或上级组织的管理员可以撤销任命');
  if (existing.revokedAt !== null) {
    if (existing.revokedBy === callerKey(ctx.caller) && existing.endReason === 'revoked') return { revoked: version !== null };
    if (version !== null) throw postChangedElsewhere();
    return { revoked: false };
  }
  if (version !== null && version !== existing.version) throw postChangedElsewhere();
  try {
    await endPost(ctx.deps.store, existing, 'revoked', timestamp(ctx.deps.clock), callerKey(ctx.caller));
  } catch (error) {
    if (error instanceof VersionConflictError) throw postChangedElsewhere(error);
    throw error;
  }
  return { revoked: true };
}

/** The posts (not the system admin's) one account holds now at one organization. */
export async function postsHeldAt(store: DocumentStore, openid: string, orgId: string): Promise<RoleDoc[]> {
  return (await activeRolesOf(store, openid)).filter((role) => role.orgId === orgId && role.role !== 'system_admin');
}

/**
 * Ends one post with its reason, by compare-and-set on the version read: written where the
 * cause is written (the placement's end, the transfer's completion), in the same transaction.
 */
export function endPost(tx: TransactionStore, post: RoleDoc, reason: PostEndReason, at: string, by: string): Promise<number> {
  return tx.update(COLLECTIONS.roles, post._id, post.version, { revokedAt: at, revokedBy: by, endReason: reason });
}
