import { z } from 'zod';
import { AppError } from './app-error';
import { type ActionOutput, type ParsedInput, orgKindSchema, regionSchema } from '../contract';
import { timestamp } from '../lib/time';
import { startEarly } from '../lib/together';
import { VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { saveVersioned } from '../store/saving';
import { type ServiceContext, callerKey } from './context';
import { jobRequestIdFor, requestJob, toJobRequestView } from './job-requests';
import { findOrganization, orgNotFound, parentOfPath, requireActive, requireManagedOrganization } from './organizations';
import type { JobRequestRecord, UniqueKeyRecord } from './records';

/**
 * Moving an organization (with everything below it) under another parent. Its path is copied
 * into many records (members, check-ins, activities, reports …, see `server/jobs/org-repath.ts`),
 * so the action only checks and records the move; the jobs function rewrites every copy in
 * resumable chunks. One move at a time in the whole tree: two moves of overlapping subtrees
 * would each rewrite what the other just wrote.
 */

export const ORG_REPATH_JOB = 'org_repath';

export const orgRepathParamsSchema = z.object({
  orgId: z.string(),
  newParentId: z.string(),
  fromPath: z.string().regex(/^\/([A-Za-z0-9_-]+\/)+$/),
  toPath: z.string().regex(/^\/([A-Za-z0-9_-]+\/)+$/),
  /**
   * A merge (org.dissolve): `orgId` is the dissolved organization, `newParentId` and `toPath` the
   * successor's, and its members and open business take the successor's id, name and kind.
   */
  merge: z.object({ name: z.string(), kind: orgKindSchema, region: regionSchema }).optional(),
});
export type OrgRepathParams = z.infer<typeof orgRepathParamsSchema>;

/** The one move under way: held by its job request until that request is done or failed. */
const MOVE_LOCK = 'uk_org_move';
/** How long a lock without its request counts as taken: the action writes the request right after the lock. */
const LOCK_WRITE_GRACE_MS = 60_000;

function moveUnderWay(): AppError {
  return new AppError('CONFLICT', '另一项组织隶属调整正在进行，请等它完成后再试');
}

export async function moveOrganization(ctx: ServiceContext, input: ParsedInput<'org.move'>): Promise<ActionOutput<'org.move'>> {
  // Read together. An organization, and a new parent, that the caller does not manage answer as
  // missing ones; the new parent's answer comes only after the authority over the old one.
  const parentRead = startEarly(findOrganization(ctx.deps, input.newParentId));
  const { org, access } = await requireManagedOrganization(ctx, input.orgId);
  const from = parentOfPath(org.path);
  // Moving takes authority over where it comes from and where it goes; a top-level one is the system admin's.
  if (!access.administers(from ? from.path : '/')) throw new AppError('FORBIDDEN', '只有原上级组织的管理员可以调整隶属');
  const parent = await parentRead;
  if (!parent || !access.manages(parent.path)) throw orgNotFound('newParentId');
  if (!access.administers(parent.path)) throw new AppError('FORBIDDEN', '只能调整到自己管理的组织下');
  if (parent.kind === 'branch') throw new AppError('BAD_REQUEST', '党支部下不能再建组织', { field: 'newParentId' });
  if (parent.path.startsWith(org.path)) {
    throw new AppError('BAD_REQUEST', '不能把组织调整到它自己或它的下级组织下', { field: 'newParentId' });
  }
  if (org.parentId === parent._id) throw new AppError('BAD_REQUEST', '该组织已在这个上级组织下', { field: 'newParentId' });
  requireActive(org);
  requireActive(parent, 'newParentId');

  const jobId = jobRequestIdFor(callerKey(ctx.caller), ORG_REPATH_JOB, input.requestId);
  await takeMoveLock(ctx, jobId);
  const params: OrgRepathParams = {
    orgId: org._id,
    newParentId: parent._id,
    fromPath: org.path,
    toPath: `${parent.path}${org._id}/`,
  };
  return toJobRequestView(await requestJob(ctx, ORG_REPATH_JOB, input.requestId, params));
}

/**
 * The lock is a record whose owner is the move's job request, taken by compare-and-set. A lock
 * whose request is finished, failed or was never written (the action died in between) is free.
 */
export async function takeMoveLock(ctx: ServiceContext, jobId: string): Promise<void> {
  const { store } = ctx.deps;
  const lock = await store.get<UniqueKeyRecord>(COLLECTIONS.uniqueKeys, MOVE_LOCK);
  if (lock && lock.owner === jobId) return;
  if (lock) {
    const holder = await store.get<JobRequestRecord>(COLLECTIONS.jobRequests, lock.owner);
    if (holder && (holder.status === 'queued' || holder.status === 'running')) throw moveUnderWay();
    // A lock just taken may have its request a moment behind it.
    const age = ctx.deps.clock.now().getTime() - Date.parse(lock.createdAt);
    if (!holder && lock.owner !== '' && age < LOCK_WRITE_GRACE_MS) throw moveUnderWay();
  }
  try {
    await saveVersioned(store, COLLECTIONS.uniqueKeys, MOVE_LOCK, lock?.version ?? null, {
      owner: jobId,
      createdAt: timestamp(ctx.deps.clock),
    });
  } catch (error) {
    if (error instanceof VersionConflictError) throw moveUnderWay();
    throw error;
  }
}
