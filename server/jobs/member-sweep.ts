import type { Settings } from '../contract/joint';
import { monthsBetween, previousPeriod } from '../lib/periods';
import { shanghaiDate, timestamp } from '../lib/time';
import { AppError } from '../services/app-error';
import type { MemberDoc } from '../services/members';
import { postMessage } from '../services/messages';
import { lastPresentDay } from '../services/activities';
import type { LifeFlagRecord, MemberRecord, MessageRecord } from '../services/records';
import { parentOfPath } from '../services/organizations';
import { openReportDraft } from '../services/reports';
import { DuplicateIdError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { type ChunkResult, type JobContext, type JobDefinition, forEachLimited } from './job';
import { sweepRunKey } from './run-keys';

/**
 * The member sweep: for every placed member, open the draft report the branch owes the outflow
 * side for the period that just ended, and run the no-life clock. It only records and tells;
 * it never changes a member's standing or record (DOMAIN.md: a person always decides).
 */

/** The Shanghai calendar day of a stored UTC timestamp. */
function shanghaiDayOf(iso: string): string {
  return shanghaiDate({ now: () => new Date(iso) });
}

interface Recipient {
  orgId: string;
  orgPath: string;
  title: string;
  body: string;
}

export interface MemberOutcome {
  drafted: boolean;
  flags: number;
}

/**
 * Raises one flag unless it is there. The messages go first and the flag last, as the marker
 * that the whole step is done: killed in between, the rerun posts the messages again (their ids
 * are taken, so nobody hears twice) and then writes the flag. Checking the flag first keeps a
 * weekly sweep from re-posting to every silent member.
 */
async function raiseFlag(ctx: JobContext, flagId: string, flag: LifeFlagRecord, recipients: Recipient[]): Promise<boolean> {
  const { store } = ctx.deps;
  if (await store.get<LifeFlagRecord>(COLLECTIONS.lifeFlags, flagId)) return false;
  for (const recipient of recipients) {
    const message: MessageRecord = {
      orgId: recipient.orgId,
      orgPath: recipient.orgPath,
      kind: flag.level === 'warning' ? 'life_warning' : 'life_escalation',
      title: recipient.title,
      body: recipient.body,
      reportId: null,
      memberId: flag.memberId,
      createdAt: flag.raisedAt,
    };
    await postMessage(store, `msg_${flagId}_${recipient.orgId}`, message);
  }
  try {
    await store.insert<LifeFlagRecord>(COLLECTIONS.lifeFlags, { _id: flagId, ...flag });
    return true;
  } catch (error) {
    if (error instanceof DuplicateIdError) return false;
    throw error;
  }
}

/** The last day of organizational life the silence is counted from: the latest sign-in, or the placement day. */
async function silenceSince(ctx: JobContext, member: MemberDoc, placedOn: string): Promise<string> {
  const lastLife = await lastPresentDay(ctx.deps.store, member._id);
  // Attendance at a branch before this placement does not restart the clock of this one.
  return lastLife !== null && lastLife > placedOn ? lastLife : placedOn;
}

async function runNoLifeClock(ctx: JobContext, member: MemberDoc, placedOn: string, inflow: Settings): Promise<number> {
  const branchId = member.inflowBranchId;
  const branchPath = member.inflowPath;
  if (!branchId || !branchPath) return 0;
  const since = await silenceSince(ctx, member, placedOn);
  const months = monthsBetween(since, ctx.today);
  if (months < inflow.noLifeWarnMonths) return 0;

  const branchName = member.inflowBranchName ?? '';
  const flagBase = {
    memberId: member._id,
    memberName: member.name,
    branchId,
    branchPath,
    outflowPath: member.outflowPath,
    since,
    months,
    raisedAt: timestamp(ctx.deps.clock),
  };
  const silence = `自 ${since} 起已 ${months} 个月没有参加组织生活`;
  const decide = '系统只作提醒，如何处理请由组织研究决定。';
  let raised = 0;

  const warningId = `lf_${member._id}_warning_${since}`;
  const warnTo: Recipient[] = [
    {
      orgId: branchId,
      orgPath: branchPath,
      title: '组织生活预警',
      body: `${member.name}${silence}，请及时联系了解情况。${decide}`,
    },
  ];
  if (member.outflow.orgId && member.outflowPath) {
    warnTo.push({
      orgId: member.outflow.orgId,
      orgPath: member.outflowPath,
      title: '外出党员组织生活预警',
      body: `${member.name}（在${branchName}）${silence}，流入地支部已收到同样的提醒。${decide}`,
    });
  }
  if (await raiseFlag(ctx, warningId, { ...flagBase, level: 'warning' }, warnTo)) raised += 1;

  if (months >= inflow.noLifeEscalateMonths) {
    const parent = parentOfPath(branchPath);
    const escalateTo: Recipient[] = parent
      ? [
          {
            orgId: parent.orgId,
            orgPath: parent.path,
            title: '组织生活预警上报',
            body: `${branchName}的${member.name}${silence}，请督促支部联系本人并与流出地沟通。${decide}`,
          },
        ]
      : [];
    const escalationId = `lf_${member._id}_escalation_${since}`;
    if (await raiseFlag(ctx, escalationId, { ...flagBase, level: 'escalation' }, escalateTo)) raised += 1;
  }
  return raised;
}

/** Both steps for one placed member; safe to repeat. */
export async function sweepMember(ctx: JobContext, member: MemberDoc): Promise<MemberOutcome> {
  if (!member.inflowPath || !member.inflowBranchId || !member.placedAt) return { drafted: false, flags: 0 };
  const placedOn = shanghaiDayOf(member.placedAt);
  const inflow = await ctx.settings.at(member.inflowPath);

  let drafted = false;
  if (member.outflow.orgId && member.outflowPath) {
    const outflow = await ctx.settings.at(member.outflowPath);
    const period = previousPeriod(outflow.reportPeriod, ctx.today);
    // A member placed after the period ended owes nothing for it.
    if (placedOn <= period.end) {
      drafted = (await openReportDraft(ctx.deps, member, period, { inflow, outflow }, ctx.figures)).created;
    }
  }
  const flags = await runNoLifeClock(ctx, member, placedOn, inflow);
  return { drafted, flags };
}

export const memberSweep: JobDefinition = {
  name: 'member_sweep',
  runKey: sweepRunKey,
  async chunk(ctx: JobContext, cursor: string | null): Promise<ChunkResult> {
    // The cursor is the last member id done: ids never change, so a member placed while the run
    // is under way is either ahead of the cursor (swept now) or behind it (swept next week).
    const page = await ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
      where: cursor === null ? { status: 'placed' } : { status: 'placed', _id: { $gt: cursor } },
      orderBy: [{ field: '_id', direction: 'asc' }],
      limit: ctx.chunkSize,
    });
    let created = 0;
    let flags = 0;
    let skipped = 0;
    await forEachLimited(page.items, ctx.concurrency, async (member) => {
      try {
        const outcome = await sweepMember(ctx, member);
        if (outcome.drafted) created += 1;
        flags += outcome.flags;
      } catch (error) {
        // A rule refusing this member's record would refuse it on every retry too, and would hold
        // up the whole sweep behind it: log it for a person and go on. Anything else (the store,
        // the network, a killed container, a bug) fails the chunk, which is redone from its cursor.
        if (!(error instanceof AppError) || error.code === 'INTERNAL') throw error;
        skipped += 1;
        ctx.log('member_sweep.skipped', { memberId: member._id, code: error.code, message: error.message });
      }
    });
    const last = page.items[page.items.length - 1];
    if (flags > 0 || skipped > 0) ctx.log('member_sweep.chunk', { members: page.items.length, drafts: created, flags, skipped });
    return { cursor: last ? last._id : cursor, done: page.nextCursor === null, processed: page.items.length, created };
  },
};
