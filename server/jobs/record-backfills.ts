import { timestamp } from '../lib/time';
import { industrySection, needsIndustryMigration } from '../services/industries';
import { REACH_BACKFILL_RUN, messageReach, needsMessageReach } from '../services/messages';
import type { MemberRecord, MessageRecord, OrganizationRecord } from '../services/records';
import { type DocumentStore, type Patch, type StoredDocument, VersionConflictError } from '../store/document-store';
import { retryOnConflict } from '../store/saving';
import { COLLECTIONS } from '../store/indexes';
import { type ChunkResult, type JobContext, type JobDefinition, forEachLimited } from './job';

/**
 * Brings records written before a change of shape up to date, once, collection by collection:
 * industries stored before GB/T 4754 sections (`delivery`, `retail`, …) become their section
 * letter, and messages posted before an organization could read those of the organizations
 * below it get the keys that let it (`reach`). Until a step has run, the reads cope on their
 * own (an old industry reads as its section; an old message is seen by its own organization).
 *
 * The cursor is `<collection>:<last id done>`; a chunk reads the next ids in order and patches
 * only what is still old, so doing a chunk again writes nothing new. A record changed meanwhile
 * (a member saving their profile) is read again and patched if it still needs it.
 */

interface Backfill {
  collection: string;
  /** The patch that brings this record up to date, or null when it is. */
  patchFor(doc: StoredDocument<Record<string, unknown>>, updatedAt: string): Patch | null;
}

const BACKFILLS: readonly Backfill[] = [
  {
    collection: COLLECTIONS.members,
    patchFor: (doc, updatedAt) => {
      const { industry } = doc as unknown as MemberRecord;
      return needsIndustryMigration(industry) ? { industry: industrySection(industry), updatedAt } : null;
    },
  },
  {
    collection: COLLECTIONS.organizations,
    patchFor: (doc) => {
      const { industry } = doc as unknown as OrganizationRecord;
      return needsIndustryMigration(industry) ? { industry: industrySection(industry) } : null;
    },
  },
  {
    collection: COLLECTIONS.messages,
    patchFor: (doc) => {
      const message = doc as unknown as MessageRecord;
      return needsMessageReach(message) ? { reach: messageReach(message.orgPath) } : null;
    },
  },
];

function parseCursor(cursor: string | null): { step: number; after: string | null } {
  if (cursor === null) return { step: 0, after: null };
  const split = cursor.indexOf(':');
  const step = BACKFILLS.findIndex((backfill) => backfill.collection === cursor.slice(0, split));
  return { step: Math.max(0, step), after: cursor.slice(split + 1) || null };
}

/** Patches `doc` if it is still old; a record changed meanwhile is read again and judged afresh. */
async function bringUpToDate(
  store: DocumentStore,
  backfill: Backfill,
  doc: StoredDocument<Record<string, unknown>>,
  updatedAt: string,
): Promise<boolean> {
  let current: StoredDocument<Record<string, unknown>> | null = doc;
  return retryOnConflict(async () => {
    if (current === null) return false;
    const seen: StoredDocument<Record<string, unknown>> = current;
    const patch = backfill.patchFor(seen, updatedAt);
    if (!patch) return false;
    try {
      await store.update(backfill.collection, seen._id, seen.version, patch);
      return true;
    } catch (error) {
      if (error instanceof VersionConflictError)
        current = await store.get<Record<string, unknown>>(backfill.collection, seen._id);
      throw error;
    }
  });
}

export const recordBackfills: JobDefinition = {
  name: REACH_BACKFILL_RUN.job,
  // Once: the old shapes are never written again. A new backfill step gets a new key.
  runKey: () => REACH_BACKFILL_RUN.runKey,
  async chunk(ctx: JobContext, cursor: string | null): Promise<ChunkResult> {
    const { store } = ctx.deps;
    const { step, after } = parseCursor(cursor);
    const backfill = BACKFILLS[step];
    const page = await store.find<Record<string, unknown>>(backfill.collection, {
      where: after === null ? {} : { _id: { $gt: after } },
      orderBy: [{ field: '_id', direction: 'asc' }],
      limit: ctx.chunkSize,
    });
    const updatedAt = timestamp(ctx.deps.clock);
    let created = 0;
    await forEachLimited(page.items, ctx.concurrency, async (doc) => {
      if (await bringUpToDate(store, backfill, doc, updatedAt)) created += 1;
    });
    const last = page.items[page.items.length - 1];
    if (page.nextCursor !== null && last) {
      return { cursor: `${backfill.collection}:${last._id}`, done: false, processed: page.items.length, created };
    }
    const next = BACKFILLS[step + 1];
    return { cursor: next ? `${next.collection}:` : cursor, done: !next, processed: page.items.length, created };
  },
};
