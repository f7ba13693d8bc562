import { createHash } from 'node:crypto';
import { AppError } from './app-error';
import type { ActionOutput, JobRequestView, ParsedInput } from '../contract';
import { timestamp } from '../lib/time';
import type { StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertOrGet } from '../store/saving';
import { loadAccess } from './access';
import { type ServiceContext, callerKey } from './context';
import type { JobRequestRecord } from './records';

/**
 * Work started on demand for one piece of work (an import, moving an organization): an action
 * records the request, and the jobs function picks it up and runs it in resumable chunks
 * (`server/jobs/requested-jobs.ts`). The action answers at once with the request, which the
 * caller then follows with `job.get`.
 */

export type JobRequestDoc = StoredDocument<JobRequestRecord>;

/** The same request from the same caller is the same job, so a retried tap never starts it twice. */
export function jobRequestIdFor(requestedBy: string, kind: string, requestId: string): string {
  return `jr_${createHash('sha256').update(`${requestedBy}|${kind}|${requestId}`).digest('hex').slice(0, 24)}`;
}

export function toJobRequestView(doc: JobRequestDoc): JobRequestView {
  return {
    jobId: doc._id,
    kind: doc.kind,
    status: doc.status,
    processed: doc.processed,
    total: doc.total,
    error: doc.error,
    tally: doc.tally ?? {},
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    finishedAt: doc.finishedAt,
  };
}

/**
 * Queues one job for the caller. The permission to ask for it is the calling action's to check
 * first; the job checks nothing again, it does what was allowed.
 */
export async function requestJob(
  ctx: ServiceContext,
  kind: string,
  requestId: string,
  params: Record<string, unknown>,
): Promise<JobRequestDoc> {
  const requestedBy = callerKey(ctx.caller);
  const now = timestamp(ctx.deps.clock);
  const record: JobRequestRecord = {
    kind,
    params,
    requestedBy,
    status: 'queued',
    cursor: null,
    processed: 0,
    total: null,
    failures: 0,
    error: null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  const { doc } = await insertOrGet<JobRequestRecord>(ctx.deps.store, COLLECTIONS.jobRequests, {
    _id: jobRequestIdFor(requestedBy, kind, requestId),
    ...record,
  });
  return doc;
}

export async function getJobRequest(ctx: ServiceContext, input: ParsedInput<'job.get'>): Promise<ActionOutput<'job.get'>> {
  const doc = await ctx.deps.store.get<JobRequestRecord>(COLLECTIONS.jobRequests, input.jobId);
  // Someone else's job answers as a missing one.
  const hidden = new AppError('NOT_FOUND', '找不到这项任务', { field: 'jobId' });
  if (!doc) throw hidden;
  if (doc.requestedBy !== callerKey(ctx.caller) && !(await loadAccess(ctx)).isSystemAdmin) throw hidden;
  return toJobRequestView(doc);
}
