import {
  type ActionOutput,
  FIGURE_KEYS,
  type FigureCounts,
  type FigureKey,
  type FigureMember,
  type OrgFigures,
  type ParsedInput,
} from '../contract';
import { shanghaiDayOf } from '../lib/time';
import type { Filter, StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { loadAccess, requireManages } from './access';
import type { ServiceContext, ServiceDeps } from './context';
import { lifeFlagId, silenceSince } from './life';
import { type MemberDoc, placementOf } from './members';
import { type OrganizationDoc, orgNotFound, pathIds, requireOrganization, underPath } from './organizations';
import type {
  CheckinRecord,
  FigureMemberRecord,
  LifeFlagRecord,
  MemberRecord,
  OrgFiguresRecord,
  ReportRecord,
  ToFindRecord,
} from './records';
import { type FiguresCache, cached } from './reports/figures';
import type { SettingsResolver } from './settings';
import { loadStudyEntries, loadStudyPlan, studyProgress } from './study-progress';

/**
 * The organization department's figures by subtree. What one member counts in is decided here,
 * once ({@link memberFigures}); the nightly figures run (`server/jobs/org-figures.ts`) counts it
 * for every organization on the member's paths and keeps one document per organization, so a
 * view reads one document and a page of its children, never the records behind them.
 */

export function emptyCounts(): FigureCounts {
  return Object.fromEntries(FIGURE_KEYS.map((key) => [key, 0])) as FigureCounts;
}

/** `into` plus `times` × `add`, in place. */
export function addCounts(into: FigureCounts, add: Partial<Record<FigureKey, number>>, times = 1): FigureCounts {
  for (const key of FIGURE_KEYS) into[key] += (add[key] ?? 0) * times;
  return into;
}

/** One member's figures as counts: 1 for each figure the member counts in. */
export function countsOfFigures(figures: ReadonlySet<FigureKey>): FigureCounts {
  const counts = emptyCounts();
  for (const key of figures) counts[key] = 1;
  return counts;
}

/** What the evaluation of one member reads once per run: settings and study plans per branch. */
export interface FiguresReadContext {
  deps: ServiceDeps;
  /** Today in Shanghai, fixed for the run. */
  today: string;
  settings: SettingsResolver;
  figures: FiguresCache;
}

/** One member as the figures see them: where the member counts and what in. */
export interface MemberFigures {
  /** The distinct paths the member counts under: inflow branch, outflow organization, open check-in's branch. */
  paths: string[];
  checkinPath: string | null;
  figures: Set<FigureKey>;
}

/** Reports looked at for the latest one due: a member has one per period, the newest few suffice. */
const RECENT_REPORTS = 4;

async function latestDueReport(deps: ServiceDeps, memberId: string, today: string): Promise<ReportRecord | null> {
  const page = await deps.store.find<ReportRecord>(COLLECTIONS.reports, {
    where: { memberId },
    orderBy: [{ field: 'periodEnd', direction: 'desc' }],
    limit: RECENT_REPORTS,
  });
  return page.items.find((report) => report.dueOn <= today) ?? null;
}

async function openCheckinPath(deps: ServiceDeps, member: MemberRecord): Promise<string | null> {
  if (!member.openCheckinId) return null;
  const checkin = await deps.store.get<CheckinRecord>(COLLECTIONS.checkins, member.openCheckinId);
  return checkin && checkin.status === 'pending' ? checkin.branchPath : null;
}

/**
 * The no-life clock's flags for the silence running now: the flags are raised per silence, so a
 * member who has attended since is no longer flagged, without anyone clearing anything.
 */
async function currentLifeFlags(deps: ServiceDeps, member: MemberDoc, placedOn: string) {
  const since = await silenceSince(deps, member, placedOn);
  const [warning, escalation] = await Promise.all([
    deps.store.get<LifeFlagRecord>(COLLECTIONS.lifeFlags, lifeFlagId(member._id, 'warning', since)),
    deps.store.get<LifeFlagRecord>(COLLECTIONS.lifeFlags, lifeFlagId(member._id, 'escalation', since)),
  ]);
  return { warned: warning !== null, escalated: escalation !== null };
}

async function studyOnTrack(ctx: FiguresReadContext, member: MemberDoc, branchId: string, branchPath: string) {
  const year = Number(ctx.today.slice(0, 4));
  const [plan, entries, settings] = await Promise.all([
    cached(ctx.figures.plans, `${branchId}|${year}`, () => loadStudyPlan(ctx.deps, branchId, year)),
    loadStudyEntries(ctx.deps, member._id, year),
    ctx.settings.at(branchPath),
  ]);
  return !studyProgress({ plan, entries, year, asOf: ctx.today, defaultTargetHours: settings.studyTargetHours }).behind;
}

/**
 * What one member counts in today. The member's record answers most; a placed member's silence,
 * study and latest report are read (in parallel: on CloudBase each read is a round trip).
 */
export async function memberFigures(ctx: FiguresReadContext, member: MemberDoc): Promise<MemberFigures> {
  const figures = new Set<FigureKey>(['registered', 'known']);
  const placement = placementOf(member);
  const [checkinPath, report, life, onTrack] = await Promise.all([
    openCheckinPath(ctx.deps, member),
    latestDueReport(ctx.deps, member._id, ctx.today),
    placement ? currentLifeFlags(ctx.deps, member, shanghaiDayOf(placement.since)) : null,
    placement ? studyOnTrack(ctx, member, placement.branchId, placement.branchPath) : false,
  ]);
  if (member.checkinCount > 0) figures.add('checkedIn');
  if (placement) figures.add('placed');
  if (member.status === 'returned') figures.add('returned');
  if (member.status === 'transferred') figures.add('transferred');
  if (member.lostContact) figures.add('lost');
  if (life?.warned) figures.add('lifeWarned');
  if (life?.escalated) figures.add('lifeEscalated');
  if (onTrack) figures.add('studyOnTrack');
  if (report) {
    figures.add('reportDue');
    const first = report.revisions[0];
    if (first) {
      figures.add('reportSent');
      if (shanghaiDayOf(first.submittedAt) <= report.dueOn) figures.add('reportSentOnTime');
    }
    if (report.readAt !== null) figures.add('reportRead');
  }
  const paths = [...new Set([member.inflowPath, member.outflowPath, checkinPath].filter((p): p is string => p !== null))];
  return { paths, checkinPath: checkinPath !== member.inflowPath ? checkinPath : null, figures };
}

/** The deepest organization on every one of `paths`, or null when they share none. */
function meetingPath(paths: readonly string[]): string | null {
  const [first, ...rest] = paths.map(pathIds);
  const shared: string[] = [];
  for (let depth = 0; depth < first.length; depth += 1) {
    if (rest.some((ids) => ids[depth] !== first[depth])) break;
    shared.push(first[depth]);
  }
  return shared.length === 0 ? null : `/${shared.join('/')}/`;
}

const lastId = (path: string) => {
  const ids = pathIds(path);
  return ids[ids.length - 1];
};

/**
 * How one member adds to the organizations' counts. `own`: +1 for each distinct organization the
 * member is attached to. `weight`: summed over a subtree it gives the members with any path
 * through it, each once: +1 at each attached organization, and by inclusion-exclusion −1 where
 * two paths meet (+1 where three do), since the organizations above both of two paths are those
 * above the deepest one they share.
 */
export function contributionsOf(paths: readonly string[]): { own: Map<string, number>; weight: Map<string, number> } {
  const own = new Map<string, number>();
  for (const path of paths) own.set(lastId(path), 1);
  const weight = new Map<string, number>();
  const subsets = (1 << paths.length) - 1;
  for (let mask = 1; mask <= subsets; mask += 1) {
    const chosen = paths.filter((_, index) => (mask & (1 << index)) !== 0);
    const meeting = meetingPath(chosen);
    if (meeting === null) continue;
    const sign = chosen.length % 2 === 1 ? 1 : -1;
    const orgId = lastId(meeting);
    weight.set(orgId, (weight.get(orgId) ?? 0) + sign);
  }
  return { own, weight };
}

/**
 * What one movement-list record counts in, under the organization responsible for it: `listed`
 * always, `toFind` while it is 待找, `known` unless it is linked to a registered member (who is
 * counted as the member, once).
 */
export function listedFigures(record: Pick<ToFindRecord, 'status' | 'memberId'>): Set<FigureKey> {
  const figures = new Set<FigureKey>(['listed']);
  if (record.status === 'open') figures.add('toFind');
  if (record.memberId === null) figures.add('known');
  return figures;
}

// ---- the views -------------------------------------------------------------------------

export const orgFiguresIdFor = (orgId: string) => `of_${orgId}`;
export const figureMemberIdFor = (memberId: string) => `fm_${memberId}`;

function toOrgFigures(org: Pick<OrganizationDoc, '_id' | 'name' | 'kind'>, doc: OrgFiguresRecord | null): OrgFigures {
  return {
    orgId: org._id,
    name: org.name,
    kind: org.kind,
    own: doc ? { ...emptyCounts(), ...doc.own } : emptyCounts(),
    subtree: doc ? { ...emptyCounts(), ...doc.subtree } : emptyCounts(),
  };
}

/** The organization, when the caller manages it (a secretary their branch, an admin theirs and below); else NOT_FOUND. */
async function requireManagedSubtree(ctx: ServiceContext, orgId: string): Promise<OrganizationDoc> {
  const [org, access] = await Promise.all([requireOrganization(ctx.deps, orgId), loadAccess(ctx)]);
  requireManages(access, org.path, () => orgNotFound());
  return org;
}

export async function getFigures(ctx: ServiceContext, input: ParsedInput<'figures.get'>): Promise<ActionOutput<'figures.get'>> {
  const [org, own, children] = await Promise.all([
    requireManagedSubtree(ctx, input.orgId),
    ctx.deps.store.get<OrgFiguresRecord>(COLLECTIONS.orgFigures, orgFiguresIdFor(input.orgId)),
    ctx.deps.store.find<OrgFiguresRecord>(COLLECTIONS.orgFigures, {
      where: { parentId: input.orgId },
      orderBy: [{ field: 'name', direction: 'asc' }],
      limit: input.limit,
      cursor: input.cursor,
    }),
  ]);
  return {
    asOf: own?.asOf ?? null,
    organization: toOrgFigures(org, own),
    children: {
      items: children.items.map((child) => toOrgFigures({ _id: child.orgId, name: child.name, kind: child.kind }, child)),
      nextCursor: children.nextCursor,
    },
  };
}

function toFigureMember(doc: StoredDocument<FigureMemberRecord>): FigureMember {
  return {
    memberId: doc.memberId,
    toFindId: doc.toFindId,
    name: doc.name,
    idCardMasked: doc.idCardMasked,
    phoneMasked: doc.phoneMasked,
    status: doc.status,
    toFindStatus: doc.toFindStatus,
    outflowName: doc.outflowName,
    inflowBranchName: doc.inflowBranchName,
  };
}

/** The members below `path` on any of their paths, counted in `figure`: the list behind a figure. */
export function figureMembersFilter(path: string, figure: FigureKey): Filter {
  return {
    [`figures.${figure}`]: true,
    $or: [underPath('inflowPath', path), underPath('outflowPath', path), underPath('checkinPath', path)],
  };
}

export async function figureMembers(
  ctx: ServiceContext,
  input: ParsedInput<'figures.members'>,
): Promise<ActionOutput<'figures.members'>> {
  const org = await requireManagedSubtree(ctx, input.orgId);
  const [figures, page] = await Promise.all([
    ctx.deps.store.get<OrgFiguresRecord>(COLLECTIONS.orgFigures, orgFiguresIdFor(org._id)),
    ctx.deps.store.find<FigureMemberRecord>(COLLECTIONS.figureMembers, {
      where: figureMembersFilter(org.path, input.figure),
      orderBy: [{ field: 'name', direction: 'asc' }],
      limit: input.limit,
      cursor: input.cursor,
    }),
  ]);
  return { asOf: figures?.asOf ?? null, items: page.items.map(toFigureMember), nextCursor: page.nextCursor };
}
