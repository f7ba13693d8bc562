import { type Harness, type Tree, BACKENDS, SYSTEM_ADMIN, placeMember } from '../../../test/support/harness';
import { AFTER_Q4, ME, PLACED_AT, openDraft, placedWorld, submitNow } from '../../../test/support/report-world';
import { COLLECTIONS } from '../../store/indexes';
import { reportIdFor } from './drafts';

describe('reports: the outflow side', () => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;
  let reportId: string;

  beforeEach(async () => {
    ({ h, tree, memberId, reportId } = await placedWorld());
  });
  afterEach(() => h.close());

  const submitted = (id = reportId, openid = tree.people.secretaryA) => submitNow(h, id, openid);

  it('cannot open a draft that was never sent, and someone beside it never sees it', async () => {
    await openDraft(h, memberId, '2026-Q3');
    const early = await h.call(tree.people.villageSecretary, 'report.get', { reportId });
    expect(early).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    await submitted();
    for (const openid of [tree.people.otherHomeAdmin, ME, tree.people.secretaryB, tree.people.hometownSecretary]) {
      const result = await h.call(openid, 'report.get', { reportId });
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    }
    const missing = await h.call(tree.people.villageSecretary, 'report.get', { reportId: 'r_nothing_2026-Q3' });
    expect(missing).toEqual(early);
  });

  it('the inbox shows unread first, then the newest period, then by name, only below the organization', async () => {
    h.clock.set(PLACED_AT);
    const lina = await placeMember(h, tree, 'm_report_lina', tree.branchB.orgId, { name: '李娜' });
    const zhang = await placeMember(h, tree, 'm_report_zhang', tree.branchA.orgId, { name: '张伟' });
    h.clock.set(AFTER_Q4);
    for (const key of ['2026-Q3', '2026-Q4']) {
      await submitted((await openDraft(h, memberId, key)).reportId, tree.people.secretaryA);
      await submitted((await openDraft(h, lina, key)).reportId, tree.people.secretaryB);
    }
    await openDraft(h, zhang, '2026-Q4');
    await h.ok(tree.people.villageSecretary, 'report.get', { reportId: reportIdFor(memberId, '2026-Q4') });

    const row = (r: { member: { name: string }; period: { key: string }; readAt: string | null }) => [
      r.member.name,
      r.period.key,
      r.readAt !== null,
    ];
    const all = await h.ok(tree.people.homeAdmin, 'report.inbox', { orgId: tree.home.orgId });
    expect(all.items.map(row)).toEqual([
      ['李娜', '2026-Q4', false],
      ['李娜', '2026-Q3', false],
      ['王海军', '2026-Q3', false],
      ['王海军', '2026-Q4', true],
    ]);
    const pageOne = await h.ok(tree.people.villageSecretary, 'report.inbox', { orgId: tree.village.orgId, limit: 3 });
    const pageTwo = await h.ok(tree.people.villageSecretary, 'report.inbox', {
      orgId: tree.village.orgId,
      limit: 3,
      cursor: pageOne.nextCursor,
    });
    expect([...pageOne.items, ...pageTwo.items].map(row)).toEqual(all.items.map(row));
    const unread = await h.ok(tree.people.villageSecretary, 'report.inbox', { orgId: tree.village.orgId, unreadOnly: true });
    expect(unread.items).toHaveLength(3);
    const q3 = await h.ok(tree.people.villageSecretary, 'report.inbox', { orgId: tree.village.orgId, periodKey: '2026-Q3' });
    expect(q3.items.map(row)).toEqual([
      ['李娜', '2026-Q3', false],
      ['王海军', '2026-Q3', false],
    ]);
    const one = await h.ok(tree.people.villageSecretary, 'report.inbox', { orgId: tree.village.orgId, memberId: lina });
    expect(one.items.map((r) => r.member.memberId)).toEqual([lina, lina]);

    const beside = await h.ok(tree.people.otherHomeAdmin, 'report.inbox', { orgId: tree.otherHome.orgId });
    expect(beside.items).toEqual([]);
    for (const openid of [tree.people.otherHomeAdmin, ME, tree.people.secretaryA]) {
      const refused = await h.call(openid, 'report.inbox', { orgId: tree.village.orgId });
      // Another organization's inbox answers as a missing organization.
      expect(refused).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '找不到这个党组织', field: 'orgId' } });
    }
  });

  it('acknowledges once, marks read and tells the branch; nobody else may acknowledge', async () => {
    await openDraft(h, memberId, '2026-Q3');
    const sent = await submitted();
    for (const openid of [tree.people.secretaryA, SYSTEM_ADMIN]) {
      const refused = await h.call(openid, 'report.acknowledge', { reportId, version: sent.version });
      expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    }
    h.clock.set('2026-10-05T01:00:00.000Z');
    const acked = await h.ok(tree.people.homeAdmin, 'report.acknowledge', { reportId, version: sent.version });
    expect(acked).toMatchObject({
      acknowledgedAt: '2026-10-05T01:00:00.000Z',
      acknowledgedByName: '陈立新',
      readAt: '2026-10-05T01:00:00.000Z',
      readByName: '陈立新',
    });
    const retried = await h.ok(tree.people.homeAdmin, 'report.acknowledge', { reportId, version: sent.version });
    expect(retried.version).toBe(acked.version);
    const messages = await h.ok(tree.people.secretaryA, 'message.list', { orgId: tree.branchA.orgId });
    expect(messages.items.map((m) => [m.kind, m.reportId])).toEqual([['report_acknowledged', reportId]]);
  });

  it('each side is told what it may do with the report, and the editor which year its appraisal is for', async () => {
    await openDraft(h, memberId, '2026-Q3');
    const draft = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    expect(draft).toMatchObject({ correcting: false, can: { edit: true, correct: false, acknowledge: false, reply: true } });
    expect(draft.draft?.appraisalYear).toBe(2026);
    const sent = await submitted();
    expect(sent.can).toEqual({ edit: false, correct: true, acknowledge: false, reply: true });
    const home = await h.ok(tree.people.homeAdmin, 'report.get', { reportId });
    expect(home.can).toEqual({ edit: false, correct: false, acknowledge: true, reply: true });
    const above = await h.ok(SYSTEM_ADMIN, 'report.get', { reportId });
    expect(above.can).toEqual({ edit: false, correct: false, acknowledge: false, reply: false });
    const acked = await h.ok(tree.people.homeAdmin, 'report.acknowledge', { reportId, version: home.version });
    expect(acked).toMatchObject({ acknowledgedNewest: true, can: { acknowledge: false } });

    const correcting = await h.ok(tree.people.secretaryA, 'report.correct', {
      reportId,
      version: (await h.ok(tree.people.secretaryA, 'report.get', { reportId })).version,
      reason: '参加次数统计有误',
    });
    expect(correcting).toMatchObject({ status: 'draft', correcting: true, can: { edit: true, correct: false } });
    // The outflow side reads the last revision: nothing is being corrected on its screen.
    expect(await h.ok(tree.people.homeAdmin, 'report.get', { reportId })).toMatchObject({
      status: 'submitted',
      correcting: false,
    });
  });

  it('a confirmation stored before the newest revision no longer covers it: 确认收到 is offered and taken again', async () => {
    await openDraft(h, memberId, '2026-Q3');
    const sent = await submitted();
    // Records from before a new submission cleared the confirmation still hold an older one.
    await h.deps.store.update(COLLECTIONS.reports, reportId, sent.version, {
      acknowledgedAt: '2026-10-01T00:00:00.000Z',
      acknowledgedByName: '陈立新',
    });
    const home = await h.ok(tree.people.homeAdmin, 'report.get', { reportId });
    expect(home).toMatchObject({ acknowledgedNewest: false, can: { acknowledge: true } });
    h.clock.set('2026-10-20T01:00:00.000Z');
    const acked = await h.ok(tree.people.homeAdmin, 'report.acknowledge', { reportId, version: home.version });
    expect(acked).toMatchObject({
      acknowledgedAt: '2026-10-20T01:00:00.000Z',
      acknowledgedNewest: true,
      can: { acknowledge: false },
    });
  });

  it("the inbox's period filter follows the organization's reporting period", async () => {
    h.clock.set('2026-11-20T02:00:00.000Z');
    const quarters = await h.ok(tree.people.villageSecretary, 'report.inbox', { orgId: tree.village.orgId });
    expect(quarters.periods.slice(0, 2)).toEqual([
      { key: '2026-Q3', label: '2026年第三季度' },
      { key: '2026-Q2', label: '2026年第二季度' },
    ]);
    expect(quarters.periods).toHaveLength(8);
    await h.ok(tree.people.homeAdmin, 'settings.update', {
      orgId: tree.home.orgId,
      changes: { reportPeriod: 'month' },
      version: null,
    });
    const months = await h.ok(tree.people.villageSecretary, 'report.inbox', { orgId: tree.village.orgId });
    expect(months.periods.slice(0, 2)).toEqual([
      { key: '2026-M10', label: '2026年10月' },
      { key: '2026-M09', label: '2026年9月' },
    ]);
  });

  it('history: the outflow side sees what was sent, the branch sees its drafts too, newest first', async () => {
    h.clock.set(AFTER_Q4);
    await openDraft(h, memberId, '2026-Q3');
    await openDraft(h, memberId, '2026-Q4');
    await submitted();
    const home = await h.ok(tree.people.homeAdmin, 'report.history', { memberId });
    expect(home.items.map((r) => r.period.key)).toEqual(['2026-Q3']);
    const branch = await h.ok(tree.people.secretaryA, 'report.history', { memberId });
    expect(branch.items.map((r) => [r.period.key, r.status])).toEqual([
      ['2026-Q4', 'draft'],
      ['2026-Q3', 'submitted'],
    ]);
    for (const openid of [ME, tree.people.secretaryB, tree.people.otherHomeAdmin]) {
      const refused = await h.call(openid, 'report.history', { memberId });
      expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    }
  });
});

describe.each(BACKENDS)('reports on %s: the two sides are fixed when the report is drafted', (backend) => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;

  beforeEach(async () => {
    ({ h, tree, memberId } = await placedWorld(backend));
  });
  afterEach(() => h.close());

  it("after the member's outflow is re-pointed, the old reports stay with the old organization", async () => {
    h.clock.set(AFTER_Q4);
    await submitNow(h, (await openDraft(h, memberId, '2026-Q3')).reportId, tree.people.secretaryA);
    const me = await h.ok(ME, 'session.me', {});
    await h.ok(ME, 'member.updateProfile', {
      version: me.member?.version ?? 0,
      outflow: { kind: 'listed', orgId: tree.otherHome.orgId },
    });
    // Drafted after the move: this one is for the new organization.
    await submitNow(h, (await openDraft(h, memberId, '2026-Q4')).reportId, tree.people.secretaryA);

    const periodsFor = async (openid: string) =>
      (await h.ok(openid, 'report.history', { memberId })).items.map((r) => [r.period.key, r.outflow.name]);
    expect(await periodsFor(tree.people.homeAdmin)).toEqual([['2026-Q3', '新港村党支部']]);
    expect(await periodsFor(tree.people.villageSecretary)).toEqual([['2026-Q3', '新港村党支部']]);
    expect(await periodsFor(tree.people.otherHomeAdmin)).toEqual([['2026-Q4', '中共定远县委员会']]);
    // The branch wrote both and sees both.
    expect(await periodsFor(tree.people.secretaryA)).toEqual([
      ['2026-Q4', '中共定远县委员会'],
      ['2026-Q3', '新港村党支部'],
    ]);
    // Each report opens for its own outflow organization only.
    const q3 = reportIdFor(memberId, '2026-Q3');
    expect((await h.call(tree.people.homeAdmin, 'report.get', { reportId: q3 })).ok).toBe(true);
    expect(await h.call(tree.people.otherHomeAdmin, 'report.get', { reportId: q3 })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'NOT_FOUND' }),
    });
  });
});
