import { AppError } from '../app-error';
import type { ActionOutput, ParsedInput } from '../../contract';
import { shanghaiDate } from '../../lib/time';
import type { Filter } from '../../store/document-store';
import { COLLECTIONS } from '../../store/indexes';
import { loadAccess, managedPathConditions, sideOf } from '../access';
import type { ServiceContext } from '../context';
import type { MemberRecord, ReportRecord } from '../records';
import { toReportSummary } from './views';

/**
 * One member's reports over time, as each side may read them. A report's two sides are the
 * ones it was drafted with (its branch and its outflow organization), not the member's today:
 * after the member moves branch or their outflow is re-pointed, each old report stays with the
 * organizations it was written by and for, and the new ones do not inherit it.
 */

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
  const inflow = managedPathConditions(access, 'branchPath');
  const outflow = managedPathConditions(access, 'outflowPath');
  // The outflow side never sees a draft that has not been sent.
  const sent = { revision: { $gte: 1 } };
  const where: Filter =
    inflow === null || outflow === null
      ? { memberId: member._id }
      : { memberId: member._id, $or: [...inflow, ...outflow.map((condition) => ({ ...condition, ...sent }))] };
  const page = await ctx.deps.store.find<ReportRecord>(COLLECTIONS.reports, {
    where,
    orderBy: [{ field: 'periodEnd', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  // Neither a side of the member now nor of any report about them: the same answer as a missing id.
  if (!input.cursor && page.items.length === 0 && !sideOf(access, member)) throw hidden;
  const today = shanghaiDate(ctx.deps.clock);
  const items = page.items.flatMap((report) => {
    const side = sideOf(access, { inflowPath: report.branchPath, outflowPath: report.outflowPath });
    return side ? [toReportSummary(report, today, side)] : [];
  });
  return {
    member: { memberId: member._id, name: member.name, standing: member.standing },
    items,
    nextCursor: page.nextCursor,
  };
}
