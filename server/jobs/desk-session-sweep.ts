import type { DeskSessionRecord } from '../services/records';
import { endIfExpired } from '../services/desk-sessions';
import { COLLECTIONS } from '../store/indexes';
import { type ChunkResult, type JobContext, type JobDefinition, forEachLimited } from './job';
import { overdueRunKey } from './run-keys';

/**
 * Desk sessions that ran out while nobody called: a session ends after a working day or 30 idle
 * minutes, which its next call (or 我的电脑登录) records, but a desk simply closed is never
 * called again. Every night this ends and audits them, so every end of a sign-in is on record.
 * The chunk walks the open sessions in id order; ending one is a compare-and-set with an audit id
 * that derives from the session, so a rerun ends and audits nothing twice (what a killed attempt
 * ended has left the open ones, and is not counted again).
 */
export const deskSessionSweep: JobDefinition = {
  name: 'desk_session_sweep',
  runKey: overdueRunKey,
  async chunk(ctx: JobContext, cursor: string | null): Promise<ChunkResult> {
    const { store, clock } = ctx.deps;
    const page = await store.find<DeskSessionRecord>(COLLECTIONS.deskSessions, {
      where: cursor === null ? { endedAt: null } : { endedAt: null, _id: { $gt: cursor } },
      orderBy: [{ field: '_id', direction: 'asc' }],
      limit: ctx.chunkSize,
    });
    const now = clock.now().getTime();
    let created = 0;
    await forEachLimited(page.items, ctx.concurrency, async (session) => {
      if (await endIfExpired({ store, clock }, session, now)) created += 1;
    });
    const last = page.items[page.items.length - 1];
    return { cursor: last ? last._id : cursor, done: page.nextCursor === null, processed: page.items.length, created };
  },
};
