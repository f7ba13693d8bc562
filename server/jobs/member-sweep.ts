import { previousPeriod } from '../lib/periods';
import { shanghaiDayOf } from '../lib/time';
import { AppError } from '../services/app-error';
import { runNoLifeClock } from '../services/life';
import { type MemberDoc, placementOf } from '../services/members';
import type { MemberRecord } from '../services/records';
import { openReportDraft } from '../services/reports/drafts';
import { runTalkReminders } from '../services/talks';
import { COLLECTIONS } from '../store/indexes';
import { type ChunkResult, type JobDefinition, type RunContext, forEachLimited, writtenByThisRun } from './job';
import { sweepRunKey } from './run-keys';

/**
 * The member sweep: for every placed member, open the draft report the branch owes the outflow
 * side for the period that just ended, and run the no-life clock. It only records and tells;
 * it never changes a member's standing or record (DOMAIN.md: a person always decides).
 */

export interface MemberOutcome {
  /** The member's draft for the period is there and this run opened it (now, or before a kill). */
  drafted: boolean;
  flags: number;
  /** Required talks found due (and their branch told) this time. */
  talksDue: number;
}

/** Both steps for one placed member; safe to repeat. */
export async function sweepMember(ctx: RunContext, member: MemberDoc): Promise<MemberOutcome> {
  const placement = placementOf(member);
  if (!placement) return { drafted: false, flags: 0, talksDue: 0 };
  const placedOn = shanghaiDayOf(placement.since);
  const inflow = await ctx.settings.at(placement.branchPath);

  let drafted = false;
  if (member.outflow.orgId && member.outflowPath) {
    const outflow = await ctx.settings.at(member.outflowPath);
    const period = previousPeriod(outflow.reportPeriod, ctx.today);
    // A member placed after the period ended owes nothing for it.
    if (placedOn <= period.end) {
      const draft = await openReportDraft(ctx.deps, member, period, { inflow, outflow }, ctx.figures);
      drafted = writtenByThisRun(ctx, draft.createdAt);
    }
  }
  const flags = await runNoLifeClock(ctx.deps, ctx.today, member, placedOn, inflow);
  const talksDue = await runTalkReminders(ctx.deps, ctx.today, member, placedOn, inflow);
  return { drafted, flags, talksDue };
}

export const memberSweep: JobDefinition = {
  name: 'member_sweep',
  runKey: sweepRunKey,
  async chunk(ctx: RunContext, cursor: string | null): Promise<ChunkResult> {
    // The cursor is the last member id done: ids never change, so a member placed while the run
    // is under way is either ahead of the cursor (swept now) or behind it (swept next week).
    const page = await ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
      where: cursor === null ? { status: 'placed' } : { status: 'placed', _id: { $gt: cursor } },
      orderBy: [{ field: '_id', direction: 'asc' }],
      limit: ctx.chunkSize,
    });
    let created = 0;
    let flags = 0;
    let talksDue = 0;
    let skipped = 0;
    await forEachLimited(page.items, ctx.concurrency, async (member) => {
      try {
        const outcome = await sweepMember(ctx, member);
        if (outcome.drafted) created += 1;
        flags += outcome.flags;
        talksDue += outcome.talksDue;
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
    if (flags > 0 || talksDue > 0 || skipped > 0) {
      ctx.log('member_sweep.chunk', { members: page.items.length, drafts: created, flags, talksDue, skipped });
    }
    return { cursor: last ? last._id : cursor, done: page.nextCursor === null, processed: page.items.length, created };
  },
};
