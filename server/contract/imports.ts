import { z } from 'zod';
import { jobRequestViewSchema } from './jobs';
import { lostContactReasonSchema } from './lost-contact';
import { cursorSchema, dateSchema, idSchema, monthSchema, optionalText, pageOf, regionSchema, requestIdSchema } from './schemas';

/**
 * The contract of the desk's imports: a file sent through the api in parts, the organization
 * tree and the monthly movement list (组织找党员) read from it, validated whole before anything
 * is written, then applied by a resumable job; and the 待找 records the list leaves for the
 * branches to visit.
 */

/** What a desk may upload for an import: xlsx, or csv (UTF-8 with or without BOM, or GB18030). */
export const UPLOAD_CONTENT_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'] as const;
/** The FileStore's limit. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/**
 * One part's base64, so that the whole request stays under the 100 KB a CloudBase text body may
 * hold (64 KiB of bytes is 87,384 characters of base64).
 */
export const MAX_PART_BASE64 = 88_000;
/** Parts a file may have: the size limit in parts of 64 KiB. */
export const MAX_UPLOAD_PARTS = 200;

export const uploadPartInputSchema = z.object({
  /** Chosen by the desk, one per file it sends; the same id and part again is the same part. */
  uploadId: requestIdSchema,
  fileName: z.string().trim().min(1, '请选择文件').max(100, '文件名不能超过 100 个字'),
  contentType: z.enum(UPLOAD_CONTENT_TYPES, '只能上传 xlsx 或 csv 文件'),
  totalSize: z
    .number()
    .int()
    .min(1, '文件是空的')
    .max(MAX_UPLOAD_BYTES, `文件不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`),
  /** Hex SHA-256 of the whole file, checked once every part is in. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '校验值格式不正确'),
  partCount: z.number().int().min(1).max(MAX_UPLOAD_PARTS, `文件最多分 ${MAX_UPLOAD_PARTS} 段上传`),
  /** From 0. */
  partNumber: z.number().int().min(0),
  data: z
    .string()
    .min(1)
    .max(MAX_PART_BASE64, '每段不能超过 64 KB')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, '分段内容应为 base64'),
});

export const uploadViewSchema = z.object({
  uploadId: z.string(),
  fileName: z.string(),
  partCount: z.number(),
  receivedParts: z.number(),
  /** Every part is in and the file matched its size and checksum: it may be named to an import. */
  complete: z.boolean(),
  size: z.number(),
  sha256: z.string(),
});
export type UploadView = z.infer<typeof uploadViewSchema>;

/** One thing wrong with one row: the spreadsheet's row number (the header is row 1), the column, why. */
export const rowProblemSchema = z.object({ row: z.number(), column: z.string().nullable(), message: z.string() });
export type RowProblem = z.infer<typeof rowProblemSchema>;

/** Problems listed in the answer; the count says how many there are in all. */
export const MAX_LISTED_PROBLEMS = 500;

export const IMPORT_KINDS = ['org_tree', 'movement_list'] as const;
export const importKindSchema = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof importKindSchema>;

/**
 * What an import's rows came to, counted by the job as it applies them. Tree: `created`,
 * `unchanged`. Movement list: `matched` (a registered member, linked), `toFind` (new 待找),
 * `updated` (listed before, now this month), `unchanged` (this month was imported already).
 */
export const importTallySchema = z.record(z.string(), z.number());

export const importViewSchema = z.object({
  importId: z.string(),
  kind: importKindSchema,
  orgId: z.string(),
  fileName: z.string(),
  /** The movement list's month, `YYYY-MM`; null for a tree. */
  month: z.string().nullable(),
  rows: z.number(),
  job: jobRequestViewSchema,
  tally: importTallySchema,
});
export type ImportView = z.infer<typeof importViewSchema>;

/** Either the whole file is good and the job applies it, or nothing was written and the bad rows say why. */
export const importOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('accepted'), import: importViewSchema }),
  z.object({
    status: z.literal('invalid'),
    rows: z.number(),
    problemCount: z.number(),
    problems: z.array(rowProblemSchema),
  }),
]);
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

/**
 * A 待找 record's state: `open` waits for the visit; `linked` is a registered member (at the
 * import, or registering later); the visit ends it `found` (found, asked to check in),
 * `moved_on` (left for elsewhere) or `lost` (can't be reached: 失联, with the reason).
 */
export const TO_FIND_STATUSES = ['open', 'linked', 'found', 'moved_on', 'lost'] as const;
export const toFindStatusSchema = z.enum(TO_FIND_STATUSES);
export type ToFindStatus = z.infer<typeof toFindStatusSchema>;

export const VISIT_OUTCOMES = ['found', 'moved_on', 'unreachable'] as const;
export const visitOutcomeSchema = z.enum(VISIT_OUTCOMES);
export type VisitOutcome = z.infer<typeof visitOutcomeSchema>;

export const toFindViewSchema = z.object({
  toFindId: z.string(),
  status: toFindStatusSchema,
  name: z.string(),
  gender: z.string().nullable(),
  idCardMasked: z.string(),
  phoneMasked: z.string().nullable(),
  outflowName: z.string(),
  destination: regionSchema,
  addressMasked: z.string().nullable(),
  leftOn: z.string(),
  reason: z.string(),
  /** The latest month's list that named the person. */
  month: z.string(),
  organization: z.object({ orgId: z.string(), name: z.string() }),
  memberId: z.string().nullable(),
  visit: z
    .object({
      outcome: visitOutcomeSchema,
      visitedOn: z.string(),
      note: z.string(),
      byName: z.string().nullable(),
      lost: z.object({ since: z.string(), reason: lostContactReasonSchema, note: z.string() }).nullable(),
    })
    .nullable(),
  version: z.number(),
});
export type ToFindView = z.infer<typeof toFindViewSchema>;

export const IMPORT_ACTIONS = {
  'file.uploadPart': {
    summary:
      '电脑端上传文件的一段（base64，每段不超过 64 KB）；同一段重发不重复；全部收齐后核对大小和 SHA-256；只有组织管理员在电脑端可以上传',
    input: uploadPartInputSchema,
    output: uploadViewSchema,
  },
  'import.orgTree': {
    summary:
      '从上传的 xlsx 或 csv 导入组织树（组织名称、上级组织、组织类别、所在地、家乡或行业、联系方式）：先逐行校验整个文件，有任何错误都不导入并列出错误行；无误后由后台分段导入；同一文件再导入不改变任何内容',
    input: z.object({ orgId: idSchema, uploadId: requestIdSchema }),
    output: importOutcomeSchema,
  },
  'import.movementList': {
    summary:
      '组织找党员：导入全国党员管理信息系统导出的某月流动党员名单（xlsx 或 csv）：先逐行校验，有错不导入；已登记的党员关联，未登记的成为待找记录，按流向分到组织；同一月再导入不改变，新的月份更新',
    input: z.object({ orgId: idSchema, uploadId: requestIdSchema, month: monthSchema }),
    output: importOutcomeSchema,
  },
  'import.get': {
    summary: '一次导入的进度与结果（导入的人和系统管理员可查看）',
    input: z.object({ importId: idSchema }),
    output: importViewSchema,
  },
  'toFind.list': {
    summary: '组织找党员：本组织及下级（支部书记：本支部）的待找记录；可按待走访、已处理查看；分页',
    input: z.object({
      orgId: idSchema,
      status: z.enum(['open', 'closed']).default('open'),
      cursor: cursorSchema,
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: pageOf(toFindViewSchema),
  },
  'toFind.assign': {
    summary: '管理员把一条待找记录分给下级组织（如按居住地分到社区党支部）',
    input: z.object({ toFindId: idSchema, version: z.number().int().positive(), orgId: idSchema }),
    output: toFindViewSchema,
  },
  'toFind.visit': {
    summary: '书记登记走访结果：已找到并请其报到、已去往别处、联系不上（失联，写明最后联系日期和原因）；两人同时登记只有一人成功',
    input: z
      .object({
        toFindId: idSchema,
        version: z.number().int().positive(),
        outcome: visitOutcomeSchema,
        visitedOn: dateSchema,
        note: optionalText(200),
        lost: z.object({ since: dateSchema, reason: lostContactReasonSchema, note: optionalText(200) }).nullish(),
      })
      .superRefine((visit, ctx) => {
        if (visit.outcome === 'unreachable' && !visit.lost) {
          ctx.addIssue({ code: 'custom', path: ['lost'], message: '联系不上时请填写最后联系日期和原因' });
        }
        if (visit.outcome !== 'unreachable' && visit.lost) {
          ctx.addIssue({ code: 'custom', path: ['lost'], message: '只有联系不上时才填写失联原因' });
        }
        if (visit.lost?.reason === 'other' && !visit.lost.note) {
          ctx.addIssue({ code: 'custom', path: ['lost', 'note'], message: '原因选“其他”时请写明' });
        }
        if (visit.outcome === 'moved_on' && !visit.note) {
          ctx.addIssue({ code: 'custom', path: ['note'], message: '请写明去了哪里' });
        }
      }),
    output: toFindViewSchema,
  },
} as const satisfies Record<string, { summary: string; input: z.ZodType; output: z.ZodType }>;
