import type { TransactionStore } from '../../store/document-store';
import { COLLECTIONS } from '../../store/indexes';
import { saveVersioned } from '../../store/saving';
import { pathIds } from '../organizations';
import type { InboxEntryRecord } from '../records';
import type { ReportDoc } from './views';

/**
 * The id of a report's entry in one organization's inbox: `ib_`, the organization id (at most
 * 40), `_`, the report id (`r_<20>_<period key>`, at most 31), so at most 75 characters. It is
 * never input, so it may be longer than the contract's 40; neither store limits ids near that.
 */
export function inboxEntryIdFor(orgId: string, reportId: string): string {
  return `ib_${orgId}_${reportId}`;
}

/** The organization a detached entry belongs to: none, so no inbox lists it. */
const DETACHED = '';

/**
 * Takes a report out of the inboxes of the organizations that were on its former outflow path and
 * are not on its current one (its outflow organization moved in the tree). The entries stay,
 * belonging to no organization; should the organization come back above the report,
 * {@link syncInboxEntries} finds its entry by id and gives it back its organization.
 */
export async function detachInboxEntries(tx: TransactionStore, report: ReportDoc, formerOutflowPath: string): Promise<void> {
  const current = new Set(pathIds(report.outflowPath));
  for (const orgId of pathIds(formerOutflowPath)) {
    if (current.has(orgId)) continue;
    const id = inboxEntryIdFor(orgId, report._id);
    const entry = await tx.get<InboxEntryRecord>(COLLECTIONS.inboxEntries, id);
    if (entry && entry.orgId !== DETACHED) await tx.update(COLLECTIONS.inboxEntries, id, entry.version, { orgId: DETACHED });
  }
}

/**
 * Puts a submitted report in the inbox of every organization on its outflow path (the outflow
 * organization and each one above it), or brings the entries there in step with it. Called
 * inside the transaction that changes the report's `readRank` (a submission makes it unread, an
 * open or an acknowledgement read), so an inbox never disagrees with its reports. Each entry is
 * read by id and then inserted or updated by compare-and-set, the only writes a transaction has.
 */
export async function syncInboxEntries(tx: TransactionStore, report: ReportDoc): Promise<void> {
  for (const orgId of pathIds(report.outflowPath)) {
    const id = inboxEntryIdFor(orgId, report._id);
    const entry: InboxEntryRecord = {
      orgId,
      reportId: report._id,
      memberId: report.memberId,
      memberName: report.memberName,
      readRank: report.readRank,
      periodEnd: report.periodEnd,
      periodKey: report.periodKey,
    };
    const existing = await tx.get<InboxEntryRecord>(COLLECTIONS.inboxEntries, id);
    const patch: Partial<InboxEntryRecord> = {};
    for (const field of Object.keys(entry) as (keyof InboxEntryRecord)[]) {
      if (existing && existing[field] !== entry[field]) Object.assign(patch, { [field]: entry[field] });
    }
    if (existing && Object.keys(patch).length === 0) continue;
    await saveVersioned(tx, COLLECTIONS.inboxEntries, id, existing?.version ?? null, entry, existing ? patch : undefined);
  }
}
