import { COLLECTIONS } from '../store/indexes';
import { IMPORT_JOB, type ImportParams, importBatchId, importParamsSchema } from '../services/imports';
import { type MovementRow, applyMovementBatch } from '../services/movement-list';
import { type OrgTreeRow, applyOrgTreeBatch } from '../services/org-tree-import';
import type { ImportBatchRecord } from '../services/records';
import { requestedJob } from './requested-jobs';

/**
 * Applies a validated import, one staged batch per chunk (the cursor is the next batch's
 * number). Every write has a deterministic id or a version check, so a chunk redone after a kill
 * writes nothing twice, and counts what its killed attempt did; the tally is saved with the
 * cursor, in one compare-and-set.
 */
export const importApply = requestedJob(IMPORT_JOB, importParamsSchema, async (ctx, params: ImportParams, cursor) => {
  const batch = cursor === null ? 0 : Number(cursor);
  if (batch >= params.batches) return { cursor, done: true, processed: 0, created: 0, total: params.rows };
  const staged = await ctx.deps.store.get<ImportBatchRecord>(COLLECTIONS.importBatches, importBatchId(params.importId, batch));
  if (!staged) throw new Error(`Batch ${batch} of import ${params.importId} is missing`);
  const tally =
    params.kind === 'org_tree'
      ? await applyOrgTreeBatch(ctx, params.importId, staged.rows as OrgTreeRow[])
      : await applyMovementBatch(ctx, params.importId, params.month ?? '', staged.rows as MovementRow[]);
  const next = batch + 1;
  return {
    cursor: String(next),
    done: next >= params.batches,
    processed: staged.rows.length,
    created: (tally.created ?? 0) + (tally.toFind ?? 0),
    total: params.rows,
    tally,
  };
});
