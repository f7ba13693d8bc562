import { AppError } from '../app-error';
import type { ActionOutput, ParsedInput } from '../../contract';
import { shanghaiDate } from '../../lib/time';
import { COLLECTIONS } from '../../store/indexes';
import { loadAccess, sideOf } from '../access';
import type { ServiceContext } from '../context';
import type { MemberRecord, ReportRecord } from '../records';
import { toReportSummary } from './views';

/** One member's reports over time, as each side may read them. */

export async function reportHistory(
  ctx: ServiceContext,
  input: ParsedInput<'report.history'>,
): Promise<ActionOutput<'report.history'>> {
  const [member, access] = await Promise.all([
    ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, input.memberId),
    loadAccess(ctx),
  ]);
  const hidden = new AppError('NOT_FOUND', '找不到这名党员', { field: 'memberId' });
  if (!member) throw hidden;
  const side = sideOf(access, member);
  if (!side) throw hidden;
  // The outflow side never sees a draft that has not been sent.
  const page = await ctx.deps.store.find<ReportRecord>(COLLECTIONS.reports, {
    where: side === 'outflow' ? { memberId: member._id, revision: { $gte: 1 } } : { memberId: member._id },
    orderBy: [{ field: 'periodEnd', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  const today = shanghaiDate(ctx.deps.clock);
  return {
    member: { memberId: member._id, name: member.name, standing: member.standing },
    items: page.items.map((report) => toReportSummary(report, today, side)),
    nextCursor: page.nextCursor,
  };
}
