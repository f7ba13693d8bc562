import { COLLECTIONS } from '../../store/indexes';
import { type Harness, type Tree, BACKENDS, SYSTEM_ADMIN, placeMember } from '../../../test/support/harness';
import {
  AFTER_Q4,
  ASSESSMENT,
  PLACED_AT,
  addActivity,
  allPages,
  attend,
  inboxEntries,
  openDraft,
  placedWorld,
  reportDoc,
} from '../../../test/support/report-world';
import { reportIdFor } from './drafts';
import { inboxEntryIdFor } from './inbox-entries';
import { replyIdFor } from './thread';

/** The core of the reports, on both stores. */
describe.each(BACKENDS)('reports on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;
  let reportId: string;

  beforeEach(async () => {
    ({ h, tree, memberId, reportId } = await placedWorld(backend));
  });
  afterEach(() => h.close());

  it('opening the draft twice, even at once, makes one report', async () => {
    const [a, b] = await Promise.all([openDraft(h, memberId, '2026-Q3'), openDraft(h, memberId, '2026-Q3')]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(await openDraft(h, memberId, '2026-Q3')).toEqual({ reportId, created: false, createdAt: a.createdAt });
    expect(await h.deps.store.count(COLLECTIONS.reports, {})).toBe(1);
    expect(await reportDoc(h, reportId)).toMatchObject({
      status: 'draft',
      revision: 0,
      readRank: 0,
      dueOn: '2026-10-15',
      periodEnd: '2026-09-30',
    });
  });

  it('submit freezes the figures, is final, and a correction makes revision 2 unread again', async () => {
    await openDraft(h, memberId, '2026-Q3');
    const meeting = await addActivity(h, tree.branchA, '2026-08-05 19:00', 'general_meeting');
    const draft = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    expect(draft.draft?.figures).toMatchObject({ meetingsHeld: 1, meetingsAttended: 0 });
    // A read never writes.
    expect((await reportDoc(h, reportId))?.version).toBe(draft.version);

    const submitted = await h.ok(tree.people.secretaryA, 'report.submit', {
      reportId,
      version: draft.version,
      assessment: ASSESSMENT,
    });
    expect(submitted).toMatchObject({ status: 'submitted', revision: 1, draft: null, readAt: null });
    expect(submitted.revisions[0]).toMatchObject({
      revision: 1,
      assessment: ASSESSMENT,
      submittedByName: '李秀英',
      figures: { meetingsAttended: 0 },
    });

    // Attendance recorded late does not change what was sent.
    await attend(h, meeting, memberId, 'present');
    const again = await h.call(tree.people.secretaryA, 'report.saveDraft', {
      reportId,
      version: submitted.version,
      assessment: ASSESSMENT,
    });
    expect(again).toEqual({ ok: false, error: expect.objectContaining({ code: 'REPORT_FINAL' }) });
    const resubmit = await h.call(tree.people.secretaryA, 'report.submit', {
      reportId,
      version: submitted.version,
      assessment: ASSESSMENT,
    });
    expect(resubmit).toEqual({ ok: false, error: expect.objectContaining({ code: 'REPORT_FINAL' }) });

    const read = await h.ok(tree.people.villageSecretary, 'report.get', { reportId });
    expect(read).toMatchObject({ side: 'outflow', draft: null, readByName: '吴村书' });
    expect(read.revisions[0].figures.meetingsAttended).toBe(0);

    const corrected = await h.ok(tree.people.secretaryA, 'report.correct', {
      reportId,
      version: read.version,
      reason: '漏记了一次到会',
    });
    expect(corrected).toMatchObject({
      status: 'draft',
      revision: 1,
      draft: { correctionReason: '漏记了一次到会', assessment: ASSESSMENT },
    });
    expect(corrected.draft?.figures.meetingsAttended).toBe(1);
    // While the branch corrects, the outflow side keeps reading the last revision.
    const meanwhile = await h.ok(tree.people.villageSecretary, 'report.get', { reportId });
    expect(meanwhile).toMatchObject({ status: 'submitted', revision: 1, draft: null });
    expect(meanwhile.revisions).toHaveLength(1);

    const second = await h.ok(tree.people.secretaryA, 'report.submit', {
      reportId,
      version: corrected.version,
      assessment: ASSESSMENT,
    });
    expect(second).toMatchObject({ revision: 2, readAt: null, readByName: null, acknowledgedAt: null });
    expect(second.revisions.map((r) => [r.revision, r.figures.meetingsAttended, r.correctionReason])).toEqual([
      [2, 1, '漏记了一次到会'],
      [1, 0, null],
    ]);
    const inbox = await h.ok(tree.people.villageSecretary, 'report.inbox', { orgId: tree.village.orgId, unreadOnly: true });
    expect(inbox.items.map((r) => r.reportId)).toEqual([reportId]);
    const messages = await h.ok(tree.people.villageSecretary, 'message.list', { orgId: tree.village.orgId });
    expect(messages.items.map((m) => [m.kind, m.title])).toEqual([
      ['report_received', '新港村党支部收到王海军2026年第三季度的反馈'],
      ['report_received', '新港村党支部收到王海军2026年第三季度的反馈'],
    ]);
  });

  it('the outflow side opening it marks it read, and the branch sees when and by whom', async () => {
    await openDraft(h, memberId, '2026-Q3');
    const draft = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    await h.ok(tree.people.secretaryA, 'report.submit', { reportId, version: draft.version, assessment: ASSESSMENT });
    // Someone above both sides only looks.
    const above = await h.ok(SYSTEM_ADMIN, 'report.get', { reportId });
    expect(above.side).toBe('above');
    expect((await reportDoc(h, reportId))?.readRank).toBe(0);
    h.clock.set('2026-10-03T01:00:00.000Z');
    const [a, b] = await Promise.all([
      h.ok(tree.people.villageSecretary, 'report.get', { reportId }),
      h.ok(tree.people.homeAdmin, 'report.get', { reportId }),
    ]);
    expect([a.side, b.side]).toEqual(['outflow', 'outflow']);
    const seen = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    expect(seen).toMatchObject({ side: 'inflow', readAt: '2026-10-03T01:00:00.000Z' });
    expect(['吴村书', '陈立新']).toContain(seen.readByName);
  });

  it('a reply retried with the same requestId makes one reply', async () => {
    await openDraft(h, memberId, '2026-Q3');
    const draft = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    await h.ok(tree.people.secretaryA, 'report.submit', { reportId, version: draft.version, assessment: ASSESSMENT });
    const input = { reportId, requestId: 'req_reply_0001', body: '家中老人身体好，请放心' };
    const [a, b] = await Promise.all([
      h.ok(tree.people.villageSecretary, 'report.reply', input),
      h.ok(tree.people.villageSecretary, 'report.reply', input),
    ]);
    const c = await h.ok(tree.people.villageSecretary, 'report.reply', input);
    expect(a).toEqual(b);
    expect(c).toEqual(a);
    expect(a.replyId).toBe(replyIdFor(reportId, tree.people.villageSecretary, 'req_reply_0001'));
    expect(await h.deps.store.count(COLLECTIONS.replies, {})).toBe(1);
    expect((await reportDoc(h, reportId))?.replyCount).toBe(1);
  });

  it('two people submitting the same version: one wins, the other is told', async () => {
    await openDraft(h, memberId, '2026-Q3');
    const draft = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    const submit = (openid: string) =>
      h.call(openid, 'report.submit', { reportId, version: draft.version, assessment: ASSESSMENT });
    const results = await Promise.all([submit(tree.people.secretaryA), submit(tree.people.cityAdmin)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) }]);
    const stored = await reportDoc(h, reportId);
    expect(stored?.revisions).toHaveLength(1);
    expect(await h.deps.store.count(COLLECTIONS.messages, { kind: 'report_received' })).toBe(1);
  });

  // ---- the inbox: one entry per organization on the outflow path --------------------------

  async function submit(id: string, openid = tree.people.secretaryA) {
    const draft = await h.ok(openid, 'report.get', { reportId: id });
    return h.ok(openid, 'report.submit', { reportId: id, version: draft.version, assessment: ASSESSMENT });
  }

  it('a report enters the inbox of each organization on its outflow path when first submitted, not before', async () => {
    await openDraft(h, memberId, '2026-Q3');
    const draft = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    await h.ok(tree.people.secretaryA, 'report.saveDraft', { reportId, version: draft.version, assessment: ASSESSMENT });
    expect(await h.deps.store.count(COLLECTIONS.inboxEntries, {})).toBe(0);
    expect((await h.ok(tree.people.homeAdmin, 'report.inbox', { orgId: tree.home.orgId })).items).toEqual([]);

    await submit(reportId);
    const entry = {
      reportId,
      memberId,
      memberName: '王海军',
      readRank: 0,
      periodEnd: '2026-09-30',
      periodKey: '2026-Q3',
      version: 1,
    };
    const expected = [tree.home.orgId, tree.village.orgId]
      .map((orgId) => ({ _id: inboxEntryIdFor(orgId, reportId), orgId, ...entry }))
      .sort((a, b) => (a._id < b._id ? -1 : 1));
    expect(await inboxEntries(h)).toEqual(expected);
    for (const [openid, orgId] of [
      [tree.people.villageSecretary, tree.village.orgId],
      [tree.people.homeAdmin, tree.home.orgId],
    ]) {
      const inbox = await h.ok(openid, 'report.inbox', { orgId });
      expect(inbox.items.map((r) => [r.reportId, r.status, r.revision])).toEqual([[reportId, 'submitted', 1]]);
    }
  });

  it('no organization beside the outflow path, nor on the branch side, has an entry', async () => {
    await openDraft(h, memberId, '2026-Q3');
    await submit(reportId);
    for (const org of [tree.otherHome, tree.city, tree.community, tree.branchA, tree.branchB]) {
      expect(await h.deps.store.count(COLLECTIONS.inboxEntries, { orgId: org.orgId })).toBe(0);
    }
    expect((await h.ok(tree.people.otherHomeAdmin, 'report.inbox', { orgId: tree.otherHome.orgId })).items).toEqual([]);
    expect((await h.ok(tree.people.cityAdmin, 'report.inbox', { orgId: tree.city.orgId })).items).toEqual([]);
  });

  it('reading marks it read in every inbox on the path, a correction makes it unread in all of them, acknowledging reads it again', async () => {
    await openDraft(h, memberId, '2026-Q3');
    await submit(reportId);
    await h.ok(tree.people.villageSecretary, 'report.get', { reportId });
    expect((await inboxEntries(h)).map((e) => e.readRank)).toEqual([1, 1]);
    expect((await h.ok(tree.people.homeAdmin, 'report.inbox', { orgId: tree.home.orgId, unreadOnly: true })).items).toEqual([]);
    const read = await h.ok(tree.people.homeAdmin, 'report.inbox', { orgId: tree.home.orgId });
    expect(read.items.map((r) => [r.reportId, r.readAt !== null])).toEqual([[reportId, true]]);

    const stored = await reportDoc(h, reportId);
    const corrected = await h.ok(tree.people.secretaryA, 'report.correct', {
      reportId,
      version: stored?.version ?? 0,
      reason: '漏记了一次到会',
    });
    // While the branch corrects, every inbox keeps the last revision as it was.
    expect((await inboxEntries(h)).map((e) => e.readRank)).toEqual([1, 1]);
    const second = await h.ok(tree.people.secretaryA, 'report.submit', {
      reportId,
      version: corrected.version,
      assessment: ASSESSMENT,
    });
    expect((await inboxEntries(h)).map((e) => [e.readRank, e.version])).toEqual([
      [0, 3],
      [0, 3],
    ]);
    for (const [openid, orgId] of [
      [tree.people.villageSecretary, tree.village.orgId],
      [tree.people.homeAdmin, tree.home.orgId],
    ]) {
      const unread = await h.ok(openid, 'report.inbox', { orgId, unreadOnly: true });
      expect(unread.items.map((r) => [r.reportId, r.revision, r.readAt])).toEqual([[reportId, 2, null]]);
    }

    await h.ok(tree.people.homeAdmin, 'report.acknowledge', { reportId, version: second.version });
    expect((await inboxEntries(h)).map((e) => e.readRank)).toEqual([1, 1]);
    expect(
      (await h.ok(tree.people.villageSecretary, 'report.inbox', { orgId: tree.village.orgId, unreadOnly: true })).items,
    ).toEqual([]);
  });

  if (backend === 'cloudbase') {
    it('a write that fails in the middle of the fan-out leaves the report and every inbox as they were', async () => {
      await openDraft(h, memberId, '2026-Q3');
      const before = await reportDoc(h, reportId);
      const failure = { code: 'DATABASE_REQUEST_FAILED', message: 'the network went away' };
      h.fake?.failNext('database.modifyDocument', failure, { collectionName: COLLECTIONS.inboxEntries });
      const draft = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
      const refused = await h.call(tree.people.secretaryA, 'report.submit', {
        reportId,
        version: draft.version,
        assessment: ASSESSMENT,
      });
      expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'INTERNAL' }) });
      expect(await reportDoc(h, reportId)).toEqual(before);
      expect(await inboxEntries(h)).toEqual([]);
      expect(await h.deps.store.count(COLLECTIONS.messages, { reportId })).toBe(0);

      await submit(reportId);
      expect((await inboxEntries(h)).map((e) => e.readRank)).toEqual([0, 0]);
      h.fake?.failNext('database.modifyDocument', failure, { collectionName: COLLECTIONS.inboxEntries });
      expect(await h.call(tree.people.villageSecretary, 'report.get', { reportId })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'INTERNAL' }),
      });
      expect((await reportDoc(h, reportId))?.readRank).toBe(0);
      expect((await inboxEntries(h)).map((e) => e.readRank)).toEqual([0, 0]);
      await h.ok(tree.people.villageSecretary, 'report.get', { reportId });
      expect((await reportDoc(h, reportId))?.readRank).toBe(1);
      expect((await inboxEntries(h)).map((e) => e.readRank)).toEqual([1, 1]);
    });
  }

  it('two people opening it at once leave the report and every entry read', async () => {
    await openDraft(h, memberId, '2026-Q3');
    await submit(reportId);
    await Promise.all([
      h.ok(tree.people.villageSecretary, 'report.get', { reportId }),
      h.ok(tree.people.homeAdmin, 'report.get', { reportId }),
    ]);
    expect((await reportDoc(h, reportId))?.readRank).toBe(1);
    expect((await inboxEntries(h)).map((e) => [e.readRank, e.version])).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('a county-level admin sees what the village sees, in the same order, page after page and with each filter', async () => {
    h.clock.set(PLACED_AT);
    const lina = await placeMember(h, tree, 'm_report_lina', tree.branchB.orgId, { name: '李娜' });
    const zhang = await placeMember(h, tree, 'm_report_zhang', tree.branchA.orgId, { name: '张伟' });
    h.clock.set(AFTER_Q4);
    for (const key of ['2026-Q3', '2026-Q4']) {
      await submit((await openDraft(h, memberId, key)).reportId, tree.people.secretaryA);
      await submit((await openDraft(h, lina, key)).reportId, tree.people.secretaryB);
    }
    await submit((await openDraft(h, zhang, '2026-Q3')).reportId, tree.people.secretaryA);
    // Never submitted: in nobody's inbox.
    await openDraft(h, zhang, '2026-Q4');
    await h.ok(tree.people.villageSecretary, 'report.get', { reportId: reportIdFor(memberId, '2026-Q4') });

    const row = (r: { member: { name: string }; period: { key: string }; readAt: string | null }) => [
      r.member.name,
      r.period.key,
      r.readAt !== null,
    ];
    const expected = [
      ['李娜', '2026-Q4', false],
      ['张伟', '2026-Q3', false],
      ['李娜', '2026-Q3', false],
      ['王海军', '2026-Q3', false],
      ['王海军', '2026-Q4', true],
    ];
    const county = await h.ok(tree.people.homeAdmin, 'report.inbox', { orgId: tree.home.orgId });
    expect(county.items.map(row)).toEqual(expected);
    expect(county.nextCursor).toBeNull();
    const village = await h.ok(tree.people.villageSecretary, 'report.inbox', { orgId: tree.village.orgId });
    expect(village.items).toEqual(county.items);

    for (const limit of [1, 2, 3]) {
      expect((await allPages(h, tree.people.homeAdmin, { orgId: tree.home.orgId }, limit)).map(row)).toEqual(expected);
      expect((await allPages(h, tree.people.villageSecretary, { orgId: tree.village.orgId }, limit)).map(row)).toEqual(expected);
    }
    const unread = await allPages(h, tree.people.homeAdmin, { orgId: tree.home.orgId, unreadOnly: true }, 2);
    expect(unread.map(row)).toEqual(expected.slice(0, 4));
    const q3 = await allPages(h, tree.people.homeAdmin, { orgId: tree.home.orgId, periodKey: '2026-Q3' }, 1);
    expect(q3.map(row)).toEqual([
      ['张伟', '2026-Q3', false],
      ['李娜', '2026-Q3', false],
      ['王海军', '2026-Q3', false],
    ]);
    const mine = await allPages(h, tree.people.homeAdmin, { orgId: tree.home.orgId, memberId }, 1);
    expect(mine.map(row)).toEqual([
      ['王海军', '2026-Q3', false],
      ['王海军', '2026-Q4', true],
    ]);
    const hers = await allPages(
      h,
      tree.people.villageSecretary,
      { orgId: tree.village.orgId, memberId: lina, unreadOnly: true },
      1,
    );
    expect(hers.map(row)).toEqual([
      ['李娜', '2026-Q4', false],
      ['李娜', '2026-Q3', false],
    ]);
    const both = await h.ok(tree.people.homeAdmin, 'report.inbox', { orgId: tree.home.orgId, periodKey: '2026-Q4', memberId });
    expect(both.items.map(row)).toEqual([['王海军', '2026-Q4', true]]);
    // Five reports, two organizations on their path: ten entries.
    expect(await h.deps.store.count(COLLECTIONS.inboxEntries, {})).toBe(10);
  });
});
