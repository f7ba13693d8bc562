import { roundTableScene } from '../../server/services/homecoming';
import { COLLECTIONS } from '../../server/store/indexes';
import { type Harness, type Tree, createHarness, nextRequestId, placeMember, seedTree } from './harness';
import { openidsOf } from './permission-table';

/**
 * One world of 返乡 for the permission tables: the member `self` (from the test village, placed
 * in branch A) is in the county's think-tank and invited to the village's; the county holds a
 * round-table now under way, with a suggestion of theirs, and proposes them as first secretary
 * of the village. `memberB` (placed in branch B, from the village too) is in no think-tank.
 */

export const SELF = 'm_hc_self';
export const MEMBER_B = 'm_hc_member_b';
const STRANGER = 'm_hc_stranger';

export interface HomecomingWorld {
  h: Harness;
  tree: Tree;
  openid(person: string): string;
  memberId: string;
  memberBId: string;
  strangerMemberId: string;
  countyInvitationId: string;
  villageInvitationId: string;
  villageInvitationVersion: number;
  roundTableId: string;
  roundTableVersion: number;
  joinCode: string;
  suggestionId: string;
  suggestionVersion: number;
  candidateId: string;
  candidateVersion: number;
}

export async function homecomingWorld(): Promise<HomecomingWorld> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const memberId = await placeMember(h, tree, SELF, tree.branchA.orgId, { name: '郁金铭' });
  const memberBId = await placeMember(h, tree, MEMBER_B, tree.branchB.orgId, { name: '孙丽' });
  const strangerMemberId = await placeMember(h, tree, STRANGER, tree.industryBranch.orgId, {
    name: '马强',
    outflow: { kind: 'listed', orgId: tree.otherHome.orgId },
  });
  const county = tree.people.homeAdmin;
  const countyInvitation = await h.ok(county, 'thinkTank.invite', { orgId: tree.home.orgId, memberId, version: null });
  await h.ok(SELF, 'thinkTank.respond', {
    invitationId: countyInvitation.invitationId,
    answer: 'accept',
    version: countyInvitation.version,
  });
  const villageInvitation = await h.ok(tree.people.villageSecretary, 'thinkTank.invite', {
    orgId: tree.village.orgId,
    memberId,
    version: null,
  });
  // Under way: it began at 09:30 Shanghai time, the clock says 10:00.
  const roundTable = await h.ok(county, 'roundTable.create', {
    orgId: tree.home.orgId,
    requestId: nextRequestId(),
    topic: '家乡产业发展献计',
    place: '线上会议',
    date: '2026-11-25',
    startTime: '09:30',
    durationMinutes: 120,
  });
  const suggestion = await h.ok(county, 'suggestion.add', {
    roundTableId: roundTable.roundTableId,
    memberId,
    requestId: nextRequestId(),
    content: '建一个农产品直播间',
  });
  const candidate = await h.ok(county, 'candidate.propose', {
    orgId: tree.home.orgId,
    memberId,
    post: 'first_secretary',
    postOrgId: tree.village.orgId,
    version: null,
  });
  return {
    h,
    tree,
    openid: openidsOf(tree, { self: SELF, memberB: MEMBER_B, stranger: STRANGER }) as (person: string) => string,
    memberId,
    memberBId,
    strangerMemberId,
    countyInvitationId: countyInvitation.invitationId,
    villageInvitationId: villageInvitation.invitationId,
    villageInvitationVersion: villageInvitation.version,
    roundTableId: roundTable.roundTableId,
    roundTableVersion: roundTable.version,
    joinCode: roundTable.joinCode ?? '',
    suggestionId: suggestion.suggestionId,
    suggestionVersion: suggestion.version,
    candidateId: candidate.candidateId,
    candidateVersion: candidate.version,
  };
}

/** What any of the 返乡 actions could change, with the members and placements an appointment changes. */
export async function homecomingState(w: { h: Harness }): Promise<unknown> {
  const all = async (collection: string) => (await w.h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
  return {
    thinkTank: await all(COLLECTIONS.thinkTank),
    roundTables: await all(COLLECTIONS.roundTables),
    attendance: await all(COLLECTIONS.roundTableAttendance),
    suggestions: await all(COLLECTIONS.suggestions),
    candidates: await all(COLLECTIONS.villageCandidates),
    members: await all(COLLECTIONS.members),
    placements: await all(COLLECTIONS.placements),
  };
}

export { roundTableScene };
