import type { ServiceDeps } from '../services/context';
import { ORG_REPATH_JOB, type OrgRepathParams, orgRepathParamsSchema } from '../services/org-moves';
import { ORG_RENAME_JOB, orgRenameParamsSchema } from '../services/organizations';
import type { Region } from '../contract';
import type { OrganizationRecord, ReportRecord } from '../services/records';
import { detachInboxEntries, syncInboxEntries } from '../services/reports/inbox-entries';
import type { ReportDoc } from '../services/reports/views';
import type { Filter } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { retryOnConflict } from '../store/saving';
import { forEachLimited } from './job';
import { type RequestedChunk, requestedJob } from './requested-jobs';

/**
 * Rewrites every copy of a moved organization's path: each record that holds a path at or
 * below the old one gets the new one in its place. A chunk is one page of one copy, in id order;
 * a record already rewritten no longer matches, so a chunk redone after a kill changes nothing
 * twice. The organizations go first (the tree shows the move at once), then the roles (who may
 * act follows the tree), then every record that copies a path.
 *
 * A merge (`org.dissolve` with a successor) is the same rewrite from the dissolved organization's
 * path to the successor's: what is below it moves under the successor exactly as in a move,
 * and each record of the dissolved organization itself does what its copy's `onMerge` says:
 * the members and their open business follow (taking the successor's id and name too), the
 * organization's own history stays where it was.
 */

/** The organization a merged one's records follow into. */
export interface Successor {
  orgId: string;
  name: string;
  kind: OrganizationRecord['kind'];
  region: Region;
}

/**
 * What a record of the dissolved organization itself does on a merge: stays (history: its
 * activities, its settings, its ended posts), or follows with these fields changed besides the
 * path (null: this one stays, e.g. a decided check-in).
 */
type OnMerge = 'stays' | ((doc: Record<string, unknown>, successor: Successor) => Record<string, unknown> | null);

export interface PathCopy {
  collection: string;
  field: string;
  onMerge: OnMerge;
}

const follows: OnMerge = () => ({});

/** Every field that copies an organization's path, collection by collection. */
export const PATH_COPIES: readonly PathCopy[] = [
  // The dissolved organization itself stays (see repathOne); those below it follow as in a move.
  { collection: COLLECTIONS.organizations, field: 'path', onMerge: 'stays' },
  // Its own posts ended when it was dissolved (org.dissolve).
  { collection: COLLECTIONS.roles, field: 'orgPath', onMerge: 'stays' },
  { collection: COLLECTIONS.orgSettings, field: 'orgPath', onMerge: 'stays' },
  {
    collection: COLLECTIONS.members,
    field: 'inflowPath',
    onMerge: (_doc, to) => ({ inflowBranchId: to.orgId, inflowBranchName: to.name }),
  },
  {
    collection: COLLECTIONS.members,
    field: 'outflowPath',
    onMerge: (doc, to) => ({ outflow: { ...(doc.outflow as object), orgId: to.orgId, name: to.name, region: to.region } }),
  },
  {
    collection: COLLECTIONS.checkins,
    field: 'branchPath',
    onMerge: (doc, to) => (doc.status === 'pending' ? { branchId: to.orgId, branchName: to.name, orgKind: to.kind } : null),
  },
  { collection: COLLECTIONS.notices, field: 'outflowPath', onMerge: (_doc, to) => ({ outflowOrgId: to.orgId }) },
  { collection: COLLECTIONS.activities, field: 'branchPath', onMerge: 'stays' },
  { collection: COLLECTIONS.attendance, field: 'branchPath', onMerge: 'stays' },
  { collection: COLLECTIONS.studyPlans, field: 'branchPath', onMerge: 'stays' },
  { collection: COLLECTIONS.appraisals, field: 'branchPath', onMerge: 'stays' },
  {
    collection: COLLECTIONS.reports,
    field: 'branchPath',
    onMerge: (doc, to) => (doc.status === 'draft' ? { branchId: to.orgId, branchName: to.name } : null),
  },
  {
    collection: COLLECTIONS.reports,
    field: 'outflowPath',
    onMerge: (_doc, to) => ({ outflowOrgId: to.orgId, outflowName: to.name }),
  },
  { collection: COLLECTIONS.messages, field: 'orgPath', onMerge: 'stays' },
  { collection: COLLECTIONS.lifeFlags, field: 'branchPath', onMerge: (_doc, to) => ({ branchId: to.orgId }) },
  { collection: COLLECTIONS.lifeFlags, field: 'outflowPath', onMerge: follows },
  {
    collection: COLLECTIONS.placements,
    field: 'branchPath',
    onMerge: (doc, to) => (doc.endedOn === null ? { branchId: to.orgId, branchName: to.name } : null),
  },
  { collection: COLLECTIONS.placements, field: 'outflowPath', onMerge: follows },
  {
    collection: COLLECTIONS.transfers,
    field: 'inflowPath',
    onMerge: (doc, to) => (doc.openRank === 0 ? { branchId: to.orgId, branchName: to.name } : null),
  },
  {
    collection: COLLECTIONS.transfers,
    field: 'outflowPath',
    onMerge: (doc, to) => (doc.openRank === 0 ? { outflowOrgId: to.orgId, outflowName: to.name } : null),
  },
  { collection: COLLECTIONS.contacts, field: 'branchPath', onMerge: (_doc, to) => ({ branchId: to.orgId }) },
  { collection: COLLECTIONS.talks, field: 'branchPath', onMerge: 'stays' },
  { collection: COLLECTIONS.talks, field: 'outflowPath', onMerge: follows },
  {
    collection: COLLECTIONS.talkDues,
    field: 'branchPath',
    onMerge: (doc, to) => (doc.talkId === null ? { branchId: to.orgId } : null),
  },
  { collection: COLLECTIONS.lostContacts, field: 'inflowPath', onMerge: (doc) => (doc.foundOn === null ? {} : null) },
  { collection: COLLECTIONS.lostContacts, field: 'outflowPath', onMerge: follows },
  { collection: COLLECTIONS.cardReviews, field: 'outflowPath', onMerge: (_doc, to) => ({ outflowOrgId: to.orgId }) },
  { collection: COLLECTIONS.accountMoves, field: 'inflowPath', onMerge: (doc) => (doc.status === 'pending' ? {} : null) },
  { collection: COLLECTIONS.accountMoves, field: 'outflowPath', onMerge: (doc) => (doc.status === 'pending' ? {} : null) },
];

/** "At or below the old path": ids never contain `~`, which sorts after them. */
const under = (field: string, path: string): Filter => ({ [field]: { $gte: path, $lt: `${path}~` } });

/**
 * Where the rewrite stands: the copy and the last id done in it, and, since the counting chunk,
 * how many records there were (`total`) and how many pages have passed (`seen`). A chunk killed
 * after some of its writes is redone from the same place and finds fewer records (the rewritten
 * ones no longer match), so the last chunk counts up to the total: a finished job shows all of it.
 */
interface Position {
  copy: number;
  after: string | null;
  seen?: number;
  total?: number;
}

function decode(cursor: string): Position {
  const parsed = JSON.parse(cursor) as Position;
  return { copy: parsed.copy, after: parsed.after, seen: parsed.seen, total: parsed.total };
}

const moved = (value: string, params: OrgRepathParams) => `${params.toPath}${value.slice(params.fromPath.length)}`;

/**
 * The fields one record's copy changes to, or null when it keeps them: below the moved path
 * the path alone; at a merged organization's own path whatever its copy's `onMerge` says.
 */
function rewriteOf(params: OrgRepathParams, copy: PathCopy, doc: Record<string, unknown>): Record<string, unknown> | null {
  const value = doc[copy.field];
  if (typeof value !== 'string' || !value.startsWith(params.fromPath)) return null;
  const patch: Record<string, unknown> = { [copy.field]: moved(value, params) };
  if (copy.collection === COLLECTIONS.organizations) {
    if (params.merge && doc._id === params.orgId) return null;
    if (params.merge ? doc.parentId === params.orgId : doc._id === params.orgId) patch.parentId = params.newParentId;
    return patch;
  }
  if (!params.merge || value !== params.fromPath) return patch;
  if (copy.onMerge === 'stays') return null;
  const extra = copy.onMerge(doc, { orgId: params.newParentId, ...params.merge });
  return extra === null ? null : { ...patch, ...extra };
}

/** Rewrites one record's copy, reading it again so that a concurrent change is kept. */
async function repathOne(deps: ServiceDeps, params: OrgRepathParams, copy: PathCopy, id: string): Promise<void> {
  if (copy.collection === COLLECTIONS.reports && copy.field === 'outflowPath') return repathReportOutflow(deps, params, copy, id);
  await retryOnConflict(async () => {
    const doc = await deps.store.get<Record<string, unknown>>(copy.collection, id);
    const patch = doc ? rewriteOf(params, copy, doc) : null;
    if (!doc || !patch) return;
    await deps.store.update(copy.collection, id, doc.version, patch);
  });
}

/** A submitted report is in the inbox of each organization on its outflow path: it moves there too, in one transaction. */
async function repathReportOutflow(deps: ServiceDeps, params: OrgRepathParams, copy: PathCopy, id: string): Promise<void> {
  await retryOnConflict(async () => {
    const report = await deps.store.get<ReportRecord>(COLLECTIONS.reports, id);
    const patch = report
      ? (rewriteOf(params, copy, report as unknown as Record<string, unknown>) as Partial<ReportRecord> | null)
      : null;
    if (!report || !patch) return;
    if (report.revision < 1) {
      await deps.store.update(COLLECTIONS.reports, id, report.version, patch);
      return;
    }
    await deps.store.transaction(async (tx) => {
      const version = await tx.update(COLLECTIONS.reports, id, report.version, patch);
      const saved: ReportDoc = { ...report, ...patch, version };
      await syncInboxEntries(tx, saved);
      await detachInboxEntries(tx, saved, report.outflowPath);
    });
  });
}

async function countAll(deps: ServiceDeps, params: OrgRepathParams): Promise<number> {
  let total = 0;
  for (const copy of PATH_COPIES) total += await deps.store.count(copy.collection, under(copy.field, params.fromPath));
  return total;
}

export const orgRepath = requestedJob(
  ORG_REPATH_JOB,
  orgRepathParamsSchema,
  async (ctx, params, cursor): Promise<RequestedChunk> => {
    // The first chunk only counts: nothing is rewritten yet, so a redo of it counts the same.
    if (cursor === null) {
      const total = await countAll(ctx.deps, params);
      const start: Position = { copy: 0, after: null, seen: 0, total };
      return { cursor: JSON.stringify(start), done: false, processed: 0, created: 0, total };
    }
    const { copy, after, seen = 0, total } = decode(cursor);
    const { collection, field } = PATH_COPIES[copy];
    const where = under(field, params.fromPath);
    const page = await ctx.deps.store.find<Record<string, unknown>>(collection, {
      where: after === null ? where : { ...where, _id: { $gt: after } },
      orderBy: [{ field: '_id', direction: 'asc' }],
      limit: ctx.chunkSize,
    });
    await forEachLimited(page.items, ctx.concurrency, (doc) => repathOne(ctx.deps, params, PATH_COPIES[copy], doc._id));
    const last = page.items[page.items.length - 1];
    const finishedCopy = page.nextCursor === null;
    const done = finishedCopy && copy + 1 >= PATH_COPIES.length;
    const counted = done && total !== undefined ? Math.max(page.items.length, total - seen) : page.items.length;
    const passed = seen + counted;
    const next: Position = finishedCopy
      ? { copy: copy + 1, after: null, seen: passed, total }
      : { copy, after: last ? last._id : after, seen: passed, total };
    return { cursor: JSON.stringify(next), done, processed: counted, created: 0 };
  },
);

/** What a chunk of the name copy stands at: the copy and the last id done in it. */
interface RenamePosition {
  copy: number;
  after: string | null;
}

/**
 * The fields of one record that copy the organization's name (and id, kind, region) as its
 * copy's `onMerge` writes them for a successor, keeping only what differs: a record of history
 * (`stays`, or `onMerge` null) keeps the name it was made under, and a chunk redone after a
 * kill writes nothing it already wrote.
 */
function renamedFields(copy: PathCopy, doc: Record<string, unknown>, org: StoredOrganization): Record<string, unknown> | null {
  if (copy.onMerge === 'stays') return null;
  const extra = copy.onMerge(doc, { orgId: org._id, name: org.name, kind: org.kind, region: org.region });
  if (extra === null) return null;
  const changed = Object.entries(extra).filter(([field, value]) => JSON.stringify(doc[field]) !== JSON.stringify(value));
  return changed.length > 0 ? Object.fromEntries(changed) : null;
}

type StoredOrganization = OrganizationRecord & { _id: string };

/**
 * After a rename, every record that copies the organization's name for display (a member's
 * branch, a waiting check-in, a draft report, an open placement or transfer …) takes the new
 * one. It reads the organization's name and path at each chunk, so a later rename wins and a
 * move between chunks is followed; the organizations below keep their own names.
 */
export const orgRenameCopies = requestedJob(ORG_RENAME_JOB, orgRenameParamsSchema, async (ctx, params, cursor) => {
  const org = await ctx.deps.store.get<OrganizationRecord>(COLLECTIONS.organizations, params.orgId);
  if (!org) return { cursor: null, done: true, processed: 0, created: 0 };
  const position: RenamePosition = cursor === null ? { copy: 1, after: null } : (JSON.parse(cursor) as RenamePosition);
  const copy = PATH_COPIES[position.copy];
  const where: Filter = { [copy.field]: org.path };
  const page = await ctx.deps.store.find<Record<string, unknown>>(copy.collection, {
    where: position.after === null ? where : { ...where, _id: { $gt: position.after } },
    orderBy: [{ field: '_id', direction: 'asc' }],
    limit: ctx.chunkSize,
  });
  await forEachLimited(page.items, ctx.concurrency, (item) =>
    retryOnConflict(async () => {
      const doc = await ctx.deps.store.get<Record<string, unknown>>(copy.collection, item._id);
      const patch = doc && doc[copy.field] === org.path ? renamedFields(copy, doc, org) : null;
      if (doc && patch) await ctx.deps.store.update(copy.collection, item._id, doc.version, patch);
    }),
  );
  const finishedCopy = page.nextCursor === null;
  const done = finishedCopy && position.copy + 1 >= PATH_COPIES.length;
  const last = page.items[page.items.length - 1];
  const next: RenamePosition = finishedCopy
    ? { copy: position.copy + 1, after: null }
    : { copy: position.copy, after: last ? last._id : position.after };
  return { cursor: JSON.stringify(next), done, processed: page.items.length, created: 0 };
});
