import { COLLECTIONS } from '../../server/store/indexes';
import { type Backend, createHarness, placeMember, profile, registerMember, seedTree } from './harness';

/** Three placed members in two branches and one waiting, for the organizational-life rules. */

export const MEMBER = 'm_rider_01';
export const MEMBER_2 = 'm_clerk_02';
export const MEMBER_B = 'm_branch_b_03';
export const UNPLACED = 'm_unplaced_04';

/** 2026-11-28 19:00 in Shanghai is 11:00 UTC; sign-in opens 30 minutes early, closes at the end. */
export const STARTS = '2026-11-28T11:00:00.000Z';
export const OPENS = '2026-11-28T10:30:00.000Z';
export const CLOSES = '2026-11-28T12:30:00.000Z';

export async function activityWorld(backend: Backend) {
  const h = await createHarness(backend);
  const tree = await seedTree(h);
  // A minute apart, so the newest placement is one member, not a tie.
  const place = async (openid: string, branchId: string, name: string) => {
    const memberId = await placeMember(h, tree, openid, branchId, { name });
    h.clock.advance(60_000);
    return memberId;
  };
  const ids = {
    member: await place(MEMBER, tree.branchA.orgId, '王海军'),
    member2: await place(MEMBER_2, tree.branchA.orgId, '刘芳'),
    memberB: await place(MEMBER_B, tree.branchB.orgId, '赵强'),
    unplaced: (await registerMember(h, UNPLACED, profile(tree.village.orgId, { name: '孙丽' }))).memberId,
  };
  const counts = async () => ({
    activities: await h.deps.store.count(COLLECTIONS.activities, {}),
    attendance: await h.deps.store.count(COLLECTIONS.attendance, {}),
  });
  return { h, tree, ids, counts };
}

export type ActivityWorld = Awaited<ReturnType<typeof activityWorld>>;

export const refused = (code: string, extra: Record<string, unknown> = {}) => ({
  ok: false,
  error: expect.objectContaining({ code, ...extra }),
});
