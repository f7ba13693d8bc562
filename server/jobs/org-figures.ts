import { isDeepStrictEqual } from 'node:util';
import type { FigureCounts, FigureKey } from '../contract';
import type { MemberDoc } from '../services/members';
import type { FigureMemberRecord, FigureTallyRecord, OrganizationRecord, OrgFiguresRecord } from '../services/records';
import {
  type MemberFigures,
  addCounts,
  contributionsOf,
  emptyCounts,
  figureMemberIdFor,
  listedFigures,
  memberFigures,
  orgFiguresIdFor,
} from '../services/subtree-figures';
import type { ToFindDoc } from '../services/to-find';
import { MAX_PAGE_SIZE, type StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { recordOf, retryOnConflict, saveVersioned } from '../store/saving';
import { type ChunkResult, type JobDefinition, type RunContext, forEachLimited } from './job';

/**
 * The figures by subtree, counted once a night for every organization (DOMAIN: the department
 * watches coverage; the desk reads them without counting). Three phases, each in resumable chunks:
 *
 * 1. Members, in id order. Each member is evaluated once (`memberFigures`); the list behind the
 *    figures (`figure_members`) gets the member's row when it changed, and the chunk's sums per
 *    organization are kept as a part (`figure_parts`, id by chunk number). A part is written once
 *    per run and then only read: a chunk redone after a kill adds the same part again, never one
 *    counted afresh over a different set of members. Then the part is added to each organization's
 *    tally, which remembers the last chunk it took, so nothing is added twice.
 * 2. The movement list's records (`to_find`), in id order, the same way: each record counts once
 *    under its organization (`listedFigures`), and the chunk numbers go on from the members', so
 *    the tallies take the parts of both sources in one sequence.
 * 3. Roll-up, organizations by path descending (everything below an organization before it): its
 *    subtree is its tally's weight plus its children's subtrees, written as its figures document
 *    with the moment the run started.
 */

type Sparse = Partial<Record<FigureKey, number>>;

/** One chunk's sums, per organization; only the figures that are not zero. */
export interface FigurePartRecord {
  runKey: string;
  chunk: number;
  /** The last member id of the chunk: where the next one starts. */
  endId: string | null;
  done: boolean;
  members: number;
  own: Record<string, Sparse>;
  weight: Record<string, Sparse>;
}

type SourcePhase = 'members' | 'listed';
type Position = { phase: SourcePhase; after: string | null; chunk: number } | { phase: 'rollup'; before: string | null };

function decode(cursor: string | null): Position {
  if (cursor === null) return { phase: 'members', after: null, chunk: 1 };
  return JSON.parse(cursor) as Position;
}

function sparse(counts: FigureCounts): Sparse {
  return Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0));
}

function accumulate(into: Record<string, Sparse>, orgId: string, figures: ReadonlySet<FigureKey>, times: number): void {
  const sums = into[orgId] ?? {};
  for (const key of figures) sums[key] = (sums[key] ?? 0) + times;
  into[orgId] = sums;
}

function figureMemberRow(member: MemberDoc, evaluated: MemberFigures): FigureMemberRecord {
  return {
    memberId: member._id,
    toFindId: null,
    name: member.name,
    idCardMasked: member.idCardMasked,
    phoneMasked: member.phoneMasked,
    status: member.status,
    toFindStatus: null,
    outflowName: member.outflow.name,
    inflowBranchName: member.status === 'placed' ? member.inflowBranchName : null,
    inflowPath: member.inflowPath,
    outflowPath: member.outflowPath,
    checkinPath: evaluated.checkinPath,
    figures: Object.fromEntries([...evaluated.figures].map((key) => [key, true as const])),
  };
}

/** A movement-list record's row behind the figures: masked as the to_find views mask it, under its organization. */
function listedFigureRow(record: ToFindDoc, figures: ReadonlySet<FigureKey>): FigureMemberRecord {
  return {
    memberId: record.memberId,
    toFindId: record._id,
    name: record.listed.name,
    idCardMasked: record.listed.idCardMasked,
    phoneMasked: record.listed.phoneMasked,
    status: null,
    toFindStatus: record.status,
    outflowName: record.listed.outflowName,
    inflowBranchName: record.orgName,
    inflowPath: record.orgPath,
    outflowPath: null,
    checkinPath: null,
    figures: Object.fromEntries([...figures].map((key) => [key, true as const])),
  };
}

/** One record of a source as the figures see it: where it counts, what in, and its row behind the figures. */
interface Evaluated {
  paths: string[];
  figures: ReadonlySet<FigureKey>;
  row: FigureMemberRecord;
}

interface FigureSource {
  collection: string;
  evaluate(ctx: RunContext, doc: StoredDocument<Record<string, unknown>>): Promise<Evaluated>;
}

const SOURCES: Record<SourcePhase, FigureSource> = {
  members: {
    collection: COLLECTIONS.members,
    async evaluate(ctx, doc) {
      const member = doc as unknown as MemberDoc;
      const evaluated = await memberFigures(ctx, member);
      return { paths: evaluated.paths, figures: evaluated.figures, row: figureMemberRow(member, evaluated) };
    },
  },
  listed: {
    collection: COLLECTIONS.toFind,
    async evaluate(_ctx, doc) {
      const record = doc as unknown as ToFindDoc;
      const figures = listedFigures(record);
      return { paths: [record.orgPath], figures, row: listedFigureRow(record, figures) };
    },
  },
};

/** Rewrites a row behind the figures only when it changed: most change nothing overnight. */
async function keepFigureMemberRow(ctx: RunContext, id: string, row: FigureMemberRecord): Promise<void> {
  await retryOnConflict(async () => {
    const stored = await ctx.deps.store.get<FigureMemberRecord>(COLLECTIONS.figureMembers, id);
    if (stored && isDeepStrictEqual(recordOf(stored), row)) return;
    await saveVersioned(ctx.deps.store, COLLECTIONS.figureMembers, id, stored?.version ?? null, row);
  });
}

/** Counts one chunk of members into a part, or finds the part this run already wrote for the chunk. */
async function partFor(
  ctx: RunContext,
  source: FigureSource,
  runKey: string,
  after: string | null,
  chunk: number,
): Promise<FigurePartRecord> {
  const id = `fp_${chunk}`;
  const stored = await ctx.deps.store.get<FigurePartRecord>(COLLECTIONS.figureParts, id);
  if (stored && stored.runKey === runKey) return stored;

  const page = await ctx.deps.store.find<Record<string, unknown>>(source.collection, {
    where: after === null ? {} : { _id: { $gt: after } },
    orderBy: [{ field: '_id', direction: 'asc' }],
    limit: ctx.chunkSize,
  });
  const part: FigurePartRecord = {
    runKey,
    chunk,
    endId: page.items.length > 0 ? page.items[page.items.length - 1]._id : after,
    done: page.nextCursor === null,
    members: page.items.length,
    own: {},
    weight: {},
  };
  await forEachLimited(page.items, ctx.concurrency, async (doc) => {
    const evaluated = await source.evaluate(ctx, doc);
    await keepFigureMemberRow(ctx, figureMemberIdFor(doc._id), evaluated.row);
    const { own, weight } = contributionsOf(evaluated.paths);
    for (const [orgId, times] of own) accumulate(part.own, orgId, evaluated.figures, times);
    for (const [orgId, times] of weight) accumulate(part.weight, orgId, evaluated.figures, times);
  });
  // Last night's part under the same number is replaced; a twin invocation's part for this run wins.
  try {
    return await saveVersioned(ctx.deps.store, COLLECTIONS.figureParts, id, stored?.version ?? null, part);
  } catch (error) {
    const again = await ctx.deps.store.get<FigurePartRecord>(COLLECTIONS.figureParts, id);
    if (again && again.runKey === runKey) return again;
    throw error;
  }
}

/** Adds a part to one organization's tally, unless the tally has taken it already. */
async function addToTally(ctx: RunContext, runKey: string, orgId: string, part: FigurePartRecord): Promise<void> {
  const id = `ft_${orgId}`;
  await retryOnConflict(async () => {
    const stored = await ctx.deps.store.get<FigureTallyRecord>(COLLECTIONS.figureTallies, id);
    const current = stored && stored.runKey === runKey ? stored : null;
    if (current && current.lastChunk >= part.chunk) return;
    const tally: FigureTallyRecord = {
      orgId,
      runKey,
      lastChunk: part.chunk,
      own: addCounts({ ...emptyCounts(), ...current?.own }, part.own[orgId] ?? {}),
      weight: addCounts({ ...emptyCounts(), ...current?.weight }, part.weight[orgId] ?? {}),
    };
    await saveVersioned(ctx.deps.store, COLLECTIONS.figureTallies, id, stored?.version ?? null, tally);
  });
}

async function sourceChunk(ctx: RunContext, phase: SourcePhase, after: string | null, chunk: number): Promise<ChunkResult> {
  const runKey = ctx.run.id;
  const part = await partFor(ctx, SOURCES[phase], runKey, after, chunk);
  const orgIds = [...new Set([...Object.keys(part.own), ...Object.keys(part.weight)])];
  await forEachLimited(orgIds, ctx.concurrency, (orgId) => addToTally(ctx, runKey, orgId, part));
  const next: Position = !part.done
    ? { phase, after: part.endId, chunk: chunk + 1 }
    : phase === 'members'
      ? { phase: 'listed', after: null, chunk: chunk + 1 }
      : { phase: 'rollup', before: null };
  return { cursor: JSON.stringify(next), done: false, processed: part.members, created: 0 };
}

/** The subtrees of an organization's children, as this run wrote them. */
async function childrenSubtree(ctx: RunContext, orgId: string): Promise<FigureCounts> {
  const sum = emptyCounts();
  let cursor: string | null = null;
  do {
    const page: { items: OrgFiguresRecord[]; nextCursor: string | null } = await ctx.deps.store.find<OrgFiguresRecord>(
      COLLECTIONS.orgFigures,
      { where: { parentId: orgId, runKey: ctx.run.id }, limit: MAX_PAGE_SIZE, cursor },
    );
    for (const child of page.items) addCounts(sum, child.subtree);
    cursor = page.nextCursor;
  } while (cursor);
  return sum;
}

async function rollUpOne(ctx: RunContext, org: OrganizationRecord & { _id: string }): Promise<void> {
  const runKey = ctx.run.id;
  const [tally, children] = await Promise.all([
    ctx.deps.store.get<FigureTallyRecord>(COLLECTIONS.figureTallies, `ft_${org._id}`),
    childrenSubtree(ctx, org._id),
  ]);
  const counted = tally && tally.runKey === runKey ? tally : null;
  const record: OrgFiguresRecord = {
    orgId: org._id,
    name: org.name,
    kind: org.kind,
    parentId: org.parentId,
    path: org.path,
    own: { ...emptyCounts(), ...counted?.own },
    subtree: addCounts({ ...emptyCounts(), ...counted?.weight }, children),
    asOf: ctx.run.startedAt,
    runKey,
  };
  const id = orgFiguresIdFor(org._id);
  await retryOnConflict(async () => {
    const stored = await ctx.deps.store.get<OrgFiguresRecord>(COLLECTIONS.orgFigures, id);
    // A roll-up redone after a kill finds what it wrote: nothing to write again.
    if (stored && isDeepStrictEqual(recordOf(stored), record)) return;
    await saveVersioned(ctx.deps.store, COLLECTIONS.orgFigures, id, stored?.version ?? null, record);
  });
}

async function rollupChunk(ctx: RunContext, before: string | null): Promise<ChunkResult> {
  const page = await ctx.deps.store.find<OrganizationRecord>(COLLECTIONS.organizations, {
    where: before === null ? {} : { path: { $lt: before } },
    orderBy: [{ field: 'path', direction: 'desc' }],
    limit: ctx.chunkSize,
  });
  // One at a time: a page may hold an organization and its children, and the children go first.
  for (const org of page.items) await rollUpOne(ctx, org);
  const last = page.items[page.items.length - 1];
  const next: Position = { phase: 'rollup', before: last ? last.path : before };
  return { cursor: JSON.stringify(next), done: page.nextCursor === null, processed: page.items.length, created: 0 };
}

export const orgFigures: JobDefinition = {
  name: 'org_figures',
  // Every night: the desk's figures say how things stood this morning.
  runKey: (today) => today,
  chunk(ctx, cursor) {
    const position = decode(cursor);
    return position.phase === 'rollup'
      ? rollupChunk(ctx, position.before)
      : sourceChunk(ctx, position.phase, position.after, position.chunk);
  },
};
