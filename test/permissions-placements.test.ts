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
 * Who may end a placement and read the history: the member and their branch (or admins above
 * it) record a leave, the outflow side records the return home, and both sides read the
 * history. Everyone else is answered as if the member did not exist.
 */

const MEMBER = 'm_member_self';
const MEMBER_B = 'm_member_b';

interface World extends PermissionWorld<Person> {
  memberId: string;
}

async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId);
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId);
  return { h, tree, memberId, openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B }) };
}

type Row = PermissionRow<World, Person>;

const ROWS: Row[] = [
  {
    name: 'placement.leave branch A',
    allowed: ['self', 'secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'placement.leave', {
        memberId: w.memberId,
        branchId: w.tree.branchA.orgId,
        endedOn: '2026-11-25',
        reason: 'moved_city',
      }),
  },
  {
    name: 'placement.return home',
    allowed: ['villageSecretary', 'homeAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'placement.return', { memberId: w.memberId, returnedOn: '2026-11-25' }),
  },
  {
    name: 'placement.history of the member',
    allowed: ['self', 'secretaryA', 'cityAdmin', 'villageSecretary', 'homeAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'placement.history', { memberId: w.memberId }),
  },
];

describePermissionTable({
  rows: ROWS,
  people: PEOPLE,
  world,
  refusals: ['NOT_FOUND'],
  state: async (w) => [
    await w.h.deps.store.get(COLLECTIONS.members, w.memberId),
    await w.h.deps.store.find(COLLECTIONS.placements, { where: {}, limit: 10 }),
    await w.h.deps.store.count(COLLECTIONS.messages, {}),
    await w.h.deps.store.count(COLLECTIONS.reports, {}),
  ],
});
