import { createHash } from 'node:crypto';
import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import type { Assessment, Period, ReplyView, ReportRevision, ReportSummary, ReportView, Settings } from '../contract/joint';
import { dueDate } from '../lib/periods';
import { shanghaiDate, timestamp } from '../lib/time';
import {
  DuplicateIdError,
  type Filter,
  type SortKey,
  type StoredDocument,
  type TransactionStore,
  VersionConflictError,
} from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { type Access, actingName, loadAccess, requireManages } from './access';
import type { ServiceContext, ServiceDeps } from './context';
import type { MemberDoc } from './members';
import { postMessage } from './messages';
import { pathIds, requireBranch, requireOrganization } from './organizations';
import type { AppraisalRecord, InboxEntryRecord, MemberRecord, ReplyRecord, ReportRecord, ReportSnapshot } from './records';
import { type FiguresCache, type FiguresSubject, computeFigures } from './report-figures';
import { SettingsResolver } from './settings';
import { appraisalIdFor, toAppraisalView } from './study';

export type ReportDoc = StoredDocument<ReportRecord>;
export type ReplyDoc = StoredDocument<ReplyRecord>;
type AppraisalDoc = StoredDocument<AppraisalRecord>;

/**
 * Where the caller stands towards a report. The inflow branch (or an admin above it) writes;
 * the outflow organization (or an admin above it) reads, acknowledges and answers; someone
 * above both sides (a province or system admin) only looks.
 */
export type ReportSide = 'inflow' | 'outflow' | 'above';

const EMPTY_ASSESSMENT: Assessment = { thinking: '', conduct: '', needs: '', comment: '', grade: null };

/** The report id for a member and period. */
export function reportIdFor(memberId: string, periodKey: string): string {
  return `r_${memberId.slice(2)}_${periodKey}`;
}

/**
 * The id of a report's entry in one organization's inbox: `ib_`, the organization id (at most
 * 40), `_`, the report id (`r_<20>_<period key>`, at most 31), so at most 75 characters. It is
 * never input, so it may be longer than the contract's 40; neither store limits ids near that.
 */
export function inboxEntryIdFor(orgId: string, reportId: string): string {
  return `ib_${orgId}_${reportId}`;
}

/** The reply id: the same request from the same person is the same reply, so a retry never posts twice. */
export function replyIdFor(reportId: string, openid: string, requestId: string): string {
  return `rp_${createHash('sha256').update(`${reportId}|${openid}|${requestId}`).digest('hex').slice(0, 24)}`;
}

// ---- views ------------------------------------------------------------------------------

/**
 * The list row. The outflow side is shown what it can read, the last submitted revision, so a
 * correction being written at the branch reads as submitted there and is never "overdue".
 */
export function toReportSummary(report: ReportDoc, today: string, side: ReportSide = 'inflow'): ReportSummary {
  const status = side === 'outflow' && report.revision > 0 ? 'submitted' : report.status;
  return {
    reportId: report._id,
    member: { memberId: report.memberId, name: report.memberName, standing: report.memberStanding },
    branch: { orgId: report.branchId, name: report.branchName },
    outflow: { orgId: report.outflowOrgId, name: report.outflowName },
    period: report.period,
    dueOn: report.dueOn,
    status,
    revision: report.revision,
    overdue: status === 'draft' && report.dueOn < today,
    submittedAt: report.submittedAt,
    readAt: report.readAt,
    acknowledgedAt: report.acknowledgedAt,
    replyCount: report.replyCount,
    version: report.version,
  };
}

function toRevision(report: ReportDoc, snapshot: ReportSnapshot): ReportRevision {
  return {
    revision: snapshot.revision,
    figures: snapshot.figures,
    assessment: snapshot.assessment,
    appraisal:
      snapshot.appraisal && snapshot.appraisalId
        ? { appraisalId: snapshot.appraisalId, memberId: report.memberId, ...snapshot.appraisal }
        : null,
    submittedAt: snapshot.submittedAt,
    submittedByName: snapshot.submittedByName,
    correctionReason: snapshot.correctionReason,
  };
}

export function toReportView(report: ReportDoc, side: ReportSide, today: string, draft: ReportView['draft']): ReportView {
  return {
    ...toReportSummary(report, today, side),
    side,
    draft: side === 'outflow' ? null : draft,
    revisions: report.revisions.map((snapshot) => toRevision(report, snapshot)).reverse(),
    readByName: report.readByName,
    acknowledgedByName: report.acknowledgedByName,
  };
}

export function toReplyView(reply: ReplyDoc): ReplyView {
  return {
    replyId: reply._id,
    reportId: reply.reportId,
    side: reply.side,
    authorName: reply.authorName,
    orgName: reply.orgName,
    body: reply.body,
    createdAt: reply.createdAt,
  };
}

// ---- errors and access ------------------------------------------------------------------

function notFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这份反馈报告', { field: 'reportId' });
}

function changedElsewhere(): AppError {
  return new AppError('CONFLICT', '这份报告刚被其他人修改，请刷新后再试');
}

function finalReport(): AppError {
  return new AppError('REPORT_FINAL', '报告已提交，不能再修改；如有错误请发起更正');
}

function notSubmitted(): AppError {
  return new AppError('REPORT_NOT_SUBMITTED', '这份报告还没有提交');
}

function lookOnly(): AppError {
  return new AppError('FORBIDDEN', '上级组织只能查看');
}

export function sideOf(access: Access, report: Pick<ReportRecord, 'branchPath' | 'outflowPath'>): ReportSide | null {
  const inflow = access.manages(report.branchPath);
  const outflow = access.manages(report.outflowPath);
  if (inflow && outflow) return 'above';
  if (inflow) return 'inflow';
  if (outflow) return 'outflow';
  return null;
}

/** The report and the caller's side; "missing" and "not yours" are one answer, so ids cannot be probed. */
async function loadVisible(
  ctx: ServiceContext,
  reportId: string,
): Promise<{ report: ReportDoc; access: Access; side: ReportSide }> {
  const report = await ctx.deps.store.get<ReportRecord>(COLLECTIONS.reports, reportId);
  if (!report) throw notFound();
  const access = await loadAccess(ctx);
  const side = sideOf(access, report);
  if (!side) throw notFound();
  return { report, access, side };
}

function requireInflow(side: ReportSide): void {
  if (side === 'above') throw lookOnly();
  if (side === 'outflow') throw new AppError('FORBIDDEN', '反馈报告由流入地党支部填写，流出地组织可以查看、确认和留言');
}

function requireOutflow(side: ReportSide): void {
  if (side === 'above') throw lookOnly();
  if (side === 'inflow') throw new AppError('FORBIDDEN', '只有流出地党组织可以确认收到');
}

// ---- the inbox entries ----------------------------------------------------------------------

/**
 * Puts a submitted report in the inbox of every organization on its outflow path (the outflow
 * organization and each one above it), or brings the entries there in step with it. Called
 * inside the transaction that changes the report's `readRank` (a submission makes it unread, an
 * open or an acknowledgement read), so an inbox never disagrees with its reports. Each entry is
 * read by id and then inserted or updated by compare-and-set, the only writes a transaction has.
 */
async function syncInboxEntries(tx: TransactionStore, report: ReportDoc): Promise<void> {
  for (const orgId of pathIds(report.outflowPath)) {
    const id = inboxEntryIdFor(orgId, report._id);
    const entry: InboxEntryRecord = {
      orgId,
      reportId: report._id,
      memberId: report.memberId,
      memberName: report.memberName,
      readRank: report.readRank,
      periodEnd: report.periodEnd,
      periodKey: report.periodKey,
    };
    const existing = await tx.get<InboxEntryRecord>(COLLECTIONS.inboxEntries, id);
    if (!existing) {
      await tx.insert<InboxEntryRecord>(COLLECTIONS.inboxEntries, { _id: id, ...entry });
      continue;
    }
    const patch: Partial<InboxEntryRecord> = {};
    for (const field of Object.keys(entry) as (keyof InboxEntryRecord)[]) {
      if (existing[field] !== entry[field]) Object.assign(patch, { [field]: entry[field] });
    }
    if (Object.keys(patch).length > 0) await tx.update(COLLECTIONS.inboxEntries, id, existing.version, patch);
  }
}

// ---- figures, appraisal and the draft -----------------------------------------------------

/**
 * The figures are about the report's branch. A member who has since moved on is counted from
 * the period's start, as the old placement time is no longer on the member.
 */
function subjectFor(report: ReportDoc, member: MemberDoc | null): FiguresSubject {
  if (member && member.inflowBranchId === report.branchId) return member;
  return { _id: report.memberId, inflowBranchId: report.branchId, placedAt: null };
}

/**
 * The yearly appraisal that goes home with this report: the period's year, else the year
 * before, whichever has not yet been sent, or was sent by this report (a correction resends it).
 */
async function appraisalToSend(store: TransactionStore, report: ReportDoc): Promise<AppraisalDoc | null> {
  const year = Number(report.period.end.slice(0, 4));
  for (const candidate of [year, year - 1]) {
    const doc = await store.get<AppraisalRecord>(COLLECTIONS.appraisals, appraisalIdFor(report.memberId, candidate));
    if (doc && (!doc.sentInReportId || doc.sentInReportId === report._id)) return doc;
  }
  return null;
}

async function liveFigures(deps: ServiceDeps, report: ReportDoc) {
  const settings = await new SettingsResolver(deps).at(report.branchPath);
  const member = await deps.store.get<MemberRecord>(COLLECTIONS.members, report.memberId);
  return computeFigures(deps, subjectFor(report, member), report.period, settings);
}

/** What the branch is writing, counted afresh on every read and never stored by a read. */
async function draftOf(deps: ServiceDeps, report: ReportDoc): Promise<ReportView['draft']> {
  if (report.status !== 'draft') return null;
  const appraisal = await appraisalToSend(deps.store, report);
  return {
    figures: await liveFigures(deps, report),
    assessment: report.draftAssessment,
    appraisal: appraisal ? toAppraisalView(appraisal) : null,
    correctionReason: report.correctionReason,
  };
}

async function viewFor(deps: ServiceDeps, report: ReportDoc, side: ReportSide): Promise<ReportView> {
  const today = shanghaiDate(deps.clock);
  return toReportView(report, side, today, side === 'outflow' ? null : await draftOf(deps, report));
}

// ---- the job's entry ----------------------------------------------------------------------

/** What opening one member's draft for one period did. */
export interface DraftOutcome {
  reportId: string;
  /** False when the draft was already there (a rerun, or the member's report was opened earlier). */
  created: boolean;
}

/**
 * Opens the draft report a placed member's branch owes for `period`, with its figures counted
 * from the records, unless it exists (the id `r_<memberId>_<periodKey>` makes this idempotent).
 * Used by the jobs function; `inflow`/`outflow` are the settings in force at the branch and at
 * the member's outflow organization. A batch passes one `cache` for all its members.
 */
export async function openReportDraft(
  deps: ServiceDeps,
  member: MemberDoc,
  period: Period,
  settings: { inflow: Settings; outflow: Settings },
  cache?: FiguresCache,
): Promise<DraftOutcome> {
  if (!member.outflowPath || !member.outflow.orgId) {
    throw new AppError('BAD_REQUEST', '该党员的流出地党组织不在系统中，无需反馈报告');
  }
  if (!member.inflowBranchId || !member.inflowBranchName || !member.inflowPath) {
    throw new AppError('NOT_PLACED', '该党员尚未纳入流入地支部管理');
  }
  const reportId = reportIdFor(member._id, period.key);
  if (await deps.store.get<ReportRecord>(COLLECTIONS.reports, reportId)) return { reportId, created: false };
  const figures = await computeFigures(deps, member, period, settings.inflow, cache);
  const record: ReportRecord = {
    memberId: member._id,
    memberName: member.name,
    memberStanding: member.standing,
    branchId: member.inflowBranchId,
    branchName: member.inflowBranchName,
    branchPath: member.inflowPath,
    outflowOrgId: member.outflow.orgId,
    outflowName: member.outflow.name,
    outflowPath: member.outflowPath,
    period,
    periodKey: period.key,
    periodEnd: period.end,
    dueOn: dueDate(period, settings.outflow.reportDueDays),
    status: 'draft',
    revision: 0,
    draftFigures: figures,
    draftAssessment: { ...EMPTY_ASSESSMENT },
    correctionReason: null,
    revisions: [],
    submittedAt: null,
    readRank: 0,
    readAt: null,
    readByName: null,
    acknowledgedAt: null,
    acknowledgedByName: null,
    replyCount: 0,
    createdAt: figures.computedAt,
  };
  try {
    await deps.store.insert<ReportRecord>(COLLECTIONS.reports, { _id: reportId, ...record });
  } catch (error) {
    // A concurrent run of the job made it first.
    if (error instanceof DuplicateIdError) return { reportId, created: false };
    throw error;
  }
  return { reportId, created: true };
}

// ---- the branch's side --------------------------------------------------------------------

export async function reportsToWrite(
  ctx: ServiceContext,
  input: ParsedInput<'report.toWrite'>,
): Promise<ActionOutput<'report.toWrite'>> {
  const branch = await requireBranch(ctx.deps, input.branchId);
  requireManages(await loadAccess(ctx), branch.path, '只能查看本支部要写的反馈报告');
  const page = await ctx.deps.store.find<ReportRecord>(COLLECTIONS.reports, {
    where: { branchId: branch._id, status: input.status },
    // Drafts: the most urgent first. Submitted: the latest first.
    orderBy: [{ field: 'dueOn', direction: input.status === 'draft' ? 'asc' : 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  const today = shanghaiDate(ctx.deps.clock);
  return { items: page.items.map((report) => toReportSummary(report, today, 'inflow')), nextCursor: page.nextCursor };
}

export async function getReport(ctx: ServiceContext, input: ParsedInput<'report.get'>): Promise<ActionOutput<'report.get'>> {
  const { report, access, side } = await loadVisible(ctx, input.reportId);
  if (side !== 'outflow') return viewFor(ctx.deps, report, side);
  if (report.revision < 1) throw notFound();
  return viewFor(ctx.deps, await markRead(ctx, access, report), side);
}

/**
 * Opening a report on the outflow side is reading it, in the report and in every inbox it is in;
 * someone above both sides never marks it.
 */
async function markRead(ctx: ServiceContext, access: Access, report: ReportDoc): Promise<ReportDoc> {
  let current: ReportDoc | null = report;
  // A concurrent open, reply or acknowledgement may move the version: read again and retry.
  for (let attempt = 0; attempt < 3 && current && current.readRank === 0; attempt += 1) {
    const seen: ReportDoc = current;
    const patch = { readRank: 1 as const, readAt: timestamp(ctx.deps.clock), readByName: actingName(access, seen.outflowPath) };
    try {
      return await ctx.deps.store.transaction(async (tx) => {
        const version = await tx.update(COLLECTIONS.reports, seen._id, seen.version, patch);
        const saved: ReportDoc = { ...seen, ...patch, version };
        await syncInboxEntries(tx, saved);
        return saved;
      });
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      current = await ctx.deps.store.get<ReportRecord>(COLLECTIONS.reports, report._id);
    }
  }
  return current ?? report;
}

export async function saveReportDraft(
  ctx: ServiceContext,
  input: ParsedInput<'report.saveDraft'>,
): Promise<ActionOutput<'report.saveDraft'>> {
  const { report, side } = await loadVisible(ctx, input.reportId);
  requireInflow(side);
  if (report.version !== input.version) throw changedElsewhere();
  if (report.status !== 'draft') throw finalReport();
  try {
    const version = await ctx.deps.store.update(COLLECTIONS.reports, report._id, input.version, {
      draftAssessment: input.assessment,
    });
    return viewFor(ctx.deps, { ...report, draftAssessment: input.assessment, version }, side);
  } catch (error) {
    if (error instanceof VersionConflictError) throw changedElsewhere();
    throw error;
  }
}

export async function submitReport(
  ctx: ServiceContext,
  input: ParsedInput<'report.submit'>,
): Promise<ActionOutput<'report.submit'>> {
  const { report, access, side } = await loadVisible(ctx, input.reportId);
  requireInflow(side);
  if (report.version !== input.version) throw changedElsewhere();
  if (report.status !== 'draft') throw finalReport();
  // Counted before the transaction, which allows no queries; the version check inside it makes
  // sure nothing about the report moved in between.
  const figures = await liveFigures(ctx.deps, report);
  const now = timestamp(ctx.deps.clock);
  const submittedByName = actingName(access, report.branchPath);
  try {
    const submitted = await ctx.deps.store.transaction(async (tx) => {
      const current = await tx.get<ReportRecord>(COLLECTIONS.reports, report._id);
      if (!current) throw notFound();
      if (current.version !== input.version) throw changedElsewhere();
      if (current.status !== 'draft') throw finalReport();
      const appraisal = await appraisalToSend(tx, current);
      let appraisalVersion = appraisal?.version ?? 0;
      if (appraisal && appraisal.sentInReportId !== current._id) {
        appraisalVersion = await tx.update(COLLECTIONS.appraisals, appraisal._id, appraisal.version, {
          sentInReportId: current._id,
        });
      }
      const revision = current.revision + 1;
      const snapshot: ReportSnapshot = {
        revision,
        figures,
        assessment: input.assessment,
        appraisalId: appraisal?._id ?? null,
        appraisal: appraisal
          ? {
              result: appraisal.result,
              note: appraisal.note,
              year: appraisal.year,
              recordedOn: appraisal.recordedOn,
              recordedByName: appraisal.recordedByName,
              version: appraisalVersion,
            }
          : null,
        submittedAt: now,
        submittedBy: ctx.caller.openid,
        submittedByName,
        correctionReason: current.correctionReason,
      };
      // A new revision is news to the outflow side: unread and unacknowledged again.
      const patch = {
        status: 'submitted' as const,
        revision,
        revisions: [...current.revisions, snapshot],
        draftFigures: figures,
        draftAssessment: input.assessment,
        correctionReason: null,
        submittedAt: now,
        readRank: 0 as const,
        readAt: null,
        readByName: null,
        acknowledgedAt: null,
        acknowledgedByName: null,
      };
      const version = await tx.update(COLLECTIONS.reports, current._id, current.version, patch);
      await postMessage(tx, `msg_recv_${current._id}_${revision}`, {
        orgId: current.outflowOrgId,
        orgPath: current.outflowPath,
        kind: 'report_received',
        title: `${current.outflowName}收到${current.memberName}${current.period.label}的反馈`,
        body:
          revision === 1
            ? `${current.branchName}已提交${current.memberName}${current.period.label}的反馈报告，请查看。`
            : `${current.branchName}更正了${current.memberName}${current.period.label}的反馈报告（第 ${revision} 版），更正原因：${current.correctionReason ?? '未说明'}。`,
        reportId: current._id,
        memberId: current.memberId,
        createdAt: now,
      });
      const saved: ReportDoc = { ...current, ...patch, version };
      // In the inbox of each organization on the outflow path from the first submission; unread again after a correction.
      await syncInboxEntries(tx, saved);
      return saved;
    });
    return viewFor(ctx.deps, submitted, side);
  } catch (error) {
    if (error instanceof VersionConflictError) throw changedElsewhere();
    throw error;
  }
}

export async function correctReport(
  ctx: ServiceContext,
  input: ParsedInput<'report.correct'>,
): Promise<ActionOutput<'report.correct'>> {
  const { report, side } = await loadVisible(ctx, input.reportId);
  requireInflow(side);
  if (report.version !== input.version) throw changedElsewhere();
  if (report.status !== 'submitted') {
    throw new AppError(
      'REPORT_NOT_SUBMITTED',
      report.revision > 0 ? '这份报告正在更正，请在草稿中修改后提交' : '报告还没有提交，直接修改草稿即可',
    );
  }
  const last = report.revisions[report.revisions.length - 1];
  // The submitted revisions stay as they are: the outflow side keeps reading the last one
  // until the corrected one is submitted.
  const patch = {
    status: 'draft' as const,
    correctionReason: input.reason,
    draftAssessment: last ? last.assessment : { ...EMPTY_ASSESSMENT },
  };
  try {
    const version = await ctx.deps.store.update(COLLECTIONS.reports, report._id, input.version, patch);
    return viewFor(ctx.deps, { ...report, ...patch, version }, side);
  } catch (error) {
    if (error instanceof VersionConflictError) throw changedElsewhere();
    throw error;
  }
}

// ---- the outflow side ---------------------------------------------------------------------

/**
 * The organization's own inbox entries, one index range in the inbox's order (no sort of the
 * reports below the organization), then the page's reports in one query by id.
 */
export async function reportInbox(
  ctx: ServiceContext,
  input: ParsedInput<'report.inbox'>,
): Promise<ActionOutput<'report.inbox'>> {
  const org = await requireOrganization(ctx.deps, input.orgId);
  requireManages(await loadAccess(ctx), org.path, '只能查看本组织及下级组织收到的反馈');
  const where: Filter = {
    orgId: org._id,
    ...(input.unreadOnly ? { readRank: 0 } : {}),
    ...(input.periodKey ? { periodKey: input.periodKey } : {}),
    ...(input.memberId ? { memberId: input.memberId } : {}),
  };
  // Unread first, the newest period first, then by member. A key the filter fixes (readRank
  // when only unread ones are asked for, periodEnd within one period) is left out of the order,
  // so the index serves it as it stands: SQLite sorts again when an ordered expression is also
  // fixed by equality.
  const orderBy: SortKey[] = [
    ...(input.unreadOnly ? [] : [{ field: 'readRank', direction: 'asc' } as const]),
    ...(input.periodKey ? [] : [{ field: 'periodEnd', direction: 'desc' } as const]),
    { field: 'memberName', direction: 'asc' },
  ];
  const page = await ctx.deps.store.find<InboxEntryRecord>(COLLECTIONS.inboxEntries, {
    where,
    orderBy,
    limit: input.limit,
    cursor: input.cursor,
  });
  const ids = page.items.map((entry) => entry.reportId);
  const reports =
    ids.length === 0
      ? []
      : (await ctx.deps.store.find<ReportRecord>(COLLECTIONS.reports, { where: { _id: { $in: ids } }, limit: ids.length })).items;
  const byId = new Map(reports.map((report) => [report._id, report]));
  const today = shanghaiDate(ctx.deps.clock);
  const items = ids.flatMap((id) => {
    const report = byId.get(id);
    return report ? [toReportSummary(report, today, 'outflow')] : [];
  });
  return { items, nextCursor: page.nextCursor };
}

export async function acknowledgeReport(
  ctx: ServiceContext,
  input: ParsedInput<'report.acknowledge'>,
): Promise<ActionOutput<'report.acknowledge'>> {
  const { report, access, side } = await loadVisible(ctx, input.reportId);
  requireOutflow(side);
  if (report.revision < 1) throw notSubmitted();
  // A retried tap answers with what the first one did.
  if (report.acknowledgedAt) return viewFor(ctx.deps, report, side);
  if (report.version !== input.version) throw changedElsewhere();
  const now = timestamp(ctx.deps.clock);
  const name = actingName(access, report.outflowPath);
  try {
    const acknowledged = await ctx.deps.store.transaction(async (tx) => {
      const current = await tx.get<ReportRecord>(COLLECTIONS.reports, report._id);
      if (!current) throw notFound();
      if (current.version !== input.version) throw changedElsewhere();
      const patch = {
        acknowledgedAt: now,
        acknowledgedByName: name,
        ...(current.readRank === 0 ? { readRank: 1 as const, readAt: now, readByName: name } : {}),
      };
      const version = await tx.update(COLLECTIONS.reports, current._id, current.version, patch);
      await postMessage(tx, `msg_ack_${current._id}_${current.revision}`, {
        orgId: current.branchId,
        orgPath: current.branchPath,
        kind: 'report_acknowledged',
        title: `${current.outflowName}已确认收到${current.memberName}${current.period.label}的反馈`,
        body: `${name ?? current.outflowName}确认收到了第 ${current.revision} 版反馈报告。`,
        reportId: current._id,
        memberId: current.memberId,
        createdAt: now,
      });
      const saved: ReportDoc = { ...current, ...patch, version };
      await syncInboxEntries(tx, saved);
      return saved;
    });
    return viewFor(ctx.deps, acknowledged, side);
  } catch (error) {
    if (error instanceof VersionConflictError) throw changedElsewhere();
    throw error;
  }
}

// ---- the thread between the two sides -----------------------------------------------------

export async function reportThread(
  ctx: ServiceContext,
  input: ParsedInput<'report.thread'>,
): Promise<ActionOutput<'report.thread'>> {
  const { report, side } = await loadVisible(ctx, input.reportId);
  if (side === 'outflow' && report.revision < 1) throw notFound();
  const page = await ctx.deps.store.find<ReplyRecord>(COLLECTIONS.replies, {
    where: { reportId: report._id },
    orderBy: [{ field: 'createdAt', direction: 'asc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toReplyView), nextCursor: page.nextCursor };
}

const REPLY_ATTEMPTS = 5;

export async function replyToReport(
  ctx: ServiceContext,
  input: ParsedInput<'report.reply'>,
): Promise<ActionOutput<'report.reply'>> {
  const { report, access, side } = await loadVisible(ctx, input.reportId);
  if (side === 'above') throw lookOnly();
  if (report.revision < 1) throw notSubmitted();
  const replyId = replyIdFor(report._id, ctx.caller.openid, input.requestId);
  const existing = await ctx.deps.store.get<ReplyRecord>(COLLECTIONS.replies, replyId);
  if (existing) return toReplyView(existing);

  const orgName = side === 'inflow' ? report.branchName : report.outflowName;
  const record: ReplyRecord = {
    reportId: report._id,
    side,
    authorOpenid: ctx.caller.openid,
    authorName: actingName(access, side === 'inflow' ? report.branchPath : report.outflowPath) ?? orgName,
    orgName,
    body: input.body,
    createdAt: timestamp(ctx.deps.clock),
  };
  const to =
    side === 'inflow'
      ? { orgId: report.outflowOrgId, orgPath: report.outflowPath }
      : { orgId: report.branchId, orgPath: report.branchPath };
  const attempt = () =>
    ctx.deps.store.transaction(async (tx) => {
      const again = await tx.get<ReplyRecord>(COLLECTIONS.replies, replyId);
      if (again) return again;
      const current = await tx.get<ReportRecord>(COLLECTIONS.reports, report._id);
      if (!current) throw notFound();
      const inserted = await tx.insert<ReplyRecord>(COLLECTIONS.replies, { _id: replyId, ...record });
      await tx.update(COLLECTIONS.reports, current._id, current.version, { replyCount: current.replyCount + 1 });
      await postMessage(tx, `msg_reply_${replyId}`, {
        ...to,
        kind: 'report_replied',
        title: `${orgName}在${current.memberName}${current.period.label}的反馈下留言`,
        body: record.body,
        reportId: current._id,
        memberId: current.memberId,
        createdAt: record.createdAt,
      });
      return inserted;
    });
  // Other replies, opens and acknowledgements move the report's version; the reply itself is
  // keyed by its id, so trying again is safe.
  for (let tries = 1; ; tries += 1) {
    try {
      return toReplyView(await attempt());
    } catch (error) {
      if (error instanceof DuplicateIdError) {
        const made = await ctx.deps.store.get<ReplyRecord>(COLLECTIONS.replies, replyId);
        if (made) return toReplyView(made);
      }
      if (!(error instanceof VersionConflictError) || tries >= REPLY_ATTEMPTS) throw error;
    }
  }
}

// ---- one member over time -----------------------------------------------------------------

export async function reportHistory(
  ctx: ServiceContext,
  input: ParsedInput<'report.history'>,
): Promise<ActionOutput<'report.history'>> {
  const member = await ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, input.memberId);
  const hidden = new AppError('NOT_FOUND', '找不到这名党员', { field: 'memberId' });
  if (!member) throw hidden;
  const access = await loadAccess(ctx);
  const inflow = member.inflowPath !== null && access.manages(member.inflowPath);
  const outflow = member.outflowPath !== null && access.manages(member.outflowPath);
  if (!inflow && !outflow) throw hidden;
  // The outflow side never sees a draft that has not been sent.
  const side: ReportSide = inflow ? (outflow ? 'above' : 'inflow') : 'outflow';
  const page = await ctx.deps.store.find<ReportRecord>(COLLECTIONS.reports, {
    where: side === 'outflow' ? { memberId: member._id, revision: { $gte: 1 } } : { memberId: member._id },
    orderBy: [{ field: 'periodEnd', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  const today = shanghaiDate(ctx.deps.clock);
  return {
    member: { memberId: member._id, name: member.name, standing: member.standing },
    items: page.items.map((report) => toReportSummary(report, today, side)),
    nextCursor: page.nextCursor,
  };
}
