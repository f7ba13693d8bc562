import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { chineseDateTime, timestamp } from '../lib/time';
import type { NotificationEvent } from '../contract/notifications';
import { enqueueNotification, outboxId } from '../services/notifications';
import type { ActivityRecord, MemberRecord, OutboxRecord } from '../services/records';
import { MAX_PAGE_SIZE, type Page, type StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { type ChunkResult, type JobDefinition, type RunContext, forEachLimited, writtenByThisRun } from './job';
import { overdueRunKey } from './run-keys';

dayjs.extend(utc);

/**
 * Activity reminders: the evening before, every member placed in a branch is told of its
 * activity tomorrow (a subscribe message, sent by the outbox to those who accepted one).
 *
 * A chunk takes whole activities in id order (activities.held_status), each with all of its
 * branch's placed members, and the cursor is the last activity finished: the outbox ids name the
 * activity and the member, so a chunk repeated after a crash writes nothing twice.
 */

/** Activities per chunk: each brings a branch's members (up to a few hundred). */
const ACTIVITIES_PER_CHUNK = 10;

export function tomorrowOf(today: string): string {
  return dayjs.utc(today).add(1, 'day').format('YYYY-MM-DD');
}

export const activityReminders: JobDefinition = {
  name: 'activity_reminders',
  runKey: overdueRunKey,
  async chunk(ctx: RunContext, cursor: string | null): Promise<ChunkResult> {
    const { store } = ctx.deps;
    const tomorrow = { heldOn: tomorrowOf(ctx.today), status: 'scheduled' } as const;
    const page = await store.find<ActivityRecord>(COLLECTIONS.activities, {
      where: cursor === null ? tomorrow : { ...tomorrow, _id: { $gt: cursor } },
      orderBy: [{ field: '_id', direction: 'asc' }],
      limit: Math.min(ACTIVITIES_PER_CHUNK, ctx.chunkSize),
    });
    let created = 0;
    for (const activity of page.items) {
      let members: string | null = null;
      do {
        const batch: Page<StoredDocument<MemberRecord>> = await store.find<MemberRecord>(COLLECTIONS.members, {
          where: { inflowBranchId: activity.branchId, status: 'placed' },
          limit: MAX_PAGE_SIZE,
          cursor: members,
        });
        await forEachLimited(batch.items, ctx.concurrency, async (member) => {
          const event: NotificationEvent = {
            kind: 'activity_tomorrow',
            causeId: activity._id,
            to: { kind: 'user', openid: member.openid },
            fields: { subject: activity.topic, detail: `明天在${activity.place}`, time: activity.startsAt },
            page: `pages/activity-signin/activity-signin?activityId=${activity._id}`,
            at: timestamp(ctx.deps.clock),
          };
          if (await enqueueNotification(store, event)) {
            created += 1;
            return;
          }
          // Written before a kill: still this run's, as the run record counts it.
          const earlier = await store.get<OutboxRecord>(COLLECTIONS.outbox, outboxId(event));
          if (earlier && writtenByThisRun(ctx, earlier.createdAt)) created += 1;
        });
        members = batch.nextCursor;
      } while (members !== null);
      ctx.log('activity_reminders.activity', { activityId: activity._id, startsAt: chineseDateTime(activity.startsAt) });
    }
    const last = page.items[page.items.length - 1];
    return { cursor: last ? last._id : cursor, done: page.nextCursor === null, processed: page.items.length, created };
  },
};
