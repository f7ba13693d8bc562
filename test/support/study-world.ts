import type { ActionInput, ActionResult } from '../../server/contract';
import { COLLECTIONS } from '../../server/store/indexes';
import { type Backend, type Harness, createHarness, placeMember, seedTree } from './harness';

/** Four placed members in two branches, for the study and appraisal rules. */

export const RIDER = 'm_rider';
export const CLERK = 'm_clerk';
export const DRIVER = 'm_driver';
export const COOK = 'm_cook_b';

/** Everything the study actions may write, to prove a refusal wrote nothing. */
export async function studyFingerprint(h: Harness) {
  const all = async (collection: string) => (await h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
  return {
    plans: await all(COLLECTIONS.studyPlans),
    entries: await all(COLLECTIONS.studyEntries),
    appraisals: await all(COLLECTIONS.appraisals),
    members: await all(COLLECTIONS.members),
  };
}

export function refused(result: ActionResult<unknown>, code: string, field?: string) {
  expect(result).toEqual({ ok: false, error: expect.objectContaining(field ? { code, field } : { code }) });
}

export async function studyWorld(backend: Backend) {
  const h = await createHarness(backend);
  const tree = await seedTree(h);
  // A minute apart, so no two placements tie.
  const place = (openid: string, branchId: string, overrides: Partial<ActionInput<'member.register'>>) => {
    h.clock.advance(60_000);
    return placeMember(h, tree, openid, branchId, overrides);
  };
  const ids = {
    rider: await place(RIDER, tree.branchA.orgId, { name: '王海军', workPattern: 'irregular' }),
    clerk: await place(CLERK, tree.branchA.orgId, { name: '李强', workPattern: 'regular', occupation: '书店店员' }),
    driver: await place(DRIVER, tree.branchA.orgId, { name: '赵磊', workPattern: 'regular', occupation: '货车司机' }),
    cook: await place(COOK, tree.branchB.orgId, { name: '孙丽', workPattern: 'regular', occupation: '厨师' }),
  };
  return { h, tree, ids };
}
