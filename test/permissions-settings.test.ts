import { COLLECTIONS } from '../server/store/indexes';
import { postMessage } from '../server/services/messages';
import { createHarness, placeMember, seedTree } from './support/harness';
import {
  type Person,
  type PermissionRow,
  type PermissionWorld,
  PEOPLE,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may read and change an organization's rules, and read the messages addressed to it:
 * rules are an admin's (of the organization or above); messages are for whoever manages it.
 */

const MEMBER = 'm_settings_member';
const MEMBER_B = 'm_settings_member_b';

type World = PermissionWorld<Person>;

async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  await placeMember(h, tree, MEMBER, tree.branchA.orgId);
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId);
  await postMessage(h.deps.store, 'msg_table_branch_a', {
    orgId: tree.branchA.orgId,
    orgPath: `/${tree.city.orgId}/${tree.community.orgId}/${tree.branchA.orgId}/`,
    kind: 'report_overdue',
    title: '有 1 份反馈报告已逾期',
    body: '请尽快提交。',
    reportId: null,
    memberId: null,
    createdAt: '2026-11-20T02:00:00.000Z',
  });
  await postMessage(h.deps.store, 'msg_table_home', {
    orgId: tree.home.orgId,
    orgPath: `/${tree.home.orgId}/`,
    kind: 'life_warning',
    title: '王海军已 3 个月没有参加组织生活',
    body: '请与流入地党支部联系。',
    reportId: null,
    memberId: null,
    createdAt: '2026-11-20T02:00:00.000Z',
  });
  return { h, tree, openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B }) };
}

const settingsState = (w: World) => w.h.deps.store.find(COLLECTIONS.orgSettings, { where: {}, limit: 100 });

const ROWS: PermissionRow<World>[] = [
  {
    name: "settings.get of the village (the outflow side's rules)",
    allowed: ['homeAdmin', 'villageSecretary', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'settings.get', { orgId: w.tree.village.orgId }),
  },
  {
    name: 'settings.update of the hometown committee: monthly reports',
    allowed: ['homeAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'settings.update', { orgId: w.tree.home.orgId, changes: { reportPeriod: 'month' }, version: null }),
    state: settingsState,
  },
  {
    name: 'settings.update of branch A: the sign-in opens earlier (a secretary runs the branch, the admins set its rules)',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'settings.update', { orgId: w.tree.branchA.orgId, changes: { signInEarlyMinutes: 60 }, version: null }),
    state: settingsState,
  },
  {
    name: 'message.list of branch A',
    allowed: ['secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'message.list', { orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'message.list of the hometown committee',
    allowed: ['homeAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'message.list', { orgId: w.tree.home.orgId }),
  },
  {
    // It shows what the community's branches were told: only the admins above may read it.
    name: 'message.list of the community committee',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'message.list', { orgId: w.tree.community.orgId }),
  },
];

describePermissionTable({ rows: ROWS, people: PEOPLE, world, refusals: ['FORBIDDEN', 'NOT_FOUND'] });

it('a setting below cannot make the clocks contradict the ones above, and writes nothing', async () => {
  const w = await world();
  try {
    await w.h.ok(w.tree.people.homeAdmin, 'settings.update', {
      orgId: w.tree.home.orgId,
      changes: { noLifeEscalateMonths: 8 },
      version: null,
    });
    const refused = await w.h.call(w.tree.people.homeAdmin, 'settings.update', {
      orgId: w.tree.village.orgId,
      changes: { noLifeWarnMonths: 9 },
      version: null,
    });
    expect(refused).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'changes.noLifeEscalateMonths' }),
    });
    expect(await w.h.deps.store.get(COLLECTIONS.orgSettings, w.tree.village.orgId)).toBeNull();
    const village = await w.h.ok(w.tree.people.villageSecretary, 'settings.get', { orgId: w.tree.village.orgId });
    expect(village).toMatchObject({
      own: {},
      version: null,
      effective: { noLifeEscalateMonths: 8, noLifeWarnMonths: 3, reportPeriod: 'quarter' },
    });
  } finally {
    await w.h.close();
  }
});
