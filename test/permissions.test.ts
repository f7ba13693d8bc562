import { COLLECTIONS } from '../server/store/indexes';
import { createHarness, profile, registerMember, seedTree } from './support/harness';
import {
  type PermissionRow,
  type PermissionWorld,
  STAFF,
  type Staff,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may do what: every row is an action on one record, every column a person in the tree.
 * Each cell runs in a fresh world; a refusal must also leave the records as they were.
 */

const MEMBER = 'm_member_self';
const STRANGER = 'm_member_stranger';

type Person = 'self' | 'stranger' | Staff;

const PEOPLE: Person[] = ['self', 'stranger', ...STAFF];

interface World extends PermissionWorld<Person> {
  memberId: string;
  checkinId: string;
  checkinVersion: number;
}

/** A member of the village, living in Suzhou, with a pending check-in to branch A. */
async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const member = await registerMember(h, MEMBER, profile(tree.village.orgId));
  await registerMember(h, STRANGER, profile(tree.otherHome.orgId));
  const checkin = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
  return {
    h,
    tree,
    memberId: member.memberId,
    checkinId: checkin.checkinId,
    checkinVersion: checkin.version,
    openid: openidsOf(tree, { self: MEMBER, stranger: STRANGER }),
  };
}

type Row = PermissionRow<World, Person>;

/** The member withdraws the request to branch A and scans the community committee's code instead. */
async function toCommittee(w: World): Promise<void> {
  await w.h.ok(MEMBER, 'checkin.withdraw', { checkinId: w.checkinId });
  const request = await w.h.ok(MEMBER, 'checkin.submit', { orgId: w.tree.community.orgId, via: 'scan' });
  w.checkinId = request.checkinId;
  w.checkinVersion = request.version;
}

const checkinState = async (w: World) => w.h.deps.store.get(COLLECTIONS.checkins, w.checkinId);
const memberState = async (w: World) => w.h.deps.store.get(COLLECTIONS.members, w.memberId);

const ROWS: Row[] = [
  {
    name: 'checkin.decide (approve) a request to branch A',
    allowed: ['secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'checkin.decide', { checkinId: w.checkinId, version: w.checkinVersion, decision: 'approve' }),
    state: async (w) => [await checkinState(w), await memberState(w), await w.h.deps.store.count(COLLECTIONS.notices, {})],
  },
  {
    name: 'checkin.decide (reject) a request to branch A',
    allowed: ['secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'checkin.decide', {
        checkinId: w.checkinId,
        version: w.checkinVersion,
        decision: 'reject',
        reason: '不在本社区',
      }),
    state: checkinState,
  },
  {
    name: 'checkin.decide (approve) placing the request to branch A in branch B',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'checkin.decide', {
        checkinId: w.checkinId,
        version: w.checkinVersion,
        decision: 'approve',
        placeBranchId: w.tree.branchB.orgId,
      }),
    state: async (w) => [await checkinState(w), await memberState(w), await w.h.deps.store.count(COLLECTIONS.notices, {})],
  },
  {
    name: 'checkin.decide (approve into branch B) a request to the community committee',
    allowed: ['cityAdmin', 'systemAdmin'],
    setup: toCommittee,
    run: (w, openid) =>
      w.h.call(openid, 'checkin.decide', {
        checkinId: w.checkinId,
        version: w.checkinVersion,
        decision: 'approve',
        placeBranchId: w.tree.branchB.orgId,
      }),
    state: async (w) => [await checkinState(w), await memberState(w), await w.h.deps.store.count(COLLECTIONS.notices, {})],
  },
  {
    name: 'checkin.choices for the request to branch A',
    allowed: ['secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'checkin.choices', { checkinId: w.checkinId }),
  },
  {
    name: 'checkin.choices for a request to the community committee',
    allowed: ['cityAdmin', 'systemAdmin'],
    setup: toCommittee,
    run: (w, openid) => w.h.call(openid, 'checkin.choices', { checkinId: w.checkinId }),
  },
  {
    name: 'checkin.forward the request to branch A on to branch B',
    allowed: ['secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'checkin.forward', { checkinId: w.checkinId, version: w.checkinVersion, toOrgId: w.tree.branchB.orgId }),
    state: async (w) => [await checkinState(w), await memberState(w)],
  },
  {
    name: 'checkin.withdraw the request',
    allowed: ['self'],
    run: (w, openid) => w.h.call(openid, 'checkin.withdraw', { checkinId: w.checkinId }),
    state: checkinState,
  },
  {
    name: 'checkin.pending of branch A',
    allowed: ['secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'checkin.pending', { orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'checkin.pending of the whole community',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'checkin.pending', { orgId: w.tree.community.orgId }),
  },
  {
    name: 'branch.members of branch A',
    allowed: ['secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'branch.members', { branchId: w.tree.branchA.orgId }),
  },
  {
    name: 'org.checkinCode of branch A',
    allowed: ['secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'org.checkinCode', { orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'org.checkinCode of the community committee',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'org.checkinCode', { orgId: w.tree.community.orgId }),
  },
  {
    name: 'outflow.members of the hometown committee',
    allowed: ['homeAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'outflow.members', { orgId: w.tree.home.orgId }),
  },
  {
    name: 'outflow.members of the village branch',
    allowed: ['homeAdmin', 'villageSecretary', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'outflow.members', { orgId: w.tree.village.orgId }),
  },
  {
    name: 'outflow.notices of the hometown committee',
    allowed: ['homeAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'outflow.notices', { orgId: w.tree.home.orgId }),
  },
  {
    name: 'member.get of the member',
    allowed: ['self', 'secretaryA', 'cityAdmin', 'homeAdmin', 'villageSecretary', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'member.get', { memberId: w.memberId }),
  },
  {
    name: "member.revealSensitive of the member's ID number",
    allowed: ['self', 'secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'member.revealSensitive', { memberId: w.memberId, field: 'idCard' }),
    state: (w) => w.h.deps.store.count(COLLECTIONS.auditLog, {}),
  },
  {
    name: 'org.create a branch under the community',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'org.create', {
        parentId: w.tree.community.orgId,
        name: '新桥社区第五党支部',
        kind: 'branch',
        branchKind: 'community',
        region: w.tree.branchA.region,
      }),
    state: (w) => w.h.deps.store.count(COLLECTIONS.organizations, {}),
  },
  {
    name: 'org.create a top-level organization',
    allowed: ['systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'org.create', {
        parentId: null,
        name: '中共某市委员会',
        kind: 'committee',
        region: w.tree.branchA.region,
      }),
    state: (w) => w.h.deps.store.count(COLLECTIONS.organizations, {}),
  },
  {
    name: 'role.grant a secretary of branch A',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'role.grant', {
        openid: 'new_secretary',
        role: 'secretary',
        orgId: w.tree.branchA.orgId,
        holderName: '新书记',
      }),
    state: (w) => w.h.deps.store.count(COLLECTIONS.roles, {}),
  },
  {
    name: 'role.revoke the secretary of branch A',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'role.revoke', { openid: w.tree.people.secretaryA, role: 'secretary', orgId: w.tree.branchA.orgId }),
    state: (w) => w.h.deps.store.find(COLLECTIONS.roles, { where: {}, limit: 100 }),
  },
];

const REFUSALS = ['FORBIDDEN', 'NOT_FOUND', 'NOT_REGISTERED', 'INVALID_PLACEMENT'];

describePermissionTable({ rows: ROWS, people: PEOPLE, world, refusals: REFUSALS });

it('a revoked secretary loses the branch at once', async () => {
  const w = await world();
  try {
    await w.h.ok(w.tree.people.cityAdmin, 'role.revoke', {
      openid: w.tree.people.secretaryA,
      role: 'secretary',
      orgId: w.tree.branchA.orgId,
    });
    const result = await w.h.call(w.tree.people.secretaryA, 'checkin.pending', { orgId: w.tree.branchA.orgId });
    // The branch is no longer theirs: it answers as one that is not there.
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '找不到这个党组织', field: 'orgId' } });
  } finally {
    await w.h.close();
  }
});

it('no identity, no action', async () => {
  const w = await world();
  try {
    const { dispatch } = await import('../server/router/router');
    const result = await dispatch(w.h.deps, null, 'session.me', {});
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
  } finally {
    await w.h.close();
  }
});
