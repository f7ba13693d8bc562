import dayjs from 'dayjs';
import { chineseDate, timestamp } from '../lib/time';
import { postMessage } from '../services/messages';
import type { MessageRecord, TransferRecord } from '../services/records';
import { shanghaiDayOf } from '../services/transfers';
import { COLLECTIONS } from '../store/indexes';
import { type ChunkResult, type JobContext, type JobDefinition, forEachLimited } from './job';
import { overdueRunKey, reminderWindowStart } from './run-keys';

/**
 * Transfer reminders: a transfer step that has waited `transferReminderDays` or more (the
 * outflow side's answer to a proposal, the receiving branch's record of completion) is told
 * again to whoever holds it, once per reminder window. Transfers under way are few, so the
 * chunk walks them in id order; every message id holds the transfer, its step and the window,
 * so a rerun tells nobody twice.
 */
export const transferReminders: JobDefinition = {
  name: 'transfer_reminders',
  runKey: overdueRunKey,
  async chunk(ctx: JobContext, cursor: string | null): Promise<ChunkResult> {
    const { store } = ctx.deps;
    const page = await store.find<TransferRecord>(COLLECTIONS.transfers, {
      where: cursor === null ? { openRank: 0 } : { openRank: 0, _id: { $gt: cursor } },
      orderBy: [{ field: '_id', direction: 'asc' }],
      limit: ctx.chunkSize,
    });
    let created = 0;
    await forEachLimited(page.items, ctx.concurrency, async (transfer) => {
      if (!transfer.waitingSince || (transfer.status !== 'proposed' && transfer.status !== 'agreed')) return;
      const holder =
        transfer.status === 'proposed'
          ? { orgId: transfer.outflowOrgId, orgPath: transfer.outflowPath }
          : { orgId: transfer.branchId, orgPath: transfer.inflowPath };
      const settings = await ctx.settings.at(holder.orgPath);
      const since = shanghaiDayOf(transfer.waitingSince);
      const waited = dayjs(ctx.today).diff(dayjs(since), 'day');
      if (waited < settings.transferReminderDays) return;
      const window = reminderWindowStart(ctx.today, settings.transferReminderDays);
      const message: MessageRecord = {
        ...holder,
        kind: 'transfer_waiting',
        title: '组织关系转接待办提醒',
        body:
          transfer.status === 'proposed'
            ? `${transfer.branchName}于 ${chineseDate(since)} 提议转接${transfer.memberName}的组织关系，已等待 ${waited} 天，请在党员详情中同意或写明不同意的理由。`
            : `流出地已于 ${chineseDate(since)} 同意转接${transfer.memberName}的组织关系，已等待 ${waited} 天。请在全国党员管理信息系统办理，办结后登记介绍信编号和日期。`,
        reportId: null,
        memberId: transfer.memberId,
        createdAt: timestamp(ctx.deps.clock),
      };
      if (await postMessage(store, `msg_${transfer._id}_waiting_${transfer.status}_${window}`, message)) created += 1;
    });
    const last = page.items[page.items.length - 1];
    return { cursor: last ? last._id : cursor, done: page.nextCursor === null, processed: page.items.length, created };
  },
};
