import type { ServiceDeps } from '../services/context';
import type { FiguresCache } from '../services/reports/figures';
import type { SettingsResolver } from '../services/settings';

/** What the runner logs: a short event name and plain details, one line each in the function's log. */
export type JobLog = (event: string, details?: Record<string, unknown>) => void;

/** Everything one chunk of a job needs; built once per invocation. */
export interface JobContext {
  deps: ServiceDeps;
  /** Today in Shanghai, fixed for the whole invocation so that one run never straddles two days. */
  today: string;
  /** One per invocation: a sweep asks for the same few organizations' settings a hundred thousand times. */
  settings: SettingsResolver;
  /** One per invocation: every member of a branch shares its activities and study plan of the period. */
  figures: FiguresCache;
  chunkSize: number;
  /** Records worked on at once inside a chunk (each CloudBase call is a round trip). */
  concurrency: number;
  log: JobLog;
}

/** What a chunk of a timer job works with: the invocation's context and the run the chunk belongs to. */
export interface RunContext extends JobContext {
  /** As its JobRunRecord holds it. */
  run: { id: string; startedAt: string };
}

/**
 * Whether a record a chunk wrote or found was written by this run: stamped at or after the run
 * started. A chunk counts what this run wrote, not what it wrote just now, so a chunk redone
 * after a kill still counts the records its killed attempt wrote (their ids are taken, so the
 * redo finds them instead of writing them), and the run record matches the store.
 */
export function writtenByThisRun(ctx: RunContext, writtenAt: string): boolean {
  return writtenAt >= ctx.run.startedAt;
}

/** What one chunk did. The cursor and counts are stored together, after the chunk, in one compare-and-set. */
export interface ChunkResult {
  /** Where the next chunk starts; meaningful only while `done` is false. */
  cursor: string | null;
  done: boolean;
  processed: number;
  /** Records of this chunk's items that this run wrote, by this attempt or a killed one ({@link writtenByThisRun}). */
  created: number;
}

/**
 * A resumable batch job. A chunk must be safe to repeat from the same cursor: whatever it wrote
 * before a crash has a deterministic id, so doing it again changes nothing.
 */
export interface JobDefinition {
  /** Also the prefix of its JobRunRecord ids: `<name>_<runKey>`. */
  name: string;
  runKey(today: string): string;
  chunk(ctx: RunContext, cursor: string | null): Promise<ChunkResult>;
}

/**
 * Runs `work` on every item, at most `limit` at a time. After a failure no new item starts, the
 * ones in flight are awaited (nothing is left writing behind the caller's back) and the first
 * error is thrown: the chunk fails as a whole and its cursor is not saved.
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && failure === null) {
      const item = items[next];
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
