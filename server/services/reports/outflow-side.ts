import type { ActionOutput, ParsedInput } from '../../contract';
import { endedPeriods } from '../../lib/periods';
import { shanghaiDate, timestamp } from '../../lib/time';
import { type Filter, type SortKey, VersionConflictError } from '../../store/document-store';
import { COLLECTIONS } from '../../store/indexes';
import { isWriteConflict, retryOnConflict } from '../../store/saving';
import { type Access, actingName } from '../access';
import type { ServiceContext } from '../context';
import { postMessage } from '../messages';
import { requireManagedOrganization } from '../organizations';
import type { InboxEntryRecord, MessageRecord, ReportRecord } from '../records';
import { SettingsResolver } from '../settings';
import { readInboxEntries, syncInboxEntries } from './inbox-entries';
import { changedElsewhere, loadVisible, notFound, notSubmitted, requireOutflow } from './visibility';
import { type ReportDoc, acknowledgesNewest, toReportSummary, viewFor } from './views';

/**
 * The outflow side: opening a report (every side reads it here; on the outflow side opening it
 * marks it read), the inbox, and the acknowledgement.
 */

export async function getReport(ctx: ServiceContext, input: ParsedInput<'report.get'>): Promise<ActionOutput<'report.get'>> {
  const { report, access, side } = await loadVisible(ctx, input.reportId);
  if (side !== 'outflow') return viewFor(ctx.deps, report, side);
  return viewFor(ctx.deps, await markRead(ctx, access, report), side);
}

/**
 * Opening a report on the outflow side is reading it, in the report and in every inbox it is in;
 * someone above both sides never marks it.
 */
async function markRead(ctx: ServiceContext, access: Access, report: ReportDoc): Promise<ReportDoc> {
  const reread = async () => (await ctx.deps.store.get<ReportRecord>(COLLECTIONS.reports, report._id)) ?? report;
  let seen = report;
  let first = true;
  try {
    // A concurrent open, reply or acknowledgement may move the version: read again and retry.
    return await retryOnConflict(async () => {
      if (!first) seen = await reread();
      first = false;
      if (seen.readRank !== 0) return seen;
      const current = seen;
      const patch = {
        readRank: 1 as const,
        readAt: timestamp(ctx.deps.clock),
        readByName: actingName(access, current.outflowPath),
      };
      return ctx.deps.store.transaction(async (tx) => {
        // The report (its version) and its entries are read together, then written together.
        const [stored, entries] = await Promise.all([
          tx.get<ReportRecord>(COLLECTIONS.reports, current._id),
          readInboxEntries(tx, current),
        ]);
        if (!stored || stored.version !== current.version)
          throw new VersionConflictError(COLLECTIONS.reports, current._id, current.version);
        const [version] = await Promise.all([
          tx.update(COLLECTIONS.reports, current._id, current.version, patch),
          syncInboxEntries(tx, { ...current, ...patch }, entries),
        ]);
        return { ...current, ...patch, version };
      });
    });
  } catch (error) {
    // Marking is a side effect of reading: still contended after every retry, the reader gets what is stored.
    if (!isWriteConflict(error)) throw error;
    return reread();
  }
}

/** How many periods the inbox's filter offers: two years of quarters at the default reporting period. */
const INBOX_PERIOD_CHOICES = 8;

/**
 * The organization's own inbox entries, one index range in the inbox's order (no sort of the
 * reports below the organization), then the page's reports in one query by id.
 */
export async function reportInbox(
  ctx: ServiceContext,
  input: ParsedInput<'report.inbox'>,
): Promise<ActionOutput<'report.inbox'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const where: Filter = {
    orgId: org._id,
    ...(input.unreadOnly ? { readRank: 0 } : {}),
    ...(input.periodKey ? { periodKey: input.periodKey } : {}),
    ...(input.memberId ? { memberId: input.memberId } : {}),
  };
  // Unread first, the newest period first, then by member. A key the filter fixes (readRank
  // when only unread ones are asked for, periodEnd within one period) is left out of the order,
  // so the index serves it as it stands: SQLite sorts again when an ordered expression is also
  // fixed by equality.
  const orderBy: SortKey[] = [
    ...(input.unreadOnly ? [] : [{ field: 'readRank', direction: 'asc' } as const]),
    ...(input.periodKey ? [] : [{ field: 'periodEnd', direction: 'desc' } as const]),
    { field: 'memberName', direction: 'asc' },
  ];
  // The filter offers the periods reports come in: the reporting period in force at the organization.
  const [page, settings] = await Promise.all([
    ctx.deps.store.find<InboxEntryRecord>(COLLECTIONS.inboxEntries, {
      where,
      orderBy,
      limit: input.limit,
      cursor: input.cursor,
    }),
    new SettingsResolver(ctx.deps).at(org.path),
  ]);
  const ids = page.items.map((entry) => entry.reportId);
  const reports =
    ids.length === 0
      ? []
      : (await ctx.deps.store.find<ReportRecord>(COLLECTIONS.reports, { where: { _id: { $in: ids } }, limit: ids.length })).items;
  const byId = new Map(reports.map((report) => [report._id, report]));
  const today = shanghaiDate(ctx.deps.clock);
  const items = ids.flatMap((id) => {
    const report = byId.get(id);
    return report ? [toReportSummary(report, today, 'outflow')] : [];
  });
  const periods = endedPeriods(settings.reportPeriod, today, INBOX_PERIOD_CHOICES).map(({ key, label }) => ({ key, label }));
  return { items, nextCursor: page.nextCursor, periods };
}

export async function acknowledgeReport(
  ctx: ServiceContext,
  input: ParsedInput<'report.acknowledge'>,
): Promise<ActionOutput<'report.acknowledge'>> {
  const { report, access, side } = await loadVisible(ctx, input.reportId);
  requireOutflow(side);
  if (report.revision < 1) throw notSubmitted();
  // A retried tap answers with what the first one did.
  if (acknowledgesNewest(report)) return viewFor(ctx.deps, report, side);
  if (report.version !== input.version) throw changedElsewhere();
  const now = timestamp(ctx.deps.clock);
  const name = actingName(access, report.outflowPath);
  const messageId = `msg_ack_${report._id}_${report.revision}`;
  try {
    const acknowledged = await ctx.deps.store.transaction(async (tx) => {
      // Everything the acknowledgement writes is read first, together; then it is written together.
      const [current, entries, alreadyPosted] = await Promise.all([
        tx.get<ReportRecord>(COLLECTIONS.reports, report._id),
        readInboxEntries(tx, report),
        tx.get<MessageRecord>(COLLECTIONS.messages, messageId),
      ]);
      if (!current) throw notFound();
      if (current.version !== input.version) throw changedElsewhere();
      const patch = {
        acknowledgedAt: now,
        acknowledgedByName: name,
        ...(current.readRank === 0 ? { readRank: 1 as const, readAt: now, readByName: name } : {}),
      };
      const [version] = await Promise.all([
        tx.update(COLLECTIONS.reports, current._id, current.version, patch),
        alreadyPosted
          ? null
          : postMessage(tx, messageId, {
              orgId: current.branchId,
              orgPath: current.branchPath,
              kind: 'report_acknowledged',
              title: `${current.outflowName}已确认收到${current.memberName}${current.period.label}的反馈`,
              body: `${name ?? current.outflowName}确认收到了第 ${current.revision} 版反馈报告。`,
              reportId: current._id,
              memberId: current.memberId,
              createdAt: now,
            }),
        syncInboxEntries(tx, { ...current, ...patch }, entries),
      ]);
      const saved: ReportDoc = { ...current, ...patch, version };
      return saved;
    });
    return viewFor(ctx.deps, acknowledged, side);
  } catch (error) {
    if (error instanceof VersionConflictError) throw changedElsewhere();
    throw error;
  }
}
