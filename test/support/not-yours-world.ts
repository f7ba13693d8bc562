import { signInDesk } from './desk';
import { DEFAULT_SETTINGS } from '../../server/contract/settings';
import { periodFromKey } from '../../server/lib/periods';
import type { MemberRecord } from '../../server/services/records';
import { openReportDraft } from '../../server/services/reports/drafts';
import { COLLECTIONS } from '../../server/store/indexes';
import { type Harness, type Tree, createHarness, meeting, placeMember, profile, registerMember, seedTree } from './harness';
import { openidsOf } from './permission-table';

/**
 * One world with something of every kind an id can name, owned by branch A and the village:
 * members, a pending check-in, an activity, a study plan, a draft and a submitted report, a
 * request to move a record. The callers of the not-yours table relate to none of it.
 */

const MEMBER = 'm_ny_member';
const PARTNER = 'm_ny_partner';
const PENDING = 'm_ny_pending';
const STRANGER = 'm_ny_stranger';
const NEW_ACCOUNT = 'm_ny_new_account';

/** Who has nothing to do with branch A, the village or their members. */
export const STRANGERS = ['stranger', 'secretaryB', 'hometownSecretary', 'otherHomeAdmin'] as const;
/** The outflow side, which sees submitted reports and never drafts. */
export const OUTFLOW_SIDE = ['homeAdmin', 'villageSecretary'] as const;
/** Branch A's secretary, who runs branch A and does not see the members of other places. */
export const BRANCH_A = ['secretaryA'] as const;
export type NotYoursCaller = (typeof STRANGERS)[number] | (typeof OUTFLOW_SIDE)[number] | (typeof BRANCH_A)[number];

export interface NotYoursWorld {
  h: Harness;
  tree: Tree;
  openid(caller: NotYoursCaller): string;
  memberId: string;
  partnerId: string;
  /** A member with a check-in to branch A waiting: not placed anywhere yet. */
  pendingMemberId: string;
  /** The stranger's own record: placed in the industry branch, from 定远. */
  strangerMemberId: string;
  checkinId: string;
  activityId: string;
  draftId: string;
  submittedId: string;
  moveId: string;
  /** The city admin's request to move branch B under the hometown branch's committee. */
  jobId: string;
  /** The desk session the city admin signed in from the phone. */
  deskSessionId: string;
  /** The member's service request to branch A. */
  serviceId: string;
}

export async function notYoursWorld(): Promise<NotYoursWorld> {
  const h = await createHarness();
  const tree = await seedTree(h);
  h.clock.set('2026-07-10T02:00:00.000Z');
  const memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId);
  const partnerId = await placeMember(h, tree, PARTNER, tree.branchA.orgId);
  const strangerMemberId = await placeMember(h, tree, STRANGER, tree.industryBranch.orgId, {
    outflow: { kind: 'listed', orgId: tree.otherHome.orgId },
  });
  const pending = await registerMember(h, PENDING, profile(tree.village.orgId));
  const checkin = await h.ok(PENDING, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });

  h.clock.set('2026-10-01T02:00:00.000Z');
  const periods = periodFromKey('2026-Q3');
  const [member, partner] = await Promise.all(
    [memberId, partnerId].map((id) => h.deps.store.get<MemberRecord>(COLLECTIONS.members, id)),
  );
  if (!member || !partner || !periods) throw new Error('not-yours world not built');
  const settings = { inflow: DEFAULT_SETTINGS, outflow: DEFAULT_SETTINGS };
  const submitted = await openReportDraft(h.deps, member, periods, settings);
  const draft = await openReportDraft(h.deps, partner, periods, settings);
  const loaded = await h.ok(tree.people.secretaryA, 'report.get', { reportId: submitted.reportId });
  await h.ok(tree.people.secretaryA, 'report.submit', {
    reportId: submitted.reportId,
    version: loaded.version,
    assessment: { conduct: '表现良好', comment: '表现良好', grade: 'good' },
  });

  h.clock.set('2026-11-25T02:00:00.000Z');
  const activity = await h.ok(tree.people.secretaryA, 'activity.create', meeting(tree));
  await h.ok(tree.people.secretaryA, 'study.savePlan', {
    branchId: tree.branchA.orgId,
    year: 2026,
    targetHours: 32,
    items: [{ title: '学习党章', hours: 4, dueMonth: 12 }],
    version: null,
  });
  const notice = await h.ok(NEW_ACCOUNT, 'consent.notice', {});
  await h.ok(NEW_ACCOUNT, 'consent.accept', { version: notice.version });
  const stored = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
  if (!stored) throw new Error('not-yours world not built');
  const move = await h.ok(NEW_ACCOUNT, 'account.requestMove', {
    idCard: h.deps.pii.decrypt(stored.idCardEnc),
    name: stored.name,
  });
  const job = await h.ok(tree.people.cityAdmin, 'org.move', {
    orgId: tree.branchB.orgId,
    newParentId: tree.chamber.orgId,
    requestId: 'req-not-yours-move',
  });
  const desk = await signInDesk(h, tree.people.cityAdmin);
  const service = await h.ok(MEMBER, 'service.ask', {
    kind: 'schooling',
    title: '孩子暑假托管',
    detail: '想找离家近的暑托班',
    requestId: 'req-not-yours-service',
  });
  const openids = openidsOf(tree, { stranger: STRANGER });
  return {
    h,
    tree,
    openid: openids,
    memberId,
    partnerId,
    pendingMemberId: pending.memberId,
    strangerMemberId,
    checkinId: checkin.checkinId,
    activityId: activity.activityId,
    draftId: draft.reportId,
    submittedId: submitted.reportId,
    moveId: move.moveId,
    jobId: job.jobId,
    deskSessionId: desk.sessionId,
    serviceId: service.serviceId,
  };
}

/** Every document in every collection: a refusal must leave all of it as it was. */
export async function wholeStore(w: NotYoursWorld): Promise<unknown> {
  const dump: Record<string, unknown> = {};
  for (const collection of Object.values(COLLECTIONS)) {
    dump[collection] = (await w.h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
  }
  return dump;
}

/** An id of the same shape that names nothing. */
export function missingLike(id: string): string {
  const prefix = id.includes('_') ? id.slice(0, id.indexOf('_') + 1) : '';
  return `${prefix}zz9missing0000`;
}
