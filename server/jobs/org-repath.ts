import type { ServiceDeps } from '../services/context';
import { ORG_REPATH_JOB, type OrgRepathParams, orgRepathParamsSchema } from '../services/org-moves';
import type { ReportRecord } from '../services/records';
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
 */

/** Every field that copies an organization's path, collection by collection. */
export const PATH_COPIES: readonly { collection: string; field: string }[] = [
  { collection: COLLECTIONS.organizations, field: 'path' },
  { collection: COLLECTIONS.roles, field: 'orgPath' },
  { collection: COLLECTIONS.orgSettings, field: 'orgPath' },
  { collection: COLLECTIONS.members, field: 'inflowPath' },
  { collection: COLLECTIONS.members, field: 'outflowPath' },
  { collection: COLLECTIONS.checkins, field: 'branchPath' },
  { collection: COLLECTIONS.notices, field: 'outflowPath' },
  { collection: COLLECTIONS.activities, field: 'branchPath' },
  { collection: COLLECTIONS.attendance, field: 'branchPath' },
  { collection: COLLECTIONS.studyPlans, field: 'branchPath' },
  { collection: COLLECTIONS.appraisals, field: 'branchPath' },
  { collection: COLLECTIONS.reports, field: 'branchPath' },
  { collection: COLLECTIONS.reports, field: 'outflowPath' },
  { collection: COLLECTIONS.messages, field: 'orgPath' },
  { collection: COLLECTIONS.lifeFlags, field: 'branchPath' },
  { collection: COLLECTIONS.lifeFlags, field: 'outflowPath' },
  { collection: COLLECTIONS.placements, field: 'branchPath' },
  { collection: COLLECTIONS.placements, field: 'outflowPath' },
];

/** "At or below the old path": ids never contain `~`, which sorts after them. */
const under = (field: string, path: string): Filter => ({ [field]: { $gte: path, $lt: `${path}~` } });

interface Position {
  copy: number;
  after: string | null;
}

function decode(cursor: string | null): Position {
  if (cursor === null) return { copy: 0, after: null };
  const parsed = JSON.parse(cursor) as Position;
  return { copy: parsed.copy, after: parsed.after };
}

const moved = (value: string, params: OrgRepathParams) => `${params.toPath}${value.slice(params.fromPath.length)}`;

/** Rewrites one record's copy, reading it again so that a concurrent change is kept. */
async function repathOne(
  deps: ServiceDeps,
  params: OrgRepathParams,
  collection: string,
  field: string,
  id: string,
): Promise<void> {
  if (collection === COLLECTIONS.reports && field === 'outflowPath') return repathReportOutflow(deps, params, id);
  await retryOnConflict(async () => {
    const doc = await deps.store.get<Record<string, unknown>>(collection, id);
    const value = doc?.[field];
    if (!doc || typeof value !== 'string' || !value.startsWith(params.fromPath)) return;
    const patch: Record<string, unknown> = { [field]: moved(value, params) };
    if (collection === COLLECTIONS.organizations && doc._id === params.orgId) patch.parentId = params.newParentId;
    await deps.store.update(collection, id, doc.version, patch);
  });
}

/** A submitted report is in the inbox of each organization on its outflow path: it moves there too, in one transaction. */
async function repathReportOutflow(deps: ServiceDeps, params: OrgRepathParams, id: string): Promise<void> {
  await retryOnConflict(async () => {
    const report = await deps.store.get<ReportRecord>(COLLECTIONS.reports, id);
    if (!report || !report.outflowPath.startsWith(params.fromPath)) return;
    const outflowPath = moved(report.outflowPath, params);
    if (report.revision < 1) {
      await deps.store.update(COLLECTIONS.reports, id, report.version, { outflowPath });
      return;
    }
    await deps.store.transaction(async (tx) => {
      const version = await tx.update(COLLECTIONS.reports, id, report.version, { outflowPath });
      const saved: ReportDoc = { ...report, outflowPath, version };
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
    const { copy, after } = decode(cursor);
    const total = cursor === null ? await countAll(ctx.deps, params) : undefined;
    const { collection, field } = PATH_COPIES[copy];
    const where = under(field, params.fromPath);
    const page = await ctx.deps.store.find<Record<string, unknown>>(collection, {
      where: after === null ? where : { ...where, _id: { $gt: after } },
      orderBy: [{ field: '_id', direction: 'asc' }],
      limit: ctx.chunkSize,
    });
    await forEachLimited(page.items, ctx.concurrency, (doc) => repathOne(ctx.deps, params, collection, field, doc._id));
    const last = page.items[page.items.length - 1];
    const finishedCopy = page.nextCursor === null;
    const next: Position = finishedCopy ? { copy: copy + 1, after: null } : { copy, after: last ? last._id : after };
    return {
      cursor: JSON.stringify(next),
      done: finishedCopy && copy + 1 >= PATH_COPIES.length,
      processed: page.items.length,
      created: 0,
      ...(total === undefined ? {} : { total }),
    };
  },
);
