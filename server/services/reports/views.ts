import type { ReplyView, ReportRevision, ReportSummary, ReportView } from '../../contract/reports';
import { chineseDate, shanghaiDate, shanghaiDayOf } from '../../lib/time';
import type { StoredDocument, TransactionStore } from '../../store/document-store';
import { COLLECTIONS } from '../../store/indexes';
import type { Side } from '../access';
import { type AppraisalDoc, appraisalIdFor, toAppraisalView } from '../appraisals';
import type { ServiceDeps } from '../context';
import { type MemberDoc, placementOf } from '../members';
import type { AppraisalRecord, MemberRecord, ReplyRecord, ReportRecord, ReportSnapshot } from '../records';
import { SettingsResolver } from '../settings';
import { isShareOf } from './drafts';
import { type FiguresSubject, computeFigures, figuresView } from './figures';

/**
 * What each side reads of a report. The inflow branch (or an admin above it) writes; the outflow
 * organization (or an admin above it) reads, acknowledges and answers; someone above both sides
 * (a province or system admin) only looks.
 */

export type ReportDoc = StoredDocument<ReportRecord>;
export type ReplyDoc = StoredDocument<ReplyRecord>;

/** The part of the period the report counts, when the placement began or ended inside it. */
function shareLabelOf(report: ReportDoc): string | null {
  const placedOn = report.placementStartedAt ? shanghaiDayOf(report.placementStartedAt) : null;
  const from = placedOn && placedOn > report.period.start ? placedOn : report.period.start;
  const to = report.placementEndedOn && report.placementEndedOn < report.period.end ? report.placementEndedOn : report.period.end;
  if (from === report.period.start && to === report.period.end) return null;
  return `在本支部的时段：${chineseDate(from)}至${chineseDate(to)}`;
}

/**
 * The list row. The outflow side is shown what it can read, the last submitted revision, so a
 * correction being written at the branch reads as submitted there and is never "overdue".
 */
export function toReportSummary(report: ReportDoc, today: string, side: Side = 'inflow'): ReportSummary {
  const status = side === 'outflow' && report.revision > 0 ? 'submitted' : report.status;
  return {
    reportId: report._id,
    member: { memberId: report.memberId, name: report.memberName, standing: report.memberStanding },
    branch: { orgId: report.branchId, name: report.branchName },
    outflow: { orgId: report.outflowOrgId, name: report.outflowName },
    period: report.period,
    shareLabel: shareLabelOf(report),
    dueOn: report.dueOn,
    status,
    revision: report.revision,
    correcting: status === 'draft' && report.revision > 0,
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
    figures: figuresView(snapshot.figures),
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

/**
 * Whether the confirmation on record came after the newest revision was submitted. A new
 * submission clears it; records from before that rule may still hold an older confirmation.
 */
export function acknowledgesNewest(report: ReportDoc): boolean {
  if (!report.acknowledgedAt) return false;
  const newest = report.revisions[report.revisions.length - 1];
  return !newest || Date.parse(report.acknowledgedAt) >= Date.parse(newest.submittedAt);
}

export function toReportView(report: ReportDoc, side: Side, today: string, draft: ReportView['draft']): ReportView {
  const acknowledgedNewest = acknowledgesNewest(report);
  return {
    ...toReportSummary(report, today, side),
    side,
    draft: side === 'outflow' ? null : draft,
    revisions: report.revisions.map((snapshot) => toRevision(report, snapshot)).reverse(),
    readByName: report.readByName,
    acknowledgedByName: report.acknowledgedByName,
    acknowledgedNewest,
    can: {
      edit: side === 'inflow' && report.status === 'draft',
      correct: side === 'inflow' && report.status === 'submitted',
      acknowledge: side === 'outflow' && report.revision > 0 && !acknowledgedNewest,
      reply: side !== 'above',
    },
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

/**
 * Reports drafted before they named their placement's start: the figures are about the
 * report's branch, from the member's placement when it is this report's share; a member who
 * moved on before placements had an end is counted from the period's start.
 */
function placedAtFor(report: ReportDoc, member: MemberDoc | null): string | null {
  const placement = member ? placementOf(member) : null;
  return placement && isShareOf(report, placement) ? placement.since : null;
}

/** The year an appraisal recorded for this report is about: the period's. */
function appraisalYearOf(report: ReportDoc): number {
  return Number(report.period.end.slice(0, 4));
}

/**
 * The yearly appraisal that goes home with this report: the period's year, else the year
 * before, whichever has not yet been sent, or was sent by this report (a correction resends it).
 */
export async function appraisalToSend(store: TransactionStore, report: ReportDoc): Promise<AppraisalDoc | null> {
  const year = appraisalYearOf(report);
  const candidates = await Promise.all(
    [year, year - 1].map((candidate) =>
      store.get<AppraisalRecord>(COLLECTIONS.appraisals, appraisalIdFor(report.memberId, candidate)),
    ),
  );
  return candidates.find((doc) => doc && (!doc.sentInReportId || doc.sentInReportId === report._id)) ?? null;
}

/**
 * The figures as the records stand now. The member (for the placement time), the settings and
 * the records counted are read together: the report names the member and the branch.
 */
export async function liveFigures(deps: ServiceDeps, report: ReportDoc) {
  // A report that names its placement's start needs no read of the member.
  const placedAt = report.placementStartedAt
    ? Promise.resolve(report.placementStartedAt)
    : deps.store.get<MemberRecord>(COLLECTIONS.members, report.memberId).then((member) => placedAtFor(report, member));
  const settings = new SettingsResolver(deps).at(report.branchPath);
  if (report.placementEndedOn) {
    // The placement ended in the period: counted from its start to its last day, as the report recorded.
    const ended = { placedAt: report.placementStartedAt ?? null, lastDay: report.placementEndedOn };
    return computeFigures(deps, { _id: report.memberId, inflowBranchId: report.branchId, ...ended }, report.period, settings);
  }
  return computeFigures(deps, { _id: report.memberId, inflowBranchId: report.branchId, placedAt }, report.period, settings);
}

/** What the branch is writing, counted afresh on every read and never stored by a read. */
export async function draftOf(deps: ServiceDeps, report: ReportDoc): Promise<ReportView['draft']> {
  if (report.status !== 'draft') return null;
  const [appraisal, figures] = await Promise.all([appraisalToSend(deps.store, report), liveFigures(deps, report)]);
  return {
    figures,
    assessment: report.draftAssessment,
    appraisal: appraisal ? toAppraisalView(appraisal) : null,
    appraisalYear: appraisal?.year ?? appraisalYearOf(report),
    correctionReason: report.correctionReason,
  };
}

export async function viewFor(deps: ServiceDeps, report: ReportDoc, side: Side): Promise<ReportView> {
  const today = shanghaiDate(deps.clock);
  return toReportView(report, side, today, side === 'outflow' ? null : await draftOf(deps, report));
}
