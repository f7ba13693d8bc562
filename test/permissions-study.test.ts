import { COLLECTIONS } from '../server/store/indexes';
import { createHarness, placeMember, seedTree } from './support/harness';
import {
  PEOPLE,
  type Person,
  type PermissionRow,
  type PermissionWorld,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may do what with classified study and the yearly appraisal: every row is an action on
 * branch A or on a member placed in it, every column a person in the tree. Each cell runs in a
 * fresh world; a refusal must leave every study record, appraisal and member as it was.
 */

const MEMBER = 'm_member_self';
const PARTNER = 'm_member_partner';
const MEMBER_B = 'm_member_branch_b';

interface World extends PermissionWorld<Person> {
  memberId: string;
  partnerId: string;
  plan: { version: number; itemIds: string[] };
}

/**
 * Two members with regular hours placed in branch A (so both study in pairs), one placed in
 * branch B, and branch A's plan for this year published.
 */
async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '李强', workPattern: 'regular' });
  const partnerId = await placeMember(h, tree, PARTNER, tree.branchA.orgId, { name: '赵磊', workPattern: 'regular' });
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId, { name: '孙丽', workPattern: 'regular' });
  const plan = await h.ok(tree.people.secretaryA, 'study.savePlan', {
    branchId: tree.branchA.orgId,
    year: 2026,
    targetHours: 32,
    items: [
      { title: '学习党章', hours: 4, dueMonth: 3 },
      { title: '流动党员先进事迹', hours: 8, dueMonth: 12 },
    ],
    version: null,
  });
  return {
    h,
    tree,
    memberId,
    partnerId,
    plan: { version: plan.version, itemIds: plan.items.map((item) => item.itemId) },
    openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B }),
  };
}

/** Everything a study action may write. */
async function state(w: World) {
  const all = async (collection: string) => (await w.h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
  return {
    plans: await all(COLLECTIONS.studyPlans),
    entries: await all(COLLECTIONS.studyEntries),
    appraisals: await all(COLLECTIONS.appraisals),
    members: await all(COLLECTIONS.members),
  };
}

type Row = PermissionRow<World>;

const MANAGERS_OF_A: Person[] = ['secretaryA', 'cityAdmin', 'systemAdmin'];

const ROWS: Row[] = [
  {
    name: 'study.plan of branch A',
    allowed: ['self', ...MANAGERS_OF_A],
    run: (w, openid) => w.h.call(openid, 'study.plan', { branchId: w.tree.branchA.orgId, year: 2026 }),
  },
  {
    name: 'study.savePlan of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) =>
      w.h.call(openid, 'study.savePlan', {
        branchId: w.tree.branchA.orgId,
        year: 2026,
        targetHours: 30,
        items: [{ itemId: w.plan.itemIds[0], title: '学习党章', hours: 6, dueMonth: 4 }],
        version: w.plan.version,
      }),
  },
  {
    name: 'study.branch of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) => w.h.call(openid, 'study.branch', { branchId: w.tree.branchA.orgId, year: 2026 }),
  },
  {
    name: 'study.classify a member of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) => w.h.call(openid, 'study.classify', { memberId: w.memberId, studyMode: 'self_selected' }),
  },
  {
    name: 'study.pair two members of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) => w.h.call(openid, 'study.pair', { memberId: w.memberId, partnerId: w.partnerId }),
  },
  {
    name: 'study.unpair a pair in branch A',
    allowed: MANAGERS_OF_A,
    setup: (w) => w.h.ok(w.tree.people.secretaryA, 'study.pair', { memberId: w.memberId, partnerId: w.partnerId }),
    run: (w, openid) => w.h.call(openid, 'study.unpair', { memberId: w.memberId }),
  },
  {
    // The member naming themself is the member recording their own study.
    name: 'study.record for a member of branch A',
    allowed: ['self', ...MANAGERS_OF_A],
    run: (w, openid) =>
      w.h.call(openid, 'study.record', { year: 2026, itemId: w.plan.itemIds[1], studiedOn: '2026-11-20', memberId: w.memberId }),
  },
  {
    name: 'appraisal.record for a member of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) =>
      w.h.call(openid, 'appraisal.record', { memberId: w.memberId, year: 2026, result: 'excellent', version: null }),
  },
  {
    // Everyone with a placement reads their own; people without a member record have none.
    name: 'study.mine',
    allowed: ['self', 'memberB'],
    run: (w, openid) => w.h.call(openid, 'study.mine', {}),
  },
  {
    name: "study.schedule (own) an item of branch A's plan",
    allowed: ['self'],
    run: (w, openid) => w.h.call(openid, 'study.schedule', { year: 2026, itemId: w.plan.itemIds[1], plannedMonth: 12 }),
  },
  {
    name: "study.record (own) an item of branch A's plan",
    allowed: ['self'],
    run: (w, openid) => w.h.call(openid, 'study.record', { year: 2026, itemId: w.plan.itemIds[1], studiedOn: '2026-11-20' }),
  },
];

const REFUSALS = ['FORBIDDEN', 'NOT_FOUND', 'NOT_REGISTERED'];

describePermissionTable({ rows: ROWS, people: PEOPLE, world, state, refusals: REFUSALS });

it('a secretary whose role is revoked can no longer record study for the branch', async () => {
  const w = await world();
  try {
    await w.h.ok(w.tree.people.cityAdmin, 'role.revoke', {
      openid: w.tree.people.secretaryA,
      role: 'secretary',
      orgId: w.tree.branchA.orgId,
    });
    const before = await state(w);
    const result = await w.h.call(w.tree.people.secretaryA, 'study.record', {
      year: 2026,
      itemId: w.plan.itemIds[0],
      studiedOn: '2026-03-02',
      memberId: w.memberId,
    });
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '找不到这名党员', field: 'memberId' } });
    expect(await state(w)).toEqual(before);
  } finally {
    await w.h.close();
  }
});
