import { AppError } from './app-error';
import { type ActionOutput, type ParsedInput, type RoleView } from '../contract';
import { together } from '../lib/together';
import type { PiiProtector } from '../lib/pii';
import { type Clock, timestamp } from '../lib/time';
import { type DocumentStore, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { saveVersioned } from '../store/saving';
import type { RoleDoc } from './access';
import { type ServiceContext, callerKey } from './context';
import { findOrganization, requireManagedOrganization } from './organizations';
import type { RoleRecord } from './records';

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

export async function grantRole(ctx: ServiceContext, input: ParsedInput<'role.grant'>): Promise<ActionOutput<'role.grant'>> {
  // The grant's id comes from the input: it is read with the caller's roles and the organization.
  const id = roleId(ctx.deps.pii, input.openid, input.role, input.orgId);
  const [{ org, access }, existing] = await together(
    requireManagedOrganization(ctx, input.orgId),
    ctx.deps.store.get<RoleRecord>(COLLECTIONS.roles, id),
  );
  if (!access.administers(org.path)) throw new AppError('FORBIDDEN', '只有本组织或上级组织的管理员可以任命');
  if (input.role === 'secretary' && org.kind !== 'branch') {
    throw new AppError('BAD_REQUEST', '支部书记只能任命在党支部', { field: 'orgId' });
  }
  const record: RoleRecord = {
    openid: input.openid,
    role: input.role,
    orgId: org._id,
    orgPath: org.path,
    holderName: input.holderName,
    grantedBy: callerKey(ctx.caller),
    grantedAt: timestamp(ctx.deps.clock),
    revokedAt: null,
    revokedBy: null,
  };
  try {
    if (!existing || existing.revokedAt !== null || existing.holderName !== input.holderName) {
      await saveVersioned(ctx.deps.store, COLLECTIONS.roles, id, existing?.version ?? null, record);
    }
  } catch (error) {
    if (error instanceof VersionConflictError) {
      throw new AppError('CONFLICT', '这项任命刚被其他人修改，请刷新后再试', { cause: error });
    }
    throw error;
  }
  return { role: input.role, orgId: org._id, orgName: org.name, orgKind: org.kind };
}

export async function revokeRole(ctx: ServiceContext, input: ParsedInput<'role.revoke'>): Promise<ActionOutput<'role.revoke'>> {
  const id = roleId(ctx.deps.pii, input.openid, input.role, input.orgId);
  const [{ org, access }, existing] = await together(
    requireManagedOrganization(ctx, input.orgId),
    ctx.deps.store.get<RoleRecord>(COLLECTIONS.roles, id),
  );
  if (!access.administers(org.path)) throw new AppError('FORBIDDEN', '只有本组织或上级组织的管理员可以撤销任命');
  if (!existing || existing.revokedAt !== null) return { revoked: false };
  try {
    await ctx.deps.store.update(COLLECTIONS.roles, id, existing.version, {
      revokedAt: timestamp(ctx.deps.clock),
      revokedBy: callerKey(ctx.caller),
    });
  } catch (error) {
    if (error instanceof VersionConflictError) throw new AppError('CONFLICT', '这项任命刚被其他人修改，请刷新后再试');
    throw error;
  }
  return { revoked: true };
}
