import { COLLECTIONS } from '../server/store/indexes';
import { createHarness, meeting, placeMember, seedTree } from './support/harness';
import {
  PEOPLE,
  type Person,
  type PermissionRow,
  type PermissionWorld,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may run a branch's organizational life: every row is an action on branch A or on one of
 * its activities, every column a person in the tree. Each cell runs in a fresh world; a refusal
 * must also leave the records as they were.
 */

const MEMBER = 'm_member_self';
const MEMBER_B = 'm_member_branch_b';

interface World extends PermissionWorld<Person> {
  memberId: string;
  activityId: string;
  activityVersion: number;
}

/**
 * `self` placed in branch A and `memberB` in branch B; a meeting of branch A on 28 November at
 * 19:00 Shanghai time, and the clock at 18:45 that day: sign-in is open and cancelling still allowed.
 */
async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '王海军' });
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId, { name: '赵强' });
  const activity = await h.ok(tree.people.secretaryA, 'activity.create', meeting(tree, { requestId: 'req-world-0001' }));
  h.clock.set('2026-11-28T10:45:00.000Z');
  return {
    h,
    tree,
    memberId,
    activityId: activity.activityId,
    activityVersion: activity.version,
    openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B }),
  };
}

type Row = PermissionRow<World>;

const activityState = async (w: World) => w.h.deps.store.get(COLLECTIONS.activities, w.activityId);
const lifeState = async (w: World) => [
  await activityState(w),
  await w.h.deps.store.count(COLLECTIONS.activities, {}),
  await w.h.deps.store.find(COLLECTIONS.attendance, {
    where: { activityId: w.activityId },
    orderBy: [{ field: 'memberId', direction: 'asc' }],
    limit: 100,
  }),
];

const BRANCH_A_MANAGERS: Person[] = ['secretaryA', 'cityAdmin', 'systemAdmin'];
const EVERYONE = PEOPLE;

const ROWS: Row[] = [
  {
    name: 'activity.create in branch A',
    allowed: BRANCH_A_MANAGERS,
    run: (w, openid) =>
      w.h.call(openid, 'activity.create', {
        branchId: w.tree.branchA.orgId,
        requestId: 'req-table-0001',
        kind: 'party_lecture',
        topic: '十二月党课',
        place: '新桥社区党群服务中心',
        date: '2026-12-10',
        startTime: '19:30',
        durationMinutes: 60,
      }),
    state: lifeState,
  },
  {
    name: 'activity.cancel the meeting of branch A',
    allowed: BRANCH_A_MANAGERS,
    run: (w, openid) =>
      w.h.call(openid, 'activity.cancel', { activityId: w.activityId, version: w.activityVersion, reason: '改期' }),
    state: lifeState,
  },
  {
    name: 'activity.kinds of branch A',
    allowed: BRANCH_A_MANAGERS,
    run: (w, openid) => w.h.call(openid, 'activity.kinds', { branchId: w.tree.branchA.orgId }),
  },
  {
    name: 'activity.list of branch A',
    allowed: BRANCH_A_MANAGERS,
    run: (w, openid) => w.h.call(openid, 'activity.list', { branchId: w.tree.branchA.orgId, when: 'upcoming' }),
  },
  {
    name: 'activity.code of the meeting',
    allowed: BRANCH_A_MANAGERS,
    run: (w, openid) => w.h.call(openid, 'activity.code', { activityId: w.activityId }),
  },
  {
    name: 'activity.attendance of the meeting',
    allowed: BRANCH_A_MANAGERS,
    run: (w, openid) => w.h.call(openid, 'activity.attendance', { activityId: w.activityId }),
  },
  {
    name: 'activity.mark the member present',
    allowed: BRANCH_A_MANAGERS,
    run: (w, openid) =>
      w.h.call(openid, 'activity.mark', {
        activityId: w.activityId,
        memberId: w.memberId,
        status: 'present',
        expectedVersion: null,
      }),
    state: lifeState,
  },
  {
    name: 'activity.mark the member on leave',
    allowed: BRANCH_A_MANAGERS,
    run: (w, openid) =>
      w.h.call(openid, 'activity.mark', {
        activityId: w.activityId,
        memberId: w.memberId,
        status: 'leave',
        reason: '夜班',
        expectedVersion: null,
      }),
    state: lifeState,
  },
  {
    name: 'activity.signIn to the meeting',
    allowed: ['self'],
    run: (w, openid) => w.h.call(openid, 'activity.signIn', { activityId: w.activityId }),
    state: lifeState,
  },
  {
    name: 'activity.resolveCode of the meeting (the code hangs on a wall)',
    allowed: EVERYONE,
    run: (w, openid) => w.h.call(openid, 'activity.resolveCode', { scene: `a=${w.activityId}` }),
  },
  {
    name: 'life.mine',
    allowed: ['self', 'memberB'],
    run: (w, openid) => w.h.call(openid, 'life.mine', {}),
  },
];

const REFUSALS = ['FORBIDDEN', 'NOT_FOUND', 'NOT_REGISTERED', 'NOT_PLACED'];

describePermissionTable({ rows: ROWS, people: PEOPLE, world, refusals: REFUSALS });

it('a member of another branch is told the activity is not theirs, not that it is missing', async () => {
  const w = await world();
  try {
    const result = await w.h.call(MEMBER_B, 'activity.signIn', { activityId: w.activityId });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_PLACED' }) });
  } finally {
    await w.h.close();
  }
});

it("a life.mine answer shows only the caller's own branch and records", async () => {
  const w = await world();
  try {
    await w.h.ok(MEMBER, 'activity.signIn', { activityId: w.activityId });
    const other = await w.h.ok(MEMBER_B, 'life.mine', {});
    expect(other).toMatchObject({ branch: { orgId: w.tree.branchB.orgId }, upcoming: [], history: [], attendedThisYear: 0 });
  } finally {
    await w.h.close();
  }
});

it('a revoked secretary can no longer mark attendance', async () => {
  const w = await world();
  try {
    await w.h.ok(w.tree.people.cityAdmin, 'role.revoke', {
      openid: w.tree.people.secretaryA,
      role: 'secretary',
      orgId: w.tree.branchA.orgId,
    });
    const result = await w.h.call(w.tree.people.secretaryA, 'activity.mark', {
      activityId: w.activityId,
      memberId: w.memberId,
      status: 'present',
      expectedVersion: null,
    });
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '找不到这项活动', field: 'activityId' } });
    expect(await w.h.deps.store.count(COLLECTIONS.attendance, {})).toBe(0);
  } finally {
    await w.h.close();
  }
});
