import { COLLECTIONS } from '../store/indexes';
import { type Harness, BACKENDS, SUZHOU, SYSTEM_ADMIN, createHarness, seedTree } from '../../test/support/harness';

describe.each(BACKENDS)('on %s', (backend) => {
  let h: Harness;
  let tree: Awaited<ReturnType<typeof seedTree>>;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  const branch = { name: '新桥社区第五党支部', kind: 'branch', branchKind: 'community', region: SUZHOU } as const;

  it('a retried org.create with the same requestId makes one organization, with the same id every time', async () => {
    const before = await h.deps.store.count(COLLECTIONS.organizations, {});
    const input = { ...branch, parentId: tree.community.orgId, requestId: 'req-org-000001' };
    const [first, twin] = await Promise.all([h.ok(SYSTEM_ADMIN, 'org.create', input), h.ok(SYSTEM_ADMIN, 'org.create', input)]);
    const again = await h.ok(SYSTEM_ADMIN, 'org.create', input);
    expect(twin).toEqual(first);
    expect(again).toEqual(first);
    expect(first.orgId).toMatch(/^o_[0-9a-z]{12}$/);
    expect(await h.deps.store.count(COLLECTIONS.organizations, {})).toBe(before + 1);
  });

  it('another requestId, or another caller with the same one, makes another organization', async () => {
    const input = { ...branch, parentId: tree.community.orgId, requestId: 'req-org-000002' };
    const first = await h.ok(SYSTEM_ADMIN, 'org.create', input);
    const other = await h.ok(SYSTEM_ADMIN, 'org.create', { ...input, requestId: 'req-org-000003' });
    const byCityAdmin = await h.ok(tree.people.cityAdmin, 'org.create', input);
    expect(new Set([first.orgId, other.orgId, byCityAdmin.orgId]).size).toBe(3);
  });

  it('without a requestId every create is a new organization, as before', async () => {
    const input = { ...branch, parentId: tree.community.orgId };
    const first = await h.ok(SYSTEM_ADMIN, 'org.create', input);
    const second = await h.ok(SYSTEM_ADMIN, 'org.create', input);
    expect(second.orgId).not.toBe(first.orgId);
  });
});
