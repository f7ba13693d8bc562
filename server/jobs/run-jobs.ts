import { shanghaiDate, timestamp } from '../lib/time';
import type { ServiceDeps } from '../services/context';
import type { JobRunRecord } from '../services/records';
import { newFiguresCache } from '../services/reports/figures';
import { SettingsResolver } from '../services/settings';
import { MAX_PAGE_SIZE, type StoredDocument, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertOrGet } from '../store/saving';
import type { JobDefinition, JobLog, JobContext, RunContext } from './job';
import { activityReminders } from './activity-reminders';
import { recordBackfills } from './record-backfills';
import { memberSweep } from './member-sweep';
import { orgFigures } from './org-figures';
import { overdueReminders } from './overdue-reminders';
import { transferReminders } from './transfer-reminders';
import { serviceReminders } from './service-reminders';
import { deskSessionSweep } from './desk-session-sweep';

/** The jobs, in the order each invocation works through them (the one-off backfills after the night's work). */
export const JOBS: readonly JobDefinition[] = [
  memberSweep,
  overdueReminders,
  transferReminders,
  serviceReminders,
  activityReminders,
  // After the sweep and the reminders, so that the morning's figures hold the night's flags.
  orgFigures,
  deskSessionSweep,
  recordBackfills,
];

export const DEFAULT_CHUNK_SIZE = 100;
export const DEFAULT_CONCURRENCY = 8;

export interface RunJobsOptions {
  /** Wall-clock time (ms since the epoch) by which this invocation must have stopped writing. */
  deadline: number;
  chunkSize?: number;
  concurrency?: number;
  log?: JobLog;
  /**
   * Wall-clock time for the deadline, default `Date.now`. Not `deps.clock`: that one says which
   * day it is (tests fix it), this one says how much of the function's time limit is left.
   */
  wallTime?: () => number;
  /** Which jobs to run; default all of {@link JOBS}. */
  jobs?: readonly JobDefinition[];
}

export type JobStatus = 'finished' | 'already_finished' | 'out_of_time' | 'contended';

export interface JobOutcome {
  job: string;
  runKey: string;
  status: JobStatus;
  /** This invocation's share. */
  chunks: number;
  processed: number;
  created: number;
  /** The run's totals so far, across invocations. */
  total: { chunks: number; processed: number; created: number };
}

export interface RunSummary {
  today: string;
  /**
   * False when the deadline stopped the work, or another invocation was found working on the
   * same run: the next invocation resumes from the stored cursors.
   */
  complete: boolean;
  jobs: JobOutcome[];
}

type JobRunDoc = StoredDocument<JobRunRecord>;

/** What one invocation's chunks share; the day is fixed for the whole invocation. */
export function createJobContext(
  deps: ServiceDeps,
  options: Pick<RunJobsOptions, 'chunkSize' | 'concurrency' | 'log'>,
): JobContext {
  return {
    deps,
    today: shanghaiDate(deps.clock),
    settings: new SettingsResolver(deps),
    figures: newFiguresCache(),
    chunkSize: Math.min(MAX_PAGE_SIZE, Math.max(1, options.chunkSize ?? DEFAULT_CHUNK_SIZE)),
    concurrency: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY),
    log: options.log ?? (() => undefined),
  };
}

/** The stored state of one run, created on first sight (two invocations racing to create it agree on one). */
async function openRun(deps: ServiceDeps, job: string, runKey: string): Promise<JobRunDoc> {
  const id = `${job}_${runKey}`;
  const found = await deps.store.get<JobRunRecord>(COLLECTIONS.jobRuns, id);
  if (found) return found;
  const now = timestamp(deps.clock);
  const record: JobRunRecord = {
    job,
    runKey,
    cursor: null,
    processed: 0,
    created: 0,
    chunks: 0,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  // A concurrent invocation may open it first: then its record is the run.
  return (await insertOrGet<JobRunRecord>(deps.store, COLLECTIONS.jobRuns, { _id: id, ...record })).doc;
}

/**
 * Works through the jobs in order, one bounded chunk at a time, saving each job's cursor and
 * counts with compare-and-set after every chunk. It stops starting chunks when the next one
 * might not finish before the deadline (judged by the slowest chunk so far), and returns; the
 * next invocation carries on from the stored cursors. An exception (the store failing, or the
 * function being killed) leaves the cursor at the last saved chunk, which is redone in full:
 * every write a chunk makes has a deterministic id, so redoing it duplicates nothing.
 *
 * Two invocations on the same run (a manual call during a timer run) cannot both advance it:
 * the loser's compare-and-set fails, and it leaves that job, and the jobs after it, to the winner.
 */
export async function runJobs(deps: ServiceDeps, options: RunJobsOptions): Promise<RunSummary> {
  const wallTime = options.wallTime ?? Date.now;
  const shared = createJobContext(deps, options);
  const { today, log } = shared;
  const outcomes: JobOutcome[] = [];
  let slowestChunk = 0;

  for (const job of options.jobs ?? JOBS) {
    const runKey = job.runKey(today);
    let run = await openRun(deps, job.name, runKey);
    const ctx: RunContext = { ...shared, run: { id: run._id, startedAt: run.startedAt } };
    const outcome: JobOutcome = {
      job: job.name,
      runKey,
      status: 'already_finished',
      chunks: 0,
      processed: 0,
      created: 0,
      total: { chunks: run.chunks, processed: run.processed, created: run.created },
    };
    outcomes.push(outcome);
    if (run.finishedAt !== null) continue;

    for (;;) {
      const started = wallTime();
      if (started + slowestChunk >= options.deadline) {
        outcome.status = 'out_of_time';
        log('jobs.out_of_time', { job: job.name, runKey, cursor: run.cursor, processed: run.processed });
        return { today, complete: false, jobs: outcomes };
      }
      const result = await job.chunk(ctx, run.cursor);
      const now = timestamp(deps.clock);
      const patch: Partial<JobRunRecord> = {
        cursor: result.done ? run.cursor : result.cursor,
        processed: run.processed + result.processed,
        created: run.created + result.created,
        chunks: run.chunks + 1,
        updatedAt: now,
        finishedAt: result.done ? now : null,
      };
      let version: number;
      try {
        version = await deps.store.update(COLLECTIONS.jobRuns, run._id, run.version, patch);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        // Another invocation moved this run on while we worked; our chunk's writes are harmless
        // repeats of its own, and it owns the cursor from here. The later jobs are left to it
        // too: they may rely on this one being finished (the reminders count the sweep's drafts).
        outcome.status = 'contended';
        log('jobs.contended', { job: job.name, runKey });
        return { today, complete: false, jobs: outcomes };
      }
      run = { ...run, ...patch, version };
      outcome.chunks += 1;
      outcome.processed += result.processed;
      outcome.created += result.created;
      outcome.total = { chunks: run.chunks, processed: run.processed, created: run.created };
      const ms = wallTime() - started;
      slowestChunk = Math.max(slowestChunk, ms);
      log('jobs.chunk', { job: job.name, runKey, processed: result.processed, created: result.created, ms });
      if (result.done) {
        outcome.status = 'finished';
        log('jobs.finished', { job: job.name, runKey, ...outcome.total });
        break;
      }
    }
  }
  return { today, complete: true, jobs: outcomes };
}
