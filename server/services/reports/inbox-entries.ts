import type { StoredDocument, TransactionStore } from '../../store/document-store';
import { COLLECTIONS } from '../../store/indexes';
import { saveVersioned } from '../../store/saving';
import { pathIds } from '../organizations';
import type { InboxEntryRecord, ReportRecord } from '../records';
import type { ReportDoc } from './views';

/**
 * The id of a report's entry in one organization's inbox: `ib_`, the organization id (at most
 * 40), `_`, the report id (`r_<20>_<period key>` and a placement's `_p<n>`, at most 35), so at most 79 characters. It is
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

/** A report's entries as a transaction read them, by entry id (`null`: not there yet). */
export type InboxEntriesSeen = ReadonlyMap<string, StoredDocument<InboxEntryRecord> | null>;

/** What the entries copy from their report. */
type EntrySource = Pick<ReportRecord, 'memberId' | 'memberName' | 'readRank' | 'periodEnd' | 'periodKey' | 'outflowPath'> & {
  _id: string;
};

function entryIdsOf(report: Pick<EntrySource, '_id' | 'outflowPath'>): { orgId: string; id: string }[] {
  return pathIds(report.outflowPath).map((orgId) => ({ orgId, id: inboxEntryIdFor(orgId, report._id) }));
}

/**
 * Reads a report's entries in every inbox on its outflow path, all at once, inside the
 * transaction that is about to change the report (callers read them together with the report).
 */
export async function readInboxEntries(
  tx: TransactionStore,
  report: Pick<EntrySource, '_id' | 'outflowPath'>,
): Promise<InboxEntriesSeen> {
  const ids = entryIdsOf(report).map(({ id }) => id);
  const docs = await Promise.all(ids.map((id) => tx.get<InboxEntryRecord>(COLLECTIONS.inboxEntries, id)));
  return new Map(ids.map((id, i) => [id, docs[i]]));
}

/**
 * Puts a submitted report in the inbox of every organization on its outflow path (the outflow
 * organization and each one above it), or brings the entries there in step with it. Called
 * inside the transaction that changes the report's `readRank` (a submission makes it unread, an
 * open or an acknowledgement read), so an inbox never disagrees with its reports. The entries
 * are compared with what {@link readInboxEntries} found in the same transaction (an entry it
 * did not read is read here) and written together, each inserted or updated by compare-and-set:
 * however deep the path, the fan-out costs one round of reads and one of writes.
 */
export async function syncInboxEntries(
  tx: TransactionStore,
  report: EntrySource,
  seen: InboxEntriesSeen = new Map(),
): Promise<void> {
  await Promise.all(
    entryIdsOf(report).map(async ({ orgId, id }) => {
      const entry: InboxEntryRecord = {
        orgId,
        reportId: report._id,
        memberId: report.memberId,
        memberName: report.memberName,
        readRank: report.readRank,
        periodEnd: report.periodEnd,
        periodKey: report.periodKey,
      };
      const known = seen.get(id);
      const existing = known === undefined ? await tx.get<InboxEntryRecord>(COLLECTIONS.inboxEntries, id) : known;
      const patch: Partial<InboxEntryRecord> = {};
      for (const field of Object.keys(entry) as (keyof InboxEntryRecord)[]) {
        if (existing && existing[field] !== entry[field]) Object.assign(patch, { [field]: entry[field] });
      }
      if (existing && Object.keys(patch).length === 0) return;
      await saveVersioned(tx, COLLECTIONS.inboxEntries, id, existing?.version ?? null, entry, existing ? patch : undefined);
    }),
  );
}
