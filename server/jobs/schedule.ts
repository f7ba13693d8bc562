import type { ServiceDeps } from '../services/context';
import type { JobLog } from './job';
import { type AllJobsSummary, runAllJobs } from './run-all';

/** Local runs have no function time limit; this only bounds one pass so that stopping stays prompt. */
const LOCAL_PASS_MS = 5 * 60_000;
/** How soon requested work (an import) starts locally; the cloud's `requests` trigger ticks every minute. */
const LOCAL_REQUESTS_EVERY_MS = 5_000;

export interface JobTimer {
  /** Runs a pass now, or waits for the one under way; resolves with its summary. */
  runNow(): Promise<AllJobsSummary>;
  /** Stops the timer and waits for a pass under way, so the store can be closed after it. */
  stop(): Promise<void>;
}

/**
 * The local stand-in for the timer trigger (`npm start`): a pass right away and then every
 * `everyMs`. Passes never overlap; the job state would make an overlap harmless, but it would
 * only compete for the one SQLite writer.
 */
export function startJobTimer(
  deps: ServiceDeps,
  options: { everyMs: number; log: JobLog; chunkSize?: number; requestsEveryMs?: number },
): JobTimer {
  let current: { nightly: boolean; done: Promise<AllJobsSummary> } | null = null;
  let stopped = false;

  const pass = (nightly = true): Promise<AllJobsSummary> => {
    // A pass under way answers for this one, unless only requests ran in it and the periodic jobs are due too.
    if (current && (current.nightly || !nightly)) return current.done;
    const before = current?.done.catch(() => undefined);
    const done = (async () => {
      await before;
      return runAllJobs(deps, { deadline: Date.now() + LOCAL_PASS_MS, chunkSize: options.chunkSize, log: options.log, nightly });
    })().finally(() => {
      if (current?.done === done) current = null;
    });
    current = { nightly, done };
    return done;
  };
  const tick = (nightly: boolean) => () => {
    if (stopped) return;
    pass(nightly).catch((error: unknown) =>
      options.log('jobs.failed', { error: error instanceof Error ? error.message : String(error) }),
    );
  };
  const timers = [
    setInterval(tick(true), options.everyMs),
    setInterval(tick(false), options.requestsEveryMs ?? LOCAL_REQUESTS_EVERY_MS),
  ];
  // A pending tick must not keep the process alive after the gateway closes.
  for (const timer of timers) timer.unref();
  tick(true)();

  return {
    runNow: () => pass(true),
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await current?.done.catch(() => undefined);
    },
  };
}
