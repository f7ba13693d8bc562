import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import type { CardParticipation, CardReviewView, CardView } from '../contract/cards';
import type { AppraisalResult } from '../contract/appraisals';
import { shanghaiDate, shanghaiYear } from '../lib/time';
import { type StoredDocument, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { saveVersioned } from '../store/saving';
import { type Access, actingName, loadAccess, sideOf } from './access';
import { findAppraisal } from './appraisals';
import { type ServiceContext, type ServiceDeps, callerKey } from './context';
import { type MemberDoc, memberNotFound, relationTo, requireOwnMember, requireSeenMember } from './members';
import type { CardReviewRecord, MemberRecord, ReportRecord } from './records';
import { currentContact, findContact } from './talks';
import { figuresView } from './reports/figures';

/**
 * The digital 流动党员活动证. The card is the member's own; its code is shown to a secretary,
 * who scans it to see the member's standing, masked. Who sees a card is who has a reason
 * (`relationTo`): the member, the inflow branch (and the branch the member is checking in
 * to), the outflow side; anyone else gets the answer a missing member gets. The participation
 * section is the paper card's: filled by the inflow branch, here from its reports as submitted
 * (figures and the overall grade, never the written assessment or the thread). The yearly
 * review (年审) is the outflow side's, once per member per year.
 */

/** The page a card's code opens; miniprogram/services/pages.ts holds the same string. */
export const CARD_SCAN_PAGE = 'pages/card-scan/card-scan';

/**
 * The member travels in the scene value as the id without its `m_` prefix (22 characters in
 * all, of the 32 allowed). The id is a keyed hash of the OPENID, so it says nothing about the
 * person and cannot be guessed; the scan still answers only to those with a reason.
 */
export function cardScene(memberId: string): string {
  return `m=${memberId.replace(/^m_/, '')}`;
}

function memberIdFromScene(scene: string): string {
  const match = /^m=([A-Za-z0-9_-]{1,30})$/.exec(scene.trim());
  if (!match) throw new AppError('INVALID_CODE', '这不是流动党员活动证的二维码，请换一个码再扫', { field: 'scene' });
  return `m_${match[1]}`;
}

export function cardReviewIdFor(memberId: string, year: number): string {
  return `cr_${memberId}_${year}`;
}

/** Reports shown on the card: a few years of periods at most. */
const PARTICIPATION_LIMIT = 24;
const REVIEW_LIMIT = 10;

function toCardReviewView(doc: StoredDocument<CardReviewRecord>): CardReviewView {
  return {
    reviewId: doc._id,
    year: doc.year,
    result: doc.result,
    note: doc.note,
    appraisal: doc.appraisal,
    recordedOn: doc.recordedOn,
    recordedByName: doc.recordedByName,
    version: doc.version,
  };
}

function participationOf(report: StoredDocument<ReportRecord>): CardParticipation | null {
  const latest = report.revisions[report.revisions.length - 1];
  if (!latest) return null;
  const figures = figuresView(latest.figures);
  return {
    reportId: report._id,
    periodKey: report.periodKey,
    year: Number(report.period.end.slice(0, 4)),
    periodLabel: report.period.label,
    branchName: report.branchName,
    meetingsHeld: figures.meetingsHeld,
    meetingsAttended: figures.meetingsAttended,
    leaves: figures.leaves,
    studyHoursInPeriod: figures.studyHoursInPeriod,
    studyHoursThisYear: figures.studyHoursThisYear,
    volunteerHours: figures.volunteerHours,
    grade: latest.assessment.grade,
    submittedAt: latest.submittedAt,
  };
}

/** The inflow side's section of the card for one year, as the export hands it on: what its reports carried home, the appraisal, the 年审. */
export interface CardYearSection {
  /** The year's submitted reports, newest period first. */
  participation: CardParticipation[];
  appraisal: { result: AppraisalResult; recordedOn: string } | null;
  review: { result: CardReviewRecord['result']; recordedOn: string } | null;
}

export async function cardYearSection(deps: ServiceDeps, memberId: string, year: number): Promise<CardYearSection> {
  const [reports, appraisal, review] = await Promise.all([
    deps.store.find<ReportRecord>(COLLECTIONS.reports, {
      where: { memberId, periodEnd: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } },
      orderBy: [{ field: 'periodEnd', direction: 'desc' }],
      limit: PARTICIPATION_LIMIT,
    }),
    findAppraisal(deps, memberId, year),
    deps.store.get<CardReviewRecord>(COLLECTIONS.cardReviews, cardReviewIdFor(memberId, year)),
  ]);
  return {
    participation: reports.items.flatMap((report) => participationOf(report) ?? []),
    appraisal: appraisal ? { result: appraisal.result, recordedOn: appraisal.recordedOn } : null,
    review: review ? { result: review.result, recordedOn: review.recordedOn } : null,
  };
}

async function buildCard(
  ctx: ServiceContext,
  access: Access | null,
  member: MemberDoc,
  side: CardView['side'],
): Promise<CardView> {
  const { store } = ctx.deps;
  const [contact, reports, reviews] = await Promise.all([
    findContact(ctx.deps, member._id),
    store.find<ReportRecord>(COLLECTIONS.reports, {
      where: { memberId: member._id },
      orderBy: [{ field: 'periodEnd', direction: 'desc' }],
      limit: PARTICIPATION_LIMIT,
    }),
    store.find<CardReviewRecord>(COLLECTIONS.cardReviews, {
      where: { memberId: member._id },
      orderBy: [{ field: 'year', direction: 'desc' }],
      limit: REVIEW_LIMIT,
    }),
  ]);
  return {
    memberId: member._id,
    name: member.name,
    gender: member.gender,
    standing: member.standing,
    status: member.status,
    joinedPartyOn: member.joinedPartyOn,
    outflow: { name: member.outflow.name },
    inflowBranch:
      member.status === 'placed' && member.inflowBranchId && member.inflowBranchName
        ? { orgId: member.inflowBranchId, name: member.inflowBranchName }
        : null,
    contact: currentContact(contact, member),
    participation: reports.items.flatMap((report) => participationOf(report) ?? []),
    reviews: reviews.items.map(toCardReviewView),
    side,
    canReview: access !== null && sideOf(access, member) === 'outflow',
  };
}

export async function myCard(ctx: ServiceContext, _input: ParsedInput<'card.mine'>): Promise<ActionOutput<'card.mine'>> {
  const member = await requireOwnMember(ctx);
  const scene = cardScene(member._id);
  const [card, imageDataUrl] = await Promise.all([
    buildCard(ctx, null, member, 'self'),
    ctx.deps.codeRenderer.render(scene, CARD_SCAN_PAGE),
  ]);
  return { ...card, scene, page: CARD_SCAN_PAGE, imageDataUrl };
}

/** The card for a caller with a reason to see it; everyone else gets NOT_FOUND on `field`. */
async function visibleCard(ctx: ServiceContext, memberId: string, field: string): Promise<CardView> {
  // requireSeenMember's rule, kept here because the card also needs which relation it is.
  const [member, access] = await Promise.all([ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId), loadAccess(ctx)]);
  const relation = member ? await relationTo(ctx, access, member) : null;
  if (!member || !relation) throw memberNotFound(field);
  return buildCard(ctx, access, member, relation);
}

export async function getCard(ctx: ServiceContext, input: ParsedInput<'card.get'>): Promise<ActionOutput<'card.get'>> {
  return visibleCard(ctx, input.memberId, 'memberId');
}

export async function scanCard(ctx: ServiceContext, input: ParsedInput<'card.scan'>): Promise<ActionOutput<'card.scan'>> {
  return visibleCard(ctx, memberIdFromScene(input.scene), 'scene');
}

export async function reviewCard(ctx: ServiceContext, input: ParsedInput<'card.review'>): Promise<ActionOutput<'card.review'>> {
  const access = await loadAccess(ctx);
  const member = await requireSeenMember(ctx, access, input.memberId);
  if (sideOf(access, member) !== 'outflow' || !member.outflow.orgId || !member.outflowPath) {
    throw new AppError('FORBIDDEN', '活动证年审由党员的流出地党组织办理');
  }
  if (input.year > shanghaiYear(ctx.deps.clock)) {
    throw new AppError('BAD_REQUEST', '不能办理还没到的年份的年审', { field: 'year' });
  }
  const id = cardReviewIdFor(member._id, input.year);
  const [existing, appraisal] = await Promise.all([
    ctx.deps.store.get<CardReviewRecord>(COLLECTIONS.cardReviews, id),
    findAppraisal(ctx.deps, member._id, input.year),
  ]);
  // A retried first review answers with what it stored; a different one needs the version.
  if (input.version === null && existing && existing.result === input.result && existing.note === input.note) {
    return toCardReviewView(existing);
  }
  const record: CardReviewRecord = {
    memberId: member._id,
    outflowOrgId: member.outflow.orgId,
    outflowPath: member.outflowPath,
    year: input.year,
    result: input.result,
    note: input.note,
    appraisal: appraisal ? { result: appraisal.result, recordedByName: appraisal.recordedByName } : null,
    recordedOn: shanghaiDate(ctx.deps.clock),
    recordedBy: callerKey(ctx.caller),
    recordedByName: actingName(access, member.outflowPath),
  };
  try {
    return toCardReviewView(await saveVersioned(ctx.deps.store, COLLECTIONS.cardReviews, id, input.version, record));
  } catch (error) {
    if (error instanceof VersionConflictError) {
      throw new AppError('CONFLICT', '这一年的年审刚被其他人办理或修改，请刷新后再看', { field: 'version', cause: error });
    }
    throw error;
  }
}
