import { shanghaiDate } from '../lib/time';
import type { ServiceDeps } from '../services/context';
import { type OutboxSummary, sendOutbox } from './outbox';
import { importApply } from './import-apply';
import { memberExport } from './member-export';
import { orgRenameCopies, orgRepath } from './org-repath';
import { type RequestedJob, type RequestedRunSummary, runRequestedJobs } from './requested-jobs';
import { DEFAULT_CHUNK_SIZE, DEFAULT_CONCURRENCY, type RunJobsOptions, type RunSummary, runJobs } from './run-jobs';

/** The kinds of work an action may request; each is a job of its own file. */
export const REQUESTED_JOBS: readonly RequestedJob[] = [orgRepath, orgRenameCopies, importApply, memberExport];

export type AllJobsSummary = RunSummary & { requested: RequestedRunSummary; outbox: OutboxSummary };

export interface RunAllOptions extends RunJobsOptions {
  /** False on the frequent tick that only picks up requested work; default true. */
  nightly?: boolean;
  /** Default {@link REQUESTED_JOBS}. */
  kinds?: readonly RequestedJob[];
}

/**
 * One invocation of the jobs function: first the work people asked for and are waiting on,
 * then (on the nightly ticks) the periodic jobs, then the outbox's subscribe messages, all
 * within one deadline.
 */
export async function runAllJobs(deps: ServiceDeps, options: RunAllOptions): Promise<AllJobsSummary> {
  const requested = await runRequestedJobs(deps, { ...options, kinds: options.kinds ?? REQUESTED_JOBS });
  const nightly: RunSummary | null = options.nightly === false ? null : await runJobs(deps, options);
  // Last, so that the night's reminders go out in the invocation that wrote them.
  const outbox = await sendOutbox(deps, {
    deadline: options.deadline,
    wallTime: options.wallTime,
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    log: options.log ?? (() => undefined),
  });
  const complete = requested.complete && (nightly?.complete ?? true) && outbox.status === 'finished';
  if (nightly === null) return { today: shanghaiDate(deps.clock), complete, jobs: [], requested, outbox };
  return { ...nightly, complete, requested, outbox };
}
