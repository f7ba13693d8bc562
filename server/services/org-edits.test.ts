/**
 * The organization department's edits of the tree: browsing an organization's children,
 * searching a subtree by name, and changing what is kept about an organization with the
 * version the editor saw. On both stores.
 */
import { runAllJobs } from '../jobs/run-all';
import { COLLECTIONS } from '../store/indexes';
import type { MemberRecord } from './records';
import {
  type Harness,
  type Tree,
  BACKENDS,
  SUZHOU,
  SYSTEM_ADMIN,
  createHarness,
  placeMember,
  seedTree,
} from '../../test/support/harness';
import { refused } from '../../test/support/journey-world';

describe.each(BACKENDS)('organization edits on %s', (backend) => {
  let h: Harness;
  let tree: Tree;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  const version = async (orgId: string) => (await h.deps.store.get(COLLECTIONS.organizations, orgId))?.version ?? 0;

  it('browses the children of an organization by name, page by page over the cursors', async () => {
    const first = await h.ok(tree.people.cityAdmin, 'org.children', { orgId: tree.city.orgId, limit: 2 });
    expect(first.items.map((o) => o.name)).toEqual(['快递外卖行业流动党员党支部', '新桥社区党委']);
    expect(first.nextCursor).not.toBeNull();
    const second = await h.ok(tree.people.cityAdmin, 'org.children', {
      orgId: tree.city.orgId,
      cursor: first.nextCursor,
      limit: 2,
    });
    expect(second).toMatchObject({ items: [{ name: '靖江商会党委', version: 1, dissolved: null }], nextCursor: null });
  });

  it('searches by name within the caller subtree only, in tree order', async () => {
    const found = await h.ok(tree.people.cityAdmin, 'org.search', { orgId: tree.city.orgId, query: '支部' });
    expect(found.items.map((o) => o.orgId).sort()).toEqual(
      [tree.branchA, tree.branchB, tree.hometownBranch, tree.industryBranch].map((o) => o.orgId).sort(),
    );
    // The village's 党支部 is in another subtree: the Gusu admin never finds it.
    expect(found.items.map((o) => o.orgId)).not.toContain(tree.village.orgId);
    // A parent comes before what is below it.
    const community = await h.ok(SYSTEM_ADMIN, 'org.search', { orgId: tree.city.orgId, query: '新桥' });
    expect(community.items.map((o) => o.orgId)).toEqual([
      tree.community.orgId,
      ...[tree.branchA.orgId, tree.branchB.orgId].sort(),
    ]);
    const paged = await h.ok(tree.people.cityAdmin, 'org.search', { orgId: tree.city.orgId, query: '支部', limit: 3 });
    const rest = await h.ok(tree.people.cityAdmin, 'org.search', {
      orgId: tree.city.orgId,
      query: '支部',
      limit: 3,
      cursor: paged.nextCursor,
    });
    expect([...paged.items, ...rest.items].map((o) => o.orgId)).toEqual(found.items.map((o) => o.orgId));
  });

  it('renames and keeps the contact with the version seen; the second of two editors gets CONFLICT', async () => {
    const seen = await version(tree.branchA.orgId);
    const edit = (openid: string, name: string) =>
      h.call(openid, 'org.update', {
        orgId: tree.branchA.orgId,
        version: seen,
        changes: { name, contact: '李书记 0512-65231234' },
      });
    const [a, b] = await Promise.all([
      edit(tree.people.cityAdmin, '新桥社区第一党支部（平江）'),
      edit(SYSTEM_ADMIN, '新桥一支部'),
    ]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
    const org = await h.ok(SYSTEM_ADMIN, 'org.get', { orgId: tree.branchA.orgId });
    expect(org.contact).toBe('李书记 0512-65231234');
    expect(['新桥社区第一党支部（平江）', '新桥一支部']).toContain(org.name);
    // The same edit sent again with the old version changes nothing more.
    refused(await edit(tree.people.cityAdmin, '又一个名字'), 'CONFLICT');
    expect((await h.ok(SYSTEM_ADMIN, 'org.get', { orgId: tree.branchA.orgId })).name).toBe(org.name);
  });

  it('changes the kind of branch with its hometown, and names the wrong field', async () => {
    const seen = await version(tree.industryBranch.orgId);
    refused(
      await h.call(tree.people.cityAdmin, 'org.update', {
        orgId: tree.industryBranch.orgId,
        version: seen,
        changes: { branchKind: 'hometown' },
      }),
      'BAD_REQUEST',
      'changes.hometown',
    );
    refused(
      await h.call(tree.people.cityAdmin, 'org.update', {
        orgId: tree.industryBranch.orgId,
        version: seen,
        changes: { name: 'x' },
      }),
      'BAD_REQUEST',
      'changes.name',
    );
    const changed = await h.ok(tree.people.cityAdmin, 'org.update', {
      orgId: tree.industryBranch.orgId,
      version: seen,
      changes: { branchKind: 'hometown', hometown: { province: '安徽省', city: '滁州市', district: '定远县' }, region: SUZHOU },
    });
    expect(changed).toMatchObject({
      branchKind: 'hometown',
      hometown: { district: '定远县' },
      industry: null,
      version: seen + 1,
    });
  });

  it('a rename reaches the records that show the name: the member sees the new branch name once the job has run', async () => {
    const memberId = await placeMember(h, tree, 'm_rename_member', tree.branchA.orgId);
    const renamed = await h.ok(tree.people.cityAdmin, 'org.update', {
      orgId: tree.branchA.orgId,
      version: await version(tree.branchA.orgId),
      changes: { name: '新桥社区第一党支部（平江片区）' },
    });
    expect(renamed.name).toBe('新桥社区第一党支部（平江片区）');
    const before = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
    expect(before?.inflowBranchName).not.toBe('新桥社区第一党支部（平江片区）');
    await runAllJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, nightly: false, chunkSize: 2 });
    const after = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
    expect(after?.inflowBranchName).toBe('新桥社区第一党支部（平江片区）');
    expect((await h.ok('m_rename_member', 'session.me', {})).member?.inflowBranch?.name).toBe('新桥社区第一党支部（平江片区）');
    // Run again: nothing left to write.
    const settled = after?.version;
    await runAllJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, nightly: false, chunkSize: 2 });
    expect((await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId))?.version).toBe(settled);
  });

  it('refuses to turn a branch with placed members into a committee, or a committee with children into a branch', async () => {
    await placeMember(h, tree, 'm_edit_member', tree.branchA.orgId);
    refused(
      await h.call(tree.people.cityAdmin, 'org.update', {
        orgId: tree.branchA.orgId,
        version: await version(tree.branchA.orgId),
        changes: { kind: 'committee', branchKind: null },
      }),
      'BAD_REQUEST',
      'changes.kind',
    );
    refused(
      await h.call(tree.people.cityAdmin, 'org.update', {
        orgId: tree.community.orgId,
        version: await version(tree.community.orgId),
        changes: { kind: 'branch', branchKind: 'community' },
      }),
      'BAD_REQUEST',
      'changes.kind',
    );
  });

  it('a secretary may not edit her own branch; an admin of another subtree is told it does not exist', async () => {
    const input = { orgId: tree.branchA.orgId, version: await version(tree.branchA.orgId), changes: { name: '改名支部' } };
    refused(await h.call(tree.people.secretaryA, 'org.update', input), 'FORBIDDEN');
    const sibling = await h.call(tree.people.homeAdmin, 'org.update', input);
    const missing = await h.call(tree.people.homeAdmin, 'org.update', { ...input, orgId: 'o_missing' });
    expect(sibling).toEqual(missing);
    refused(sibling, 'NOT_FOUND', 'orgId');
    refused(await h.call(tree.people.secretaryA, 'org.children', { orgId: tree.branchA.orgId }), 'FORBIDDEN');
    expect(await h.call(tree.people.homeAdmin, 'org.search', { orgId: tree.city.orgId, query: '支部' })).toEqual(
      await h.call(tree.people.homeAdmin, 'org.search', { orgId: 'o_missing', query: '支部' }),
    );
  });
});
