import type { ServiceDeps } from '../services/context';
import type { JobLog } from './job';
import { type RunSummary, runJobs } from './run-jobs';

/** Local runs have no function time limit; this only bounds one pass so that stopping stays prompt. */
const LOCAL_PASS_MS = 5 * 60_000;

export interface JobTimer {
  /** Runs a pass now, or waits for the one under way; resolves with its summary. */
  runNow(): Promise<RunSummary>;
  /** Stops the timer and waits for a pass under way, so the store can be closed after it. */
  stop(): Promise<void>;
}

/**
 * The local stand-in for the timer trigger (`npm start`): a pass right away and then every
 * `everyMs`. Passes never overlap; the job state would make an overlap harmless, but it would
 * only compete for the one SQLite writer.
 */
export function startJobTimer(deps: ServiceDeps, options: { everyMs: number; log: JobLog; chunkSize?: number }): JobTimer {
  let current: Promise<RunSummary> | null = null;
  let stopped = false;

  const pass = (): Promise<RunSummary> => {
    current ??= runJobs(deps, { deadline: Date.now() + LOCAL_PASS_MS, chunkSize: options.chunkSize, log: options.log }).finally(
      () => {
        current = null;
      },
    );
    return current;
  };
  const tick = () => {
    if (stopped) return;
    pass().catch((error: unknown) =>
      options.log('jobs.failed', { error: error instanceof Error ? error.message : String(error) }),
    );
  };
  const timer = setInterval(tick, options.everyMs);
  // A pending tick must not keep the process alive after the gateway closes.
  timer.unref();
  tick();

  return {
    runNow: pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current?.catch(() => undefined);
    },
  };
}
