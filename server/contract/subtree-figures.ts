import { z } from 'zod';
import { toFindStatusSchema } from './imports';
import { jobRequestViewSchema } from './jobs';
import { cursorSchema, idSchema, memberStatusSchema, orgKindSchema, requestIdSchema } from './schemas';

/**
 * The organization department's figures by subtree, the members behind each figure, the export
 * in the national system's fields, and downloading a file the jobs wrote. The figures are kept by
 * the nightly jobs (one document per organization, its own and its subtree's counts), never
 * counted when someone looks.
 */

/**
 * What is counted, each a number of members. A member counts for an organization when the
 * organization is on the path of the member's inflow branch, outflow organization or the branch
 * of the open check-in; a member counts once however many of those lie below it.
 *
 * The movement list (组织找党员) counts by its records, one per person, each under the
 * organization responsible for it: `listed` every person on the list, `toFind` those still 待找.
 * `known` is who the department knows of: the registered members plus the listed people not
 * linked to a registered member (a linked record's person is counted once, as the member).
 */
export const FIGURE_KEYS = [
  'registered',
  'checkedIn',
  'placed',
  'returned',
  'transferred',
  'reportDue',
  'reportSent',
  'reportSentOnTime',
  'reportRead',
  'lifeWarned',
  'lifeEscalated',
  'lost',
  'studyOnTrack',
  'known',
  'listed',
  'toFind',
] as const;
export const figureKeySchema = z.enum(FIGURE_KEYS);
export type FigureKey = z.infer<typeof figureKeySchema>;

/** The words the desk and the export show for each figure. */
export const FIGURE_LABELS: Record<FigureKey, string> = {
  registered: '已登记党员',
  checkedIn: '已报到',
  placed: '已纳入支部管理',
  returned: '已返回',
  transferred: '已转接组织关系',
  reportDue: '最近一期反馈已到期',
  reportSent: '最近一期反馈已报送',
  reportSentOnTime: '按期报送反馈',
  reportRead: '流出地已阅反馈',
  lifeWarned: '组织生活预警',
  lifeEscalated: '组织生活预警上报',
  lost: '失联',
  studyOnTrack: '学习进度正常',
  known: '掌握的流动党员',
  listed: '流动党员名单上',
  toFind: '待找',
};

export const figureCountsSchema = z.object(
  Object.fromEntries(FIGURE_KEYS.map((key) => [key, z.number().int().min(0)])) as Record<FigureKey, z.ZodNumber>,
);
export type FigureCounts = z.infer<typeof figureCountsSchema>;

export const orgFiguresSchema = z.object({
  orgId: z.string(),
  name: z.string(),
  kind: orgKindSchema,
  /** Members attached to this organization itself (its branch, or it as the outflow organization). */
  own: figureCountsSchema,
  /** This organization and everything below it. */
  subtree: figureCountsSchema,
});
export type OrgFigures = z.infer<typeof orgFiguresSchema>;

/**
 * One row behind a figure: a registered member (`memberId`, `status`), or a movement-list record
 * (`toFindId`, `toFindStatus`; `memberId` too once it is linked, and `inflowBranchName` is the
 * organization responsible for it).
 */
export const figureMemberSchema = z.object({
  memberId: z.string().nullable(),
  toFindId: z.string().nullable(),
  name: z.string(),
  idCardMasked: z.string(),
  phoneMasked: z.string().nullable(),
  status: memberStatusSchema.nullable(),
  toFindStatus: toFindStatusSchema.nullable(),
  outflowName: z.string(),
  inflowBranchName: z.string().nullable(),
});
export type FigureMember = z.infer<typeof figureMemberSchema>;

/**
 * Why an export is made, which decides how much of the ID number and phone it holds:
 * `national_system` (上报全国系统) holds them in full for the members the caller manages on the
 * inflow side, as `member.revealSensitive` would show them; `work_list` (工作名单) masks them all.
 */
export const EXPORT_PURPOSES = ['national_system', 'work_list'] as const;
export const exportPurposeSchema = z.enum(EXPORT_PURPOSES);
export type ExportPurpose = z.infer<typeof exportPurposeSchema>;
export const EXPORT_PURPOSE_LABELS: Record<ExportPurpose, string> = {
  national_system: '上报全国党员管理信息系统',
  work_list: '工作名单',
};

export const exportViewSchema = jobRequestViewSchema.extend({
  purpose: exportPurposeSchema,
  orgId: z.string(),
  orgName: z.string(),
  /** Set once the file is written. */
  file: z.object({ fileName: z.string(), size: z.number(), sha256: z.string(), rows: z.number(), parts: z.number() }).nullable(),
});
export type ExportView = z.infer<typeof exportViewSchema>;

/** Bytes of the file in one `file.download` answer: base64 makes them 4/3 as many, well under the 100 KB body limit. */
export const DOWNLOAD_PART_BYTES = 60 * 1024;

export const SUBTREE_FIGURES_ACTIONS = {
  'figures.get': {
    summary:
      '组织及其下级的统计数字（后台任务每晚计算，附计算时间）：本组织自身的、含全部下级的，以及直属下级组织各自的数字（按名称分页）',
    input: z.object({ orgId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(100).default(50) }),
    output: z.object({
      asOf: z.string().nullable(),
      organization: orgFiguresSchema,
      children: z.object({ items: z.array(orgFiguresSchema), nextCursor: z.string().nullable() }),
    }),
  },
  'figures.members': {
    summary: '某项统计数字背后的党员（脱敏；与统计同一时刻），只在本人负责的组织范围内；分页',
    input: z.object({
      orgId: idSchema,
      figure: figureKeySchema,
      cursor: cursorSchema,
      limit: z.number().int().min(1).max(100).default(50),
    }),
    output: z.object({
      asOf: z.string().nullable(),
      items: z.array(figureMemberSchema),
      nextCursor: z.string().nullable(),
    }),
  },
  'export.start': {
    summary:
      '按全国党员管理信息系统的字段导出组织及其下级的流动党员信息和活动证（流入地填写部分），xlsx；用途决定身份证号和手机号是否完整；由后台任务生成，每次导出都记入审计日志',
    input: z.object({ orgId: idSchema, purpose: exportPurposeSchema, requestId: requestIdSchema }),
    output: exportViewSchema,
  },
  'export.get': {
    summary: '导出的进度和生成的文件；只有发起人和其上级组织管理员可以查看',
    input: z.object({ jobId: idSchema }),
    output: exportViewSchema,
  },
  'file.download': {
    summary: '分段下载导出生成的文件（每段 base64，不超过 100 KB）；只有发起人和其上级组织管理员可以下载',
    input: z.object({ jobId: idSchema, part: z.number().int().min(0).max(10_000).default(0) }),
    output: z.object({
      fileName: z.string(),
      contentType: z.string(),
      size: z.number(),
      sha256: z.string(),
      part: z.number(),
      parts: z.number(),
      dataBase64: z.string(),
    }),
  },
} as const;
