import type { ActionResult } from '../../server/contract';
import { COLLECTIONS } from '../../server/store/indexes';
import { type Backend, type Harness, type Tree, createHarness, placeMember, seedTree } from './harness';

/** Members placed in branch A and B of the test tree, for the 失联 and transfer rules. */

export const SETTLED = 'm_settled';
export const RIDER = 'm_rider_irregular';
export const OTHER_BRANCH = 'm_other_branch';

export interface JourneyWorld {
  h: Harness;
  tree: Tree;
  ids: { settled: string; rider: string; otherBranch: string };
}

export async function journeyWorld(backend: Backend): Promise<JourneyWorld> {
  const h = await createHarness(backend);
  const tree = await seedTree(h);
  const ids = {
    settled: await placeMember(h, tree, SETTLED, tree.branchA.orgId, {
      name: '李强',
      workPattern: 'regular',
      occupation: '书店店员',
    }),
    rider: await placeMember(h, tree, RIDER, tree.branchA.orgId, { name: '王海军', workPattern: 'irregular' }),
    otherBranch: await placeMember(h, tree, OTHER_BRANCH, tree.branchB.orgId, { name: '孙丽', workPattern: 'regular' }),
  };
  return { h, tree, ids };
}

/** Everything the 失联 and transfer actions may write, to prove a refusal wrote nothing. */
export async function journeyFingerprint(h: Harness) {
  const all = async (collection: string) => (await h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
  return {
    members: await all(COLLECTIONS.members),
    lostContacts: await all(COLLECTIONS.lostContacts),
    transfers: await all(COLLECTIONS.transfers),
    messages: await all(COLLECTIONS.messages),
  };
}

export function refused(result: ActionResult<unknown>, code: string, field?: string) {
  expect(result).toEqual({ ok: false, error: expect.objectContaining(field ? { code, field } : { code }) });
}

/** The member's current version, as a page would have it. */
export async function memberVersion(h: Harness, memberId: string): Promise<number> {
  const doc = await h.deps.store.get(COLLECTIONS.members, memberId);
  if (!doc) throw new Error(`no member ${memberId}`);
  return doc.version;
}
