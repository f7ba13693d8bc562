import { AppError } from './app-error';
import { takePlacesOffTheMap } from './places';
import type { ActionOutput, ParsedInput } from '../contract';
import { shanghaiDate, timestamp } from '../lib/time';
import { startEarly } from '../lib/together';
import { VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { actingName } from './access';
import { type ServiceContext, callerKey } from './context';
import { jobRequestIdFor, requestJob, toJobRequestView } from './job-requests';
import { ORG_REPATH_JOB, type OrgRepathParams, takeMoveLock } from './org-moves';
import {
  type OrganizationDoc,
  findOrganization,
  orgNotFound,
  requireAdministeredOrganization,
  toOrgEntry,
} from './organizations';
import type { DissolvedMark, JobRequestRecord, RoleRecord } from './records';
import { endPost } from './roles';

/**
 * Dissolving an organization (撤销), or merging it into a successor (合并). The organization is
 * kept, marked dissolved, for its history; from that moment it takes no check-ins, posts or
 * organizations below it, and its own posts end. What still lives in it (members placed there
 * or belonging there, open check-ins, placements, reports due, the inbox, the organizations
 * below) moves to the successor in the same resumable job as a move (`server/jobs/org-repath.ts`
 * with `merge`), under the same one-at-a-time lock. Without anything living in it no successor
 * is needed and no job runs.
 */

/** Posts one organization may hold: admins and secretaries, a few at most; the cap guards the query. */
const MAX_POSTS_AT_ONE_ORG = 100;

function dissolvedElsewhere(cause?: unknown): AppError {
  return new AppError('CONFLICT', '这个组织刚被其他人修改或撤销，请刷新后再看', { cause });
}

/** Whether anything still lives in the organization: members on either side, open check-ins, organizations below. */
async function stillLivedIn(ctx: ServiceContext, org: OrganizationDoc): Promise<boolean> {
  const { store } = ctx.deps;
  const pages = await Promise.all([
    store.find(COLLECTIONS.organizations, { where: { parentId: org._id }, limit: 1 }),
    store.find(COLLECTIONS.members, { where: { inflowBranchId: org._id }, limit: 1 }),
    store.find(COLLECTIONS.members, { where: { outflowPath: org.path }, limit: 1 }),
    store.find(COLLECTIONS.checkins, { where: { branchId: org._id, status: 'pending' }, limit: 1 }),
  ]);
  return pages.some((page) => page.items.length > 0);
}

/** The successor, checked: the caller's to administer, active, outside the dissolved subtree, and able to take what moves. */
async function checkSuccessor(
  ctx: ServiceContext,
  org: OrganizationDoc,
  successor: OrganizationDoc | null,
  administers: (path: string) => boolean,
  manages: (path: string) => boolean,
): Promise<OrganizationDoc> {
  const field = 'successorId';
  if (!successor || !manages(successor.path)) throw orgNotFound(field);
  if (!administers(successor.path)) throw new AppError('FORBIDDEN', '只能并入自己管理的组织', { field });
  if (successor.dissolved) throw new AppError('BAD_REQUEST', `${successor.name}也已撤销，请选择另一个组织`, { field });
  if (successor.path.startsWith(org.path)) {
    throw new AppError('BAD_REQUEST', '不能并入它自己或它的下级组织', { field });
  }
  if (org.kind === 'branch' && successor.kind !== 'branch') {
    throw new AppError('BAD_REQUEST', '党支部的党员只能转到另一个党支部，请选择一个党支部', { field });
  }
  if (org.kind !== 'branch' && successor.kind === 'branch') {
    throw new AppError('BAD_REQUEST', '党委或党总支只能并入党委或党总支（下级组织要随之转过去）', { field });
  }
  return successor;
}

/** Ends the dissolved organization's own posts; each is read again so that a retry ends nothing twice. */
async function endPostsOf(ctx: ServiceContext, org: OrganizationDoc, at: string, by: string): Promise<void> {
  const { store } = ctx.deps;
  const posts = await store.find<RoleRecord>(COLLECTIONS.roles, {
    where: { orgId: org._id, revokedAt: null },
    limit: MAX_POSTS_AT_ONE_ORG,
  });
  await Promise.all(
    posts.items
      .filter((post) => post.role !== 'system_admin')
      .map(async (post) => {
        try {
          await endPost(store, post, 'org_dissolved', at, by);
        } catch (error) {
          // Removed by someone else meanwhile: it has ended either way.
          if (!(error instanceof VersionConflictError)) throw error;
        }
      }),
  );
}

export async function dissolveOrganization(
  ctx: ServiceContext,
  input: ParsedInput<'org.dissolve'>,
): Promise<ActionOutput<'org.dissolve'>> {
  const successorRead = startEarly(input.successorId ? findOrganization(ctx.deps, input.successorId) : Promise.resolve(null));
  const { org, access } = await requireAdministeredOrganization(ctx, input.orgId);
  const by = callerKey(ctx.caller);
  const jobId = input.successorId ? jobRequestIdFor(by, ORG_REPATH_JOB, input.requestId) : null;
  const retried =
    org.dissolved && org.dissolved.by === by && org.dissolved.jobId === jobId && org.dissolved.reason === input.reason;
  if (org.dissolved && !retried) throw dissolvedElsewhere();
  if (!org.dissolved && org.version !== input.version) throw dissolvedElsewhere();

  const successor = input.successorId
    ? await checkSuccessor(ctx, org, await successorRead, access.administers, access.manages)
    : null;
  if (!successor && (await stillLivedIn(ctx, org))) {
    throw new AppError('BAD_REQUEST', '这个组织还有党员、未处理的报到或下级组织，请指定接续的组织', { field: 'successorId' });
  }

  const now = timestamp(ctx.deps.clock);
  let saved: OrganizationDoc = org;
  // A retry after the job was written needs no lock again: the job holds it, or is done.
  const written = retried && jobId ? await ctx.deps.store.get<JobRequestRecord>(COLLECTIONS.jobRequests, jobId) : null;
  if (jobId && !written) await takeMoveLock(ctx, jobId);
  if (!org.dissolved) {
    const mark: DissolvedMark = {
      on: shanghaiDate(ctx.deps.clock),
      at: now,
      by,
      byName: actingName(access, org.path),
      reason: input.reason,
      successorId: successor ? successor._id : null,
      successorName: successor ? successor.name : null,
      jobId,
    };
    try {
      const version = await ctx.deps.store.update(COLLECTIONS.organizations, org._id, org.version, { dissolved: mark });
      saved = { ...org, dissolved: mark, version };
    } catch (error) {
      if (error instanceof VersionConflictError) throw dissolvedElsewhere(error);
      throw error;
    }
  }
  await Promise.all([endPostsOf(ctx, org, now, by), takePlacesOffTheMap(ctx.deps.store, org._id, now)]);
  if (!successor || !jobId) return { org: toOrgEntry(saved), job: null };
  const params: OrgRepathParams = {
    orgId: org._id,
    newParentId: successor._id,
    fromPath: org.path,
    toPath: successor.path,
    merge: { name: successor.name, kind: successor.kind, region: successor.region },
  };
  const job = await requestJob(ctx, ORG_REPATH_JOB, input.requestId, params);
  return { org: toOrgEntry(saved), job: toJobRequestView(job) };
}
