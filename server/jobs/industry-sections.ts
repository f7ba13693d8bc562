import { timestamp } from '../lib/time';
import { industrySection, needsIndustryMigration } from '../services/industries';
import type { MemberRecord, OrganizationRecord } from '../services/records';
import { type DocumentStore, type StoredDocument, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { type ChunkResult, type JobContext, type JobDefinition, forEachLimited } from './job';

/**
 * Rewrites the industries stored before GB/T 4754 sections (`delivery`, `retail`, …) to their
 * section letter, in members and then in organizations, once. Until it has finished every read
 * maps an old value on the fly (`industrySection`), so nothing waits for it.
 *
 * The cursor is `<collection>:<last id done>`; a chunk reads the next ids in order and rewrites
 * only old values, so doing a chunk again writes nothing new. A record changed meanwhile (a
 * member saving their profile) is read again and rewritten if it still holds an old value.
 */

const ORDER = [COLLECTIONS.members, COLLECTIONS.organizations] as const;
type Collection = (typeof ORDER)[number];
type WithIndustry = StoredDocument<Pick<MemberRecord | OrganizationRecord, 'industry'>>;

function parseCursor(cursor: string | null): { collection: Collection; after: string | null } {
  if (cursor === null) return { collection: ORDER[0], after: null };
  const split = cursor.indexOf(':');
  const collection = ORDER.find((name) => name === cursor.slice(0, split)) ?? ORDER[0];
  return { collection, after: cursor.slice(split + 1) || null };
}

const CONFLICT_RETRIES = 3;

async function rewrite(store: DocumentStore, collection: Collection, doc: WithIndustry, updatedAt: string): Promise<boolean> {
  let current: WithIndustry | null = doc;
  for (let attempt = 0; current && needsIndustryMigration(current.industry); attempt += 1) {
    const patch: Record<string, unknown> = { industry: industrySection(current.industry) };
    if (collection === COLLECTIONS.members) patch.updatedAt = updatedAt;
    try {
      await store.update(collection, current._id, current.version, patch);
      return true;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= CONFLICT_RETRIES) throw error;
      current = await store.get<Pick<MemberRecord, 'industry'>>(collection, current._id);
    }
  }
  return false;
}

export const industrySections: JobDefinition = {
  name: 'industry_sections',
  // Once for all time: the old values are never written again.
  runKey: () => 'gbt4754',
  async chunk(ctx: JobContext, cursor: string | null): Promise<ChunkResult> {
    const { store } = ctx.deps;
    const { collection, after } = parseCursor(cursor);
    const page = await store.find<Pick<MemberRecord, 'industry'>>(collection, {
      where: after === null ? {} : { _id: { $gt: after } },
      orderBy: [{ field: '_id', direction: 'asc' }],
      limit: ctx.chunkSize,
    });
    const updatedAt = timestamp(ctx.deps.clock);
    let created = 0;
    await forEachLimited(page.items, ctx.concurrency, async (doc) => {
      if (await rewrite(store, collection, doc, updatedAt)) created += 1;
    });
    const last = page.items[page.items.length - 1];
    const next = ORDER[ORDER.indexOf(collection) + 1];
    if (page.nextCursor !== null && last) {
      return { cursor: `${collection}:${last._id}`, done: false, processed: page.items.length, created };
    }
    return { cursor: next ? `${next}:` : cursor, done: !next, processed: page.items.length, created };
  },
};
