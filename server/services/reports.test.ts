import { type ActivityKind, type AttendanceStatus, DEFAULT_SETTINGS, type ActionInput, type ActionOutput } from '../contract';
import { periodFromKey } from '../lib/periods';
import type { Filter } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import {
  type Backend,
  type Harness,
  type Tree,
  BACKENDS,
  SYSTEM_ADMIN,
  createHarness,
  placeMember,
  seedTree,
} from '../../test/support/harness';
import type {
  ActivityRecord,
  AppraisalRecord,
  AttendanceRecord,
  InboxEntryRecord,
  MemberRecord,
  ReportRecord,
  StudyEntryRecord,
  StudyPlanRecord,
} from './records';
import { computeFigures, newFiguresCache } from './report-figures';
import { inboxEntryIdFor, openReportDraft, replyIdFor, reportIdFor } from './reports';

const ME = 'm_report_self';
/** 2026-07-10 10:00 in Shanghai: the member is placed on this day. */
const PLACED_AT = '2026-07-10T02:00:00.000Z';
/** 2026-10-01 10:00 in Shanghai: the third quarter has just ended. */
const AFTER_Q3 = '2026-10-01T02:00:00.000Z';
/** 2027-01-02 10:00 in Shanghai: the fourth quarter has ended too. */
const AFTER_Q4 = '2027-01-02T02:00:00.000Z';

function period(key: string) {
  const found = periodFromKey(key);
  if (!found) throw new Error(`bad period ${key}`);
  return found;
}

/** A fresh world with ME placed in branch A on PLACED_AT, the clock just after the third quarter. */
async function placedWorld(backend?: Backend) {
  const h = await createHarness(backend);
  const tree = await seedTree(h);
  h.clock.set(PLACED_AT);
  const memberId = await placeMember(h, tree, ME, tree.branchA.orgId);
  h.clock.set(AFTER_Q3);
  return { h, tree, memberId, reportId: reportIdFor(memberId, '2026-Q3') };
}

async function memberDoc(h: Harness, memberId: string) {
  const member = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
  if (!member) throw new Error(`no member ${memberId}`);
  return member;
}

async function openDraft(h: Harness, memberId: string, key: string) {
  return openReportDraft(h.deps, await memberDoc(h, memberId), period(key), {
    inflow: DEFAULT_SETTINGS,
    outflow: DEFAULT_SETTINGS,
  });
}

const reportDoc = (h: Harness, reportId: string) => h.deps.store.get<ReportRecord>(COLLECTIONS.reports, reportId);

/** The inbox entries matching `where`, in id order. */
async function inboxEntries(h: Harness, where: Filter = {}) {
  return (await h.deps.store.find<InboxEntryRecord>(COLLECTIONS.inboxEntries, { where, limit: 100 })).items;
}

/** Every page of an inbox, `limit` at a time; fails unless the last page says so. */
async function allPages(h: Harness, openid: string, input: ActionInput<'report.inbox'>, limit: number) {
  const items: ActionOutput<'report.inbox'>['items'] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages += 1) {
    const page: ActionOutput<'report.inbox'> = await h.ok(openid, 'report.inbox', { ...input, limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error('the inbox never ended');
}

let activitySequence = 0;

/** An activity inserted as the activity actions store it; `at` is Shanghai wall time `YYYY-MM-DD HH:mm`. */
async function addActivity(
  h: Harness,
  branch: { orgId: string; name: string },
  at: string,
  kind: ActivityKind,
  extra: { cancelled?: boolean; volunteerHours?: number } = {},
) {
  activitySequence += 1;
  const [date, time] = at.split(' ');
  const starts = new Date(`${date}T${time}:00.000+08:00`);
  const org = await h.deps.store.get<{ path: string }>(COLLECTIONS.organizations, branch.orgId);
  const record: ActivityRecord = {
    branchId: branch.orgId,
    branchName: branch.name,
    branchPath: org?.path ?? '',
    kind,
    topic: `活动${activitySequence}`,
    place: '党群服务中心',
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + 2 * 3_600_000).toISOString(),
    signInOpensAt: new Date(starts.getTime() - 30 * 60_000).toISOString(),
    signInClosesAt: new Date(starts.getTime() + 2 * 3_600_000).toISOString(),
    heldOn: date,
    volunteerHours: extra.volunteerHours ?? 0,
    status: extra.cancelled ? 'cancelled' : 'scheduled',
    cancelReason: extra.cancelled ? '台风' : null,
    presentCount: 0,
    leaveCount: 0,
    createdBy: 'test_secretary_a',
    createdByName: '李秀英',
    createdAt: starts.toISOString(),
  };
  return h.deps.store.insert<ActivityRecord>(COLLECTIONS.activities, { _id: `a_test_${activitySequence}`, ...record });
}

async function attend(h: Harness, activity: Awaited<ReturnType<typeof addActivity>>, memberId: string, status: AttendanceStatus) {
  const record: AttendanceRecord = {
    activityId: activity._id,
    activityKind: activity.kind,
    heldOn: activity.heldOn,
    startsAt: activity.startsAt,
    branchId: activity.branchId,
    branchPath: activity.branchPath,
    memberId,
    memberName: '王海军',
    status,
    via: status === 'present' ? 'scan' : 'secretary',
    reason: status === 'leave' ? '出车在外' : null,
    volunteerHours: status === 'present' ? activity.volunteerHours : 0,
    recordedAt: activity.startsAt,
    recordedBy: memberId,
    recordedByName: null,
  };
  await h.deps.store.insert<AttendanceRecord>(COLLECTIONS.attendance, { _id: `at_${activity._id}_${memberId}`, ...record });
}

async function addAppraisal(h: Harness, tree: Tree, memberId: string, year: number) {
  const record: AppraisalRecord = {
    memberId,
    branchId: tree.branchA.orgId,
    branchPath: '',
    year,
    result: 'excellent',
    note: '积极参加志愿服务',
    recordedOn: `${year}-12-20`,
    recordedBy: tree.people.secretaryA,
    recordedByName: '李秀英',
    sentInReportId: null,
  };
  await h.deps.store.insert<AppraisalRecord>(COLLECTIONS.appraisals, { _id: `ap_${memberId}_${year}`, ...record });
}

const ASSESSMENT = {
  thinking: '思想稳定',
  conduct: '按时参加组织生活',
  needs: '孩子暑期托管',
  comment: '表现良好',
  grade: 'good' as const,
};

// ---- the core, on both stores ---------------------------------------------------------------

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
    expect(await openDraft(h, memberId, '2026-Q3')).toEqual({ reportId, created: false });
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

// ---- the rest, on the embedded store ----------------------------------------------------

describe('reports', () => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;
  let reportId: string;

  beforeEach(async () => {
    ({ h, tree, memberId, reportId } = await placedWorld());
  });
  afterEach(() => h.close());

  async function submitted(id = reportId, openid = tree.people.secretaryA) {
    const draft = await h.ok(openid, 'report.get', { reportId: id });
    return h.ok(openid, 'report.submit', { reportId: id, version: draft.version, assessment: ASSESSMENT });
  }

  describe('figures', () => {
    async function seedQuarter() {
      const A = tree.branchA;
      const before = await addActivity(h, A, '2026-07-05 19:00', 'general_meeting');
      const general = await addActivity(h, A, '2026-07-15 19:00', 'general_meeting');
      const group = await addActivity(h, A, '2026-08-12 19:00', 'group_meeting');
      await addActivity(h, A, '2026-08-26 19:00', 'party_lecture');
      const lastDay = await addActivity(h, A, '2026-09-30 23:30', 'themed_day');
      const nextQuarter = await addActivity(h, A, '2026-10-01 00:30', 'themed_day');
      const cancelled = await addActivity(h, A, '2026-09-10 19:00', 'party_lecture', { cancelled: true });
      const committee = await addActivity(h, A, '2026-09-03 19:00', 'committee_meeting');
      const service1 = await addActivity(h, A, '2026-08-20 09:00', 'volunteer_service', { volunteerHours: 3 });
      const service2 = await addActivity(h, A, '2026-09-06 09:00', 'volunteer_service', { volunteerHours: 1.5 });
      const service3 = await addActivity(h, A, '2026-09-13 09:00', 'volunteer_service', { volunteerHours: 2 });
      const cancelledService = await addActivity(h, A, '2026-09-20 09:00', 'volunteer_service', {
        volunteerHours: 5,
        cancelled: true,
      });
      const elsewhere = await addActivity(h, tree.branchB, '2026-08-01 19:00', 'general_meeting');
      await attend(h, before, memberId, 'present');
      await attend(h, general, memberId, 'present');
      await attend(h, group, memberId, 'leave');
      await attend(h, lastDay, memberId, 'present');
      await attend(h, nextQuarter, memberId, 'present');
      await attend(h, cancelled, memberId, 'leave');
      await attend(h, committee, memberId, 'present');
      await attend(h, service1, memberId, 'present');
      await attend(h, service2, memberId, 'present');
      await attend(h, service3, memberId, 'leave');
      await attend(h, cancelledService, memberId, 'present');
      await attend(h, elsewhere, memberId, 'present');

      const plan: StudyPlanRecord = {
        branchId: A.orgId,
        branchName: A.name,
        branchPath: '',
        year: 2026,
        targetHours: 32,
        items: [3, 6, 9, 12].map((month) => ({ itemId: `i${month}`, title: `第${month}月学习`, hours: 4, dueMonth: month })),
        publishedAt: '2026-01-05T02:00:00.000Z',
        publishedBy: tree.people.secretaryA,
        updatedAt: '2026-01-05T02:00:00.000Z',
      };
      await h.deps.store.insert<StudyPlanRecord>(COLLECTIONS.studyPlans, { _id: `sp_${A.orgId}_2026`, ...plan });
      const entry = (itemId: string, doneOn: string): StudyEntryRecord => ({
        memberId,
        branchId: A.orgId,
        year: 2026,
        itemId,
        title: '学习',
        hours: 4,
        status: 'done',
        plannedMonth: null,
        doneOn,
        note: null,
        recordedBy: ME,
        updatedAt: `${doneOn}T02:00:00.000Z`,
      });
      for (const [itemId, doneOn] of [
        ['i3', '2026-03-10'],
        ['i6', '2026-08-01'],
        ['i9', '2026-10-01'],
      ] as const) {
        await h.deps.store.insert<StudyEntryRecord>(COLLECTIONS.studyEntries, {
          _id: `se_${memberId}_2026_${itemId}`,
          ...entry(itemId, doneOn),
        });
      }
    }

    it('counts meetings held after placement, attendance, leave, volunteer hours, study and the last day of organizational life', async () => {
      await seedQuarter();
      const outcome = await openDraft(h, memberId, '2026-Q3');
      expect(outcome).toEqual({ reportId, created: true });
      const stored = await reportDoc(h, reportId);
      expect(stored?.draftFigures).toEqual({
        // Held: the general meeting, group meeting, party lecture and the themed day at 23:30 on the
        // last day; not the meeting before placement, the cancelled lecture, the committee meeting,
        // the other branch's meeting or the themed day half an hour into the next quarter.
        meetingsHeld: 4,
        meetingsAttended: 2,
        leaves: 1,
        volunteerHours: 4.5,
        // Done by the period's end: March and August; the item done on 1 October is not counted.
        studyHoursDone: 8,
        studyHoursDue: 12,
        studyTargetHours: 32,
        lastLifeOn: '2026-09-30',
        computedAt: AFTER_Q3,
      });
      const view = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
      expect(view.draft?.figures).toEqual(stored?.draftFigures);
    });

    it('counts only what has started by now, and shares one read of the branch in a batch', async () => {
      await seedQuarter();
      h.clock.set('2026-08-20T00:00:00.000Z');
      const cache = newFiguresCache();
      const figures = await computeFigures(h.deps, await memberDoc(h, memberId), period('2026-Q3'), DEFAULT_SETTINGS, cache);
      // Judged on 20 August: the study items due by August, and what was done by then.
      expect(figures).toMatchObject({ meetingsHeld: 2, meetingsAttended: 1, leaves: 1, studyHoursDone: 8, studyHoursDue: 8 });
      expect(cache.activities.size).toBe(1);
      expect(cache.plans.size).toBe(1);
    });

    it('a silent period reports the last day of organizational life before it; no plan falls back to the target setting', async () => {
      const meeting = await addActivity(h, tree.branchB, '2026-07-20 19:00', 'general_meeting');
      await attend(h, meeting, memberId, 'present');
      h.clock.set('2026-12-01T02:00:00.000Z');
      await openDraft(h, memberId, '2026-M11');
      expect((await reportDoc(h, reportIdFor(memberId, '2026-M11')))?.draftFigures).toMatchObject({
        meetingsHeld: 0,
        meetingsAttended: 0,
        lastLifeOn: '2026-07-20',
        studyHoursDone: 0,
        studyHoursDue: 0,
        studyTargetHours: 32,
      });
    });
  });

  describe('drafts', () => {
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

  describe('the appraisal that goes home', () => {
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

  describe('the outflow side', () => {
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
        expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
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

  describe('the thread', () => {
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
});
