import { AppError } from '../app-error';
import type { ActionOutput, Assessment, ParsedInput } from '../../contract';
import { shanghaiDate, timestamp } from '../../lib/time';
import { VersionConflictError } from '../../store/document-store';
import { COLLECTIONS } from '../../store/indexes';
import { actingName } from '../access';
import { type ServiceContext, callerKey } from '../context';
import { postMessage } from '../messages';
import { requireManagedBranch } from '../organizations';
import type { MessageRecord, ReportRecord, ReportSnapshot } from '../records';
import { EMPTY_ASSESSMENT } from './drafts';
import { readInboxEntries, syncInboxEntries } from './inbox-entries';
import { changedElsewhere, finalReport, loadVisible, notFound, requireInflow } from './visibility';
import { type ReportDoc, appraisalToSend, draftOf, liveFigures, toReportSummary, toReportView, viewFor } from './views';

/** The branch's side: the reports it owes, writing the draft, submitting and correcting it. */

export async function reportsToWrite(
  ctx: ServiceContext,
  input: ParsedInput<'report.toWrite'>,
): Promise<ActionOutput<'report.toWrite'>> {
  const { branch } = await requireManagedBranch(ctx, input.branchId);
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

export async function saveReportDraft(
  ctx: ServiceContext,
  input: ParsedInput<'report.saveDraft'>,
): Promise<ActionOutput<'report.saveDraft'>> {
  const { report, side } = await loadVisible(ctx, input.reportId);
  requireInflow(side);
  if (report.version !== input.version) throw changedElsewhere();
  if (report.status !== 'draft') throw finalReport();
  const saved = { ...report, draftAssessment: input.assessment };
  try {
    // The live figures do not depend on the text being saved: they are counted while it is.
    const [version, draft] = await Promise.all([
      ctx.deps.store.update(COLLECTIONS.reports, report._id, input.version, { draftAssessment: input.assessment }),
      draftOf(ctx.deps, saved),
    ]);
    return toReportView({ ...saved, version }, side, shanghaiDate(ctx.deps.clock), draft);
  } catch (error) {
    if (error instanceof VersionConflictError) throw changedElsewhere();
    throw error;
  }
}

/**
 * What a submitted report must carry home: the overall grade and the branch's comment. A draft
 * may be saved half done; submitting is final, so a blank report is refused before it goes.
 */
function requireCompleteAssessment(assessment: Assessment): void {
  if (assessment.grade === null) {
    throw new AppError('ASSESSMENT_REQUIRED', '提交前请选择总体评价', { field: 'assessment.grade' });
  }
  if (assessment.comment.trim() === '') {
    throw new AppError('ASSESSMENT_REQUIRED', '提交前请填写综合意见', { field: 'assessment.comment' });
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
  requireCompleteAssessment(input.assessment);
  // Counted before the transaction, which allows no queries; the version check inside it makes
  // sure nothing about the report moved in between.
  const figures = await liveFigures(ctx.deps, report);
  const now = timestamp(ctx.deps.clock);
  const submittedByName = actingName(access, report.branchPath);
  const revision = report.revision + 1;
  const messageId = `msg_recv_${report._id}_${revision}`;
  try {
    const submitted = await ctx.deps.store.transaction(async (tx) => {
      // Everything the submission writes is read first, together; then it is written together.
      const [current, appraisal, entries, alreadyPosted] = await Promise.all([
        tx.get<ReportRecord>(COLLECTIONS.reports, report._id),
        appraisalToSend(tx, report),
        readInboxEntries(tx, report),
        tx.get<MessageRecord>(COLLECTIONS.messages, messageId),
      ]);
      if (!current) throw notFound();
      if (current.version !== input.version) throw changedElsewhere();
      if (current.status !== 'draft') throw finalReport();
      const marksAppraisal = appraisal !== null && appraisal.sentInReportId !== current._id;
      // The store adds one to a version on every update.
      const appraisalVersion = appraisal ? appraisal.version + (marksAppraisal ? 1 : 0) : 0;
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
        submittedBy: callerKey(ctx.caller),
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
      const [version] = await Promise.all([
        tx.update(COLLECTIONS.reports, current._id, current.version, patch),
        marksAppraisal
          ? tx.update(COLLECTIONS.appraisals, appraisal._id, appraisal.version, { sentInReportId: current._id })
          : null,
        alreadyPosted
          ? null
          : postMessage(tx, messageId, {
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
            }),
        // In the inbox of each organization on the outflow path from the first submission; unread again after a correction.
        syncInboxEntries(tx, { ...current, ...patch }, entries),
      ]);
      const saved: ReportDoc = { ...current, ...patch, version };
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
  const corrected = { ...report, ...patch };
  try {
    const [version, draft] = await Promise.all([
      ctx.deps.store.update(COLLECTIONS.reports, report._id, input.version, patch),
      draftOf(ctx.deps, corrected),
    ]);
    return toReportView({ ...corrected, version }, side, shanghaiDate(ctx.deps.clock), draft);
  } catch (error) {
    if (error instanceof VersionConflictError) throw changedElsewhere();
    throw error;
  }
}
