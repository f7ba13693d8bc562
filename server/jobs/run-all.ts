import { shanghaiDate } from '../lib/time';
import type { ServiceDeps } from '../services/context';
import { orgRepath } from './org-repath';
import { type RequestedJob, type RequestedRunSummary, runRequestedJobs } from './requested-jobs';
import { type RunJobsOptions, type RunSummary, runJobs } from './run-jobs';

/** The kinds of work an action may request; each is a job of its own file. */
export const REQUESTED_JOBS: readonly RequestedJob[] = [orgRepath];

export type AllJobsSummary = RunSummary & { requested: RequestedRunSummary };

export interface RunAllOptions extends RunJobsOptions {
  /** False on the frequent tick that only picks up requested work; default true. */
  nightly?: boolean;
  /** Default {@link REQUESTED_JOBS}. */
  kinds?: readonly RequestedJob[];
}

/**
 * One invocation of the jobs function: first the work people asked for and are waiting on,
 * then (on the nightly ticks) the periodic jobs, all within one deadline.
 */
export async function runAllJobs(deps: ServiceDeps, options: RunAllOptions): Promise<AllJobsSummary> {
  const requested = await runRequestedJobs(deps, { ...options, kinds: options.kinds ?? REQUESTED_JOBS });
  if (options.nightly === false) return { today: shanghaiDate(deps.clock), complete: requested.complete, jobs: [], requested };
  const nightly = await runJobs(deps, options);
  return { ...nightly, complete: nightly.complete && requested.complete, requested };
}
