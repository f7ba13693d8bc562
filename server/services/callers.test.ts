import { dispatch } from '../router/router';
import { COLLECTIONS } from '../store/indexes';
import { type Harness, type Tree, createHarness, seedTree } from '../../test/support/harness';
import { type Caller, callerKey, wechatCaller } from './context';
import type { RoleRecord } from './records';

/**
 * A caller is a WeChat user or a desk user; both are resolved to roles the same way, by the one
 * key each is known by, and only the platform's word makes either.
 */

const DESK: Caller = { kind: 'desk', userId: 'u_desk_01', sessionId: 's_0001' };

let h: Harness;
let tree: Tree;
beforeEach(async () => {
  h = await createHarness('sqlite');
  tree = await seedTree(h);
});
afterEach(() => h.close());

const as = (caller: Caller, action: Parameters<typeof dispatch>[2], input: unknown) =>
  dispatch(h.deps, caller, action, input, () => undefined);

async function grantDeskSecretaryOfBranchA(): Promise<void> {
  const branch = await h.deps.store.get<{ path: string }>(COLLECTIONS.organizations, tree.branchA.orgId);
  const role: RoleRecord = {
    openid: callerKey(DESK),
    role: 'secretary',
    orgId: tree.branchA.orgId,
    orgPath: branch?.path ?? null,
    holderName: '书记（电脑端）',
    grantedBy: 'test',
    grantedAt: '2026-11-25T02:00:00.000Z',
    revokedAt: null,
    revokedBy: null,
  };
  await h.deps.store.insert<RoleRecord>(COLLECTIONS.roles, { _id: 'r_desk_secretary_a', ...role });
}

it('the key of a WeChat caller is its OPENID, of a desk caller desk:<userId>', () => {
  expect(callerKey(wechatCaller('oAbCdEf123456'))).toBe('oAbCdEf123456');
  expect(callerKey(DESK)).toBe('desk:u_desk_01');
});

it('a desk caller acts with the roles held under its key, as a WeChat caller does with its own', async () => {
  const wechat = await as(wechatCaller(tree.people.secretaryA), 'branch.members', { branchId: tree.branchA.orgId });
  expect(await as(DESK, 'branch.members', { branchId: tree.branchA.orgId })).toEqual({
    ok: false,
    error: expect.objectContaining({ code: expect.stringMatching(/FORBIDDEN|NOT_FOUND/) }),
  });
  await grantDeskSecretaryOfBranchA();
  expect(await as(DESK, 'branch.members', { branchId: tree.branchA.orgId })).toEqual(wechat);
  const me = await as(DESK, 'session.me', {});
  expect(me).toMatchObject({ ok: true, data: { roles: [{ role: 'secretary', orgId: tree.branchA.orgId }], member: null } });
});

it("a desk user named like someone's OPENID gets none of that person's roles", async () => {
  const lookalike: Caller = { kind: 'desk', userId: tree.people.secretaryA, sessionId: 's_0002' };
  expect(await as(lookalike, 'session.me', {})).toMatchObject({ ok: true, data: { roles: [], member: null } });
});

it('only a WeChat user registers as a member; a desk caller is refused and nothing is written', async () => {
  const before = await h.deps.store.count(COLLECTIONS.members, {});
  const result = await as(DESK, 'member.register', {});
  expect(result.ok).toBe(false);
  expect(await h.deps.store.count(COLLECTIONS.members, {})).toBe(before);
  await h.ok(tree.people.secretaryA, 'consent.accept', {
    version: (await h.ok(tree.people.secretaryA, 'consent.notice', {})).version,
  });
  // With its own consent recorded under its key, a desk caller is still no member.
  await as(DESK, 'consent.accept', { version: (await h.ok(tree.people.secretaryA, 'consent.notice', {})).version });
  expect(await as(DESK, 'life.mine', {})).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_REGISTERED' }) });
});
