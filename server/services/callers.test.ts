import { dispatch } from '../router/router';
import { COLLECTIONS } from '../store/indexes';
import { type Harness, type Tree, createHarness, profile, registerMember, seedTree } from '../../test/support/harness';
import { deskCall, signInDesk } from '../../test/support/desk';
import { type Caller, callerKey, callerOpenid, wechatCaller } from './context';

/**
 * A caller is a WeChat user or a desk signed in by an official; both are known by the official's
 * OPENID and resolved to roles the same way, and only the platform's word makes either.
 */

let h: Harness;
let tree: Tree;
beforeEach(async () => {
  h = await createHarness('sqlite');
  tree = await seedTree(h);
});
afterEach(() => h.close());

it('knows a WeChat caller and a desk caller by the OPENID; only the WeChat one is a member', () => {
  const desk: Caller = { kind: 'desk', openid: 'oAbCdEf123456', sessionId: 'ds_0001' };
  expect(callerKey(wechatCaller('oAbCdEf123456'))).toBe('oAbCdEf123456');
  expect(callerKey(desk)).toBe('oAbCdEf123456');
  expect(callerOpenid(wechatCaller('oAbCdEf123456'))).toBe('oAbCdEf123456');
  expect(callerOpenid(desk)).toBeNull();
});

it("a desk signed in by a secretary acts with the secretary's roles, exactly as her phone does", async () => {
  const { sessionId } = await signInDesk(h, tree.people.secretaryA);
  const phone = await h.call(tree.people.secretaryA, 'branch.members', { branchId: tree.branchA.orgId });
  expect(await deskCall(h, sessionId, 'branch.members', { branchId: tree.branchA.orgId })).toEqual(phone);
  const other = await h.call(tree.people.secretaryA, 'branch.members', { branchId: tree.branchB.orgId });
  expect(await deskCall(h, sessionId, 'branch.members', { branchId: tree.branchB.orgId })).toEqual(other);
  expect(other.ok).toBe(false);
  expect(await deskCall(h, sessionId, 'session.me', {})).toMatchObject({
    ok: true,
    data: { roles: [{ role: 'secretary', orgId: tree.branchA.orgId }], member: null },
  });
});

it('a desk never acts as a member: it cannot register, and nothing is written', async () => {
  const { sessionId } = await signInDesk(h, tree.people.secretaryA);
  const before = await h.deps.store.count(COLLECTIONS.members, {});
  await h.ok(tree.people.secretaryA, 'consent.accept', {
    version: (await h.ok(tree.people.secretaryA, 'consent.notice', {})).version,
  });
  expect((await deskCall(h, sessionId, 'member.register', profile(tree.village.orgId))).ok).toBe(false);
  expect(await h.deps.store.count(COLLECTIONS.members, {})).toBe(before);
  expect(await deskCall(h, sessionId, 'life.mine', {})).toEqual({
    ok: false,
    error: expect.objectContaining({ code: 'NOT_REGISTERED' }),
  });
});

it('a registered member who is also an official is still no member at the desk', async () => {
  await registerMember(h, tree.people.secretaryA, profile(tree.village.orgId));
  const { sessionId } = await signInDesk(h, tree.people.secretaryA);
  expect(await deskCall(h, sessionId, 'checkin.mine', {})).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } });
  expect((await h.call(tree.people.secretaryA, 'checkin.mine', {})).ok).toBe(true);
});

it('without a caller only the sign-in actions run', async () => {
  const anonymous = (action: string, input: unknown) => dispatch(h.deps, null, action, input, () => undefined);
  expect(await anonymous('session.me', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  expect(await anonymous('desk.sessions', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  expect(await anonymous('desk.loginStart', { device: 'Chrome · Windows' })).toMatchObject({ ok: true });
});
