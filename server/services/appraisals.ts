import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import type { AppraisalView } from '../contract/appraisals';
import { shanghaiDate, shanghaiYear } from '../lib/time';
import { type StoredDocument, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { saveVersioned } from '../store/saving';
import { actingName, loadAccess } from './access';
import { type ServiceContext, type ServiceDeps, callerKey } from './context';
import { requireManagedMember } from './members';
import type { AppraisalRecord } from './records';

/** The yearly democratic appraisal (民主评议) of a member at the inflow branch. */

export type AppraisalDoc = StoredDocument<AppraisalRecord>;

/** One appraisal per member per year: a retry or a second secretary finds the first. */
export function appraisalIdFor(memberId: string, year: number): string {
  return `ap_${memberId}_${year}`;
}

export function toAppraisalView(doc: AppraisalDoc): AppraisalView {
  return {
    appraisalId: doc._id,
    memberId: doc.memberId,
    year: doc.year,
    result: doc.result,
    note: doc.note,
    recordedOn: doc.recordedOn,
    recordedByName: doc.recordedByName,
    version: doc.version,
  };
}

export async function findAppraisal(deps: ServiceDeps, memberId: string, year: number): Promise<AppraisalDoc | null> {
  return deps.store.get<AppraisalRecord>(COLLECTIONS.appraisals, appraisalIdFor(memberId, year));
}

function appraisalConflict(cause?: unknown): AppError {
  return new AppError('CONFLICT', '评议结果刚被其他人登记或修改，请刷新', { cause });
}

export async function recordAppraisal(
  ctx: ServiceContext,
  input: ParsedInput<'appraisal.record'>,
): Promise<ActionOutput<'appraisal.record'>> {
  const loading = loadAccess(ctx);
  const member = await requireManagedMember(ctx, loading, input.memberId);
  const access = await loading;
  if (input.year > shanghaiYear(ctx.deps.clock)) {
    throw new AppError('BAD_REQUEST', '不能登记还没到的年份的民主评议', { field: 'year' });
  }
  const id = appraisalIdFor(member._id, input.year);
  const record: AppraisalRecord = {
    memberId: member._id,
    branchId: member.inflowBranchId,
    branchPath: member.inflowPath,
    year: input.year,
    result: input.result,
    note: input.note,
    recordedOn: shanghaiDate(ctx.deps.clock),
    recordedBy: callerKey(ctx.caller),
    recordedByName: actingName(access, member.inflowPath),
  };
  try {
    return toAppraisalView(await saveVersioned(ctx.deps.store, COLLECTIONS.appraisals, id, input.version, record));
  } catch (error) {
    if (error instanceof VersionConflictError) throw appraisalConflict(error);
    throw error;
  }
}
