/**
 * People in posts: every post below an organization, appointing a member picked from a search
 * or by the personal code from their phone, removing by the post as listed, and posts ending
 * with their reason when the holder leaves. On both stores.
 */
import { COLLECTIONS } from '../store/indexes';
import {
  type Harness,
  type Tree,
  BACKENDS,
  SYSTEM_ADMIN,
  createHarness,
  placeMember,
  seedTree,
} from '../../test/support/harness';
import { refused } from '../../test/support/journey-world';
import { POST_CODE_TTL_MS } from './posts';
import type { RoleRecord } from './records';

const MEMBER = 'm_posts_member';
const PHONE_PERSON = 'test_posts_phone';
const DAY = 24 * 3600_000;

describe.each(BACKENDS)('posts on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
    memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '钱学森', workPattern: 'regular' });
  });
  afterEach(() => h.close());

  const postsOf = (openid: string) => h.deps.store.find<RoleRecord>(COLLECTIONS.roles, { where: { openid }, limit: 20 });

  it('lists every post at and below the organization, organization by organization, paged', async () => {
    const all = await h.ok(tree.people.cityAdmin, 'post.list', { orgId: tree.city.orgId });
    expect(all.items.map((p) => [p.org.name, p.role, p.holderName])).toEqual(
      expect.arrayContaining([
        ['中共苏州市姑苏区委员会', 'org_admin', '周建华'],
        ['新桥社区第一党支部', 'secretary', '李秀英'],
        ['新桥社区第三党支部', 'secretary', '王明'],
        ['靖江市驻苏州流动党员党支部', 'secretary', '张国平'],
      ]),
    );
    expect(all.items).toHaveLength(4);
    expect(all.items[0]).toMatchObject({
      org: { orgId: tree.city.orgId },
      since: expect.any(String),
      grantedByName: '系统管理员',
    });
    expect(JSON.stringify(all)).not.toContain(tree.people.secretaryA);
    const first = await h.ok(tree.people.cityAdmin, 'post.list', { orgId: tree.city.orgId, limit: 3 });
    const rest = await h.ok(tree.people.cityAdmin, 'post.list', { orgId: tree.city.orgId, limit: 3, cursor: first.nextCursor });
    expect([...first.items, ...rest.items]).toEqual(all.items);
    refused(await h.call(tree.people.secretaryA, 'post.list', { orgId: tree.branchA.orgId }), 'FORBIDDEN');
    expect(await h.call(tree.people.homeAdmin, 'post.list', { orgId: tree.city.orgId })).toEqual(
      await h.call(tree.people.homeAdmin, 'post.list', { orgId: 'o_missing' }),
    );
  });

  it('appoints a member found by name, masked, and the post shows who appointed', async () => {
    const found = await h.ok(tree.people.cityAdmin, 'post.candidates', { orgId: tree.city.orgId, query: '钱' });
    expect(found.items).toEqual([
      {
        memberId,
        name: '钱学森',
        phoneMasked: '139****1234',
        inflowBranchName: '新桥社区第一党支部',
        outflowName: '新港村党支部',
      },
    ]);
    expect(
      (await h.ok(tree.people.otherHomeAdmin, 'post.candidates', { orgId: tree.otherHome.orgId, query: '钱' })).items,
    ).toEqual([]);
    await h.ok(tree.people.cityAdmin, 'role.grant', { memberId, role: 'secretary', orgId: tree.branchB.orgId });
    const me = await h.ok(MEMBER, 'session.me', {});
    expect(me.roles).toEqual([expect.objectContaining({ role: 'secretary', orgId: tree.branchB.orgId })]);
    const listed = await h.ok(tree.people.cityAdmin, 'post.list', { orgId: tree.branchB.orgId });
    expect(listed.items.map((p) => [p.holderName, p.grantedByName])).toEqual(expect.arrayContaining([['钱学森', '周建华']]));
    // A member out of the appointer's sight answers as a missing one.
    const stranger = await h.call(tree.people.otherHomeAdmin, 'role.grant', {
      memberId,
      role: 'org_admin',
      orgId: tree.otherHome.orgId,
    });
    const missing = await h.call(tree.people.otherHomeAdmin, 'role.grant', {
      memberId: 'm_missing',
      role: 'org_admin',
      orgId: tree.otherHome.orgId,
    });
    expect(stranger).toEqual(missing);
    refused(stranger, 'NOT_FOUND', 'memberId');
  });

  it('appoints by the personal code shown on a phone: once, while it is fresh', async () => {
    const code = await h.ok(PHONE_PERSON, 'post.myCode', {});
    expect(code.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(await h.ok(PHONE_PERSON, 'post.myCode', {})).toEqual(code);
    const grant = {
      code: code.code.toLowerCase(),
      role: 'org_admin' as const,
      orgId: tree.community.orgId,
      holderName: '孙组织',
    };
    await h.ok(tree.people.cityAdmin, 'role.grant', grant);
    // Sent again, it is the same appointment; used for another post, the code is spent.
    await h.ok(tree.people.cityAdmin, 'role.grant', grant);
    expect((await postsOf(PHONE_PERSON)).items).toHaveLength(1);
    expect((await h.ok(PHONE_PERSON, 'session.me', {})).roles).toEqual([
      expect.objectContaining({ role: 'org_admin', orgId: tree.community.orgId }),
    ]);
    refused(
      await h.call(tree.people.cityAdmin, 'role.grant', { ...grant, orgId: tree.chamber.orgId }),
      'POST_CODE_INVALID',
      'code',
    );
    // A used code is not shown again; a fresh one expires.
    const fresh = await h.ok(PHONE_PERSON, 'post.myCode', {});
    expect(fresh.code).not.toBe(code.code);
    h.clock.advance(POST_CODE_TTL_MS + 1000);
    refused(
      await h.call(tree.people.cityAdmin, 'role.grant', { ...grant, code: fresh.code, orgId: tree.chamber.orgId }),
      'POST_CODE_INVALID',
      'code',
    );
    refused(await h.call(tree.people.cityAdmin, 'role.grant', { ...grant, code: '12' }), 'BAD_REQUEST', 'code');
    refused(
      await h.call(tree.people.cityAdmin, 'role.grant', { role: 'org_admin', orgId: tree.chamber.orgId, holderName: '孙组织' }),
      'BAD_REQUEST',
      'memberId',
    );
    refused(
      await h.call(tree.people.cityAdmin, 'role.grant', { code: fresh.code, role: 'org_admin', orgId: tree.chamber.orgId }),
      'BAD_REQUEST',
      'holderName',
    );
  });

  it('removes a post as listed: of two admins at once one wins, and the winner sending again is answered alike', async () => {
    const [post] = (await h.ok(tree.people.cityAdmin, 'post.list', { orgId: tree.branchA.orgId })).items;
    const remove = (openid: string) => h.call(openid, 'role.revoke', { postId: post.postId, version: post.version });
    const results = await Promise.all([remove(tree.people.cityAdmin), remove(SYSTEM_ADMIN)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
    const winner = results[0].ok ? tree.people.cityAdmin : SYSTEM_ADMIN;
    expect(await remove(winner)).toEqual({ ok: true, data: { revoked: true } });
    expect((await postsOf(tree.people.secretaryA)).items.map((p) => p.endReason)).toEqual(['revoked']);
    expect((await h.ok(tree.people.secretaryA, 'session.me', {})).roles).toEqual([]);
    refused(
      await h.call(tree.people.homeAdmin, 'role.revoke', { postId: post.postId, version: post.version }),
      'NOT_FOUND',
      'postId',
    );
    refused(await h.call(tree.people.cityAdmin, 'role.revoke', { postId: post.postId }), 'BAD_REQUEST', 'version');
  });

  it('a post held in a branch ends when the holder leaves the branch', async () => {
    await h.ok(tree.people.cityAdmin, 'role.grant', { memberId, role: 'secretary', orgId: tree.branchA.orgId });
    await h.ok(MEMBER, 'placement.leave', {
      memberId,
      branchId: tree.branchA.orgId,
      endedOn: '2026-11-25',
      reason: 'moved_city',
      destination: '南京',
    });
    expect((await postsOf(MEMBER)).items.map((p) => [p.orgId, p.endReason, p.revokedAt !== null])).toEqual([
      [tree.branchA.orgId, 'left_branch', true],
    ]);
    expect((await h.ok(MEMBER, 'session.me', {})).roles).toEqual([]);
  });

  it('a post held at the outflow organization ends when the organization relationship transfers away', async () => {
    await h.ok(tree.people.homeAdmin, 'role.grant', { memberId, role: 'secretary', orgId: tree.village.orgId });
    h.clock.advance(7 * 31 * DAY);
    const proposed = await h.ok(tree.people.secretaryA, 'transfer.propose', { memberId, reason: '在苏州工作已满两年' });
    const agreed = await h.ok(tree.people.villageSecretary, 'transfer.decide', {
      transferId: proposed.transferId,
      version: proposed.version,
      decision: 'agree',
    });
    h.clock.set('2027-07-02T02:00:00.000Z');
    await h.ok(tree.people.secretaryA, 'transfer.complete', {
      transferId: proposed.transferId,
      version: agreed.version,
      letterNumber: 'JS2027-000456',
      letterDate: '2027-07-01',
    });
    expect((await postsOf(MEMBER)).items.map((p) => [p.orgId, p.endReason])).toEqual([[tree.village.orgId, 'transferred']]);
  });
});
