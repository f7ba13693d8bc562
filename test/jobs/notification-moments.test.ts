/**
 * Every moment that exists today puts its subscribe message in the outbox, with its cause: the
 * check-in waiting and decided, the report due, received and replied to, overdue, the member
 * flagged, the activity tomorrow. The jobs then send them to whoever accepted one.
 */
import type { NotificationKind } from '../../server/contract';
import { activityReminders } from '../../server/jobs/activity-reminders';
import { runJobs } from '../../server/jobs/run-jobs';
import { overdueReminders } from '../../server/jobs/overdue-reminders';
import { runAllJobs } from '../../server/jobs/run-all';
import type { MemberRecord, OutboxRecord } from '../../server/services/records';
import type { StoredDocument } from '../../server/store/document-store';
import { COLLECTIONS } from '../../server/store/indexes';
import { type Harness, type Tree, createHarness, placeMember, profile, seedTree } from '../support/harness';
import { ME, addActivity, openDraft, placedWorld, submitNow } from '../support/report-world';
import { all } from './support';

jest.setTimeout(60_000);

const outbox = (h: Harness) => all<OutboxRecord>(h.deps.store, COLLECTIONS.outbox);
const ofKind = async (h: Harness, kind: NotificationKind): Promise<StoredDocument<OutboxRecord>[]> =>
  (await outbox(h)).filter((entry) => entry.kind === kind && entry.parentId === null);

describe('the check-in', () => {
  let h: Harness;
  let tree: Tree;
  beforeEach(async () => {
    h = await createHarness();
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  it('tells the branch a request waits (once, however often it is sent) and the member the decision', async () => {
    const member = 'o_member_moment1';
    const notice = await h.ok(member, 'consent.notice', {});
    await h.ok(member, 'consent.accept', { version: notice.version });
    await h.ok(member, 'member.register', profile(tree.village.orgId));
    const request = await h.ok(member, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
    await h.ok(member, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
    expect(await ofKind(h, 'checkin_waiting')).toEqual([
      expect.objectContaining({
        to: { kind: 'org', orgId: tree.branchA.orgId },
        page: `pages/pending/pending?orgId=${tree.branchA.orgId}`,
      }),
    ]);

    // A decision that loses (stale version) writes no message either.
    const stale = await h.call(tree.people.secretaryA, 'checkin.decide', {
      checkinId: request.checkinId,
      version: request.version + 5,
      decision: 'approve',
    });
    expect(stale.ok).toBe(false);
    expect(await ofKind(h, 'checkin_decided')).toEqual([]);

    await h.ok(tree.people.secretaryA, 'checkin.decide', {
      checkinId: request.checkinId,
      version: request.version,
      decision: 'approve',
    });
    expect(await ofKind(h, 'checkin_decided')).toEqual([
      expect.objectContaining({
        to: { kind: 'user', openid: member },
        topic: 'checkin_result',
        fields: expect.objectContaining({ subject: '新桥社区第一党支部', detail: expect.stringContaining('已通过') }),
      }),
    ]);

    // The jobs send them: the secretary who accepted gets the waiting request, the member who did not, nothing.
    const { templates } = await h.ok(tree.people.secretaryA, 'notify.templates', {});
    const todo = templates.find((t) => t.topic === 'todo_reminder')?.templateId ?? '';
    await h.ok(tree.people.secretaryA, 'notify.subscribe', { answers: { [todo]: 'accept' }, requestId: 'req_moment_0001' });
    const summary = await runAllJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, nightly: false });
    expect(summary.outbox).toMatchObject({ status: 'finished', sent: 1 });
    expect(h.notifier.sent).toEqual([expect.objectContaining({ openid: tree.people.secretaryA, topic: 'todo_reminder' })]);
  });
});

describe('the reports and the no-life clock', () => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;
  let reportId: string;
  beforeEach(async () => {
    ({ h, tree, memberId, reportId } = await placedWorld());
  });
  afterEach(() => h.close());

  it('tells the branch a report is due once per period, the outflow side it arrived, the other side of a reply', async () => {
    await openDraft(h, memberId, '2026-Q3');
    await openDraft(h, memberId, '2026-Q3');
    expect(await ofKind(h, 'report_due')).toEqual([
      expect.objectContaining({ causeId: '2026-Q3', to: { kind: 'org', orgId: tree.branchA.orgId } }),
    ]);
    await submitNow(h, reportId, tree.people.secretaryA);
    expect(await ofKind(h, 'report_received')).toEqual([
      expect.objectContaining({
        to: { kind: 'org', orgId: tree.village.orgId },
        page: `pages/report/report?reportId=${reportId}`,
      }),
    ]);
    await h.ok(tree.people.villageSecretary, 'report.reply', { reportId, requestId: 'req_reply_0001', body: '请多关心' });
    await h.ok(tree.people.villageSecretary, 'report.reply', { reportId, requestId: 'req_reply_0001', body: '请多关心' });
    expect(await ofKind(h, 'report_replied')).toEqual([
      expect.objectContaining({ to: { kind: 'org', orgId: tree.branchA.orgId } }),
    ]);
  });

  it('tells the branch of overdue reports and of members with no organizational life', async () => {
    await openDraft(h, memberId, '2026-Q3');
    h.clock.set('2027-01-20T01:00:00.000Z');
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [overdueReminders] });
    expect(await ofKind(h, 'report_overdue')).toEqual([
      expect.objectContaining({ to: { kind: 'org', orgId: tree.branchA.orgId } }),
    ]);
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY });
    const flagged = await ofKind(h, 'member_flagged');
    expect(flagged.map((entry) => entry.to)).toContainEqual({ kind: 'org', orgId: tree.branchA.orgId });
  });

  it('tells each placed member of their branch’s activity the evening before, once', async () => {
    await addActivity(h, tree.branchA, '2026-10-02 19:30', 'themed_day');
    await addActivity(h, tree.branchA, '2026-10-02 09:00', 'themed_day', { cancelled: true });
    await addActivity(h, tree.branchB, '2026-10-02 09:00', 'themed_day');
    h.clock.set('2026-10-01T12:00:00.000Z');
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [activityReminders] });
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [activityReminders], chunkSize: 1 });
    const member = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
    expect(await ofKind(h, 'activity_tomorrow')).toEqual([
      expect.objectContaining({ to: { kind: 'user', openid: member?.openid ?? ME }, topic: 'activity_reminder' }),
    ]);
  });
});

describe('the end of a placement', () => {
  let h: Harness;
  let tree: Tree;
  beforeEach(async () => {
    h = await createHarness();
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  const leave = (memberId: string) => ({
    memberId,
    branchId: tree.branchA.orgId,
    endedOn: '2026-11-25',
    reason: 'moved_city' as const,
    destination: '去无锡工作',
  });

  it('tells the member, whoever records it: the secretary, the outflow side (返回登记) or the member', async () => {
    const bySecretary = await placeMember(h, tree, 'o_member_left_by_branch', tree.branchA.orgId);
    await h.ok(tree.people.secretaryA, 'placement.leave', leave(bySecretary));
    await h.ok(tree.people.secretaryA, 'placement.leave', leave(bySecretary));
    const returned = await placeMember(h, tree, 'o_member_came_home', tree.branchA.orgId);
    await h.ok(tree.people.villageSecretary, 'placement.return', { memberId: returned, returnedOn: '2026-11-25' });
    const self = await placeMember(h, tree, 'o_member_left_self', tree.branchA.orgId);
    await h.ok('o_member_left_self', 'placement.leave', leave(self));

    const told = await ofKind(h, 'placement_ended');
    expect(told.map((entry) => [entry.to, entry.topic, entry.fields.detail])).toEqual(
      expect.arrayContaining([
        [{ kind: 'user', openid: 'o_member_left_by_branch' }, 'placement_update', expect.stringContaining('离开')],
        [{ kind: 'user', openid: 'o_member_came_home' }, 'placement_update', expect.stringContaining('返回家乡')],
        [{ kind: 'user', openid: 'o_member_left_self' }, 'placement_update', expect.stringContaining('离开')],
      ]),
    );
    // One each, a retried leave included; the organizations are told under their own kind.
    expect(told).toHaveLength(3);
    expect(told[0]).toMatchObject({ fields: { subject: '新桥社区第一党支部', time: '2026-11-25' }, page: 'pages/home/home' });
    const orgs = await ofKind(h, 'member_left');
    expect(orgs.map((entry) => entry.to)).toContainEqual({ kind: 'org', orgId: tree.village.orgId });
    expect(orgs.every((entry) => entry.topic === 'member_update')).toBe(true);
  });
});
