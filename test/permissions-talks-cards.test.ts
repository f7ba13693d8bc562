import { cardScene } from '../server/services/cards';
import { COLLECTIONS } from '../server/store/indexes';
import { createHarness, nextRequestId, placeMember, seedTree } from './support/harness';
import {
  PEOPLE,
  type Person,
  type PermissionRow,
  type PermissionWorld,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may do what with the contact person, the talks and the activity card: every row is an
 * action on a member placed in branch A (from the test village), every column a person in the
 * tree. A refusal must leave every contact, talk, due, review and member as it was.
 */

const MEMBER = 'm_member_self';
const PARTNER = 'm_member_partner';
const MEMBER_B = 'm_member_branch_b';

interface World extends PermissionWorld<Person> {
  memberId: string;
  partnerId: string;
}

async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '李强' });
  const partnerId = await placeMember(h, tree, PARTNER, tree.branchA.orgId, { name: '赵磊' });
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId, { name: '孙丽' });
  return { h, tree, memberId, partnerId, openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B }) };
}

async function state(w: World) {
  const all = async (collection: string) => (await w.h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
  return {
    contacts: await all(COLLECTIONS.contacts),
    talks: await all(COLLECTIONS.talks),
    dues: await all(COLLECTIONS.talkDues),
    reviews: await all(COLLECTIONS.cardReviews),
    members: await all(COLLECTIONS.members),
  };
}

type Row = PermissionRow<World>;

const MANAGERS_OF_A: Person[] = ['secretaryA', 'cityAdmin', 'systemAdmin'];
const OUTFLOW_SIDE: Person[] = ['villageSecretary', 'homeAdmin'];

const ROWS: Row[] = [
  {
    name: 'contact.candidates for a member of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) => w.h.call(openid, 'contact.candidates', { memberId: w.memberId }),
  },
  {
    name: 'contact.set for a member of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) =>
      w.h.call(openid, 'contact.set', { memberId: w.memberId, choice: { kind: 'member', memberId: w.partnerId }, version: null }),
  },
  {
    name: 'talk.list of a member of branch A',
    allowed: ['self', ...MANAGERS_OF_A, ...OUTFLOW_SIDE],
    run: (w, openid) => w.h.call(openid, 'talk.list', { memberId: w.memberId }),
  },
  {
    name: 'talk.record with a member of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) =>
      w.h.call(openid, 'talk.record', {
        memberId: w.memberId,
        requestId: nextRequestId(),
        cause: 'placement',
        heldOn: '2026-11-25',
        topic: '了解情况',
        note: '只给两地看',
      }),
  },
  {
    name: 'talk.due of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) => w.h.call(openid, 'talk.due', { branchId: w.tree.branchA.orgId }),
  },
  {
    name: 'card.mine',
    allowed: ['self', 'memberB'],
    run: (w, openid) => w.h.call(openid, 'card.mine', {}),
  },
  {
    name: 'card.get of a member of branch A',
    allowed: ['self', ...MANAGERS_OF_A, ...OUTFLOW_SIDE],
    run: (w, openid) => w.h.call(openid, 'card.get', { memberId: w.memberId }),
  },
  {
    name: "card.scan of a member of branch A's code",
    allowed: ['self', ...MANAGERS_OF_A, ...OUTFLOW_SIDE],
    run: (w, openid) => w.h.call(openid, 'card.scan', { scene: cardScene(w.memberId) }),
  },
  {
    name: 'card.review of a member of branch A',
    allowed: OUTFLOW_SIDE,
    run: (w, openid) => w.h.call(openid, 'card.review', { memberId: w.memberId, year: 2026, result: 'passed', version: null }),
  },
];

const REFUSALS = ['FORBIDDEN', 'NOT_FOUND', 'NOT_REGISTERED'];

describePermissionTable({ rows: ROWS, people: PEOPLE, world, state, refusals: REFUSALS });
