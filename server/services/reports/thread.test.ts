import { type Harness, type Tree, SYSTEM_ADMIN } from '../../../test/support/harness';
import { ME, openDraft, placedWorld, reportDoc, submitNow } from '../../../test/support/report-world';

describe('reports: the thread', () => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;
  let reportId: string;

  beforeEach(async () => {
    ({ h, tree, memberId, reportId } = await placedWorld());
  });
  afterEach(() => h.close());

  const submitted = (id = reportId, openid = tree.people.secretaryA) => submitNow(h, id, openid);

  it('is visible to both sides and to an admin above both, not to another branch', async () => {
    await openDraft(h, memberId, '2026-Q3');
    await submitted();
    h.clock.set('2026-10-05T01:00:00.000Z');
    const home = await h.ok(tree.people.villageSecretary, 'report.reply', {
      reportId,
      requestId: 'req_home_0001',
      body: '他母亲住院了，请多关心',
    });
    expect(home).toMatchObject({ side: 'outflow', authorName: '吴村书', orgName: '新港村党支部' });
    h.clock.set('2026-10-06T01:00:00.000Z');
    const branch = await h.ok(tree.people.secretaryA, 'report.reply', {
      reportId,
      requestId: 'req_branch_001',
      body: '已上门看望',
    });
    expect(branch).toMatchObject({ side: 'inflow', authorName: '李秀英', orgName: '新桥社区第一党支部' });

    for (const openid of [
      tree.people.secretaryA,
      tree.people.villageSecretary,
      tree.people.homeAdmin,
      tree.people.cityAdmin,
      SYSTEM_ADMIN,
    ]) {
      const thread = await h.ok(openid, 'report.thread', { reportId });
      expect(thread.items.map((r) => r.body)).toEqual(['他母亲住院了，请多关心', '已上门看望']);
    }
    const firstPage = await h.ok(tree.people.secretaryA, 'report.thread', { reportId, limit: 1 });
    const secondPage = await h.ok(tree.people.secretaryA, 'report.thread', {
      reportId,
      limit: 1,
      cursor: firstPage.nextCursor,
    });
    expect(secondPage.items.map((r) => r.replyId)).toEqual([branch.replyId]);
    for (const openid of [tree.people.secretaryB, tree.people.otherHomeAdmin, ME]) {
      const refused = await h.call(openid, 'report.thread', { reportId });
      expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    }
    const above = await h.call(SYSTEM_ADMIN, 'report.reply', { reportId, requestId: 'req_above_001', body: '收到' });
    expect(above).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });

    expect((await reportDoc(h, reportId))?.replyCount).toBe(2);
    const toBranch = await h.ok(tree.people.secretaryA, 'message.list', { orgId: tree.branchA.orgId });
    expect(toBranch.items.map((m) => m.kind)).toEqual(['report_replied']);
    const toHome = await h.ok(tree.people.villageSecretary, 'message.list', { orgId: tree.village.orgId });
    expect(toHome.items.map((m) => m.kind)).toEqual(['report_replied', 'report_received']);
  });
});
