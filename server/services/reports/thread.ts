import { createHash } from 'node:crypto';
import type { ActionOutput, ParsedInput } from '../../contract';
import { timestamp } from '../../lib/time';
import { COLLECTIONS } from '../../store/indexes';
import { retryOnConflict } from '../../store/saving';
import { actingName } from '../access';
import { type ServiceContext, callerKey } from '../context';
import { postMessage } from '../messages';
import type { MessageRecord, ReplyRecord, ReportRecord } from '../records';
import { lookOnly, loadVisible, notFound, notSubmitted } from './visibility';
import { toReplyView } from './views';

/** The thread between the two sides under a submitted report. */

/** The reply id: the same request from the same person is the same reply, so a retry never posts twice. */
export function replyIdFor(reportId: string, openid: string, requestId: string): string {
  return `rp_${createHash('sha256').update(`${reportId}|${openid}|${requestId}`).digest('hex').slice(0, 24)}`;
}

export async function reportThread(
  ctx: ServiceContext,
  input: ParsedInput<'report.thread'>,
): Promise<ActionOutput<'report.thread'>> {
  const { report } = await loadVisible(ctx, input.reportId);
  const page = await ctx.deps.store.find<ReplyRecord>(COLLECTIONS.replies, {
    where: { reportId: report._id },
    orderBy: [{ field: 'createdAt', direction: 'asc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toReplyView), nextCursor: page.nextCursor };
}

export async function replyToReport(
  ctx: ServiceContext,
  input: ParsedInput<'report.reply'>,
): Promise<ActionOutput<'report.reply'>> {
  const replyId = replyIdFor(input.reportId, callerKey(ctx.caller), input.requestId);
  // A retried request finds its reply; it is read with the report, and only shown once the
  // report is visible to the caller.
  const [{ report, access, side }, existing] = await Promise.all([
    loadVisible(ctx, input.reportId),
    ctx.deps.store.get<ReplyRecord>(COLLECTIONS.replies, replyId),
  ]);
  if (side === 'above') throw lookOnly();
  if (report.revision < 1) throw notSubmitted();
  if (existing) return toReplyView(existing);

  const orgName = side === 'inflow' ? report.branchName : report.outflowName;
  const record: ReplyRecord = {
    reportId: report._id,
    side,
    authorOpenid: callerKey(ctx.caller),
    authorName: actingName(access, side === 'inflow' ? report.branchPath : report.outflowPath) ?? orgName,
    orgName,
    body: input.body,
    createdAt: timestamp(ctx.deps.clock),
  };
  const to =
    side === 'inflow'
      ? { orgId: report.outflowOrgId, orgPath: report.outflowPath }
      : { orgId: report.branchId, orgPath: report.branchPath };
  const messageId = `msg_reply_${replyId}`;
  const attempt = () =>
    ctx.deps.store.transaction(async (tx) => {
      // Everything the reply writes is read first, together; then it is written together.
      const [again, current, alreadyPosted] = await Promise.all([
        tx.get<ReplyRecord>(COLLECTIONS.replies, replyId),
        tx.get<ReportRecord>(COLLECTIONS.reports, report._id),
        tx.get<MessageRecord>(COLLECTIONS.messages, messageId),
      ]);
      if (again) return again;
      if (!current) throw notFound();
      const [inserted] = await Promise.all([
        tx.insert<ReplyRecord>(COLLECTIONS.replies, { _id: replyId, ...record }),
        tx.update(COLLECTIONS.reports, current._id, current.version, { replyCount: current.replyCount + 1 }),
        alreadyPosted
          ? null
          : postMessage(tx, messageId, {
              ...to,
              kind: 'report_replied',
              title: `${orgName}在${current.memberName}${current.period.label}的反馈下留言`,
              body: record.body,
              reportId: current._id,
              memberId: current.memberId,
              createdAt: record.createdAt,
            }),
      ]);
      return inserted;
    });
  // Other replies, opens and acknowledgements move the report's version; the reply itself is
  // keyed by its id, so trying again is safe, and a twin that made it first is found by the retry.
  return toReplyView(await retryOnConflict(attempt));
}
