import { z } from 'zod';
import {
  type ActionOutput,
  DOWNLOAD_PART_BYTES,
  EXPORT_PURPOSE_LABELS,
  type ExportPurpose,
  type ExportView,
  type ParsedInput,
  exportPurposeSchema,
} from '../contract';
import type { ExportCell, ExportSheet } from '../files/spreadsheet-export';
import { shanghaiDate, shanghaiDayOf, shanghaiYear } from '../lib/time';
import { COLLECTIONS } from '../store/indexes';
import { type Access, loadAccess, requireManages, sideOf } from './access';
import { AppError } from './app-error';
import { cardYearSection } from './cards';
import { type ServiceContext, type ServiceDeps, callerKey } from './context';
import { industrySection } from './industries';
import { type JobRequestDoc, requestJob, toJobRequestView } from './job-requests';
import { LOST_CONTACT_REASON_TEXT } from './lost-contact';
import type { MemberDoc } from './members';
import { orgNotFound, requireOrganization } from './organizations';
import type { AuditRecord, JobRequestRecord } from './records';

/**
 * The export of the mobile members below an organization in the fields of the national
 * party-member information system (全国党员管理信息系统), with the inflow side's section of the
 * activity card. Asked for by an action, written by a job (a county's members do not fit one
 * call), fetched by the desk in parts. Who may export is who manages the organization; how much
 * of the ID number and phone the file holds is decided per member by the purpose and by what the
 * asker may read in full anywhere else (`member.revealSensitive`: the inflow side, not the
 * outflow side). Each file is audited before anyone can download it.
 */

export const MEMBER_EXPORT_JOB = 'members_export';

export const memberExportParamsSchema = z.object({
  orgId: z.string(),
  orgPath: z.string(),
  orgName: z.string(),
  purpose: exportPurposeSchema,
  /** The year whose card section is exported, and the day the file is named after: both as of the request. */
  year: z.number().int(),
  day: z.string(),
});
export type MemberExportParams = z.infer<typeof memberExportParamsSchema>;

/** Where a finished export's file is; the job id is lower-case hex after `jr_`, as keys must be. */
export const exportFileKey = (jobId: string) => `exports/${jobId.toLowerCase()}/members.xlsx`;
export const exportAuditIdFor = (jobId: string) => `ax_${jobId}`;
/** The shape of the ids `jobRequestIdFor` makes. */
const JOB_REQUEST_ID = /^jr_[0-9a-f]{24}$/;

export function exportFileName(params: MemberExportParams): string {
  return `${params.orgName}-流动党员-${EXPORT_PURPOSE_LABELS[params.purpose]}-${params.day}.xlsx`;
}

// ---- the national system's fields ------------------------------------------------------------

const GENDER: Record<MemberDoc['gender'], string> = { male: '男', female: '女' };
const STANDING: Record<MemberDoc['standing'], string> = { full: '正式党员', probationary: '预备党员' };
/** 外出原因 as the national system's 流动党员 records name them. */
const LEAVE_REASON: Record<MemberDoc['leaveReason'], string> = {
  work: '务工',
  business: '经商',
  study: '学习',
  family: '随迁',
  other: '其他',
};
const FLOW_STATUS: Record<MemberDoc['status'], string> = {
  registered: '外出流动（未报到）',
  pending: '外出流动（报到待审批）',
  placed: '外出流动（已纳入流入地党组织管理）',
  returned: '流动结束（已返回）',
  transferred: '组织关系已转移',
};
const APPRAISAL: Record<string, string> = {
  excellent: '优秀',
  qualified: '合格',
  basically_qualified: '基本合格',
  unqualified: '不合格',
};
const GRADE: Record<string, string> = { good: '好', fair: '较好', needs_attention: '一般（需关注）' };
const REVIEW: Record<string, string> = { passed: '通过', deferred: '暂缓' };

/** Sheet 1: the 流动党员 record, one row per member. */
export const MEMBER_COLUMNS = [
  { header: '序号', width: 6 },
  { header: '姓名', width: 10 },
  { header: '性别', width: 6 },
  { header: '公民身份证号', width: 22 },
  { header: '党员类别', width: 10 },
  { header: '入党日期', width: 12 },
  { header: '联系电话', width: 14 },
  { header: '组织关系所在党组织（流出地）', width: 28 },
  { header: '流出地所在地区', width: 20 },
  { header: '外出日期', width: 10 },
  { header: '外出原因', width: 8 },
  { header: '外出流向（省）', width: 10 },
  { header: '外出流向（市）', width: 10 },
  { header: '外出流向（县、区）', width: 12 },
  { header: '现居住地', width: 20 },
  { header: '工作单位', width: 20 },
  { header: '从事职业', width: 12 },
  { header: '所在行业（GB/T 4754 门类代码）', width: 12 },
  { header: '流入地党组织', width: 28 },
  { header: '纳入流入地管理日期', width: 12 },
  { header: '流动状态', width: 24 },
  { header: '是否失联', width: 8 },
  { header: '失去联系日期', width: 12 },
  { header: '失去联系情形', width: 12 },
] as const;

/** Sheet 2: 《流动党员活动证》 the inflow side fills in, for the export's year. */
export const CARD_COLUMNS = [
  { header: '序号', width: 6 },
  { header: '姓名', width: 10 },
  { header: '公民身份证号', width: 22 },
  { header: '流入地党组织', width: 28 },
  { header: '年度', width: 6 },
  { header: '应参加组织生活次数', width: 10 },
  { header: '参加组织生活次数', width: 10 },
  { header: '请假次数', width: 8 },
  { header: '学习学时', width: 8 },
  { header: '志愿服务时长', width: 10 },
  { header: '民主评议结果', width: 10 },
  { header: '最近一期总体评价', width: 12 },
  { header: '活动证年审', width: 10 },
] as const;

export const MEMBER_SHEET = '流动党员信息';
export const CARD_SHEET = '活动证（流入地填写）';

/** One member's two rows (without their 序号, which the file numbers in order), and whether they hold full numbers. */
export interface ExportedMember {
  memberId: string;
  full: boolean;
  member: ExportCell[];
  card: ExportCell[];
}

/**
 * Full numbers only when the purpose needs them and the asker could read them in full anyway: on
 * the member's inflow side (or above both sides). The outflow side's file stays masked.
 */
export function holdsFullNumbers(access: Access, purpose: ExportPurpose, member: MemberDoc): boolean {
  if (purpose !== 'national_system') return false;
  const side = sideOf(access, member);
  return side === 'inflow' || side === 'above';
}

export async function exportedMember(
  deps: ServiceDeps,
  access: Access,
  params: MemberExportParams,
  member: MemberDoc,
): Promise<ExportedMember> {
  const full = holdsFullNumbers(access, params.purpose, member);
  const card = await cardYearSection(deps, member._id, params.year);
  const idCard = full ? deps.pii.decrypt(member.idCardEnc) : member.idCardMasked;
  const phone = full ? deps.pii.decrypt(member.phoneEnc) : member.phoneMasked;
  const placed = member.status === 'placed';
  const inflowName = placed ? member.inflowBranchName : null;
  const region = member.residence.region;
  const industry = industrySection(member.industry);
  const lost = member.lostContact ?? null;
  const sum = (pick: (p: (typeof card.participation)[number]) => number) =>
    card.participation.reduce((total, entry) => total + pick(entry), 0);
  const latest = card.participation[0] ?? null;
  return {
    memberId: member._id,
    full,
    member: [
      member.name,
      GENDER[member.gender],
      idCard,
      STANDING[member.standing],
      member.joinedPartyOn,
      phone,
      member.outflow.name,
      `${member.outflow.region.province}${member.outflow.region.city}${member.outflow.region.district}`,
      member.leftOn,
      LEAVE_REASON[member.leaveReason],
      region.province,
      region.city,
      region.district,
      member.residence.addressMasked,
      member.workplace,
      member.occupation,
      industry,
      inflowName,
      placed && member.placedAt ? shanghaiDayOf(member.placedAt) : null,
      FLOW_STATUS[member.status],
      lost ? '是' : '否',
      lost ? lost.since : null,
      lost ? LOST_CONTACT_REASON_TEXT[lost.reason] : null,
    ],
    card: [
      member.name,
      idCard,
      inflowName,
      params.year,
      sum((p) => p.meetingsHeld),
      sum((p) => p.meetingsAttended),
      sum((p) => p.leaves),
      latest ? latest.studyHoursThisYear : 0,
      sum((p) => p.volunteerHours),
      card.appraisal ? APPRAISAL[card.appraisal.result] : null,
      latest?.grade ? GRADE[latest.grade] : null,
      card.review ? REVIEW[card.review.result] : null,
    ],
  };
}

/** The two sheets from the members in file order. */
export function exportSheets(members: readonly ExportedMember[]): ExportSheet[] {
  return [
    { name: MEMBER_SHEET, columns: MEMBER_COLUMNS, rows: members.map((m, index) => [index + 1, ...m.member]) },
    { name: CARD_SHEET, columns: CARD_COLUMNS, rows: members.map((m, index) => [index + 1, ...m.card]) },
  ];
}

// ---- the actions -----------------------------------------------------------------------------

function exportNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这次导出', { field: 'jobId' });
}

async function toExportView(deps: ServiceDeps, doc: JobRequestDoc, params: MemberExportParams): Promise<ExportView> {
  const [listed, audit] =
    doc.status === 'done'
      ? await Promise.all([
          deps.files.list(exportFileKey(doc._id), { limit: 1 }),
          deps.store.get<AuditRecord>(COLLECTIONS.auditLog, exportAuditIdFor(doc._id)),
        ])
      : [null, null];
  const stored = listed?.items.find((file) => file.key === exportFileKey(doc._id)) ?? null;
  const rows = audit && audit.action === 'members_exported' ? audit.rows : 0;
  return {
    ...toJobRequestView(doc),
    purpose: params.purpose,
    orgId: params.orgId,
    orgName: params.orgName,
    file: stored
      ? {
          fileName: exportFileName(params),
          size: stored.size,
          sha256: stored.sha256,
          rows,
          parts: Math.max(1, Math.ceil(stored.size / DOWNLOAD_PART_BYTES)),
        }
      : null,
  };
}

export async function startExport(
  ctx: ServiceContext,
  input: ParsedInput<'export.start'>,
): Promise<ActionOutput<'export.start'>> {
  const [org, access] = await Promise.all([requireOrganization(ctx.deps, input.orgId), loadAccess(ctx)]);
  requireManages(access, org.path, () => orgNotFound());
  const params: MemberExportParams = {
    orgId: org._id,
    orgPath: org.path,
    orgName: org.name,
    purpose: input.purpose,
    year: shanghaiYear(ctx.deps.clock),
    day: shanghaiDate(ctx.deps.clock),
  };
  const doc = await requestJob(ctx, MEMBER_EXPORT_JOB, input.requestId, params);
  const stored = memberExportParamsSchema.parse(doc.params);
  // The same requestId again is the same export: asked about another organization or purpose, it is refused.
  if (stored.orgId !== params.orgId || stored.purpose !== params.purpose) {
    throw new AppError('CONFLICT', '这个请求编号已用于另一次导出，请重新发起', { field: 'requestId' });
  }
  return toExportView(ctx.deps, doc, stored);
}

/** The export, for the one who asked or an admin of the exported organization or above; anyone else: NOT_FOUND. */
async function requireSeenExport(ctx: ServiceContext, jobId: string) {
  const doc = await ctx.deps.store.get<JobRequestRecord>(COLLECTIONS.jobRequests, jobId);
  if (!doc || doc.kind !== MEMBER_EXPORT_JOB) throw exportNotFound();
  const params = memberExportParamsSchema.parse(doc.params);
  if (doc.requestedBy !== callerKey(ctx.caller) && !(await loadAccess(ctx)).administers(params.orgPath)) {
    throw exportNotFound();
  }
  return { doc, params };
}

export async function getExport(ctx: ServiceContext, input: ParsedInput<'export.get'>): Promise<ActionOutput<'export.get'>> {
  const { doc, params } = await requireSeenExport(ctx, input.jobId);
  return toExportView(ctx.deps, doc, params);
}

export async function downloadFile(
  ctx: ServiceContext,
  input: ParsedInput<'file.download'>,
): Promise<ActionOutput<'file.download'>> {
  // The file's key follows from the job id: read it together with the request, and hand it out only once the request is seen.
  // Only a request's own id names a file; any other id is missing, and the request's read says so.
  const key = JOB_REQUEST_ID.test(input.jobId) ? exportFileKey(input.jobId) : null;
  const [{ doc, params }, stored] = await Promise.all([
    requireSeenExport(ctx, input.jobId),
    key === null ? null : ctx.deps.files.get(key),
  ]);
  const found = doc.status === 'done' ? stored : null;
  if (!found) throw new AppError('CONFLICT', '文件还在生成，请稍后再下载', { field: 'jobId' });
  const parts = Math.max(1, Math.ceil(found.file.size / DOWNLOAD_PART_BYTES));
  if (input.part >= parts) throw new AppError('BAD_REQUEST', `文件只有 ${parts} 段`, { field: 'part' });
  const start = input.part * DOWNLOAD_PART_BYTES;
  return {
    fileName: exportFileName(params),
    contentType: found.file.contentType,
    size: found.file.size,
    sha256: found.file.sha256,
    part: input.part,
    parts,
    dataBase64: found.content.subarray(start, start + DOWNLOAD_PART_BYTES).toString('base64'),
  };
}
