import { COLLECTIONS } from '../server/store/indexes';
import { createHarness, placeMember, profile, seedTree } from './support/harness';
import {
  type Person,
  type PermissionRow,
  type PermissionWorld,
  PEOPLE,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may see and decide a request to move a record to a new WeChat account: the admins of the
 * record's inflow side (above branch B) and of its outflow side (the hometown committee); not
 * the branch's secretary, not the asking account itself, nobody beside them.
 */

const NEW_ACCOUNT = 'm_moves_new_account';
const OLD_ACCOUNT = 'm_moves_old_account';

interface World extends PermissionWorld<Person> {
  moveId: string;
  version: number;
  memberId: string;
}

async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const input = profile(tree.village.orgId);
  const memberId = await placeMember(h, tree, OLD_ACCOUNT, tree.branchB.orgId, { idCard: input.idCard });
  const notice = await h.ok(NEW_ACCOUNT, 'consent.notice', {});
  await h.ok(NEW_ACCOUNT, 'consent.accept', { version: notice.version });
  const move = await h.ok(NEW_ACCOUNT, 'account.requestMove', { idCard: input.idCard, name: input.name });
  return {
    h,
    tree,
    moveId: move.moveId,
    version: 1,
    memberId,
    openid: openidsOf(tree, { self: NEW_ACCOUNT, memberB: OLD_ACCOUNT }),
  };
}

const moveState = async (w: World) => [
  await w.h.deps.store.get(COLLECTIONS.accountMoves, w.moveId),
  await w.h.deps.store.get(COLLECTIONS.members, w.memberId),
  await w.h.deps.store.count(COLLECTIONS.accountLinks, {}),
  await w.h.deps.store.count(COLLECTIONS.auditLog, {}),
];

const ROWS: PermissionRow<World>[] = [
  {
    name: 'account.moveRequests of the city committee (the inflow side)',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'account.moveRequests', { orgId: w.tree.city.orgId }),
  },
  {
    name: 'account.moveRequests of the hometown committee (the outflow side)',
    allowed: ['homeAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'account.moveRequests', { orgId: w.tree.home.orgId }),
  },
  {
    name: 'account.moveRequests of branch B (secretaries do not decide moves)',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'account.moveRequests', { orgId: w.tree.branchB.orgId }),
  },
  {
    name: 'account.decideMove (confirm)',
    allowed: ['cityAdmin', 'homeAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'account.decideMove', { moveId: w.moveId, version: w.version, decision: 'confirm', reason: '已核实' }),
    state: moveState,
  },
  {
    name: 'account.decideMove (reject)',
    allowed: ['cityAdmin', 'homeAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'account.decideMove', { moveId: w.moveId, version: w.version, decision: 'reject', reason: '无法核实' }),
    state: moveState,
  },
];

describePermissionTable({ rows: ROWS, people: PEOPLE, world, refusals: ['NOT_FOUND', 'FORBIDDEN'] });
