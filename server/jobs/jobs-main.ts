import { z } from 'zod';
import { cloudEnvSchema } from '../config/env';
import type { CheckinCodeRenderer, ServiceDeps } from '../services/context';
import { MAX_PAGE_SIZE } from '../store/document-store';
import type { JobLog } from './job';
import { type AllJobsSummary, runAllJobs } from './run-all';

/**
 * What SCF passes to a timer-triggered function (CLOUDBASE.md §4). Fields beyond these are
 * ignored: the event decides nothing but that this is a tick.
 */
export const timerEventSchema = z.object({
  Type: z.literal('Timer'),
  TriggerName: z.string().max(100),
  Time: z.string().max(40),
  Message: z.string().max(1000).optional(),
});

/** A run started by hand (`tcb fn invoke jobs`, or the console's test button), optionally with a smaller chunk. */
export const manualEventSchema = z.strictObject({
  chunkSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});

export const jobsEventSchema = z.union([timerEventSchema, manualEventSchema]);

/** The part of the SCF context the function reads: how long it may run. */
export const jobsContextSchema = z.object({
  time_limit_in_ms: z.number().int().positive().optional(),
});

/** The jobs function needs no OPENIDs and draws no codes: the store, the personal-data key and the subscribe-message templates. */
export const jobsEnvSchema = cloudEnvSchema.pick({
  PII_MASTER_KEY: true,
  CLOUDBASE_ENV: true,
  CLOUDBASE_TRANSACTION_OPERATIONS: true,
  SUBSCRIBE_TEMPLATES: true,
  SUBSCRIBE_MINIPROGRAM_STATE: true,
});

/** Time kept back from the function's limit: the last chunk's write and the reply must fit in it. */
export const SAFETY_MARGIN_MS = 10_000;
/** The time limit cloudbaserc.json sets, used when the context does not say. */
export const DEFAULT_TIME_LIMIT_MS = 60_000;

/** The jobs never draw a mini-program code; a call to this one is a bug, not a missing permission. */
export const noCodeRenderer: CheckinCodeRenderer = {
  render: () => Promise.reject(new Error('The jobs function draws no check-in codes')),
};

/** The timer trigger that only picks up requested work (every minute, all day; see cloudbaserc.json). */
export const REQUESTS_TRIGGER = 'requests';

export type JobsResult =
  { ok: true; data: AllJobsSummary } | { ok: false; error: { code: 'BAD_REQUEST' | 'INTERNAL'; message: string } };

export interface JobsMainOptions {
  /** Built once per container and reused across invocations. */
  getDeps: () => Promise<ServiceDeps>;
  log?: JobLog;
  /** Wall-clock time, default Date.now. */
  wallTime?: () => number;
}

const defaultLog: JobLog = (event, details) => console.log(JSON.stringify({ event, ...details }));

/**
 * The thin entry of the `jobs` function: validates the event and the context, works until the
 * deadline, and answers with what was done. It never throws: a failed run is logged and simply
 * resumed by the next tick (a throw would make SCF retry the async invocation on top of that).
 */
export function createJobsMain(options: JobsMainOptions) {
  const wallTime = options.wallTime ?? Date.now;
  const log = options.log ?? defaultLog;
  return async function main(event: unknown, context: unknown): Promise<JobsResult> {
    const started = wallTime();
    const parsed = jobsEventSchema.safeParse(event ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'BAD_REQUEST', message: 'The jobs function takes a timer event or { chunkSize }' } };
    }
    const limits = jobsContextSchema.safeParse(context ?? {});
    const timeLimit = (limits.success ? limits.data.time_limit_in_ms : undefined) ?? DEFAULT_TIME_LIMIT_MS;
    const deadline = started + timeLimit - Math.min(SAFETY_MARGIN_MS, timeLimit / 4);
    try {
      const deps = await options.getDeps();
      const chunkSize = 'chunkSize' in parsed.data ? parsed.data.chunkSize : undefined;
      const nightly = !('TriggerName' in parsed.data) || parsed.data.TriggerName !== REQUESTS_TRIGGER;
      const summary = await runAllJobs(deps, { deadline, chunkSize, log, wallTime, nightly });
      log('jobs.invocation', { complete: summary.complete, ms: wallTime() - started });
      return { ok: true, data: summary };
    } catch (error) {
      console.error('Jobs failed', error);
      return { ok: false, error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } };
    }
  };
}
