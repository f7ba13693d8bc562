import { AppError } from './app-error';
import { type ActionOutput, type OrgView, type ParsedInput } from '../contract';
import { type Filter, type StoredDocument, DuplicateIdError } from '../store/document-store';
import { insertOrGet } from '../store/saving';
import { COLLECTIONS } from '../store/indexes';
import { timestamp } from '../lib/time';
import { type Access, loadAccess } from './access';
import { type ServiceContext, type ServiceDeps, callerKey } from './context';
import { derivedId, newId } from './ids';
import { industrySection } from './industries';
import type { OrganizationRecord } from './records';

export type OrganizationDoc = StoredDocument<OrganizationRecord>;

/** Filter for "this path and everything below it". Ids never contain `~`, which sorts after them. */
export function underPath(field: string, path: string): Filter {
  return { [field]: { $gte: path, $lt: `${path}~` } };
}

/** The organization ids on a path, root first: `/a/b/c/` → a, b, c. */
export function pathIds(path: string): string[] {
  return path.split('/').filter((id) => id.length > 0);
}

/** The organization directly above the one at `path`, from the path alone; null for a root. */
export function parentOfPath(path: string): { orgId: string; path: string } | null {
  const ids = pathIds(path);
  if (ids.length < 2) return null;
  return { orgId: ids[ids.length - 2], path: `/${ids.slice(0, -1).join('/')}/` };
}

export function toOrgView(org: OrganizationDoc): OrgView {
  return {
    orgId: org._id,
    name: org.name,
    kind: org.kind,
    parentId: org.parentId,
    region: org.region,
    branchKind: org.branchKind,
    hometown: org.hometown,
    industry: org.industry === null ? null : industrySection(org.industry),
    address: org.address,
  };
}

export async function findOrganization(deps: ServiceDeps, orgId: string): Promise<OrganizationDoc | null> {
  return deps.store.get<OrganizationRecord>(COLLECTIONS.organizations, orgId);
}

/** What a missing organization answers; an organization the caller may not act on answers the same. */
export function orgNotFound(field = 'orgId'): AppError {
  return new AppError('NOT_FOUND', '找不到这个党组织', { field });
}

/** The organization, or NOT_FOUND naming `field`. */
export async function requireOrganization(deps: ServiceDeps, orgId: string, field = 'orgId'): Promise<OrganizationDoc> {
  const org = await findOrganization(deps, orgId);
  if (!org) throw orgNotFound(field);
  return org;
}

export function notABranch(field: string): AppError {
  return new AppError('NOT_A_BRANCH', '只能向党支部报到，请选择一个党支部', { field });
}

/** The branch, or NOT_FOUND / NOT_A_BRANCH naming `field`. */
export async function requireBranch(deps: ServiceDeps, branchId: string, field = 'branchId'): Promise<OrganizationDoc> {
  const org = await requireOrganization(deps, branchId, field);
  if (org.kind !== 'branch') throw notABranch(field);
  return org;
}

/**
 * An organization's own business (its members, requests, activities, reports, rules, messages)
 * for a caller who manages it (its secretary, an admin of it or above); anyone else gets the
 * answer for a missing organization, before any other check. Reads the organization and the
 * caller's roles at once.
 */
export async function requireManagedOrganization(
  ctx: ServiceContext,
  orgId: string,
  field = 'orgId',
): Promise<{ org: OrganizationDoc; access: Access }> {
  const [org, access] = await Promise.all([findOrganization(ctx.deps, orgId), loadAccess(ctx)]);
  if (!org || !access.manages(org.path)) throw orgNotFound(field);
  return { org, access };
}

/** `requireManagedOrganization`, and a branch. */
export async function requireManagedBranch(
  ctx: ServiceContext,
  branchId: string,
  field = 'branchId',
): Promise<{ branch: OrganizationDoc; access: Access }> {
  const { org, access } = await requireManagedOrganization(ctx, branchId, field);
  if (org.kind !== 'branch') throw notABranch(field);
  return { branch: org, access };
}

export async function getOrganization(ctx: ServiceContext, input: ParsedInput<'org.get'>): Promise<ActionOutput<'org.get'>> {
  return toOrgView(await requireOrganization(ctx.deps, input.orgId));
}

/** Organizations are public within the product: anyone signed in may look them up to pick one. */
export async function listOrganizations(ctx: ServiceContext, input: ParsedInput<'org.list'>): Promise<ActionOutput<'org.list'>> {
  const where: Filter = {};
  if (input.parentId) where.parentId = input.parentId;
  if (input.kind) where.kind = input.kind;
  if (input.city) where['region.city'] = input.city;
  if (input.query) where.name = { $contains: input.query };
  if (!input.parentId && !input.kind && !input.city && !input.query) where.parentId = null;
  const page = await ctx.deps.store.find<OrganizationRecord>(COLLECTIONS.organizations, {
    where,
    orderBy: [{ field: 'name', direction: 'asc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toOrgView), nextCursor: page.nextCursor };
}

export async function createOrganization(
  ctx: ServiceContext,
  input: ParsedInput<'org.create'>,
): Promise<ActionOutput<'org.create'>> {
  const [access, parent] = await Promise.all([
    loadAccess(ctx),
    input.parentId ? findOrganization(ctx.deps, input.parentId) : null,
  ]);
  if (input.parentId) {
    // A parent the caller does not manage answers as a missing one.
    if (!parent || !access.manages(parent.path)) throw orgNotFound('parentId');
    if (parent.kind === 'branch') {
      throw new AppError('BAD_REQUEST', '党支部下不能再建组织', { field: 'parentId' });
    }
    if (!access.administers(parent.path)) throw new AppError('FORBIDDEN', '只有上级组织的管理员可以新建下级组织');
  } else if (!access.isSystemAdmin) {
    throw new AppError('FORBIDDEN', '只有系统管理员可以新建顶级组织');
  }
  const id = input.requestId ? derivedId('o', `${callerKey(ctx.caller)}|${input.requestId}`) : newId('o');
  const record: OrganizationRecord = {
    name: input.name,
    kind: input.kind,
    parentId: parent ? parent._id : null,
    path: `${parent ? parent.path : '/'}${id}/`,
    region: input.region,
    branchKind: input.kind === 'branch' ? (input.branchKind ?? null) : null,
    hometown: input.branchKind === 'hometown' ? (input.hometown ?? null) : null,
    industry: input.branchKind === 'industry' ? (input.industry ?? null) : null,
    address: input.address ?? null,
    createdAt: timestamp(ctx.deps.clock),
    createdBy: callerKey(ctx.caller),
  };
  if (input.requestId) {
    // The same request sent again: answer with what the first one made.
    const { doc } = await insertOrGet<OrganizationRecord>(ctx.deps.store, COLLECTIONS.organizations, { _id: id, ...record });
    return toOrgView(doc);
  }
  try {
    return toOrgView(await ctx.deps.store.insert<OrganizationRecord>(COLLECTIONS.organizations, { _id: id, ...record }));
  } catch (error) {
    if (error instanceof DuplicateIdError) throw new AppError('CONFLICT', '请重试', { cause: error });
    throw error;
  }
}
