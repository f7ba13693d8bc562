import { recordBackfills } from '../jobs/record-backfills';
import { runJobs } from '../jobs/run-jobs';
import { COLLECTIONS } from '../store/indexes';
import { BACKENDS, type Harness, type Tree } from '../../test/support/harness';
import { AFTER_Q4, openDraft, placedWorld, submitNow } from '../../test/support/report-world';
import type { MessageRecord } from './records';

/** An organization's 提醒: what it was told, and what the organizations below it were told. */
describe.each(BACKENDS)('messages on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;

  beforeEach(async () => {
    ({ h, tree, memberId } = await placedWorld(backend));
  });
  afterEach(() => h.close());

  const listed = async (openid: string, orgId: string) =>
    (await h.ok(openid, 'message.list', { orgId })).items.map((m) => [m.kind, m.addressedTo?.name ?? null]);

  it('an organization above sees what its branches and villages were told, and to whom it went', async () => {
    h.clock.set(AFTER_Q4);
    const sent = await submitNow(h, (await openDraft(h, memberId, '2026-Q3')).reportId, tree.people.secretaryA);
    await h.ok(tree.people.villageSecretary, 'report.acknowledge', { reportId: sent.reportId, version: sent.version });

    // Told directly: the village of the report, the branch of the acknowledgement.
    expect(await listed(tree.people.villageSecretary, tree.village.orgId)).toEqual([['report_received', null]]);
    expect(await listed(tree.people.secretaryA, tree.branchA.orgId)).toEqual([['report_acknowledged', null]]);
    // 靖江市委 sees what its village was told; the district committee what its branch was told.
    expect(await listed(tree.people.homeAdmin, tree.home.orgId)).toEqual([['report_received', '新港村党支部']]);
    expect(await listed(tree.people.cityAdmin, tree.city.orgId)).toEqual([['report_acknowledged', '新桥社区第一党支部']]);
    expect(await listed(tree.people.cityAdmin, tree.community.orgId)).toEqual([['report_acknowledged', '新桥社区第一党支部']]);
    // Nothing beside: the other branch and the other county hear nothing of it.
    expect(await listed(tree.people.secretaryB, tree.branchB.orgId)).toEqual([]);
    expect(await listed(tree.people.otherHomeAdmin, tree.otherHome.orgId)).toEqual([]);
  });

  it('a message posted before stays with its organization, and reaches those above once backfilled', async () => {
    const old: MessageRecord = {
      orgId: tree.village.orgId,
      orgPath: `/${tree.home.orgId}/${tree.village.orgId}/`,
      kind: 'life_warning',
      title: '外出党员组织生活预警',
      body: '王海军自 2026-05-10 起已 3 个月没有参加组织生活。',
      reportId: null,
      memberId,
      createdAt: '2026-08-14T17:00:00.000Z',
    };
    await h.deps.store.insert<MessageRecord>(COLLECTIONS.messages, { _id: 'msg_before_reach', ...old });
    expect(await listed(tree.people.villageSecretary, tree.village.orgId)).toEqual([['life_warning', null]]);
    expect(await listed(tree.people.homeAdmin, tree.home.orgId)).toEqual([]);

    await runJobs(h.deps, { jobs: [recordBackfills], deadline: Number.POSITIVE_INFINITY });
    expect(await h.deps.store.get<MessageRecord>(COLLECTIONS.messages, 'msg_before_reach')).toMatchObject({
      reach: { d0: tree.home.orgId, d1: tree.village.orgId },
    });
    expect(await listed(tree.people.villageSecretary, tree.village.orgId)).toEqual([['life_warning', null]]);
    expect(await listed(tree.people.homeAdmin, tree.home.orgId)).toEqual([['life_warning', '新港村党支部']]);
  });
});
