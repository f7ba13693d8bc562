import type { ActionInput, ActionResult } from '../server/contract';
import { COLLECTIONS } from '../server/store/indexes';
import { type Harness, SYSTEM_ADMIN, createHarness, profile, registerMember, seedTree } from './support/harness';

/**
 * Who may do what with classified study and the yearly appraisal: every row is an action on
 * branch A or on a member placed in it, every column a person in the tree. Each cell runs in a
 * fresh world; a refusal must leave every study record, appraisal and member as it was.
 */

const MEMBER = 'm_member_self';
const PARTNER = 'm_member_partner';
const MEMBER_B = 'm_member_branch_b';

type Person =
  | 'self'
  | 'memberB'
  | 'secretaryA'
  | 'secretaryB'
  | 'hometownSecretary'
  | 'cityAdmin'
  | 'homeAdmin'
  | 'villageSecretary'
  | 'otherHomeAdmin'
  | 'systemAdmin';

const PEOPLE: Person[] = [
  'self',
  'memberB',
  'secretaryA',
  'secretaryB',
  'hometownSecretary',
  'cityAdmin',
  'homeAdmin',
  'villageSecretary',
  'otherHomeAdmin',
  'systemAdmin',
];

interface World {
  h: Harness;
  tree: Awaited<ReturnType<typeof seedTree>>;
  memberId: string;
  partnerId: string;
  plan: { version: number; itemIds: string[] };
  openid(person: Person): string;
}

async function placeIn(h: Harness, tree: World['tree'], openid: string, branchId: string, overrides: Partial<ActionInput<'member.register'>>) {
  const member = await registerMember(h, openid, profile(tree.village.orgId, overrides));
  const request = await h.ok(openid, 'checkin.submit', { branchId, via: 'scan' });
  await h.ok(SYSTEM_ADMIN, 'checkin.decide', { checkinId: request.checkinId, version: request.version, decision: 'approve' });
  return member.memberId;
}

/**
 * Two members with regular hours placed in branch A (so both study in pairs), one placed in
 * branch B, and branch A's plan for this year published.
 */
async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const memberId = await placeIn(h, tree, MEMBER, tree.branchA.orgId, { name: '李强', workPattern: 'regular' });
  const partnerId = await placeIn(h, tree, PARTNER, tree.branchA.orgId, { name: '赵磊', workPattern: 'regular' });
  await placeIn(h, tree, MEMBER_B, tree.branchB.orgId, { name: '孙丽', workPattern: 'regular' });
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
  const openids: Record<Person, string> = { self: MEMBER, memberB: MEMBER_B, systemAdmin: SYSTEM_ADMIN, ...tree.people };
  return {
    h,
    tree,
    memberId,
    partnerId,
    plan: { version: plan.version, itemIds: plan.items.map((item) => item.itemId) },
    openid: (p) => openids[p],
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

interface Row {
  name: string;
  allowed: Person[];
  /** Runs before the fingerprint, as the branch secretary. */
  setup?(w: World): Promise<unknown>;
  run(w: World, openid: string): Promise<ActionResult<unknown>>;
}

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
    run: (w, openid) => w.h.call(openid, 'appraisal.record', { memberId: w.memberId, year: 2026, result: 'excellent', version: null }),
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

describe.each(ROWS)('$name', (row) => {
  it.each(PEOPLE)('%s', async (person) => {
    const w = await world();
    try {
      if (row.setup) await row.setup(w);
      const before = await state(w);
      const result = await row.run(w, w.openid(person));
      if (row.allowed.includes(person)) {
        expect(result).toEqual({ ok: true, data: expect.anything() });
      } else {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(REFUSALS).toContain(result.error.code);
        expect(await state(w)).toEqual(before);
      }
    } finally {
      await w.h.close();
    }
  });
});

it('a secretary whose role is revoked can no longer record study for the branch', async () => {
  const w = await world();
  try {
    await w.h.ok(w.tree.people.cityAdmin, 'role.revoke', { openid: w.tree.people.secretaryA, role: 'secretary', orgId: w.tree.branchA.orgId });
    const before = await state(w);
    const result = await w.h.call(w.tree.people.secretaryA, 'study.record', {
      year: 2026,
      itemId: w.plan.itemIds[0],
      studiedOn: '2026-03-02',
      memberId: w.memberId,
    });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    expect(await state(w)).toEqual(before);
  } finally {
    await w.h.close();
  }
});
