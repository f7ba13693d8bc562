import { dispatch } from '../router/router';
import { COLLECTIONS } from '../store/indexes';
import { type Harness, type Tree, createHarness, seedTree } from '../../test/support/harness';
import { type Caller, callerKey, wechatCaller } from './context';

/**
 * A caller is a WeChat user or a desk session; a desk session is one official's, so both are
 * resolved to roles by the official's OPENID, and only the platform's word makes either.
 */

let h: Harness;
let tree: Tree;
beforeEach(async () => {
  h = await createHarness('sqlite');
  tree = await seedTree(h);
});
afterEach(() => h.close());

const as = (caller: Caller, action: Parameters<typeof dispatch>[2], input: unknown) =>
  dispatch(h.deps, caller, action, input, () => undefined);

it("the key of a WeChat caller and of a desk session is the official's OPENID", () => {
  expect(callerKey(wechatCaller('oAbCdEf123456'))).toBe('oAbCdEf123456');
  expect(callerKey({ kind: 'desk', openid: 'oAbCdEf123456', sessionId: 's_0001' })).toBe('oAbCdEf123456');
});

it("a desk session acts with exactly its official's roles", async () => {
  const desk: Caller = { kind: 'desk', openid: tree.people.secretaryA, sessionId: 's_0001' };
  const wechat = await as(wechatCaller(tree.people.secretaryA), 'branch.members', { branchId: tree.branchA.orgId });
  expect(await as(desk, 'branch.members', { branchId: tree.branchA.orgId })).toEqual(wechat);
  const other: Caller = { kind: 'desk', openid: tree.people.secretaryB, sessionId: 's_0002' };
  expect(await as(other, 'branch.members', { branchId: tree.branchA.orgId })).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });
});

it('only a WeChat user registers as a member; a desk session is refused and nothing is written', async () => {
  const desk: Caller = { kind: 'desk', openid: 'o_never_registered', sessionId: 's_0003' };
  const before = await h.deps.store.count(COLLECTIONS.members, {});
  expect((await as(desk, 'member.register', {})).ok).toBe(false);
  expect(await h.deps.store.count(COLLECTIONS.members, {})).toBe(before);
});
