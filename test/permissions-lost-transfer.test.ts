import { COLLECTIONS } from '../server/store/indexes';
import { transferIdFor } from '../server/services/transfers';
import { createHarness, placeMember, seedTree } from './support/harness';
import { journeyFingerprint, memberVersion } from './support/journey-world';
import {
  PEOPLE,
  type Person,
  type PermissionRow,
  type PermissionWorld,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may mark a member 失联, record them found, and take each step of a transfer: every row is
 * an action on a member placed in branch A (from the test village), every column a person in the
 * tree. Anyone not allowed gets the answer a missing record gets; nothing changes.
 */

const MEMBER = 'm_member_self';
const MEMBER_B = 'm_member_branch_b';

interface World extends PermissionWorld<Person> {
  memberId: string;
}

async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '李强', workPattern: 'regular' });
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId, { name: '孙丽', workPattern: 'regular' });
  return { h, tree, memberId, openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B }) };
}

const transferId = (w: World) => transferIdFor(w.memberId, 1);
const transferVersion = async (w: World) => (await w.h.deps.store.get(COLLECTIONS.transfers, transferId(w)))?.version ?? 0;
const propose = (w: World) =>
  w.h.ok(w.tree.people.secretaryA, 'transfer.propose', { memberId: w.memberId, reason: '居住工作稳定' });

type Row = PermissionRow<World>;

const BOTH_SIDES: Person[] = ['secretaryA', 'cityAdmin', 'homeAdmin', 'villageSecretary', 'systemAdmin'];
const INFLOW: Person[] = ['secretaryA', 'cityAdmin', 'systemAdmin'];
const OUTFLOW: Person[] = ['villageSecretary', 'homeAdmin', 'systemAdmin'];

const ROWS: Row[] = [
  {
    name: 'lostContact.get of a member of branch A',
    allowed: BOTH_SIDES,
    run: (w, openid) => w.h.call(openid, 'lostContact.get', { memberId: w.memberId }),
  },
  {
    name: 'lostContact.mark a member of branch A',
    allowed: BOTH_SIDES,
    run: async (w, openid) =>
      w.h.call(openid, 'lostContact.mark', {
        memberId: w.memberId,
        version: await memberVersion(w.h, w.memberId),
        lastContactOn: '2026-10-01',
        reason: 'work_business',
      }),
  },
  {
    name: 'lostContact.found a member of branch A',
    allowed: BOTH_SIDES,
    setup: async (w) =>
      w.h.ok(w.tree.people.secretaryA, 'lostContact.mark', {
        memberId: w.memberId,
        version: await memberVersion(w.h, w.memberId),
        lastContactOn: '2026-10-01',
        reason: 'abroad',
      }),
    run: async (w, openid) =>
      w.h.call(openid, 'lostContact.found', {
        memberId: w.memberId,
        version: await memberVersion(w.h, w.memberId),
        foundOn: '2026-11-20',
        how: '本人来电',
      }),
  },
  {
    name: 'transfer.candidates of branch A',
    allowed: INFLOW,
    run: (w, openid) => w.h.call(openid, 'transfer.candidates', { branchId: w.tree.branchA.orgId }),
  },
  {
    name: 'transfer.propose a member of branch A',
    allowed: INFLOW,
    run: (w, openid) => w.h.call(openid, 'transfer.propose', { memberId: w.memberId, reason: '居住工作稳定' }),
  },
  {
    name: 'transfer.decide a proposal from branch A',
    allowed: OUTFLOW,
    setup: propose,
    run: async (w, openid) =>
      w.h.call(openid, 'transfer.decide', { transferId: transferId(w), version: await transferVersion(w), decision: 'agree' }),
  },
  {
    name: 'transfer.complete an agreed transfer to branch A',
    allowed: INFLOW,
    setup: async (w) => {
      const proposed = await propose(w);
      return w.h.ok(w.tree.people.villageSecretary, 'transfer.decide', {
        transferId: proposed.transferId,
        version: proposed.version,
        decision: 'agree',
      });
    },
    run: async (w, openid) =>
      w.h.call(openid, 'transfer.complete', {
        transferId: transferId(w),
        version: await transferVersion(w),
        letterNumber: 'JS2026-000123',
        letterDate: '2026-11-25',
      }),
  },
  {
    name: "transfer.list of branch A's proposals",
    allowed: INFLOW,
    setup: propose,
    run: (w, openid) => w.h.call(openid, 'transfer.list', { orgId: w.tree.branchA.orgId, side: 'inflow' }),
  },
  {
    name: "transfer.list of the village's decisions",
    allowed: OUTFLOW,
    setup: propose,
    run: (w, openid) => w.h.call(openid, 'transfer.list', { orgId: w.tree.village.orgId, side: 'outflow' }),
  },
  {
    name: 'transfer.ofMember a member of branch A',
    allowed: BOTH_SIDES,
    setup: propose,
    run: (w, openid) => w.h.call(openid, 'transfer.ofMember', { memberId: w.memberId }),
  },
];

// The member-level steps answer NOT_FOUND; the organization-level lists answer as the other lists do.
const REFUSALS = ['NOT_FOUND', 'FORBIDDEN'];

describePermissionTable({ rows: ROWS, people: PEOPLE, world, state: (w) => journeyFingerprint(w.h), refusals: REFUSALS });

it('every refusal of a member-level step is the not-found answer', async () => {
  const w = await world();
  try {
    await propose(w);
    for (const person of ['secretaryB', 'hometownSecretary', 'otherHomeAdmin', 'self', 'memberB'] as const) {
      const openid = w.openid(person);
      for (const result of [
        await w.h.call(openid, 'lostContact.get', { memberId: w.memberId }),
        await w.h.call(openid, 'transfer.ofMember', { memberId: w.memberId }),
        await w.h.call(openid, 'transfer.decide', { transferId: transferId(w), version: 1, decision: 'agree' }),
      ]) {
        expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
      }
    }
  } finally {
    await w.h.close();
  }
});
