import { COLLECTIONS } from '../server/store/indexes';
import { OUTFLOW_CONTACT, agreementInForce, agreementInput, jointMeetingInput } from './support/agreements';
import { deskCall, signInDesk } from './support/desk';
import { type Harness, SYSTEM_ADMIN, type Tree, createHarness, placeMember, seedTree } from './support/harness';
import {
  PEOPLE,
  type Person,
  type PermissionRow,
  type PermissionWorld,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may do what with a 共管协议 (姑苏区委 the inflow party, 靖江市委 the outflow party, the 靖江
 * hometown branch their joint branch): the parties' admins act, a system admin above both looks,
 * and everyone else (another county's admin, secretaries, members, a resident with no member
 * record) gets the answer of a missing agreement or meeting, and nothing changes.
 */

const MEMBER = 'm_member_self';
const MEMBER_B = 'm_member_branch_b';
const RESIDENT = 'a_resident_no_record';

type Who = Person | 'resident';
const PEOPLE_AND_RESIDENT: readonly Who[] = [...PEOPLE, 'resident'];

interface Ids {
  /** Proposed by the city admin, waiting for the home admin. */
  proposedId: string;
  proposedVersion: number;
  /** Confirmed by both. */
  agreementId: string;
  agreementVersion: number;
  /** A joint meeting of the agreement in force, started (the clock is past its start). */
  meetingId: string;
  meetingVersion: number;
}

async function populate(): Promise<{ h: Harness; tree: Tree } & Ids> {
  const h = await createHarness();
  const tree = await seedTree(h);
  await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '李强' });
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId, { name: '孙丽' });
  const proposed = await h.ok(tree.people.cityAdmin, 'agreement.propose', agreementInput(tree, { title: '待确认的协议' }));
  const agreement = await agreementInForce(h, tree);
  const meeting = await h.ok(tree.people.cityAdmin, 'jointMeeting.schedule', jointMeetingInput(agreement.agreementId));
  h.clock.set('2026-12-10T08:00:00.000Z');
  return {
    h,
    tree,
    proposedId: proposed.agreementId,
    proposedVersion: proposed.version,
    agreementId: agreement.agreementId,
    agreementVersion: agreement.version,
    meetingId: meeting.meetingId,
    meetingVersion: meeting.version,
  };
}

type World = PermissionWorld<Who> & Ids;

async function world(): Promise<World> {
  const populated = await populate();
  return { ...populated, openid: openidsOf(populated.tree, { self: MEMBER, memberB: MEMBER_B, resident: RESIDENT }) };
}

const all = async (w: { h: Harness }, collection: string) =>
  (await w.h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
const fingerprint = async (w: { h: Harness }) => ({
  agreements: await all(w, COLLECTIONS.agreements),
  jointOrgs: await all(w, COLLECTIONS.jointOrgs),
  meetings: await all(w, COLLECTIONS.jointMeetings),
  roles: await all(w, COLLECTIONS.roles),
});

const PARTIES: Who[] = ['cityAdmin', 'homeAdmin'];
const PARTIES_AND_ABOVE: Who[] = ['cityAdmin', 'homeAdmin', 'systemAdmin'];

const record = (w: Ids) => ({
  meetingId: w.meetingId,
  version: w.meetingVersion,
  attendance: [{ side: 'inflow' as const, name: '周建华', post: '组织部副部长', status: 'present' as const }],
  minutes: '通报报到情况，商定返乡前谈心谈话安排。',
});

const ROWS: PermissionRow<World, Who>[] = [
  {
    name: 'agreement.propose for the city',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'agreement.propose', agreementInput(w.tree, { requestId: 'table-propose-1' })),
  },
  {
    name: 'agreement.confirm of the proposal (the other side only)',
    allowed: ['homeAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'agreement.confirm', { agreementId: w.proposedId, version: w.proposedVersion, contact: OUTFLOW_CONTACT }),
  },
  {
    name: 'agreement.revise of the agreement in force',
    allowed: PARTIES,
    run: (w, openid) =>
      w.h.call(openid, 'agreement.revise', {
        agreementId: w.agreementId,
        version: w.agreementVersion,
        title: '修改后的协议',
        termStart: '2026-01-01',
        termEnd: '2027-12-31',
        meetingCadence: 'monthly',
        contact: OUTFLOW_CONTACT,
        jointOrgIds: [w.tree.hometownBranch.orgId],
      }),
  },
  {
    name: 'agreement.list of the home county',
    allowed: ['homeAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'agreement.list', { orgId: w.tree.home.orgId }),
  },
  {
    name: 'agreement.get',
    allowed: PARTIES_AND_ABOVE,
    run: (w, openid) => w.h.call(openid, 'agreement.get', { agreementId: w.agreementId }),
  },
  {
    name: 'jointMeeting.schedule',
    allowed: PARTIES,
    run: (w, openid) =>
      w.h.call(openid, 'jointMeeting.schedule', jointMeetingInput(w.agreementId, { requestId: 'table-meeting-1' })),
  },
  {
    name: 'jointMeeting.list',
    allowed: PARTIES_AND_ABOVE,
    run: (w, openid) => w.h.call(openid, 'jointMeeting.list', { agreementId: w.agreementId }),
  },
  {
    name: 'jointMeeting.get',
    allowed: PARTIES_AND_ABOVE,
    run: (w, openid) => w.h.call(openid, 'jointMeeting.get', { meetingId: w.meetingId }),
  },
  {
    name: 'jointMeeting.record',
    allowed: PARTIES,
    run: (w, openid) => w.h.call(openid, 'jointMeeting.record', record(w)),
  },
  {
    name: 'branch.members of the joint branch (the home admin by the agreement)',
    allowed: ['hometownSecretary', 'cityAdmin', 'homeAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'branch.members', { branchId: w.tree.hometownBranch.orgId }),
  },
];

describePermissionTable({
  rows: ROWS,
  people: PEOPLE_AND_RESIDENT,
  world,
  state: fingerprint,
  refusals: ['NOT_FOUND', 'FORBIDDEN', 'AGREEMENT_NOT_PENDING'],
});

// ---- at the desk: a session does what its official may, and an ended one nothing -----------------

const DESKS = [
  'deskSecretaryA',
  'deskCityAdmin',
  'deskHomeAdmin',
  'deskOtherHomeAdmin',
  'deskSystemAdmin',
  'deskHomeAdminEnded',
] as const;
type Desk = (typeof DESKS)[number];
type DeskWorld = PermissionWorld<Desk> & Ids;

async function deskWorld(): Promise<DeskWorld> {
  const populated = await populate();
  const { h, tree } = populated;
  const p = tree.people;
  const sessions: Record<Desk, string> = {
    deskSecretaryA: (await signInDesk(h, p.secretaryA)).sessionId,
    deskCityAdmin: (await signInDesk(h, p.cityAdmin)).sessionId,
    deskHomeAdmin: (await signInDesk(h, p.homeAdmin)).sessionId,
    deskOtherHomeAdmin: (await signInDesk(h, p.otherHomeAdmin)).sessionId,
    deskSystemAdmin: (await signInDesk(h, SYSTEM_ADMIN)).sessionId,
    deskHomeAdminEnded: (await signInDesk(h, p.homeAdmin)).sessionId,
  };
  await h.ok(p.homeAdmin, 'desk.endSession', { sessionId: sessions.deskHomeAdminEnded });
  return { ...populated, openid: (desk) => sessions[desk] };
}

const DESK_ROWS: PermissionRow<DeskWorld, Desk>[] = [
  {
    name: 'agreement.get',
    allowed: ['deskCityAdmin', 'deskHomeAdmin', 'deskSystemAdmin'],
    run: (w, sessionId) => deskCall(w.h, sessionId, 'agreement.get', { agreementId: w.agreementId }),
  },
  {
    name: 'agreement.confirm of the proposal',
    allowed: ['deskHomeAdmin'],
    run: (w, sessionId) =>
      deskCall(w.h, sessionId, 'agreement.confirm', {
        agreementId: w.proposedId,
        version: w.proposedVersion,
        contact: OUTFLOW_CONTACT,
      }),
  },
  {
    name: 'jointMeeting.record',
    allowed: ['deskCityAdmin', 'deskHomeAdmin'],
    run: (w, sessionId) => deskCall(w.h, sessionId, 'jointMeeting.record', record(w)),
  },
];

describe('at the desk', () => {
  describePermissionTable({
    rows: DESK_ROWS,
    people: DESKS,
    world: deskWorld,
    state: fingerprint,
    refusals: ['NOT_FOUND', 'FORBIDDEN', 'AGREEMENT_NOT_PENDING', 'UNAUTHENTICATED'],
  });
});
