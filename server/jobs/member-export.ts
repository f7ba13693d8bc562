import { XLSX_CONTENT_TYPE, writeWorkbook } from '../files/spreadsheet-export';
import { shanghaiDate, timestamp } from '../lib/time';
import { AppError } from '../services/app-error';
import {
  type ExportedMember,
  MEMBER_EXPORT_JOB,
  type MemberExportParams,
  exportAuditIdFor,
  exportFileKey,
  exportSheets,
  exportedMember,
  memberExportParamsSchema,
} from '../services/member-export';
import type { MemberDoc } from '../services/members';
import { underPath } from '../services/organizations';
import type { AuditRecord, MemberRecord } from '../services/records';
import { accessOf } from '../services/access';
import type { Filter } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertIfAbsent } from '../store/saving';
import type { JobContext } from './job';
import { type RequestRef, type RequestedChunk, type RequestedJob, requestedJob } from './requested-jobs';

/**
 * Writes an export asked for with `export.start`. First the members, a page per chunk in id
 * order, each page's rows kept as an encrypted part file (full ID numbers may be in it) under the
 * export's key; a chunk redone after a kill writes its part again over the same name. Then the
 * workbook from the parts, the audit record, the file, and the parts removed.
 */

type Position = { phase: 'rows'; after: string | null; part: number } | { phase: 'file'; parts: number };

const partKey = (jobId: string, part: number) => `exports/${jobId.toLowerCase()}/part-${String(part).padStart(5, '0')}.txt`;

/** The members of the export: below the organization on the inflow side or the outflow side. */
export function exportedMembersFilter(orgPath: string): Filter {
  return { $or: [underPath('inflowPath', orgPath), underPath('outflowPath', orgPath)] };
}

async function rowsChunk(
  ctx: JobContext,
  params: MemberExportParams,
  request: RequestRef,
  after: string | null,
  part: number,
): Promise<RequestedChunk> {
  const access = await accessOf(ctx.deps.store, request.requestedBy, shanghaiDate(ctx.deps.clock));
  // A role ended since the request ends the export: nothing is written for someone who may no longer see it.
  if (!access.manages(params.orgPath)) throw new AppError('FORBIDDEN', '您已不再负责这个党组织，导出没有生成');
  const where = exportedMembersFilter(params.orgPath);
  const [total, page] = await Promise.all([
    after === null ? ctx.deps.store.count(COLLECTIONS.members, where) : Promise.resolve(undefined),
    ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
      where: after === null ? where : { ...where, _id: { $gt: after } },
      orderBy: [{ field: '_id', direction: 'asc' }],
      limit: ctx.chunkSize,
    }),
  ]);
  const rows = await Promise.all(page.items.map((member: MemberDoc) => exportedMember(ctx.deps, access, params, member)));
  await ctx.deps.files.put(partKey(request.jobId, part), Buffer.from(ctx.deps.pii.encrypt(JSON.stringify(rows))), 'text/plain');
  const last = page.items[page.items.length - 1];
  const next: Position =
    page.nextCursor === null ? { phase: 'file', parts: part } : { phase: 'rows', after: last ? last._id : after, part: part + 1 };
  return {
    cursor: JSON.stringify(next),
    done: false,
    processed: rows.length,
    created: 0,
    ...(total === undefined ? {} : { total }),
  };
}

async function fileChunk(
  ctx: JobContext,
  params: MemberExportParams,
  request: RequestRef,
  parts: number,
): Promise<RequestedChunk> {
  const members: ExportedMember[] = [];
  for (let part = 1; part <= parts; part += 1) {
    const found = await ctx.deps.files.get(partKey(request.jobId, part));
    if (!found) throw new Error(`Export ${request.jobId} lost its part ${part}`);
    members.push(...(JSON.parse(ctx.deps.pii.decrypt(found.content.toString('utf8'))) as ExportedMember[]));
  }
  const now = timestamp(ctx.deps.clock);
  const content = await writeWorkbook(exportSheets(members), { creator: '流动党员之家', created: new Date(now) });
  const audit: AuditRecord = {
    actorOpenid: request.requestedBy,
    action: 'members_exported',
    jobId: request.jobId,
    orgId: params.orgId,
    orgPath: params.orgPath,
    purpose: params.purpose,
    rows: members.length,
    fullRows: members.filter((member) => member.full).length,
    fileKey: exportFileKey(request.jobId),
    at: now,
  };
  // The audit record first: no record, no file to download.
  await insertIfAbsent<AuditRecord>(ctx.deps.store, COLLECTIONS.auditLog, { _id: exportAuditIdFor(request.jobId), ...audit });
  await ctx.deps.files.put(exportFileKey(request.jobId), content, XLSX_CONTENT_TYPE);
  for (let part = 1; part <= parts; part += 1) await ctx.deps.files.delete(partKey(request.jobId, part));
  return { cursor: null, done: true, processed: 0, created: 1 };
}

export const memberExport: RequestedJob = requestedJob(
  MEMBER_EXPORT_JOB,
  memberExportParamsSchema,
  async (ctx, params, cursor, request): Promise<RequestedChunk> => {
    const position: Position = cursor === null ? { phase: 'rows', after: null, part: 1 } : (JSON.parse(cursor) as Position);
    return position.phase === 'rows'
      ? rowsChunk(ctx, params, request, position.after, position.part)
      : fileChunk(ctx, params, request, position.parts);
  },
);
