import { type ActionInput } from '../../contract';
import { COLLECTIONS } from '../../store/indexes';
import { type Harness, type Tree, placeMember } from '../../../test/support/harness';
import {
  AFTER_Q3,
  AFTER_Q4,
  ASSESSMENT,
  PLACED_AT,
  memberDoc,
  openDraft,
  period,
  placedWorld,
  reportDoc,
  submitNow,
} from '../../../test/support/report-world';
import { openReportDraft } from './drafts';
import { DEFAULT_SETTINGS } from '../../contract';

describe('report drafts', () => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;
  let reportId: string;

  beforeEach(async () => {
    ({ h, tree, memberId, reportId } = await placedWorld());
  });
  afterEach(() => h.close());

  const submitted = (id = reportId, openid = tree.people.secretaryA) => submitNow(h, id, openid);

  it('marks a probationary member as such in every view', async () => {
    h.clock.set(PLACED_AT);
    const probationer = await placeMember(h, tree, 'm_probationer', tree.branchA.orgId, {
      name: '赵小青',
      standing: 'probationary',
    });
    h.clock.set(AFTER_Q3);
    const { reportId: id } = await openDraft(h, probationer, '2026-Q3');
    const standing = { memberId: probationer, name: '赵小青', standing: 'probationary' };
    const list = await h.ok(tree.people.secretaryA, 'report.toWrite', { branchId: tree.branchA.orgId });
    expect(list.items.find((r) => r.reportId === id)?.member).toEqual(standing);
    await submitted(id);
    expect((await h.ok(tree.people.villageSecretary, 'report.get', { reportId: id })).member).toEqual(standing);
    expect((await h.ok(tree.people.villageSecretary, 'report.inbox', { orgId: tree.village.orgId })).items[0].member).toEqual(
      standing,
    );
    expect((await h.ok(tree.people.homeAdmin, 'report.history', { memberId: probationer })).member).toEqual(standing);
  });

  it('refuses to open a draft for a member whose hometown organization is not on the system', async () => {
    const member = await memberDoc(h, memberId);
    await expect(
      openReportDraft(h.deps, { ...member, outflowPath: null }, period('2026-Q3'), {
        inflow: DEFAULT_SETTINGS,
        outflow: DEFAULT_SETTINGS,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await h.deps.store.count(COLLECTIONS.reports, {})).toBe(0);
  });

  it('lists the drafts to write by due date, flags the overdue ones, then the submitted ones', async () => {
    h.clock.set(AFTER_Q4);
    await openDraft(h, memberId, '2026-Q4');
    await openDraft(h, memberId, '2026-Q3');
    const drafts = await h.ok(tree.people.secretaryA, 'report.toWrite', { branchId: tree.branchA.orgId });
    expect(drafts.items.map((r) => [r.period.key, r.dueOn, r.overdue])).toEqual([
      ['2026-Q3', '2026-10-15', true],
      ['2026-Q4', '2027-01-15', false],
    ]);
    await submitted();
    const sent = await h.ok(tree.people.secretaryA, 'report.toWrite', { branchId: tree.branchA.orgId, status: 'submitted' });
    expect(sent.items.map((r) => [r.period.key, r.overdue])).toEqual([['2026-Q3', false]]);
  });

  it('saves the draft assessment with compare-and-set', async () => {
    await openDraft(h, memberId, '2026-Q3');
    const draft = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    const saved = await h.ok(tree.people.cityAdmin, 'report.saveDraft', {
      reportId,
      version: draft.version,
      assessment: { thinking: '稳定' },
    });
    expect(saved.draft?.assessment).toEqual({ thinking: '稳定', conduct: '', needs: '', comment: '', grade: null });
    const stale = await h.call(tree.people.secretaryA, 'report.saveDraft', {
      reportId,
      version: draft.version,
      assessment: ASSESSMENT,
    });
    expect(stale).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
    expect((await reportDoc(h, reportId))?.draftAssessment.thinking).toBe('稳定');
  });

  it('submitting needs the overall grade and the comment: a blank draft is refused, names the field and stays a draft', async () => {
    await openDraft(h, memberId, '2026-Q3');
    const draft = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    const before = await reportDoc(h, reportId);
    const blank = await h.call(tree.people.secretaryA, 'report.submit', { reportId, version: draft.version, assessment: {} });
    expect(blank).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ASSESSMENT_REQUIRED', field: 'assessment.grade' }),
    });
    const noComment = await h.call(tree.people.secretaryA, 'report.submit', {
      reportId,
      version: draft.version,
      assessment: { ...ASSESSMENT, comment: '   ' },
    });
    expect(noComment).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ASSESSMENT_REQUIRED', field: 'assessment.comment' }),
    });
    expect(await reportDoc(h, reportId)).toEqual(before);
    // A draft may still be saved half done.
    await h.ok(tree.people.secretaryA, 'report.saveDraft', { reportId, version: draft.version, assessment: {} });
    // Someone who may not see the report is told it does not exist, not what it lacks.
    const stranger = await h.call(tree.people.secretaryB, 'report.submit', { reportId, version: draft.version, assessment: {} });
    expect(stranger).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
  });

  it('bad input writes nothing', async () => {
    await openDraft(h, memberId, '2026-Q3');
    const draft = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    const before = await reportDoc(h, reportId);
    const long = await h.call(tree.people.secretaryA, 'report.saveDraft', {
      reportId,
      version: draft.version,
      assessment: { comment: '长'.repeat(501) },
    });
    expect(long).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'assessment.comment' }) });
    const grade = await h.call(tree.people.secretaryA, 'report.submit', {
      reportId,
      version: draft.version,
      assessment: { grade: 'perfect' } as unknown as ActionInput<'report.submit'>['assessment'],
    });
    expect(grade).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'assessment.grade' }) });
    const notYet = await h.call(tree.people.secretaryA, 'report.correct', {
      reportId,
      version: draft.version,
      reason: '写错了',
    });
    expect(notYet).toEqual({ ok: false, error: expect.objectContaining({ code: 'REPORT_NOT_SUBMITTED' }) });
    const unsent = await h.call(tree.people.secretaryA, 'report.reply', {
      reportId,
      requestId: 'req_early_01',
      body: '先说一句',
    });
    expect(unsent).toEqual({ ok: false, error: expect.objectContaining({ code: 'REPORT_NOT_SUBMITTED' }) });
    const sent = await submitted();
    const blank = await h.call(tree.people.secretaryA, 'report.correct', { reportId, version: sent.version, reason: '   ' });
    expect(blank).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'reason' }) });
    const empty = await h.call(tree.people.villageSecretary, 'report.reply', { reportId, requestId: 'req_empty_01', body: '' });
    expect(empty).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'body' }) });
    const badRequestId = await h.call(tree.people.villageSecretary, 'report.reply', { reportId, requestId: 'x', body: '你好' });
    expect(badRequestId).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'requestId' }) });
    const after = await reportDoc(h, reportId);
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(after?.revisions).toHaveLength(1);
    expect(await h.deps.store.count(COLLECTIONS.replies, {})).toBe(0);
  });
});
