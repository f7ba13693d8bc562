import { createHash } from 'node:crypto';
import dayjs from 'dayjs';
import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import type {
  AgreementFigures,
  AgreementSide,
  AgreementStatus,
  AgreementView,
  JointMeetingView,
} from '../contract/joint-management';
import { TIMEZONE, shanghaiDate, timestamp } from '../lib/time';
import { type DocumentStore, type StoredDocument, type TransactionStore, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertOrGet, retryOnConflict } from '../store/saving';
import { type Access, actingName, loadAccess } from './access';
import { type ServiceContext, callerKey } from './context';
import { type OrganizationDoc, orgNotFound, requireActive, requireOrganization, underPath } from './organizations';
import type { AgreementParty, AgreementRecord, JointHold, JointMeetingRecord, JointOrgRecord, RoleRecord } from './records';

/**
 * 共管协议: an agreement between an inflow organization (where the members live and work, e.g.
 * 太仓) and an outflow organization (where they come from, e.g. 定远). Its scope is a set the
 * product can count: the members whose outflow organization is the outflow party or below it,
 * still mobile, who live in the inflow party's district (the residence they registered) or are
 * placed in a branch below the inflow party. Both parties' admins confirm the same revision of
 * the terms; a change makes it a proposal again. While it is in force and within its term, the
 * joint organizations it names are administered by the other party's admins too (`loadAccess`).
 *
 * The figures are counted when asked, not kept: the scope is the meeting of two subtrees, which
 * is no node of the tree the nightly figures keep counts for, and counters would have to be
 * moved by every check-in, placement, report and return (services of their own) and by every
 * revision of the scope. The five counts run at once on indexed ranges (a member's outflow path,
 * a report's outflow path and branch path, a meeting's agreement), one round trip in series, and
 * only when an admin opens the agreement.
 */

export type AgreementDoc = StoredDocument<AgreementRecord>;
export type JointMeetingDoc = StoredDocument<JointMeetingRecord>;

const OTHER: Record<AgreementSide, AgreementSide> = { inflow: 'outflow', outflow: 'inflow' };
/** The statuses of a member who is still mobile: returned and transferred members are no longer covered. */
const MOBILE_STATUSES = ['registered', 'pending', 'placed'] as const;

function hashedId(prefix: string, key: string, requestId: string): string {
  return `${prefix}_${createHash('sha256').update(`${key}|${requestId}`).digest('hex').slice(0, 20)}`;
}

export function agreementNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这份共管协议', { field: 'agreementId' });
}

function meetingNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这次联席会议', { field: 'meetingId' });
}

function agreementConflict(): AppError {
  return new AppError('CONFLICT', '这份协议刚被对方修改或确认，请刷新后查看', { field: 'version' });
}

function meetingConflict(): AppError {
  return new AppError('CONFLICT', '这次会议的记录刚被其他人修改，请刷新后查看', { field: 'version' });
}

function lookOnly(): AppError {
  return new AppError('FORBIDDEN', '您是协议双方的上级组织，可以查看，由双方组织的管理员办理');
}

/** Where the caller stands towards an agreement by its parties' paths: a party's admin, above both, or nowhere. */
export function standingOf(access: Access, paths: { inflowPath: string; outflowPath: string }): AgreementSide | 'above' | null {
  const inflow = access.administers(paths.inflowPath);
  const outflow = access.administers(paths.outflowPath);
  if (inflow && outflow) return 'above';
  if (inflow) return 'inflow';
  if (outflow) return 'outflow';
  return null;
}

function partyOf(org: OrganizationDoc): AgreementParty {
  return { orgId: org._id, name: org.name, path: org.path, region: org.region };
}

function statusOf(doc: AgreementRecord, today: string): AgreementStatus {
  if (doc.status === 'in_force' && today > doc.termEnd) return 'expired';
  return doc.status;
}

function scopeOf(doc: AgreementRecord): string {
  const { region } = doc.inflow;
  return `${doc.outflow.name}及下级党组织的外出流动党员中，居住在${region.city}${region.district}或在${doc.inflow.name}下级支部纳入管理的`;
}

export function toAgreementView(doc: AgreementDoc, access: Access, today: string): AgreementView {
  const mySide = standingOf(access, doc);
  const status = statusOf(doc, today);
  const party = mySide === 'inflow' || mySide === 'outflow' ? mySide : null;
  const confirmation = (side: AgreementSide) => {
    const c = doc.confirmations[side];
    return c ? { at: c.at, byName: c.byName } : null;
  };
  return {
    agreementId: doc._id,
    title: doc.title,
    status,
    revision: doc.revision,
    inflow: { orgId: doc.inflow.orgId, name: doc.inflow.name },
    outflow: { orgId: doc.outflow.orgId, name: doc.outflow.name },
    scope: scopeOf(doc),
    termStart: doc.termStart,
    termEnd: doc.termEnd,
    meetingCadence: doc.meetingCadence,
    contacts: doc.contacts,
    jointOrgs: doc.jointOrgs.map((org) => ({ orgId: org.orgId, name: org.name, coAdministeredBy: org.coAdministeredBy })),
    confirmations: { inflow: confirmation('inflow'), outflow: confirmation('outflow') },
    proposedBy: doc.proposedBy,
    mySide: mySide ?? 'above',
    can: {
      confirm: party !== null && status === 'proposed' && doc.confirmations[party] === null,
      revise: party !== null,
      scheduleMeeting: party !== null && status === 'in_force',
    },
    version: doc.version,
  };
}

/** The agreement and where the caller stands; NOT_FOUND for anyone who is not on either side or above both. */
async function requireAgreement(
  ctx: ServiceContext,
  agreementId: string,
): Promise<{ doc: AgreementDoc; access: Access; standing: AgreementSide | 'above' }> {
  const [doc, access] = await Promise.all([
    ctx.deps.store.get<AgreementRecord>(COLLECTIONS.agreements, agreementId),
    loadAccess(ctx),
  ]);
  if (!doc) throw agreementNotFound();
  const standing = standingOf(access, doc);
  if (standing === null) throw agreementNotFound();
  return { doc, access, standing };
}

function requireParty(standing: AgreementSide | 'above'): AgreementSide {
  if (standing === 'above') throw lookOnly();
  return standing;
}

/**
 * The joint organizations named by `orgIds`, each at or below one party and administered by the
 * other's admins too. Reads them all at once.
 */
async function jointOrgsFor(
  ctx: ServiceContext,
  orgIds: readonly string[],
  parties: Record<AgreementSide, AgreementParty>,
): Promise<AgreementRecord['jointOrgs']> {
  const unique = [...new Set(orgIds)];
  const orgs = await Promise.all(unique.map((orgId) => ctx.deps.store.get<OrganizationDoc>(COLLECTIONS.organizations, orgId)));
  return orgs.map((org, index) => {
    if (!org) throw orgNotFound(`jointOrgIds.${index}`);
    requireActive(org, `jointOrgIds.${index}`);
    const under = (Object.keys(parties) as AgreementSide[]).find((side) => org.path.startsWith(parties[side].path));
    if (!under) {
      throw new AppError('BAD_REQUEST', `${org.name}不在协议双方的组织之下，不能作为联合党组织`, {
        field: `jointOrgIds.${index}`,
      });
    }
    return { orgId: org._id, name: org.name, path: org.path, coAdministeredBy: OTHER[under] };
  });
}

function requireValidDate(date: string, field: string): void {
  // The schema checks the shape only; dayjs rolls 02-30 over to March, so compare round trips.
  if (dayjs.utc(date).format('YYYY-MM-DD') !== date) throw new AppError('BAD_REQUEST', '日期不是有效的日期', { field });
}

function jointOrgId(agreementId: string, orgId: string): string {
  return `jo_${agreementId}_${orgId}`;
}

/**
 * The joint organizations' administration as the agreement now stands: in force (both sides
 * confirmed this revision) for the ones it names, suspended for every other one it named before.
 * Reads the stored ones first; the writes go in the caller's transaction.
 */
async function jointOrgWrites(
  ctx: ServiceContext,
  agreement: AgreementDoc,
  next: AgreementRecord,
): Promise<((tx: TransactionStore) => Promise<unknown>)[]> {
  const ids = new Set([...agreement.jointOrgs, ...next.jointOrgs].map((org) => jointOrgId(agreement._id, org.orgId)));
  const stored = await Promise.all([...ids].map((id) => ctx.deps.store.get<JointOrgRecord>(COLLECTIONS.jointOrgs, id)));
  const byId = new Map(stored.flatMap((doc) => (doc ? [[doc._id, doc] as const] : [])));
  const inForce = next.status === 'in_force';
  return [...ids].map((id) => {
    const named = next.jointOrgs.find((org) => jointOrgId(agreement._id, org.orgId) === id);
    const current = byId.get(id);
    const record: JointOrgRecord | null = named
      ? {
          agreementId: agreement._id,
          orgId: named.orgId,
          orgPath: named.path,
          coAdminPath: next[named.coAdministeredBy].path,
          inForce,
          termStart: next.termStart,
          termEnd: next.termEnd,
        }
      : current
        ? { ...current, inForce: false }
        : null;
    return async (tx) => {
      if (!record) return;
      if (!current) {
        if (record.inForce) await tx.insert<JointOrgRecord>(COLLECTIONS.jointOrgs, { _id: id, ...record });
        return;
      }
      const { _id, version, ...was } = current;
      if (JSON.stringify(was) !== JSON.stringify(record)) await tx.update(COLLECTIONS.jointOrgs, id, version, { ...record });
    };
  });
}

/** The paths at and above the organization at `path`, root first: `/a/b/` → `/a/`, `/a/b/`. */
function pathsAtAndAbove(path: string): string[] {
  const ids = path.split('/').filter((id) => id.length > 0);
  return ids.map((_, index) => `/${ids.slice(0, index + 1).join('/')}/`);
}

/** Admin posts hold few joint organizations; the cap guards the query. */
const MAX_POSTS = 200;

/**
 * The admin posts whose joint organizations change with the agreement: those at or above either
 * party (the side that co-administers can change with the named organizations), each with its new
 * list, for the same transaction as the agreement. Posts whose list stays the same are left alone.
 */
async function postWrites(
  ctx: ServiceContext,
  agreement: AgreementDoc,
  next: AgreementRecord,
): Promise<((tx: TransactionStore) => Promise<unknown>)[]> {
  const paths = [...new Set([...pathsAtAndAbove(next.inflow.path), ...pathsAtAndAbove(next.outflow.path)])];
  const posts = await ctx.deps.store.find<RoleRecord>(COLLECTIONS.roles, {
    where: { revokedAt: null, orgPath: { $in: paths } },
    limit: MAX_POSTS,
  });
  return posts.items.flatMap((post) => {
    if (post.role !== 'org_admin' || post.orgPath === null) return [];
    const kept = (post.joint ?? []).filter((held) => held.agreementId !== agreement._id);
    const holds = next.status === 'in_force' ? jointHoldsOf(agreement._id, next, post.orgPath) : [];
    const joint = [...kept, ...holds];
    if (JSON.stringify(joint) === JSON.stringify(post.joint ?? [])) return [];
    return [(tx: TransactionStore) => tx.update(COLLECTIONS.roles, post._id, post.version, { joint })];
  });
}

/** The joint organizations an admin post at `postPath` holds by an agreement in force. */
function jointHoldsOf(agreementId: string, agreement: AgreementRecord, postPath: string): JointHold[] {
  return agreement.jointOrgs.flatMap((org) => {
    const viaPath = agreement[org.coAdministeredBy].path;
    if (!viaPath.startsWith(postPath)) return [];
    return [
      { agreementId, orgId: org.orgId, orgPath: org.path, viaPath, termStart: agreement.termStart, termEnd: agreement.termEnd },
    ];
  });
}

/**
 * What a new admin post at `orgPath` holds by the agreements in force: read when the post is
 * granted (services/roles.ts), from the joint organizations' records.
 */
export async function jointHoldsForPost(store: DocumentStore, orgPath: string): Promise<JointHold[]> {
  const page = await store.find<JointOrgRecord>(COLLECTIONS.jointOrgs, {
    where: { inForce: true, ...underPath('coAdminPath', orgPath) },
    limit: MAX_POSTS,
  });
  return page.items.map((joint) => ({
    agreementId: joint.agreementId,
    orgId: joint.orgId,
    orgPath: joint.orgPath,
    viaPath: joint.coAdminPath,
    termStart: joint.termStart,
    termEnd: joint.termEnd,
  }));
}

/**
 * Saves the agreement by compare-and-set, with its joint organizations' records and the admin
 * posts that hold them in the same transaction: a confirmation and the administration it gives
 * happen together or not at all.
 */
async function saveAgreement(ctx: ServiceContext, agreement: AgreementDoc, next: AgreementRecord): Promise<AgreementDoc> {
  const [orgWrites, posts] = await Promise.all([jointOrgWrites(ctx, agreement, next), postWrites(ctx, agreement, next)]);
  const version = await ctx.deps.store.transaction(async (tx) => {
    const [saved] = await Promise.all([
      tx.update(COLLECTIONS.agreements, agreement._id, agreement.version, { ...next }),
      ...orgWrites.map((write) => write(tx)),
      ...posts.map((write) => write(tx)),
    ]);
    return saved;
  });
  return { ...next, _id: agreement._id, version };
}

function recordOfAgreement(doc: AgreementDoc): AgreementRecord {
  const { _id, version, ...record } = doc;
  return record;
}

export async function proposeAgreement(
  ctx: ServiceContext,
  input: ParsedInput<'agreement.propose'>,
): Promise<ActionOutput<'agreement.propose'>> {
  const key = callerKey(ctx.caller);
  const [access, own, partner] = await Promise.all([
    loadAccess(ctx),
    requireOrganization(ctx.deps, input.ownOrgId, 'ownOrgId'),
    requireOrganization(ctx.deps, input.partnerOrgId, 'partnerOrgId'),
  ]);
  if (!access.administers(own.path)) throw orgNotFound('ownOrgId');
  requireActive(own, 'ownOrgId');
  requireActive(partner, 'partnerOrgId');
  if (own.path.startsWith(partner.path) || partner.path.startsWith(own.path)) {
    throw new AppError('BAD_REQUEST', '协议的另一方须是与本组织互不隶属的党组织', { field: 'partnerOrgId' });
  }
  requireValidDate(input.termStart, 'termStart');
  requireValidDate(input.termEnd, 'termEnd');
  const side = input.ownSide;
  const parties = { [side]: partyOf(own), [OTHER[side]]: partyOf(partner) } as Record<AgreementSide, AgreementParty>;
  const jointOrgs = await jointOrgsFor(ctx, input.jointOrgIds, parties);
  const now = timestamp(ctx.deps.clock);
  const record: AgreementRecord = {
    title: input.title,
    inflow: parties.inflow,
    outflow: parties.outflow,
    inflowPath: parties.inflow.path,
    outflowPath: parties.outflow.path,
    proposedBy: side,
    termStart: input.termStart,
    termEnd: input.termEnd,
    meetingCadence: input.meetingCadence,
    contacts: { [side]: input.contact, [OTHER[side]]: null } as AgreementRecord['contacts'],
    jointOrgs,
    status: 'proposed',
    revision: 1,
    confirmations: {
      [side]: { at: now, by: key, byName: actingName(access, own.path) },
      [OTHER[side]]: null,
    } as AgreementRecord['confirmations'],
    createdBy: key,
    createdAt: now,
    updatedAt: now,
  };
  // The same tap sent twice: answer with what the first one made.
  const { doc } = await insertOrGet<AgreementRecord>(ctx.deps.store, COLLECTIONS.agreements, {
    _id: hashedId('ag', key, input.requestId),
    ...record,
  });
  return toAgreementView(doc, access, shanghaiDate(ctx.deps.clock));
}

export async function confirmAgreement(
  ctx: ServiceContext,
  input: ParsedInput<'agreement.confirm'>,
): Promise<ActionOutput<'agreement.confirm'>> {
  const key = callerKey(ctx.caller);
  const today = shanghaiDate(ctx.deps.clock);
  return retryOnConflict(async () => {
    const { doc, access, standing } = await requireAgreement(ctx, input.agreementId);
    const side = requireParty(standing);
    const mine = doc.confirmations[side];
    // The same confirmation sent again after it went through: answer with what it made.
    if (mine && mine.by === key && doc.version === input.version + 1) return toAgreementView(doc, access, today);
    if (doc.version !== input.version) throw agreementConflict();
    if (mine) throw new AppError('AGREEMENT_NOT_PENDING', `本方已确认第 ${doc.revision} 版条款，请等对方确认`);
    const now = timestamp(ctx.deps.clock);
    const confirmations = { ...doc.confirmations, [side]: { at: now, by: key, byName: actingName(access, doc[side].path) } };
    const next: AgreementRecord = {
      ...recordOfAgreement(doc),
      contacts: { ...doc.contacts, [side]: input.contact },
      confirmations,
      status: confirmations.inflow && confirmations.outflow ? 'in_force' : 'proposed',
      updatedAt: now,
    };
    return toAgreementView(await saveAgreement(ctx, doc, next), access, today);
  }, agreementConflict);
}

export async function reviseAgreement(
  ctx: ServiceContext,
  input: ParsedInput<'agreement.revise'>,
): Promise<ActionOutput<'agreement.revise'>> {
  const key = callerKey(ctx.caller);
  const today = shanghaiDate(ctx.deps.clock);
  requireValidDate(input.termStart, 'termStart');
  requireValidDate(input.termEnd, 'termEnd');
  return retryOnConflict(async () => {
    const { doc, access, standing } = await requireAgreement(ctx, input.agreementId);
    const side = requireParty(standing);
    const jointOrgs = await jointOrgsFor(ctx, input.jointOrgIds, { inflow: doc.inflow, outflow: doc.outflow });
    const terms = {
      title: input.title,
      termStart: input.termStart,
      termEnd: input.termEnd,
      meetingCadence: input.meetingCadence,
      jointOrgs,
    };
    const sameTerms = (d: AgreementRecord) =>
      JSON.stringify([d.title, d.termStart, d.termEnd, d.meetingCadence, d.jointOrgs, d.contacts[side]]) ===
      JSON.stringify([terms.title, terms.termStart, terms.termEnd, terms.meetingCadence, terms.jointOrgs, input.contact]);
    const mine = doc.confirmations[side];
    // The same change sent again after it went through.
    if (
      mine &&
      mine.by === key &&
      doc.version === input.version + 1 &&
      doc.confirmations[OTHER[side]] === null &&
      sameTerms(doc)
    ) {
      return toAgreementView(doc, access, today);
    }
    if (doc.version !== input.version) throw agreementConflict();
    const now = timestamp(ctx.deps.clock);
    const next: AgreementRecord = {
      ...recordOfAgreement(doc),
      ...terms,
      contacts: { ...doc.contacts, [side]: input.contact },
      status: 'proposed',
      revision: doc.revision + 1,
      confirmations: {
        [side]: { at: now, by: key, byName: actingName(access, doc[side].path) },
        [OTHER[side]]: null,
      } as AgreementRecord['confirmations'],
      updatedAt: now,
    };
    return toAgreementView(await saveAgreement(ctx, doc, next), access, today);
  }, agreementConflict);
}

export async function listAgreements(
  ctx: ServiceContext,
  input: ParsedInput<'agreement.list'>,
): Promise<ActionOutput<'agreement.list'>> {
  const [access, org] = await Promise.all([loadAccess(ctx), requireOrganization(ctx.deps, input.orgId)]);
  if (!access.administers(org.path)) throw orgNotFound();
  const page = await ctx.deps.store.find<AgreementRecord>(COLLECTIONS.agreements, {
    where: { $or: [underPath('inflowPath', org.path), underPath('outflowPath', org.path)] },
    orderBy: [{ field: 'createdAt', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  const today = shanghaiDate(ctx.deps.clock);
  return { items: page.items.map((doc) => toAgreementView(doc, access, today)), nextCursor: page.nextCursor };
}

async function countFigures(ctx: ServiceContext, doc: AgreementDoc): Promise<AgreementFigures> {
  const { store } = ctx.deps;
  const outflowMembers = { ...underPath('outflowPath', doc.outflow.path) };
  const placedHere = underPath('inflowPath', doc.inflow.path);
  const livesHere = { 'residence.region.city': doc.inflow.region.city, 'residence.region.district': doc.inflow.region.district };
  const reports = {
    ...underPath('outflowPath', doc.outflow.path),
    ...underPath('branchPath', doc.inflow.path),
    status: 'submitted',
  };
  const [covered, checkedIn, reportsSent, reportsRead, meetingsHeld] = await Promise.all([
    store.count(COLLECTIONS.members, {
      ...outflowMembers,
      status: { $in: MOBILE_STATUSES },
      $or: [placedHere, livesHere],
    }),
    store.count(COLLECTIONS.members, { ...outflowMembers, ...placedHere, status: 'placed' }),
    store.count(COLLECTIONS.reports, reports),
    store.count(COLLECTIONS.reports, { ...reports, readAt: { $ne: null } }),
    store.count(COLLECTIONS.jointMeetings, { agreementId: doc._id, status: 'held' }),
  ]);
  return { covered, checkedIn, reportsSent, reportsRead, meetingsHeld, asOf: timestamp(ctx.deps.clock) };
}

export async function getAgreement(
  ctx: ServiceContext,
  input: ParsedInput<'agreement.get'>,
): Promise<ActionOutput<'agreement.get'>> {
  const { doc, access } = await requireAgreement(ctx, input.agreementId);
  const figures = await countFigures(ctx, doc);
  return { ...toAgreementView(doc, access, shanghaiDate(ctx.deps.clock)), figures };
}

// ---- joint meetings --------------------------------------------------------------------

/** `now` decides whether attendance and minutes may be recorded yet: from the meeting's start. */
export function toJointMeetingView(doc: JointMeetingDoc, standing: AgreementSide | 'above', now: string): JointMeetingView {
  return {
    meetingId: doc._id,
    agreementId: doc.agreementId,
    agreementTitle: doc.agreementTitle,
    topic: doc.topic,
    place: doc.place,
    startsAt: doc.startsAt,
    endsAt: doc.endsAt,
    status: doc.status,
    attendance: doc.attendance,
    minutes: doc.minutes
      ? { text: doc.minutes.text, at: doc.minutes.at, byName: doc.minutes.byName, side: doc.minutes.side }
      : null,
    reads: doc.reads,
    can: { record: standing !== 'above' && now >= doc.startsAt },
    version: doc.version,
  };
}

export async function scheduleJointMeeting(
  ctx: ServiceContext,
  input: ParsedInput<'jointMeeting.schedule'>,
): Promise<ActionOutput<'jointMeeting.schedule'>> {
  const key = callerKey(ctx.caller);
  const { doc, standing } = await requireAgreement(ctx, input.agreementId);
  const side = requireParty(standing);
  if (statusOf(doc, shanghaiDate(ctx.deps.clock)) !== 'in_force') {
    throw new AppError('AGREEMENT_NOT_IN_FORCE', '协议双方都确认并在有效期内，才能安排联席会议');
  }
  requireValidDate(input.date, 'date');
  if (input.date < doc.termStart || input.date > doc.termEnd) {
    throw new AppError('BAD_REQUEST', `会议日期须在协议期限内（${doc.termStart} 至 ${doc.termEnd}）`, { field: 'date' });
  }
  const start = dayjs.tz(`${input.date} ${input.startTime}`, TIMEZONE);
  const record: JointMeetingRecord = {
    agreementId: doc._id,
    agreementTitle: doc.title,
    inflowPath: doc.inflowPath,
    outflowPath: doc.outflowPath,
    topic: input.topic,
    place: input.place,
    startsAt: start.toISOString(),
    endsAt: start.add(input.durationMinutes, 'minute').toISOString(),
    status: 'scheduled',
    attendance: [],
    minutes: null,
    reads: { inflow: null, outflow: null },
    createdBy: key,
    createdAt: timestamp(ctx.deps.clock),
  };
  const { doc: meeting } = await insertOrGet<JointMeetingRecord>(ctx.deps.store, COLLECTIONS.jointMeetings, {
    _id: hashedId('jm', key, input.requestId),
    ...record,
  });
  return toJointMeetingView(meeting, side, timestamp(ctx.deps.clock));
}

export async function listJointMeetings(
  ctx: ServiceContext,
  input: ParsedInput<'jointMeeting.list'>,
): Promise<ActionOutput<'jointMeeting.list'>> {
  const { doc, standing } = await requireAgreement(ctx, input.agreementId);
  const page = await ctx.deps.store.find<JointMeetingRecord>(COLLECTIONS.jointMeetings, {
    where: { agreementId: doc._id },
    orderBy: [{ field: 'startsAt', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return {
    items: page.items.map((meeting) => toJointMeetingView(meeting, standing, timestamp(ctx.deps.clock))),
    nextCursor: page.nextCursor,
  };
}

async function requireMeeting(
  ctx: ServiceContext,
  meetingId: string,
): Promise<{ meeting: JointMeetingDoc; access: Access; standing: AgreementSide | 'above' }> {
  const [meeting, access] = await Promise.all([
    ctx.deps.store.get<JointMeetingRecord>(COLLECTIONS.jointMeetings, meetingId),
    loadAccess(ctx),
  ]);
  if (!meeting) throw meetingNotFound();
  const standing = standingOf(access, meeting);
  if (standing === null) throw meetingNotFound();
  return { meeting, access, standing };
}

export async function getJointMeeting(
  ctx: ServiceContext,
  input: ParsedInput<'jointMeeting.get'>,
): Promise<ActionOutput<'jointMeeting.get'>> {
  return retryOnConflict(async () => {
    const { meeting, access, standing } = await requireMeeting(ctx, input.meetingId);
    if (standing === 'above' || !meeting.minutes || meeting.reads[standing])
      return toJointMeetingView(meeting, standing, timestamp(ctx.deps.clock));
    // A party's admin opening the minutes reads them for that side.
    const reads = {
      ...meeting.reads,
      [standing]: { at: timestamp(ctx.deps.clock), byName: actingName(access, meeting[`${standing}Path`]) },
    };
    const version = await ctx.deps.store.update(COLLECTIONS.jointMeetings, meeting._id, meeting.version, { reads });
    return toJointMeetingView({ ...meeting, reads, version }, standing, timestamp(ctx.deps.clock));
  }, meetingConflict);
}

export async function recordJointMeeting(
  ctx: ServiceContext,
  input: ParsedInput<'jointMeeting.record'>,
): Promise<ActionOutput<'jointMeeting.record'>> {
  const key = callerKey(ctx.caller);
  const { meeting, access, standing } = await requireMeeting(ctx, input.meetingId);
  const side = requireParty(standing);
  const same =
    meeting.minutes !== null &&
    meeting.minutes.text === input.minutes &&
    JSON.stringify(meeting.attendance) === JSON.stringify(input.attendance);
  // The same record sent again after it went through.
  if (same && meeting.minutes?.by === key && meeting.version === input.version + 1) {
    return toJointMeetingView(meeting, side, timestamp(ctx.deps.clock));
  }
  if (meeting.version !== input.version) throw meetingConflict();
  const now = timestamp(ctx.deps.clock);
  if (now < meeting.startsAt) {
    throw new AppError('BAD_REQUEST', '会议开始后才能登记出席情况和会议纪要', { field: 'meetingId' });
  }
  const byName = actingName(access, meeting[`${side}Path`]);
  const minutesChanged = meeting.minutes === null || meeting.minutes.text !== input.minutes;
  const patch: Partial<JointMeetingRecord> = {
    status: 'held',
    attendance: input.attendance,
    minutes: { text: input.minutes, at: now, by: key, byName, side },
    // Whoever records has read them; the other side reads them again when they changed.
    reads: {
      [side]: { at: now, byName },
      [OTHER[side]]: minutesChanged ? null : meeting.reads[OTHER[side]],
    } as JointMeetingRecord['reads'],
  };
  try {
    const version = await ctx.deps.store.update(COLLECTIONS.jointMeetings, meeting._id, meeting.version, patch);
    return toJointMeetingView({ ...meeting, ...patch, version }, side, now);
  } catch (error) {
    if (error instanceof VersionConflictError) throw meetingConflict();
    throw error;
  }
}
