import { COLLECTIONS } from '../../store/indexes';
import { type Harness, type Tree } from '../../../test/support/harness';
import { AFTER_Q4, ASSESSMENT, addAppraisal, openDraft, placedWorld, submitNow } from '../../../test/support/report-world';
import type { AppraisalRecord } from '../records';

describe('reports: the appraisal that goes home', () => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;
  let reportId: string;

  beforeEach(async () => {
    ({ h, tree, memberId, reportId } = await placedWorld());
  });
  afterEach(() => h.close());

  const submitted = (id = reportId, openid = tree.people.secretaryA) => submitNow(h, id, openid);

  it('goes with the first report submitted after it, and again with that report’s correction, never with the next', async () => {
    await addAppraisal(h, tree, memberId, 2025);
    await openDraft(h, memberId, '2026-Q3');
    const draft = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    expect(draft.draft?.appraisal).toMatchObject({ appraisalId: `ap_${memberId}_2025`, year: 2025, result: 'excellent' });
    const sent = await h.ok(tree.people.secretaryA, 'report.submit', {
      reportId,
      version: draft.version,
      assessment: ASSESSMENT,
    });
    expect(sent.revisions[0].appraisal).toMatchObject({ year: 2025, result: 'excellent', note: '积极参加志愿服务' });
    const appraisal = await h.deps.store.get<AppraisalRecord>(COLLECTIONS.appraisals, `ap_${memberId}_2025`);
    expect(appraisal?.sentInReportId).toBe(reportId);

    const corrected = await h.ok(tree.people.secretaryA, 'report.correct', {
      reportId,
      version: sent.version,
      reason: '补充说明',
    });
    const second = await h.ok(tree.people.secretaryA, 'report.submit', {
      reportId,
      version: corrected.version,
      assessment: ASSESSMENT,
    });
    expect(second.revisions[0].appraisal?.year).toBe(2025);

    h.clock.set(AFTER_Q4);
    const { reportId: next } = await openDraft(h, memberId, '2026-Q4');
    expect((await h.ok(tree.people.secretaryA, 'report.get', { reportId: next })).draft?.appraisal).toBeNull();
    await addAppraisal(h, tree, memberId, 2026);
    const withNew = await submitted(next);
    expect(withNew.revisions[0].appraisal).toMatchObject({ year: 2026 });
  });
});
