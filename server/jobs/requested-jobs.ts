import type { z } from 'zod';
import { timestamp } from '../lib/time';
import { AppError } from '../services/app-error';
import type { ServiceDeps } from '../services/context';
import type { JobRequestDoc } from '../services/job-requests';
import type { JobRequestRecord } from '../services/records';
import { VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import type { ChunkResult, JobContext } from './job';
import { type RunJobsOptions, createJobContext } from './run-jobs';

/**
 * Work someone asked for (`server/services/job-requests.ts`), run by the jobs function in the
 * same resumable chunks as the nightly jobs: each chunk is safe to repeat from the stored cursor,
 * and the cursor and progress are saved by compare-and-set after it. Killed mid-chunk, the next
 * invocation redoes that chunk; two invocations on one request cannot both advance it.
 */

/** One chunk of requested work; `total` when the job knows how many items there are. */
export interface RequestedChunk extends ChunkResult {
  total?: number | null;
  /** What this chunk's items came to, by outcome; added to the request's tally with the cursor. */
  tally?: Record<string, number>;
}

function addTally(into: Record<string, number> | undefined, more: Record<string, number> | undefined): Record<string, number> {
  const sum = { ...(into ?? {}) };
  for (const [key, count] of Object.entries(more ?? {})) sum[key] = (sum[key] ?? 0) + count;
  return sum;
}

/** Which request a chunk works for: a job that writes in the asker's name (an export) needs to know whose it is. */
export interface RequestRef {
  jobId: string;
  requestedBy: string;
}

/** A kind of work that can be requested. The params were written by an action; the job validates them again. */
export interface RequestedJob {
  kind: string;
  chunk(ctx: JobContext, params: unknown, cursor: string | null, request: RequestRef): Promise<RequestedChunk>;
}

/** Params that do not parse can never run: the request fails at once. */
class InvalidParamsError extends Error {}

export function requestedJob<P>(
  kind: string,
  params: z.ZodType<P>,
  chunk: (ctx: JobContext, params: P, cursor: string | null, request: RequestRef) => Promise<RequestedChunk>,
): RequestedJob {
  return {
    kind,
    chunk(ctx, raw, cursor, request) {
      const parsed = params.safeParse(raw);
      if (!parsed.success) throw new InvalidParamsError(`Invalid params for ${kind}: ${parsed.error.message}`);
      return chunk(ctx, parsed.data, cursor, request);
    },
  };
}

/** Failing attempts (the store down, a bug) before a request is given up as failed. */
export const MAX_REQUEST_FAILURES = 3;
/** Requests looked at per invocation, oldest first; the rest wait for the next one. */
const REQUESTS_PER_INVOCATION = 20;

export type RequestOutcomeStatus = 'done' | 'failed' | 'out_of_time' | 'contended' | 'retrying';

export interface RequestOutcome {
  jobId: string;
  kind: string;
  status: RequestOutcomeStatus;
  chunks: number;
  processed: number;
}

export interface RequestedRunSummary {
  /** False when the deadline stopped the work or requests were left for the next invocation. */
  complete: boolean;
  requests: RequestOutcome[];
}

export type RunRequestedOptions = Omit<RunJobsOptions, 'jobs'> & { kinds: readonly RequestedJob[] };

/** A refusal by a rule or bad params never passes; anything else may (the store, the network). */
function isPermanent(error: unknown): boolean {
  return error instanceof InvalidParamsError || (error instanceof AppError && error.code !== 'INTERNAL');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Saves a request's step; false when another invocation moved it first (it owns the request now). */
async function advance(
  deps: ServiceDeps,
  request: JobRequestDoc,
  patch: Partial<JobRequestRecord>,
): Promise<JobRequestDoc | null> {
  try {
    const version = await deps.store.update(COLLECTIONS.jobRequests, request._id, request.version, patch);
    return { ...request, ...patch, version };
  } catch (error) {
    if (error instanceof VersionConflictError) return null;
    throw error;
  }
}

export async function runRequestedJobs(deps: ServiceDeps, options: RunRequestedOptions): Promise<RequestedRunSummary> {
  const wallTime = options.wallTime ?? Date.now;
  const ctx = createJobContext(deps, options);
  const page = await deps.store.find<JobRequestRecord>(COLLECTIONS.jobRequests, {
    where: { status: { $in: ['queued', 'running'] } },
    orderBy: [{ field: 'createdAt', direction: 'asc' }],
    limit: REQUESTS_PER_INVOCATION,
  });
  const outcomes: RequestOutcome[] = [];
  let slowestChunk = 0;
  let complete = page.nextCursor === null;

  for (const request of page.items) {
    const outcome: RequestOutcome = { jobId: request._id, kind: request.kind, status: 'done', chunks: 0, processed: 0 };
    outcomes.push(outcome);
    const job = options.kinds.find((candidate) => candidate.kind === request.kind);
    let current: JobRequestDoc | null = request;
    if (!job) {
      const now = timestamp(deps.clock);
      await advance(deps, request, {
        status: 'failed',
        error: `Unknown job kind ${request.kind}`,
        updatedAt: now,
        finishedAt: now,
      });
      outcome.status = 'failed';
      continue;
    }
    while (current) {
      const started = wallTime();
      if (started + slowestChunk >= options.deadline) {
        outcome.status = 'out_of_time';
        ctx.log('jobs.request_out_of_time', { jobId: current._id, kind: current.kind, cursor: current.cursor });
        return { complete: false, requests: outcomes };
      }
      let result: RequestedChunk;
      try {
        result = await job.chunk(ctx, current.params, current.cursor, { jobId: current._id, requestedBy: current.requestedBy });
      } catch (error) {
        const failures = current.failures + 1;
        const now = timestamp(deps.clock);
        const giveUp = isPermanent(error) || failures >= MAX_REQUEST_FAILURES;
        ctx.log('jobs.request_failed', { jobId: current._id, kind: current.kind, failures, error: messageOf(error) });
        const saved = await advance(deps, current, {
          failures,
          error: messageOf(error),
          updatedAt: now,
          ...(giveUp ? { status: 'failed' as const, finishedAt: now } : {}),
        });
        outcome.status = saved ? (giveUp ? 'failed' : 'retrying') : 'contended';
        if (!giveUp) complete = false;
        break;
      }
      const now = timestamp(deps.clock);
      const saved: JobRequestDoc | null = await advance(deps, current, {
        status: result.done ? 'done' : 'running',
        // Where the job ended, also when done: the position before the last chunk may hold counts a
        // killed attempt left different (a re-path's pages seen), and a finished request must read the
        // same however it got there.
        cursor: result.cursor,
        processed: current.processed + result.processed,
        total: result.total === undefined ? current.total : result.total,
        ...(result.tally ? { tally: addTally(current.tally, result.tally) } : {}),
        error: null,
        updatedAt: now,
        finishedAt: result.done ? now : null,
      });
      if (!saved) {
        // Another invocation is working on it; this chunk's writes were harmless repeats of its own.
        outcome.status = 'contended';
        ctx.log('jobs.request_contended', { jobId: current._id, kind: current.kind });
        break;
      }
      outcome.chunks += 1;
      outcome.processed += result.processed;
      slowestChunk = Math.max(slowestChunk, wallTime() - started);
      ctx.log('jobs.request_chunk', { jobId: saved._id, kind: saved.kind, processed: result.processed });
      current = result.done ? null : saved;
    }
  }
  return { complete, requests: outcomes };
}
