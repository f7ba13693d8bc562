import { COLLECTIONS } from '../server/store/indexes';
import type { RoleRecord } from '../server/services/records';
import { createHarness, nextRequestId, placeMember, seedTree } from './support/harness';
import {
  type Person,
  type PermissionRow,
  type PermissionWorld,
  PEOPLE,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may keep the tree and its posts: browsing, searching, editing, dissolving an organization
 * and appointing or removing the people in its posts are for admins of the organization or
 * above; a secretary sees her branch and is refused; anyone else is told it does not exist.
 * Anyone on a phone may show their own personal code.
 */

const MEMBER = 'm_tree_member';
const MEMBER_B = 'm_tree_member_b';
const CODE_HOLDER = 'test_tree_code_holder';

interface World extends PermissionWorld<Person> {
  memberId: string;
  code: string;
}

async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId);
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId);
  const { code } = await h.ok(CODE_HOLDER, 'post.myCode', {});
  return { h, tree, memberId, code, openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B }) };
}

const all = (collection: string) => async (w: World) => (await w.h.deps.store.find(collection, { where: {}, limit: 500 })).items;
const treeState = async (w: World) => [
  await all(COLLECTIONS.organizations)(w),
  await all(COLLECTIONS.roles)(w),
  await all(COLLECTIONS.jobRequests)(w),
  await all(COLLECTIONS.postCodes)(w),
];
const version = async (w: World, orgId: string) => (await w.h.deps.store.get(COLLECTIONS.organizations, orgId))?.version ?? 0;
const ADMINS_OF_GUSU = ['cityAdmin', 'systemAdmin'] as const;

const ROWS: PermissionRow<World>[] = [
  {
    name: 'org.children of the community',
    allowed: ADMINS_OF_GUSU,
    run: (w, openid) => w.h.call(openid, 'org.children', { orgId: w.tree.community.orgId }),
  },
  {
    name: 'org.search below the city',
    allowed: ADMINS_OF_GUSU,
    run: (w, openid) => w.h.call(openid, 'org.search', { orgId: w.tree.city.orgId, query: '支部' }),
  },
  {
    name: 'org.update of branch A (its secretary may not)',
    allowed: ADMINS_OF_GUSU,
    run: async (w, openid) =>
      w.h.call(openid, 'org.update', {
        orgId: w.tree.branchA.orgId,
        version: await version(w, w.tree.branchA.orgId),
        changes: { contact: '李书记 0512-65231234' },
      }),
    state: treeState,
  },
  {
    name: 'org.update of the village',
    allowed: ['homeAdmin', 'systemAdmin'],
    run: async (w, openid) =>
      w.h.call(openid, 'org.update', {
        orgId: w.tree.village.orgId,
        version: await version(w, w.tree.village.orgId),
        changes: { name: '新港村党总支' },
      }),
    state: treeState,
  },
  {
    name: 'org.dissolve of branch B into branch A',
    allowed: ADMINS_OF_GUSU,
    run: async (w, openid) =>
      w.h.call(openid, 'org.dissolve', {
        orgId: w.tree.branchB.orgId,
        version: await version(w, w.tree.branchB.orgId),
        successorId: w.tree.branchA.orgId,
        reason: '两个支部合并',
        requestId: nextRequestId(),
      }),
    state: treeState,
  },
  {
    name: 'post.list of branch A',
    allowed: ADMINS_OF_GUSU,
    run: (w, openid) => w.h.call(openid, 'post.list', { orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'post.candidates of the city',
    allowed: ADMINS_OF_GUSU,
    run: (w, openid) => w.h.call(openid, 'post.candidates', { orgId: w.tree.city.orgId, query: '王' }),
  },
  {
    name: 'post.myCode (anyone on a phone shows their own)',
    allowed: PEOPLE,
    run: (w, openid) => w.h.call(openid, 'post.myCode', {}),
  },
  {
    name: 'role.grant of the member as secretary of branch B',
    allowed: ADMINS_OF_GUSU,
    run: (w, openid) => w.h.call(openid, 'role.grant', { memberId: w.memberId, role: 'secretary', orgId: w.tree.branchB.orgId }),
    state: treeState,
  },
  {
    name: 'role.grant by a personal code as admin of the community',
    allowed: ADMINS_OF_GUSU,
    run: (w, openid) =>
      w.h.call(openid, 'role.grant', { code: w.code, role: 'org_admin', orgId: w.tree.community.orgId, holderName: '孙组织' }),
    state: treeState,
  },
  {
    name: "role.revoke of branch A's secretary as listed",
    allowed: ADMINS_OF_GUSU,
    run: async (w, openid) => {
      const post = (
        await w.h.deps.store.find<RoleRecord>(COLLECTIONS.roles, {
          where: { orgId: w.tree.branchA.orgId, revokedAt: null },
          limit: 1,
        })
      ).items[0];
      return w.h.call(openid, 'role.revoke', { postId: post._id, version: post.version });
    },
    state: treeState,
  },
];

describePermissionTable({
  rows: ROWS,
  people: PEOPLE,
  world,
  refusals: ['NOT_FOUND', 'FORBIDDEN'],
});
