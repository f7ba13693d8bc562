import { chineseDate } from '../../lib/time';
import { enqueueNotification } from '../notifications';
import { AppError } from '../app-error';
import type { Assessment, Period } from '../../contract/reports';
import type { Settings } from '../../contract/settings';
import { dueDate } from '../../lib/periods';
import { COLLECTIONS } from '../../store/indexes';
import type { StoredDocument, TransactionStore } from '../../store/document-store';
import { insertIfAbsent } from '../../store/saving';
import type { ServiceDeps } from '../context';
import { type MemberDoc, type Placement, placementOf } from '../members';
import type { ReportRecord } from '../records';
import { type FiguresCache, computeFigures } from './figures';

/** The draft report a placed member's branch owes for a period, opened by the jobs function. */

export const EMPTY_ASSESSMENT: Assessment = { thinking: '', conduct: '', needs: '', comment: '', grade: null };

/**
 * The id of one placement's share of a member's period: a member who moves in the middle of a
 * period is reported on by each branch for its part. The first placement's share has the plain
 * id `r_<memberId>_<periodKey>`, as every report has that was drafted before a period could have
 * two shares; a later placement's share adds its number (`…_p2`).
 */
export function reportIdFor(memberId: string, periodKey: string, placementNumber = 1): string {
  const plain = `r_${memberId.slice(2)}_${periodKey}`;
  return placementNumber > 1 ? `${plain}_p${placementNumber}` : plain;
}

/**
 * Whether a stored report is this placement's share. Reports drafted before shares carry no
 * placement number: their branch, and the start of the placement when it ended, tell.
 */
export function isShareOf(report: ReportRecord, placement: Placement): boolean {
  if (report.placementNumber !== undefined) return report.placementNumber === placement.number;
  return report.branchId === placement.branchId && (!report.placementStartedAt || report.placementStartedAt === placement.since);
}

/** Where a placement's share of a period is, or goes, and what is stored there. */
export interface ShareSlot {
  reportId: string;
  existing: StoredDocument<ReportRecord> | null;
}

/**
 * Finds a placement's share of a period. A later placement's share drafted before shares had
 * their own ids sits at the plain id and keeps it; otherwise it goes to its own id, so the
 * share of the branch left earlier in the period is never taken for it.
 */
export async function findShare(
  store: TransactionStore,
  memberId: string,
  periodKey: string,
  placement: Placement,
): Promise<ShareSlot> {
  const plain = reportIdFor(memberId, periodKey);
  if (placement.number <= 1) return { reportId: plain, existing: await store.get<ReportRecord>(COLLECTIONS.reports, plain) };
  const own = reportIdFor(memberId, periodKey, placement.number);
  const [atPlain, atOwn] = await Promise.all([
    store.get<ReportRecord>(COLLECTIONS.reports, plain),
    store.get<ReportRecord>(COLLECTIONS.reports, own),
  ]);
  if (!atOwn && atPlain && isShareOf(atPlain, placement)) return { reportId: plain, existing: atPlain };
  return { reportId: own, existing: atOwn };
}

/** What opening one member's draft for one period did. */
export interface DraftOutcome {
  reportId: string;
  /** False when the draft was already there (a rerun, or the member's report was opened earlier). */
  created: boolean;
  /** When the draft was opened, now or earlier: the job tells its own drafts from older ones by it. */
  createdAt: string;
}

/** A placement that ended: the report counts from its start to its last day. */
export interface EndedPlacement {
  placement: Placement;
  lastDay: string;
}

/**
 * The draft report a branch owes for one member's placement and period, with its figures
 * counted from the records as they stand now. `ended` when the placement ended (the member
 * left, or came home): the report stays owed by that branch and counts only up to the last day.
 */
export async function buildReportDraft(
  deps: ServiceDeps,
  member: MemberDoc,
  placement: Placement,
  period: Period,
  settings: { inflow: Settings; outflow: Settings },
  cache?: FiguresCache,
  ended?: EndedPlacement,
): Promise<ReportRecord> {
  if (!member.outflowPath || !member.outflow.orgId) {
    throw new AppError('BAD_REQUEST', '该党员的流出地党组织不在系统中，无需反馈报告');
  }
  const subject = {
    _id: member._id,
    inflowBranchId: placement.branchId,
    placedAt: placement.since,
    lastDay: ended?.lastDay ?? null,
  };
  const figures = await computeFigures(deps, subject, period, settings.inflow, cache);
  return {
    memberId: member._id,
    memberName: member.name,
    memberStanding: member.standing,
    branchId: placement.branchId,
    branchName: placement.branchName,
    branchPath: placement.branchPath,
    placementNumber: placement.number,
    outflowOrgId: member.outflow.orgId,
    outflowName: member.outflow.name,
    outflowPath: member.outflowPath,
    period,
    periodKey: period.key,
    periodEnd: period.end,
    dueOn: dueDate(period, settings.outflow.reportDueDays),
    placementStartedAt: placement.since,
    ...(ended ? { placementEndedOn: ended.lastDay } : {}),
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
}

/**
 * Opens the draft report a placed member's branch owes for `period`, with its figures counted
 * from the records, unless it exists (the id of the placement's share makes this idempotent).
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
  const placement = placementOf(member);
  if (!placement) {
    throw new AppError('NOT_PLACED', '该党员尚未纳入流入地支部管理');
  }
  const { reportId, existing } = await findShare(deps.store, member._id, period.key, placement);
  if (existing) return { reportId, created: false, createdAt: existing.createdAt };
  const record = await buildReportDraft(deps, member, placement, period, settings, cache);
  // One reminder per branch and period, however many drafts it owes (the id names both); written
  // before the draft, so that a rerun that finds the draft has already told.
  await enqueueNotification(deps.store, {
    kind: 'report_due',
    causeId: period.key,
    to: { kind: 'org', orgId: placement.branchId },
    fields: { subject: `${period.label}反馈报告`, detail: `请在${chineseDate(record.dueOn)}前填写提交`, time: record.dueOn },
    page: `pages/reports-to-write/reports-to-write?branchId=${placement.branchId}`,
    at: record.createdAt,
  });
  // False when a concurrent invocation of the job made it first, at about this moment.
  const created = await insertIfAbsent<ReportRecord>(deps.store, COLLECTIONS.reports, { _id: reportId, ...record });
  return { reportId, created, createdAt: record.createdAt };
}
