import dayjs from 'dayjs';
import { chineseDate, timestamp } from '../lib/time';
import { postMessage } from '../services/messages';
import { parentOfPath } from '../services/organizations';
import type { MessageRecord, ServiceRequestRecord } from '../services/records';
import { serviceKindWords } from '../services/service-requests';
import { COLLECTIONS } from '../store/indexes';
import { type ChunkResult, type JobDefinition, type RunContext, forEachLimited, writtenByThisRun } from './job';
import { overdueRunKey } from './run-keys';

/**
 * Service reminders: a member's request that has waited `serviceAnswerDays` without an answer
 * (an answer, a hand-on or the close; taking it is not one) reminds its branch, and one that
 * has waited `serviceEscalateDays` tells the organization above the branch. Each is said once
 * per request: the message id holds the request and the level, so a rerun or the next day's
 * run finds it posted and tells nobody again. Requests waiting are few, so the chunk walks them
 * in id order (index answer_id) and the cursor is the last one looked at.
 */
export const serviceReminders: JobDefinition = {
  name: 'service_reminders',
  runKey: overdueRunKey,
  async chunk(ctx: RunContext, cursor: string | null): Promise<ChunkResult> {
    const { store } = ctx.deps;
    const page = await store.find<ServiceRequestRecord>(COLLECTIONS.serviceRequests, {
      where: cursor === null ? { answerRank: 0 } : { answerRank: 0, _id: { $gt: cursor } },
      orderBy: [{ field: '_id', direction: 'asc' }],
      limit: ctx.chunkSize,
    });
    let created = 0;
    const post = async (id: string, message: MessageRecord) => {
      if (await postMessage(store, id, message)) created += 1;
      else {
        // Posted by a killed attempt of this run: it still counts, as the run record should say.
        const told = await store.get<MessageRecord>(COLLECTIONS.messages, id);
        if (told && writtenByThisRun(ctx, told.createdAt)) created += 1;
      }
    };
    await forEachLimited(page.items, ctx.concurrency, async (request) => {
      if (request.status === 'closed') return;
      const settings = await ctx.settings.at(request.branchPath);
      const waited = dayjs(ctx.today).diff(dayjs(request.askedOn), 'day');
      if (waited < settings.serviceAnswerDays) return;
      const what = `${request.memberName}于 ${chineseDate(request.askedOn)} 提出的${serviceKindWords(request.kind)}诉求“${request.title}”`;
      const now = timestamp(ctx.deps.clock);
      await post(`msg_${request._id}_unanswered`, {
        orgId: request.branchId,
        orgPath: request.branchPath,
        kind: 'service_unanswered',
        title: '服务诉求超时未答复',
        body: `${what}已等待 ${waited} 天，还没有答复。请尽快受理并答复党员。`,
        reportId: null,
        memberId: request.memberId,
        createdAt: now,
      });
      const above = parentOfPath(request.branchPath);
      if (waited < settings.serviceEscalateDays || !above) return;
      await post(`msg_${request._id}_escalated`, {
        orgId: above.orgId,
        orgPath: above.path,
        kind: 'service_escalated',
        title: '下级支部服务诉求超时未答复',
        body: `${request.branchName}收到的${what}已等待 ${waited} 天仍未答复，请督促办理。`,
        reportId: null,
        memberId: request.memberId,
        createdAt: now,
      });
    });
    const last = page.items[page.items.length - 1];
    return { cursor: last ? last._id : cursor, done: page.nextCursor === null, processed: page.items.length, created };
  },
};
