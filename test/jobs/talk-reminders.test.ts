/**
 * The talk reminders: the member sweep finds each required talk due once per cause (at
 * placement, in the window before Spring Festival, after two absences without leave in a row),
 * tells the branch once, lists it for the secretary until a talk of that cause is recorded, and
 * the report home carries the talks held in its period.
 */
import { memberSweep } from '../../server/jobs/member-sweep';
import { runJobs } from '../../server/jobs/run-jobs';
import { reportIdFor } from '../../server/services/reports/drafts';
import type { MessageRecord, TalkDueRecord } from '../../server/services/records';
import { talkDueIdFor } from '../../server/services/talks';
import { COLLECTIONS } from '../../server/store/indexes';
import { type Harness, BACKENDS, createHarness, nextRequestId, seedTree } from '../support/harness';
import { addActivity, attend } from '../support/report-world';
import { all, placeMember, shanghai } from './support';

jest.setTimeout(60_000);

describe.each(BACKENDS)('talk reminders on %s', (backend) => {
  let h: Harness;
  let tree: Awaited<ReturnType<typeof seedTree>>;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  async function sweepAt(dateTime: string) {
    h.clock.set(shanghai(dateTime));
    const summary = await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [memberSweep] });
    expect(summary.jobs[0]).toMatchObject({ job: 'member_sweep', status: 'finished' });
  }
  const dues = async () =>
    (await all<TalkDueRecord>(h.deps.store, COLLECTIONS.talkDues)).map((d) => `${d._id}|${d.talkId ?? 'open'}`).sort();
  const talkMessages = async () =>
    (await all<MessageRecord>(h.deps.store, COLLECTIONS.messages))
      .filter((m) => m.kind === 'talk_due')
      .map((m) => m._id)
      .sort();
  const dueList = async () => (await h.ok(tree.people.secretaryA, 'talk.due', { branchId: tree.branchA.orgId })).items;

  it('reminds once per cause and closes a due when its talk is recorded', async () => {
    h.clock.set(shanghai('2026-11-10T10:00:00'));
    const memberId = await placeMember(
      h,
      'talk_member',
      { kind: 'listed', orgId: tree.village.orgId },
      tree.branchA.orgId,
      tree.people.secretaryA,
      '赵志强',
    );
    const placementDue = talkDueIdFor(memberId, 'placement', '2026-11-10');

    await sweepAt('2026-11-15T01:00:00');
    expect(await dueList()).toEqual([
      { dueId: placementDue, member: { memberId, name: '赵志强' }, cause: 'placement', since: '2026-11-10', dueBy: '2026-12-10' },
    ]);
    const inbox = await h.ok(tree.people.secretaryA, 'message.list', { orgId: tree.branchA.orgId });
    expect(inbox.items).toEqual([
      expect.objectContaining({ kind: 'talk_due', memberId, body: expect.stringContaining('请在 2026年12月10日 前') }),
    ]);
    // The next week's run finds the same cause and tells nobody again.
    await sweepAt('2026-11-22T01:00:00');
    expect(await talkMessages()).toEqual([`msg_${placementDue}`]);

    h.clock.set(shanghai('2026-11-23T15:00:00'));
    await h.ok(tree.people.secretaryA, 'talk.record', {
      memberId,
      requestId: nextRequestId(),
      cause: 'placement',
      heldOn: '2026-11-23',
      topic: '初次见面，了解工作情况',
      note: '在园区做保安，夜班多',
    });
    expect(await dueList()).toEqual([]);
    expect((await h.ok(tree.people.secretaryA, 'talk.list', { memberId })).due).toEqual([]);

    // Two absences without leave in a row; a third one continues the same run.
    const first = await addActivity(h, tree.branchA, '2026-11-26 19:00', 'general_meeting');
    await attend(h, first, memberId, 'absent');
    await attend(h, await addActivity(h, tree.branchA, '2026-11-28 19:00', 'group_meeting'), memberId, 'absent');
    await sweepAt('2026-11-29T01:00:00');
    const absenceDue = talkDueIdFor(memberId, 'absence', first._id);
    expect(await dueList()).toEqual([expect.objectContaining({ dueId: absenceDue, since: '2026-11-26', dueBy: '2026-12-12' })]);
    await attend(h, await addActivity(h, tree.branchA, '2026-12-05 19:00', 'party_lecture'), memberId, 'absent');
    await sweepAt('2026-12-08T01:00:00');

    // The report home for the fourth quarter says which talks were held, without their notes.
    await sweepAt('2027-01-01T01:00:00');
    const report = await h.ok(tree.people.secretaryA, 'report.get', { reportId: reportIdFor(memberId, '2026-Q4') });
    expect(report.draft?.figures.talks).toEqual([
      { heldOn: '2026-11-23', cause: 'placement', heldByName: '李秀英', topic: '初次见面，了解工作情况' },
    ]);

    // Inside the window before Spring Festival 2027 (6 February; 30 days by default).
    await sweepAt('2027-01-08T01:00:00');
    const yearEndDue = talkDueIdFor(memberId, 'year_end', '2027');
    const closed = (await dues()).filter((d) => !d.endsWith('|open'));
    expect(closed).toEqual([expect.stringMatching(new RegExp(`^${placementDue}\\|tk_${memberId}_`))]);
    expect((await dues()).filter((d) => d.endsWith('|open'))).toEqual([`${absenceDue}|open`, `${yearEndDue}|open`].sort());
    expect(await talkMessages()).toEqual([`msg_${absenceDue}`, `msg_${placementDue}`, `msg_${yearEndDue}`].sort());
    // The outflow side reads the member's dues but cannot list the branch's.
    expect((await h.ok(tree.people.villageSecretary, 'talk.list', { memberId })).due.map((d) => d.cause).sort()).toEqual([
      'absence',
      'year_end',
    ]);
  });
});
