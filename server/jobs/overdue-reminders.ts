import { chineseDate, timestamp } from '../lib/time';
import { postMessage } from '../services/messages';
import type { MessageRecord, ReportRecord } from '../services/records';
import type { StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { type ChunkResult, type JobDefinition, type RunContext, forEachLimited, writtenByThisRun } from './job';
import { overdueRunKey, reminderWindowStart } from './run-keys';

/**
 * Overdue reminders: one message per branch per reminder window, saying how many of its drafts
 * are past their due day and which is the earliest.
 *
 * The drafts are read branch by branch (status, branchId, dueOn: index reports.status_branch_due)
 * and the cursor is the last branch *finished*, never a position inside a branch. A branch's
 * total comes from one indexed count when its first draft is seen, not from adding up what the
 * chunks saw: a total carried across chunks would count a chunk twice when a crash makes it run
 * again. So a chunk handles whole branches and can be repeated as it is.
 */

type ReportDoc = StoredDocument<ReportRecord>;

export const overdueReminders: JobDefinition = {
  name: 'overdue_reminders',
  runKey: overdueRunKey,
  async chunk(ctx: RunContext, cursor: string | null): Promise<ChunkResult> {
    const { store } = ctx.deps;
    const overdue = { status: 'draft', dueOn: { $lt: ctx.today } } as const;
    const page = await store.find<ReportRecord>(COLLECTIONS.reports, {
      where: cursor === null ? overdue : { ...overdue, branchId: { $gt: cursor } },
      orderBy: [
        { field: 'branchId', direction: 'asc' },
        { field: 'dueOn', direction: 'asc' },
      ],
      limit: ctx.chunkSize,
    });
    // The first draft of each branch in the page is its earliest overdue one: the page starts at a
    // branch boundary and is sorted by due day within a branch.
    const earliest = new Map<string, ReportDoc>();
    for (const report of page.items) if (!earliest.has(report.branchId)) earliest.set(report.branchId, report);

    let created = 0;
    await forEachLimited([...earliest.values()], ctx.concurrency, async (first) => {
      const settings = await ctx.settings.at(first.branchPath);
      const window = reminderWindowStart(ctx.today, settings.reminderEveryDays);
      const messageId = `msg_overdue_${first.branchId}_${window}`;
      // Told already in this window: skip the count too. Told by this run (before a kill) still counts.
      const told = await store.get<MessageRecord>(COLLECTIONS.messages, messageId);
      if (told) {
        if (writtenByThisRun(ctx, told.createdAt)) {
          // Killed between the message and its outbox entry (written side by side): post it again,
          // which writes only what is missing.
          const { _id, version, ...record } = told;
          await postMessage(store, messageId, record);
          created += 1;
        }
        return;
      }
      const count = await store.count(COLLECTIONS.reports, { branchId: first.branchId, ...overdue });
      // Submitted in the meantime: nothing left to remind about.
      if (count === 0) return;
      const message: MessageRecord = {
        orgId: first.branchId,
        orgPath: first.branchPath,
        kind: 'report_overdue',
        title: '反馈报告逾期提醒',
        body:
          count === 1
            ? `${first.memberName}的${first.period.label}反馈报告已于 ${chineseDate(first.dueOn)} 到期，仍未提交，请尽快填写并提交。`
            : `有 ${count} 份反馈报告过了截止日期仍未提交，最早一份于 ${chineseDate(first.dueOn)} 到期，请尽快填写并提交。`,
        reportId: count === 1 ? first._id : null,
        memberId: count === 1 ? first.memberId : null,
        createdAt: timestamp(ctx.deps.clock),
      };
      // A duplicate id here means a concurrent invocation of this run posted it a moment ago.
      await postMessage(store, messageId, message);
      created += 1;
    });

    const branches = [...earliest.keys()];
    const last = branches[branches.length - 1];
    return { cursor: last ?? cursor, done: page.nextCursor === null, processed: branches.length, created };
  },
};
