import type { ActionResult } from '../server/contract';
import { COLLECTIONS } from '../server/store/indexes';
import { type Harness, SYSTEM_ADMIN, createHarness, profile, registerMember, seedTree } from './support/harness';

/**
 * Who may do what: every row is an action on one record, every column a person in the tree.
 * Each cell runs in a fresh world; a refusal must also leave the records as they were.
 */

const MEMBER = 'm_member_self';
const STRANGER = 'm_member_stranger';

type Person =
  | 'self'
  | 'stranger'
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
  'stranger',
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
  checkinId: string;
  checkinVersion: number;
  openid(person: Person): string;
}

/** A member of the village, living in Suzhou, with a pending check-in to branch A. */
async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const member = await registerMember(h, MEMBER, profile(tree.village.orgId));
  await registerMember(h, STRANGER, profile(tree.otherHome.orgId));
  const checkin = await h.ok(MEMBER, 'checkin.submit', { branchId: tree.branchA.orgId, via: 'scan' });
  const openids: Record<Person, string> = {
    self: MEMBER,
    stranger: STRANGER,
    systemAdmin: SYSTEM_ADMIN,
    ...tree.people,
  };
  return { h, tree, memberId: member.memberId, checkinId: checkin.checkinId, checkinVersion: checkin.version, openid: (p) => openids[p] };
}

interface Row {
  name: string;
  allowed: Person[];
  run(w: World, openid: string): Promise<ActionResult<unknown>>;
  /** A fingerprint of what the action may change; it must not move on a refusal. */
  state?(w: World): Promise<unknown>;
}

const checkinState = async (w: World) => w.h.deps.store.get(COLLECTIONS.checkins, w.checkinId);
const memberState = async (w: World) => w.h.deps.store.get(COLLECTIONS.members, w.memberId);

const ROWS: Row[] = [
  {
    name: 'checkin.decide (approve) a request to branch A',
    allowed: ['secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'checkin.decide', { checkinId: w.checkinId, version: w.checkinVersion, decision: 'approve' }),
    state: async (w) => [await checkinState(w), await memberState(w), await w.h.deps.store.count(COLLECTIONS.notices, {})],
  },
  {
    name: 'checkin.decide (reject) a request to branch A',
    allowed: ['secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'checkin.decide', { checkinId: w.checkinId, version: w.checkinVersion, decision: 'reject', reason: '不在本社区' }),
    state: checkinState,
  },
  {
    name: 'checkin.withdraw the request',
    allowed: ['self'],
    run: (w, openid) => w.h.call(openid, 'checkin.withdraw', { checkinId: w.checkinId }),
    state: checkinState,
  },
  {
    name: "checkin.pending of branch A",
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
    name: 'branch.checkinCode of branch A',
    allowed: ['secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'branch.checkinCode', { branchId: w.tree.branchA.orgId }),
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
      w.h.call(openid, 'org.create', { parentId: null, name: '中共某市委员会', kind: 'committee', region: w.tree.branchA.region }),
    state: (w) => w.h.deps.store.count(COLLECTIONS.organizations, {}),
  },
  {
    name: 'role.grant a secretary of branch A',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'role.grant', { openid: 'new_secretary', role: 'secretary', orgId: w.tree.branchA.orgId, holderName: '新书记' }),
    state: (w) => w.h.deps.store.count(COLLECTIONS.roles, {}),
  },
  {
    name: 'role.revoke the secretary of branch A',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'role.revoke', { openid: w.tree.people.secretaryA, role: 'secretary', orgId: w.tree.branchA.orgId }),
    state: (w) => w.h.deps.store.find(COLLECTIONS.roles, { where: {}, limit: 100 }),
  },
];

const REFUSALS = ['FORBIDDEN', 'NOT_FOUND', 'NOT_REGISTERED'];

describe.each(ROWS)('$name', (row) => {
  it.each(PEOPLE)(`%s`, async (person) => {
    const w = await world();
    try {
      const before = row.state ? await row.state(w) : null;
      const result = await row.run(w, w.openid(person));
      if (row.allowed.includes(person)) {
        expect(result).toEqual({ ok: true, data: expect.anything() });
      } else {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(REFUSALS).toContain(result.error.code);
        if (row.state) expect(await row.state(w)).toEqual(before);
      }
    } finally {
      await w.h.close();
    }
  });
});

it('a revoked secretary loses the branch at once', async () => {
  const w = await world();
  try {
    await w.h.ok(w.tree.people.cityAdmin, 'role.revoke', { openid: w.tree.people.secretaryA, role: 'secretary', orgId: w.tree.branchA.orgId });
    const result = await w.h.call(w.tree.people.secretaryA, 'checkin.pending', { orgId: w.tree.branchA.orgId });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
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
