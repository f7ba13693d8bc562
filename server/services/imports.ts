import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from './app-error';
import {
  type ActionOutput,
  type ImportKind,
  type ImportOutcome,
  type ImportView,
  MAX_LISTED_PROBLEMS,
  type ParsedInput,
  type RowProblem,
} from '../contract';
import { type Sheet, type SheetRow, SpreadsheetError, openSheet } from '../files/spreadsheets';
import { timestamp } from '../lib/time';
import type { StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertIfAbsent, insertOrGet } from '../store/saving';
import { forEachLimited } from '../jobs/job';
import { type Access, loadAccess } from './access';
import { type ServiceContext, callerKey } from './context';
import { type JobRequestDoc, requestJob, toJobRequestView } from './job-requests';
import { type OrganizationDoc, orgNotFound, underPath } from './organizations';
import type { ImportBatchRecord, ImportRecord, JobRequestRecord, OrganizationRecord } from './records';
import { findUpload, readUploadContent, requireImporter, uploadNotFound } from './uploads';

/**
 * One pipeline for every import from a spreadsheet: the whole file is read and every row
 * validated first (row number, column, why, in Chinese); any bad row and nothing is written,
 * the answer lists the bad rows. A good file's rows, made ready to write (ids, paths, hashes),
 * are staged in batches and a job request is queued: the jobs function applies one batch per
 * chunk (`server/jobs/import-apply.ts`), each write by a deterministic id, so a killed import
 * resumes where it stopped without doing a row twice or skipping one. The import's id comes
 * from its kind, organization, month and the file's SHA-256: the same file again is the same
 * import, and changes nothing.
 */

export const IMPORT_JOB = 'import_apply';

/** Rows per staged batch, and so per job chunk: a batch document stays far below any size limit. */
export const IMPORT_BATCH_ROWS = 100;
/** Staged batches written at once by the action (each is a round trip on CloudBase). */
const STAGING_CONCURRENCY = 8;

export type ImportDoc = StoredDocument<ImportRecord>;

/** Where and for what an import runs: the organization it goes into, as the caller administers it. */
export interface ImportScope {
  ctx: ServiceContext;
  org: OrganizationDoc;
  access: Access;
  importId: string;
  month: string | null;
  /** Every organization at or below `org` ({@link organizationsUnder}). */
  reachable: OrganizationDoc[];
  /** Tells the pipeline a row was bad: it keeps no more rows (nothing will be written). */
  refuse(): void;
}

/** What a kind of import does with a sheet: every row ready to write, or the problems. */
export interface ImportPreparer<Row> {
  kind: ImportKind;
  /** Hands each good row to `keep`, in order; `rows` is how many it kept. */
  prepare(scope: ImportScope, sheet: Sheet, keep: (row: Row) => void): Promise<{ rows: number; problems: RowProblem[] }>;
}

export const importParamsSchema = z.object({
  importId: z.string(),
  kind: z.enum(['org_tree', 'movement_list']),
  batches: z.number().int().min(0),
  rows: z.number().int().min(0),
  month: z.string().nullable(),
});
export type ImportParams = z.infer<typeof importParamsSchema>;

export function importIdFor(kind: ImportKind, orgId: string, month: string | null, sha256: string): string {
  return `imp_${createHash('sha256')
    .update(`${kind}|${orgId}|${month ?? ''}|${sha256}`)
    .digest('hex')
    .slice(0, 32)}`;
}

export function importBatchId(importId: string, batch: number): string {
  return `${importId}_${batch}`;
}

// ---- columns ------------------------------------------------------------------------------

/** A column an import reads: its name in the README, and the other names exports give it. */
export interface ColumnSpec {
  name: string;
  aliases?: readonly string[];
  required: boolean;
}

/** Which header each column is under; a required one missing is a problem of the header row. */
export function resolveColumns<K extends string>(
  sheet: Sheet,
  specs: Record<K, ColumnSpec>,
): { headers: Record<K, string | null>; problems: RowProblem[] } {
  const headers = {} as Record<K, string | null>;
  const problems: RowProblem[] = [];
  for (const key of Object.keys(specs) as K[]) {
    const spec = specs[key];
    const found = [spec.name, ...(spec.aliases ?? [])].find((name) => sheet.headers.includes(name)) ?? null;
    headers[key] = found;
    if (!found && spec.required) problems.push({ row: sheet.headerRow, column: spec.name, message: `缺少“${spec.name}”列` });
  }
  return { headers, problems };
}

/** A row's cell by column, '' when the sheet has no such column. */
export function cellOf<K extends string>(row: SheetRow, headers: Record<K, string | null>, key: K): string {
  const header = headers[key];
  return header ? (row.cells[header] ?? '') : '';
}

/**
 * Dates as spreadsheets hold them: `2026-03-05`, `2026/3/5`, `2026.03.05`, `2026年3月5日`, or a
 * month alone (`2026-03`, `2026年3月`), which reads as its first day. Null when not a real date.
 */
export function parseSheetDate(text: string): string | null {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月?)$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), match[3] ? Number(match[3]) : 1];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

// ---- the organizations an import may reach -------------------------------------------------

/** Every organization at or below `org`, read by kind (the `kind_path` index), a page at a time. */
export async function organizationsUnder(ctx: ServiceContext, org: OrganizationDoc): Promise<OrganizationDoc[]> {
  const found: OrganizationDoc[] = [];
  await Promise.all(
    (['committee', 'general_branch', 'branch'] as const).map(async (kind) => {
      let cursor: string | null = null;
      do {
        const page: { items: OrganizationDoc[]; nextCursor: string | null } = await ctx.deps.store.find<OrganizationRecord>(
          COLLECTIONS.organizations,
          {
            where: { kind, ...underPath('path', org.path) },
            orderBy: [{ field: 'path', direction: 'asc' }],
            limit: 1000,
            cursor,
          },
        );
        found.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
    }),
  );
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

// ---- starting an import -------------------------------------------------------------------

async function importView(ctx: ServiceContext, doc: ImportDoc, known: JobRequestDoc | null = null): Promise<ImportView> {
  const job = known ?? (await ctx.deps.store.get<JobRequestRecord>(COLLECTIONS.jobRequests, doc.jobId));
  if (!job) throw new Error(`The job ${doc.jobId} of import ${doc._id} is missing`);
  const view = toJobRequestView(job);
  return {
    importId: doc._id,
    kind: doc.kind,
    orgId: doc.orgId,
    fileName: doc.fileName,
    month: doc.month,
    rows: doc.rows,
    job: view,
    tally: view.tally,
  };
}

/**
 * Reads the caller's upload, validates the whole file with `preparer`, and either answers the
 * problems (writing nothing) or stages the rows and queues the job.
 */
export async function startImport<Row>(
  ctx: ServiceContext,
  preparer: ImportPreparer<Row>,
  input: { orgId: string; uploadId: string; month: string | null },
): Promise<ImportOutcome> {
  const { store } = ctx.deps;
  const [org, access, upload] = await Promise.all([
    store.get<OrganizationRecord>(COLLECTIONS.organizations, input.orgId),
    loadAccess(ctx),
    findUpload(ctx, input.uploadId),
  ]);
  requireImporter(ctx, access);
  if (!org || !access.manages(org.path)) throw orgNotFound();
  if (!access.administers(org.path)) throw new AppError('FORBIDDEN', '只有本组织或上级组织的管理员可以导入');
  if (!upload) throw uploadNotFound();
  const importId = importIdFor(preparer.kind, org._id, input.month, upload.sha256);

  // The file, the import it may already be and the organizations the rows may reach, together.
  const [content, existing, reachable] = await Promise.all([
    readUploadContent(ctx, upload),
    store.get<ImportRecord>(COLLECTIONS.imports, importId),
    organizationsUnder(ctx, org),
  ]);
  if (existing) return { status: 'accepted', import: await importView(ctx, existing) };

  let sheet: Sheet;
  try {
    sheet = await openSheet(content);
  } catch (error) {
    if (error instanceof SpreadsheetError) {
      return { status: 'invalid', rows: 0, problemCount: 1, problems: [{ row: 1, column: null, message: error.message }] };
    }
    throw error;
  }
  // Kept as each batch's JSON until staged: a 100,000-row list as objects would not fit a 256 MB function.
  const staged: string[] = [];
  let pending: Row[] = [];
  let refused = false;
  const keep = (row: Row) => {
    if (refused) return;
    pending.push(row);
    if (pending.length === IMPORT_BATCH_ROWS) {
      staged.push(JSON.stringify(pending));
      pending = [];
    }
  };
  let prepared: { rows: number; problems: RowProblem[] };
  try {
    prepared = await preparer.prepare(
      { ctx, org, access, importId, month: input.month, reachable, refuse: () => (refused = true) },
      sheet,
      keep,
    );
  } catch (error) {
    if (error instanceof SpreadsheetError) {
      return { status: 'invalid', rows: 0, problemCount: 1, problems: [{ row: 1, column: null, message: error.message }] };
    }
    throw error;
  }
  if (pending.length > 0) staged.push(JSON.stringify(pending));
  if (prepared.problems.length > 0 || prepared.rows === 0) {
    const problems =
      prepared.problems.length > 0
        ? prepared.problems
        : [{ row: sheet.headerRow + 1, column: null, message: '文件里没有数据行' }];
    return {
      status: 'invalid',
      rows: prepared.rows,
      problemCount: problems.length,
      problems: problems.slice(0, MAX_LISTED_PROBLEMS),
    };
  }

  // Staged first, then the job, then the import: the job needs only its params and the batches,
  // and a retry after a crash anywhere in between lands on the same ids.
  const batches = staged.length;
  await forEachLimited(
    Array.from({ length: batches }, (_, n) => n),
    STAGING_CONCURRENCY,
    async (n) => {
      await insertIfAbsent<ImportBatchRecord>(store, COLLECTIONS.importBatches, {
        _id: importBatchId(importId, n),
        importId,
        batch: n,
        rows: JSON.parse(staged[n]) as unknown[],
      });
    },
  );
  const params: ImportParams = { importId, kind: preparer.kind, batches, rows: prepared.rows, month: input.month };
  const job = await requestJob(ctx, IMPORT_JOB, importId, params);
  const { doc } = await insertOrGet<ImportRecord>(store, COLLECTIONS.imports, {
    _id: importId,
    kind: preparer.kind,
    orgId: org._id,
    orgPath: org.path,
    month: input.month,
    fileName: upload.fileName,
    sha256: upload.sha256,
    rows: prepared.rows,
    batches,
    requestedBy: callerKey(ctx.caller),
    jobId: job._id,
    createdAt: timestamp(ctx.deps.clock),
  });
  return { status: 'accepted', import: await importView(ctx, doc, doc.jobId === job._id ? job : null) };
}

/** The import's progress and result: for whoever administers its organization (the one who ran it among them). */
export async function getImport(ctx: ServiceContext, input: ParsedInput<'import.get'>): Promise<ActionOutput<'import.get'>> {
  const [doc, access] = await Promise.all([
    ctx.deps.store.get<ImportRecord>(COLLECTIONS.imports, input.importId),
    loadAccess(ctx),
  ]);
  if (!doc || !(doc.requestedBy === callerKey(ctx.caller) || access.administers(doc.orgPath))) {
    throw new AppError('NOT_FOUND', '找不到这次导入', { field: 'importId' });
  }
  return importView(ctx, doc);
}
