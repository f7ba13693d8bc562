import { AppError } from './app-error';
import type { DocumentStore, Filter, StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { type ServiceContext, callerKey } from './context';
import { underPath } from './organizations';
import type { RoleRecord } from './records';
import { shanghaiDate } from '../lib/time';

export type RoleDoc = StoredDocument<RoleRecord>;

/**
 * What the caller may do, computed from their active roles against the organization tree.
 * An organization admin acts on their organization and everything below it; a secretary acts
 * on their branch only; a system admin acts everywhere.
 */
export interface Access {
  /** The caller's key ({@link callerKey}): the roles are the ones held under it, whatever the way in. */
  readonly key: string;
  readonly roles: readonly RoleDoc[];
  readonly isSystemAdmin: boolean;
  /** Org admin of this organization or one above it (or system admin). */
  administers(path: string): boolean;
  /** `administers`, or secretary of exactly this branch. */
  manages(path: string): boolean;
  /**
   * The joint organizations (共管协议) the caller administers by an agreement in force, not by the
   * tree: their paths, each with the path of the party through which the caller holds it.
   */
  readonly joint: readonly { orgPath: string; viaPath: string }[];
}

/** Most people hold one or two roles; the cap guards the query, not a rule. */
const MAX_ROLES = 100;

/** The roles an account holds now. */
export async function activeRolesOf(store: DocumentStore, openid: string): Promise<RoleDoc[]> {
  const page = await store.find<RoleRecord>(COLLECTIONS.roles, { where: { openid, revokedAt: null }, limit: MAX_ROLES });
  return page.items;
}

export async function loadAccess(ctx: ServiceContext): Promise<Access> {
  return accessOf(ctx.deps.store, callerKey(ctx.caller), shanghaiDate(ctx.deps.clock));
}

/**
 * The access of whoever holds the roles under `key`, as they stand now: for work done later on
 * someone's behalf (a job they asked for), which acts with the roles they still hold. `today`
 * (Shanghai) decides which agreements are in their term.
 */
export async function accessOf(store: DocumentStore, key: string, today: string): Promise<Access> {
  const roles = await activeRolesOf(store, key);
  const isSystemAdmin = roles.some((role) => role.role === 'system_admin');
  const adminPaths = isSystemAdmin
    ? []
    : roles.flatMap((role) => (role.role === 'org_admin' && role.orgPath !== null ? [role.orgPath] : []));
  // Kept on the admin posts themselves (services/joint-management.ts), so no request more.
  const joint = isSystemAdmin
    ? []
    : roles.flatMap((role) =>
        role.role === 'org_admin'
          ? (role.joint ?? [])
              .filter((held) => held.termStart <= today && today <= held.termEnd)
              .map((held) => ({ orgPath: held.orgPath, viaPath: held.viaPath }))
          : [],
      );
  const administersByTree = (path: string) => isSystemAdmin || adminPaths.some((adminPath) => path.startsWith(adminPath));
  const administers = (path: string) => administersByTree(path) || joint.some((held) => path.startsWith(held.orgPath));
  return {
    key,
    roles,
    isSystemAdmin,
    administers,
    manages: (path: string) => administers(path) || roles.some((role) => role.role === 'secretary' && role.orgPath === path),
    joint,
  };
}

/**
 * Where the caller stands towards something with two sides (a report, a member): the inflow
 * branch (or an admin above it), the outflow organization (or an admin above it), someone above
 * both sides (a province or system admin), or neither (null). A side whose path is null is not
 * on the system, so nobody stands on it.
 */
export type Side = 'inflow' | 'outflow' | 'above';

export function sideOf(access: Access, paths: { inflowPath: string | null; outflowPath: string | null }): Side | null {
  const inflow = paths.inflowPath !== null && access.manages(paths.inflowPath);
  const outflow = paths.outflowPath !== null && access.manages(paths.outflowPath);
  // The outflow side's admins who administer a joint branch by agreement stay the outflow side
  // for its members: the exchange between the two places goes on as it did.
  if (inflow && outflow && paths.inflowPath !== null && !managesByTree(access, paths.inflowPath)) return 'outflow';
  if (inflow && outflow) return 'above';
  if (inflow) return 'inflow';
  if (outflow) return 'outflow';
  return null;
}

/** `manages` without the joint organizations held by agreement. */
function managesByTree(access: Access, path: string): boolean {
  return (
    access.isSystemAdmin ||
    access.roles.some(
      (role) =>
        (role.role === 'org_admin' && role.orgPath !== null && path.startsWith(role.orgPath)) ||
        (role.role === 'secretary' && role.orgPath === path),
    )
  );
}

/**
 * `manages` as conditions on a stored path field: one per role, any of which matches (for the
 * `$or` of a query); null when the caller manages everything (a system admin).
 */
export function managedPathConditions(access: Access, field: string): Filter[] | null {
  if (access.isSystemAdmin) return null;
  const byRole = access.roles.flatMap((role): Filter[] => {
    if (role.orgPath === null) return [];
    if (role.role === 'org_admin') return [underPath(field, role.orgPath)];
    if (role.role === 'secretary') return [{ [field]: role.orgPath }];
    return [];
  });
  return [...byRole, ...access.joint.map((held) => underPath(field, held.orgPath))];
}

/**
 * Refuses a caller who manages nothing at `path` with `missing()`, the answer for a missing id:
 * what one may not see does not exist for them, so ids cannot be probed. FORBIDDEN is for one
 * who sees the thing but may not do this to it.
 */
export function requireManages(access: Access, path: string, missing: () => AppError): void {
  if (!access.manages(path)) throw missing();
}

/** The name to record on a decision: the holder name of the role that covers `path`. */
export function actingName(access: Access, path: string): string | null {
  const role =
    access.roles.find((r) => r.role === 'secretary' && r.orgPath === path) ??
    access.roles.find((r) => r.role === 'org_admin' && r.orgPath !== null && path.startsWith(r.orgPath)) ??
    access.roles.find((r) => r.role === 'system_admin') ??
    jointRoleFor(access, path);
  return role ? role.holderName : null;
}

/** The admin post through which the caller holds the joint organization at `path`, if any. */
function jointRoleFor(access: Access, path: string): RoleDoc | undefined {
  const held = access.joint.find((joint) => path.startsWith(joint.orgPath));
  if (!held) return undefined;
  return access.roles.find((r) => r.role === 'org_admin' && r.orgPath !== null && held.viaPath.startsWith(r.orgPath));
}
