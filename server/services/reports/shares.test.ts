import { DEFAULT_SETTINGS } from '../../contract/settings';
import { memberSweep } from '../../jobs/member-sweep';
import { runJobs } from '../../jobs/run-jobs';
import { COLLECTIONS } from '../../store/indexes';
import { type Harness, type Tree, BACKENDS, createHarness, placeMember, seedTree } from '../../../test/support/harness';
import { ASSESSMENT, addActivity, attend, memberDoc, period, reportDoc, submitNow } from '../../../test/support/report-world';
import { placementOf } from '../members';
import type { ReportRecord } from '../records';
import { buildReportDraft, reportIdFor } from './drafts';

/**
 * A member who moves in the middle of a period is reported on by each branch for its part: the
 * branch left owes its share up to the last day, the new branch drafts its own from the placement.
 */
describe.each(BACKENDS)('report shares on %s: a member who moves mid-period', (backend) => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;
  const MOVER = 'o_member_moves_mid_quarter';

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
    h.clock.set('2026-10-05T02:00:00.000Z');
    memberId = await placeMember(h, tree, MOVER, tree.branchA.orgId);
  });
  afterEach(() => h.close());

  /** Leaves branch A on 10 November and is placed in branch B on 12 November, both in 2026-Q4. */
  async function moveToB() {
    h.clock.set('2026-11-10T10:00:00.000Z');
    await h.ok(MOVER, 'placement.leave', {
      memberId,
      branchId: tree.branchA.orgId,
      endedOn: '2026-11-10',
      reason: 'moved_city',
      destination: '',
    });
    h.clock.set('2026-11-12T02:00:00.000Z');
    const request = await h.ok(MOVER, 'checkin.submit', { orgId: tree.branchB.orgId, via: 'scan' });
    await h.ok(tree.people.secretaryB, 'checkin.decide', {
      checkinId: request.checkinId,
      version: request.version,
      decision: 'approve',
    });
  }

  const sweepAfterQ4 = async () => {
    h.clock.set('2027-01-02T02:00:00.000Z');
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [memberSweep] });
  };
  const reportsOf = async () =>
    (await h.deps.store.find<ReportRecord>(COLLECTIONS.reports, { where: { memberId }, limit: 10 })).items;

  it('both branches owe their share of the quarter, each counted over its own part, once however often the jobs run', async () => {
    const leftBranch = await addActivity(h, tree.branchA, '2026-11-05 19:00', 'general_meeting');
    await addActivity(h, tree.branchA, '2026-11-20 19:00', 'general_meeting');
    await addActivity(h, tree.branchB, '2026-11-08 19:00', 'general_meeting');
    const newBranch = await addActivity(h, tree.branchB, '2026-11-28 19:00', 'general_meeting');
    await attend(h, leftBranch, memberId, 'present');
    await attend(h, newBranch, memberId, 'present');
    await moveToB();
    await sweepAfterQ4();
    await sweepAfterQ4();

    const plain = reportIdFor(memberId, '2026-Q4');
    const second = reportIdFor(memberId, '2026-Q4', 2);
    expect(second).toBe(`${plain}_p2`);
    expect((await reportsOf()).map((report) => [report._id, report.branchId]).sort()).toEqual([
      [plain, tree.branchA.orgId],
      [second, tree.branchB.orgId],
    ]);
    expect(await reportDoc(h, plain)).toMatchObject({ status: 'draft', placementEndedOn: '2026-11-10', placementNumber: 1 });
    expect(await reportDoc(h, second)).toMatchObject({ status: 'draft', placementNumber: 2 });

    // Each branch writes its own; the figures count its own part of the quarter only.
    const owedA = await h.ok(tree.people.secretaryA, 'report.toWrite', { branchId: tree.branchA.orgId, status: 'draft' });
    expect(owedA.items.map((r) => r.reportId)).toEqual([plain]);
    expect(owedA.items[0]?.shareLabel).toBe('在本支部的时段：2026年10月5日至2026年11月10日');
    const owedB = await h.ok(tree.people.secretaryB, 'report.toWrite', { branchId: tree.branchB.orgId, status: 'draft' });
    expect(owedB.items.map((r) => r.reportId)).toEqual([second]);
    expect(owedB.items[0]?.shareLabel).toBe('在本支部的时段：2026年11月12日至2026年12月31日');
    const draftA = await h.ok(tree.people.secretaryA, 'report.get', { reportId: plain });
    expect(draftA.draft?.figures).toMatchObject({ meetingsHeld: 1, meetingsAttended: 1 });
    const draftB = await h.ok(tree.people.secretaryB, 'report.get', { reportId: second });
    expect(draftB.draft?.figures).toMatchObject({ meetingsHeld: 1, meetingsAttended: 1 });
    // Neither branch reads the other's share.
    expect(await h.call(tree.people.secretaryA, 'report.get', { reportId: second })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'NOT_FOUND' }),
    });
  });

  it('the outflow side receives both, in its inbox and the history, acknowledges and answers each, and the card lists both', async () => {
    await moveToB();
    await sweepAfterQ4();
    const plain = reportIdFor(memberId, '2026-Q4');
    const second = reportIdFor(memberId, '2026-Q4', 2);
    await submitNow(h, plain, tree.people.secretaryA);
    await submitNow(h, second, tree.people.secretaryB);

    const inbox = await h.ok(tree.people.villageSecretary, 'report.inbox', { orgId: tree.village.orgId, periodKey: '2026-Q4' });
    expect(inbox.items.map((r) => [r.reportId, r.branch.orgId]).sort()).toEqual([
      [plain, tree.branchA.orgId],
      [second, tree.branchB.orgId],
    ]);
    const history = await h.ok(tree.people.villageSecretary, 'report.history', { memberId });
    expect(history.items.map((r) => r.reportId).sort()).toEqual([plain, second]);
    // The branch left sees its own share in the history; the new one its own.
    const historyA = await h.ok(tree.people.secretaryA, 'report.history', { memberId });
    expect(historyA.items.map((r) => r.reportId)).toEqual([plain]);

    for (const reportId of [plain, second]) {
      const opened = await h.ok(tree.people.villageSecretary, 'report.get', { reportId });
      const acked = await h.ok(tree.people.villageSecretary, 'report.acknowledge', { reportId, version: opened.version });
      expect(acked).toMatchObject({ reportId, acknowledgedNewest: true });
      await h.ok(tree.people.villageSecretary, 'report.reply', {
        reportId,
        requestId: `req_share_${reportId.endsWith('_p2') ? 2 : 1}`,
        body: '收到',
      });
      const thread = await h.ok(tree.people.villageSecretary, 'report.thread', { reportId });
      expect(thread.items.map((reply) => reply.reportId)).toEqual([reportId]);
    }

    const card = await h.ok(MOVER, 'card.mine', {});
    expect(card.participation.map((row) => [row.reportId, row.periodKey, row.branchName]).sort()).toEqual([
      [plain, '2026-Q4', '新桥社区第一党支部'],
      [second, '2026-Q4', expect.any(String)],
    ]);
    expect(new Set(card.participation.map((row) => row.branchName)).size).toBe(2);
  });

  it('a later placement’s share stored under the plain id before shares had their own keeps it: no second draft', async () => {
    await moveToB();
    const member = await memberDoc(h, memberId);
    const placement = placementOf(member);
    if (!placement) throw new Error('not placed');
    // The jobs of before drafted B's share of 2027-Q1 at the plain id: no share of A is in that quarter.
    const built = await buildReportDraft(h.deps, member, placement, period('2027-Q1'), {
      inflow: DEFAULT_SETTINGS,
      outflow: DEFAULT_SETTINGS,
    });
    const plain = reportIdFor(memberId, '2027-Q1');
    await h.deps.store.insert<ReportRecord>(COLLECTIONS.reports, { _id: plain, ...legacyOf(built) });
    h.clock.set('2027-04-02T02:00:00.000Z');
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [memberSweep] });
    const q1 = (await reportsOf()).filter((report) => report.periodKey === '2027-Q1');
    expect(q1.map((report) => report._id)).toEqual([plain]);
    const read = await h.ok(tree.people.secretaryB, 'report.get', { reportId: plain });
    expect(read).toMatchObject({ branch: { orgId: tree.branchB.orgId }, can: { edit: true } });
    await h.ok(tree.people.secretaryB, 'report.submit', { reportId: plain, version: read.version, assessment: ASSESSMENT });
  });
});

/** A draft as the jobs wrote it before reports named their placement. */
function legacyOf(record: ReportRecord): ReportRecord {
  const { placementNumber: _number, placementStartedAt: _start, placementEndedOn: _end, ...rest } = record;
  return rest;
}
