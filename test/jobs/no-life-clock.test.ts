/**
 * The no-life clock: three months without organizational life warns the branch and the outflow
 * side, six months tells the organization above the branch and the outflow side again (to talk
 * with each other), a sign-in restarts the count, and
 * nothing about the member changes: the system warns and records, a person decides.
 */
import { memberSweep } from '../../server/jobs/member-sweep';
import { runJobs } from '../../server/jobs/run-jobs';
import type { AttendanceRecord, LifeFlagRecord, MemberRecord } from '../../server/services/records';
import { COLLECTIONS } from '../../server/store/indexes';
import { type Harness, createHarness, seedTree } from '../support/harness';
import { all, messagesOf, placeMember, shanghai } from './support';

jest.setTimeout(60_000);

let h: Harness;
let tree: Awaited<ReturnType<typeof seedTree>>;

beforeEach(async () => {
  h = await createHarness('sqlite');
  tree = await seedTree(h);
});
afterEach(() => h.close());

async function sweepAt(dateTime: string) {
  h.clock.set(shanghai(dateTime));
  // The sweep alone: the drafts it opens fall overdue too, and those reminders are another test's.
  const summary = await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [memberSweep] });
  expect(summary.jobs[0]).toMatchObject({ job: 'member_sweep', status: 'finished' });
}

/** The clock's own messages: the same sweep also finds talks due (test/jobs/talk-reminders.test.ts). */
const lifeMessagesOf = async () => (await messagesOf(h.deps.store)).filter((m) => m.kind !== 'talk_due');

const flags = async () => (await all<LifeFlagRecord>(h.deps.store, COLLECTIONS.lifeFlags)).map((flag) => flag._id).sort();

it('warns at three months, escalates at six, restarts after a sign-in, and never touches the member', async () => {
  h.clock.set(shanghai('2026-05-10T10:00:00'));
  const memberId = await placeMember(
    h,
    'silent_member',
    { kind: 'listed', orgId: tree.village.orgId },
    tree.branchA.orgId,
    tree.people.secretaryA,
    '赵志强',
  );
  const before = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);

  await sweepAt('2026-08-08T01:00:00'); // 2 months and 29 days
  expect(await flags()).toEqual([]);

  await sweepAt('2026-08-15T01:00:00'); // 3 months
  const warning = `lf_${memberId}_warning_2026-05-10`;
  expect(await flags()).toEqual([warning]);
  expect(await h.deps.store.get<LifeFlagRecord>(COLLECTIONS.lifeFlags, warning)).toMatchObject({
    memberId,
    level: 'warning',
    since: '2026-05-10',
    months: 3,
    branchId: tree.branchA.orgId,
  });
  const branchInbox = await h.ok(tree.people.secretaryA, 'message.list', { orgId: tree.branchA.orgId });
  expect(branchInbox.items.filter((m) => m.kind !== 'talk_due')).toEqual([
    // The date reads as every date on the screens do.
    expect.objectContaining({ kind: 'life_warning', memberId, body: expect.stringContaining('自 2026年5月10日 起已 3 个月') }),
  ]);
  const homeInbox = await h.ok(tree.people.villageSecretary, 'message.list', { orgId: tree.village.orgId });
  expect(homeInbox.items).toEqual([expect.objectContaining({ kind: 'life_warning', memberId })]);
  // The committee above is told nothing yet; its 提醒 shows what its branch was told.
  const aboveInbox = async () =>
    (await h.ok(tree.people.cityAdmin, 'message.list', { orgId: tree.community.orgId })).items.filter(
      (message) => message.addressedTo === null,
    );
  expect(await aboveInbox()).toEqual([]);

  // Still silent a week later: the same flag, nobody told again.
  await sweepAt('2026-08-22T01:00:00');
  expect(await flags()).toEqual([warning]);
  expect(await lifeMessagesOf()).toHaveLength(2);

  await sweepAt('2026-11-15T01:00:00'); // 6 months
  const escalation = `lf_${memberId}_escalation_2026-05-10`;
  expect(await flags()).toEqual([escalation, warning]);
  // To the admin above the branch (the community's committee), and home to the outflow organization.
  expect(await aboveInbox()).toEqual([
    expect.objectContaining({ kind: 'life_escalation', memberId, body: expect.stringContaining('6 个月') }),
  ]);
  const homeEscalation = await h.ok(tree.people.villageSecretary, 'message.list', { orgId: tree.village.orgId });
  expect(homeEscalation.items.map((m) => [m.kind, m.title]).sort()).toEqual(
    [
      ['life_escalation', '外出党员组织生活预警上报'],
      ['lost_contact_proposed', '外出党员是否失联，请核实'],
      ['life_warning', '外出党员组织生活预警'],
    ].sort(),
  );
  expect(homeEscalation.items.find((m) => m.kind === 'life_escalation')?.body).toContain('请与流入地沟通');
  // Both sides are offered the 失联 mark; the member's record is not touched (a person decides).
  const proposals = (await lifeMessagesOf()).filter((m) => m.kind === 'lost_contact_proposed');
  expect(proposals.map((m) => m.orgId).sort()).toEqual([tree.branchA.orgId, tree.village.orgId].sort());
  expect(proposals[0].body).toContain('标记失联');
  expect(await lifeMessagesOf()).toHaveLength(6);

  // The member signs in at a meeting on November 20th: the clock starts again from that day.
  h.clock.set(shanghai('2026-11-20T09:00:00'));
  const meeting = await h.ok(tree.people.secretaryA, 'activity.create', {
    branchId: tree.branchA.orgId,
    requestId: 'meeting-2026-11-20',
    kind: 'themed_day',
    topic: '主题党日',
    place: '社区党群服务中心',
    date: '2026-11-20',
    startTime: '19:00',
    durationMinutes: 90,
  });
  h.clock.set(shanghai('2026-11-20T19:05:00'));
  await h.ok('silent_member', 'activity.signIn', { activityId: meeting.activityId });

  await sweepAt('2027-01-22T01:00:00'); // 2 months after the sign-in
  expect(await flags()).toEqual([escalation, warning]);
  await sweepAt('2027-02-22T01:00:00'); // 3 months after it
  const secondWarning = `lf_${memberId}_warning_2026-11-20`;
  expect(await flags()).toEqual([escalation, warning, secondWarning]);
  const branchMessages = await h.ok(tree.people.secretaryA, 'message.list', { orgId: tree.branchA.orgId });
  expect(branchMessages.items.map((m) => m.kind).filter((kind) => kind !== 'talk_due')).toEqual([
    'life_warning',
    'lost_contact_proposed',
    'life_warning',
  ]);

  // Warned, escalated and warned again, the member's record is exactly as it was placed.
  const after = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
  expect(after).toEqual(before);
});

it('counts from the placement when the last sign-in was at an earlier branch, and escalates home from a root branch with nobody above it', async () => {
  const rootBranch = await h.ok('test_system_admin', 'org.create', {
    parentId: null,
    name: '独立党支部',
    kind: 'branch',
    branchKind: 'enterprise',
    region: { province: '江苏省', city: '苏州市', district: '姑苏区' },
  });
  h.clock.set(shanghai('2026-03-02T10:00:00'));
  const memberId = await placeMember(
    h,
    'root_member',
    { kind: 'listed', orgId: tree.village.orgId },
    rootBranch.orgId,
    'test_system_admin',
  );
  // Present at a meeting of the branch the member was in before, a week before this placement.
  const earlier: AttendanceRecord = {
    activityId: 'a_earlier',
    activityKind: 'group_meeting',
    heldOn: '2026-02-23',
    startsAt: shanghai('2026-02-23T19:00:00'),
    branchId: tree.branchB.orgId,
    branchPath: `/${tree.city.orgId}/${tree.community.orgId}/${tree.branchB.orgId}/`,
    memberId,
    memberName: '王海军',
    status: 'present',
    via: 'scan',
    reason: null,
    volunteerHours: 0,
    recordedAt: shanghai('2026-02-23T19:01:00'),
    recordedBy: 'root_member',
    recordedByName: '王海军',
  };
  await h.deps.store.insert<AttendanceRecord>(COLLECTIONS.attendance, { _id: `at_a_earlier_${memberId}`, ...earlier });
  await sweepAt('2026-09-08T01:00:00'); // 6 months
  expect(await flags()).toEqual([`lf_${memberId}_escalation_2026-03-02`, `lf_${memberId}_warning_2026-03-02`]);
  // Warned to the branch and the village; the escalation has nobody above the branch to tell, and
  // goes home; the two sides are offered the 失联 mark.
  const messages = await messagesOf(h.deps.store);
  expect(
    messages
      .filter((m) => m.kind !== 'talk_due')
      .map((m) => `${m.kind}|${m.orgId}`)
      .sort(),
  ).toEqual(
    [
      `life_warning|${rootBranch.orgId}`,
      `life_warning|${tree.village.orgId}`,
      `life_escalation|${tree.village.orgId}`,
      `lost_contact_proposed|${rootBranch.orgId}`,
      `lost_contact_proposed|${tree.village.orgId}`,
    ].sort(),
  );
});
