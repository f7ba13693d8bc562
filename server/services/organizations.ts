import { z } from 'zod';
import { AppError } from './app-error';
import { type ActionOutput, type OrgEntry, type OrgView, type ParsedInput } from '../contract';
import { type Filter, type StoredDocument, DuplicateIdError, VersionConflictError } from '../store/document-store';
import { insertOrGet } from '../store/saving';
import { COLLECTIONS } from '../store/indexes';
import { timestamp } from '../lib/time';
import { type Access, loadAccess } from './access';
import { type ServiceContext, type ServiceDeps, callerKey } from './context';
import { derivedId, newId } from './ids';
import { industrySection } from './industries';
import { requestJob } from './job-requests';
import type { OrganizationRecord, RoleRecord } from './records';
import { followOrganizationEdit, orgPlaceOf } from './places';

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
    contact: org.contact ?? null,
    dissolved: org.dissolved
      ? {
          on: org.dissolved.on,
          successor: org.dissolved.successorId
            ? { orgId: org.dissolved.successorId, name: org.dissolved.successorName ?? '' }
            : null,
        }
      : null,
  };
}

export function toOrgEntry(org: OrganizationDoc): OrgEntry {
  return { ...toOrgView(org), version: org.version, createdAt: org.createdAt };
}

/**
 * What a dissolved organization answers to anything new (a check-in, a post, an organization
 * below it): that it is dissolved, and who carries on, so the person knows where to go.
 */
export function orgDissolved(org: OrganizationDoc, field = 'orgId'): AppError {
  const successor = org.dissolved?.successorName;
  return new AppError(
    'ORG_DISSOLVED',
    successor ? `${org.name}已撤销，由${successor}接续，请选择${successor}` : `${org.name}已撤销`,
    { field },
  );
}

/** Refuses a dissolved organization with {@link orgDissolved}. */
export function requireActive(org: OrganizationDoc, field = 'orgId'): void {
  if (org.dissolved) throw orgDissolved(org, field);
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

/**
 * The tree's own edits (the organization itself, what is below it, who holds its posts): for an
 * admin of the organization or above. A secretary sees the organization and is refused; anyone
 * else gets the answer for a missing one.
 */
export async function requireAdministeredOrganization(
  ctx: ServiceContext,
  orgId: string,
  field = 'orgId',
): Promise<{ org: OrganizationDoc; access: Access }> {
  const found = await requireManagedOrganization(ctx, orgId, field);
  if (!found.access.administers(found.org.path)) {
    throw new AppError('FORBIDDEN', '只有本组织或上级组织的管理员可以管理组织和任职');
  }
  return found;
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
  return toOrgEntry(await requireOrganization(ctx.deps, input.orgId));
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
    requireActive(parent, 'parentId');
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
    contact: input.contact ?? null,
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

export async function orgChildren(
  ctx: ServiceContext,
  input: ParsedInput<'org.children'>,
): Promise<ActionOutput<'org.children'>> {
  const { org } = await requireAdministeredOrganization(ctx, input.orgId);
  const page = await ctx.deps.store.find<OrganizationRecord>(COLLECTIONS.organizations, {
    where: { parentId: org._id },
    orderBy: [{ field: 'name', direction: 'asc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toOrgEntry), nextCursor: page.nextCursor };
}

/**
 * Names matching within the caller's subtree, in tree order (a parent before what is below it):
 * the path range is the index, the name is matched within it.
 */
export async function searchOrganizations(
  ctx: ServiceContext,
  input: ParsedInput<'org.search'>,
): Promise<ActionOutput<'org.search'>> {
  const { org } = await requireAdministeredOrganization(ctx, input.orgId);
  const page = await ctx.deps.store.find<OrganizationRecord>(COLLECTIONS.organizations, {
    where: { ...underPath('path', org.path), name: { $contains: input.query } },
    orderBy: [{ field: 'path', direction: 'asc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toOrgEntry), nextCursor: page.nextCursor };
}

function editedElsewhere(cause?: unknown): AppError {
  return new AppError('CONFLICT', '这个组织刚被其他人修改，请刷新后再改', { cause });
}

/** Whether anything below or in the organization stops it from changing between a branch and an organization above branches. */
async function kindChangeProblem(
  ctx: ServiceContext,
  org: OrganizationDoc,
  kind: OrganizationRecord['kind'],
): Promise<string | null> {
  if (kind === org.kind || (kind !== 'branch' && org.kind !== 'branch')) return null;
  const { store } = ctx.deps;
  if (kind === 'branch') {
    const children = await store.find(COLLECTIONS.organizations, { where: { parentId: org._id }, limit: 1 });
    return children.items.length > 0 ? '还有下级组织的组织不能改为党支部' : null;
  }
  const [members, secretaries] = await Promise.all([
    store.find(COLLECTIONS.members, { where: { inflowBranchId: org._id, status: 'placed' }, limit: 1 }),
    store.find<RoleRecord>(COLLECTIONS.roles, { where: { orgId: org._id, revokedAt: null }, limit: 20 }),
  ]);
  if (members.items.length > 0) return '支部里还有纳入管理的党员，不能改为党委或党总支';
  if (secretaries.items.some((role) => role.role === 'secretary')) return '请先撤销本支部书记的任职，再改类型';
  return null;
}

/**
 * Changes what the department keeps about an organization, by compare-and-set on the version
 * the editor saw: of two admins editing at once one wins, the other is told to reload. The
 * organization's place in the tree is `org.move`'s; its end is `org.dissolve`'s.
 */
/** Copying a renamed organization's new name into the records that show it (org.update). */
export const ORG_RENAME_JOB = 'org_rename_copies';
export const orgRenameParamsSchema = z.object({ orgId: z.string() });

export async function updateOrganization(
  ctx: ServiceContext,
  input: ParsedInput<'org.update'>,
): Promise<ActionOutput<'org.update'>> {
  const [{ org }, place] = await Promise.all([
    requireAdministeredOrganization(ctx, input.orgId),
    orgPlaceOf(ctx.deps.store, input.orgId),
  ]);
  requireActive(org);
  if (org.version !== input.version) throw editedElsewhere();
  const { changes } = input;
  const kind = changes.kind ?? org.kind;
  const branchKind = kind === 'branch' ? (changes.branchKind !== undefined ? changes.branchKind : org.branchKind) : null;
  if (kind === 'branch' && !branchKind) {
    throw new AppError('BAD_REQUEST', '党支部需要选择类型', { field: 'changes.branchKind' });
  }
  if (kind !== 'branch' && changes.branchKind) {
    throw new AppError('BAD_REQUEST', '只有党支部有支部类型', { field: 'changes.branchKind' });
  }
  const hometown = branchKind === 'hometown' ? (changes.hometown !== undefined ? changes.hometown : org.hometown) : null;
  if (branchKind === 'hometown' && !hometown) {
    throw new AppError('BAD_REQUEST', '流动党员党支部需要填写党员的家乡', { field: 'changes.hometown' });
  }
  const industry = branchKind === 'industry' ? (changes.industry !== undefined ? changes.industry : org.industry) : null;
  if (branchKind === 'industry' && !industry) {
    throw new AppError('BAD_REQUEST', '行业党支部需要选择行业', { field: 'changes.industry' });
  }
  const problem = await kindChangeProblem(ctx, org, kind);
  if (problem) throw new AppError('BAD_REQUEST', problem, { field: 'changes.kind' });
  const patch: Partial<OrganizationRecord> = {
    name: changes.name ?? org.name,
    kind,
    region: changes.region ?? org.region,
    branchKind,
    hometown,
    industry,
    address: changes.address !== undefined ? changes.address : org.address,
    contact: changes.contact !== undefined ? changes.contact : (org.contact ?? null),
  };
  try {
    const version = await ctx.deps.store.update(COLLECTIONS.organizations, org._id, org.version, patch);
    const saved = { ...org, ...patch, version };
    // The records that show the name (a member's branch, a draft report …) take the new one in a job.
    await Promise.all([
      patch.name !== org.name ? requestJob(ctx, ORG_RENAME_JOB, `${org._id}.${version}`, { orgId: org._id }) : null,
      followOrganizationEdit(ctx.deps.store, saved, place),
    ]);
    return toOrgEntry(saved);
  } catch (error) {
    if (error instanceof VersionConflictError) throw editedElsewhere(error);
    throw error;
  }
}
