import { COLLECTIONS } from '../store/indexes';
import type { MemberRecord } from './records';
import { meeting } from '../../test/support/harness';
import {
  type ActivityWorld as World,
  MEMBER,
  UNPLACED,
  activityWorld as world,
  refused,
} from '../../test/support/activity-world';

describe("the member's own organizational life", () => {
  let w: World;
  beforeEach(async () => {
    w = await world('sqlite');
  });
  afterEach(() => w.h.close());

  it('shows what is coming, what was done and this Shanghai year in figures', async () => {
    const secretary = w.tree.people.secretaryA;
    // Last winter: a service on the evening of 31 December, and a meeting on the morning of
    // 1 January that is still 31 December in UTC.
    w.h.clock.set('2026-01-05T02:00:00.000Z');
    const oldService = await w.h.ok(
      secretary,
      'activity.create',
      meeting(w.tree, { kind: 'volunteer_service', date: '2025-12-31', startTime: '14:00', durationMinutes: 120 }),
    );
    const newYear = await w.h.ok(
      secretary,
      'activity.create',
      meeting(w.tree, { date: '2026-01-01', startTime: '07:00', topic: '新年第一课' }),
    );
    expect(newYear.startsAt).toBe('2025-12-31T23:00:00.000Z');
    await w.h.ok(secretary, 'activity.mark', {
      activityId: oldService.activityId,
      memberId: w.ids.member,
      status: 'present',
      expectedVersion: null,
    });
    await w.h.ok(secretary, 'activity.mark', {
      activityId: newYear.activityId,
      memberId: w.ids.member,
      status: 'present',
      expectedVersion: null,
    });

    w.h.clock.set('2026-11-25T02:00:00.000Z');
    const service = await w.h.ok(
      secretary,
      'activity.create',
      meeting(w.tree, {
        kind: 'volunteer_service',
        date: '2026-11-15',
        startTime: '09:00',
        durationMinutes: 150,
        topic: '义务理发',
      }),
    );
    const lecture = await w.h.ok(
      secretary,
      'activity.create',
      meeting(w.tree, { kind: 'party_lecture', date: '2026-11-20', topic: '十一月党课' }),
    );
    await w.h.ok(secretary, 'activity.mark', {
      activityId: service.activityId,
      memberId: w.ids.member,
      status: 'present',
      expectedVersion: null,
    });
    await w.h.ok(secretary, 'activity.mark', {
      activityId: lecture.activityId,
      memberId: w.ids.member,
      status: 'absent',
      expectedVersion: null,
    });
    const next = await w.h.ok(secretary, 'activity.create', meeting(w.tree, { topic: '十一月党员大会' }));
    const leave = await w.h.ok(secretary, 'activity.mark', {
      activityId: next.activityId,
      memberId: w.ids.member,
      status: 'leave',
      reason: '夜班',
      expectedVersion: null,
    });
    await w.h.ok(
      secretary,
      'activity.create',
      meeting(w.tree, { date: '2026-12-05', topic: '十二月主题党日', kind: 'themed_day' }),
    );
    await w.h.ok(
      w.tree.people.secretaryB,
      'activity.create',
      meeting(w.tree, { branchId: w.tree.branchB.orgId, topic: '第三支部的会' }),
    );

    const life = await w.h.ok(MEMBER, 'life.mine', {});
    expect(life.branch).toEqual({ orgId: w.tree.branchA.orgId, name: '新桥社区第一党支部' });
    expect(life.upcoming.map((u) => [u.activity.topic, u.mine?.status ?? null])).toEqual([
      ['十一月党员大会', 'leave'],
      ['十二月主题党日', null],
    ]);
    expect(life.upcoming[0].mine).toEqual(leave);
    expect(life.history.map((e) => [e.activity.topic, e.mine?.status])).toEqual([
      ['十一月党员大会', 'leave'],
      ['十一月党课', 'absent'],
      ['义务理发', 'present'],
      ['新年第一课', 'present'],
      ['学习党的二十届四中全会精神', 'present'],
    ]);
    // 2026: the New Year lecture and the haircut service; the 2025 service is last year's.
    expect(life.attendedThisYear).toBe(2);
    expect(life.volunteerHoursThisYear).toBe(2.5);
    expect(life.lastLifeOn).toBe('2026-11-15');
  });

  it('keeps an activity under way among the upcoming ones until it ends, so its sign-in can be found', async () => {
    const secretary = w.tree.people.secretaryA;
    const evening = await w.h.ok(
      secretary,
      'activity.create',
      meeting(w.tree, { date: '2026-11-28', startTime: '19:00', durationMinutes: 90 }),
    );
    w.h.clock.set('2026-11-28T12:00:00.000Z'); // 20:00 in Shanghai: half an hour before the end
    expect((await w.h.ok(MEMBER, 'life.mine', {})).upcoming.map((u) => u.activity.activityId)).toEqual([evening.activityId]);
    w.h.clock.set('2026-11-28T12:30:00.001Z');
    expect((await w.h.ok(MEMBER, 'life.mine', {})).upcoming).toEqual([]);
  });

  it('a member not placed sees no branch and no upcoming activities, but keeps the history', async () => {
    const secretary = w.tree.people.secretaryA;
    const paper = await w.h.ok(secretary, 'activity.create', meeting(w.tree, { date: '2026-11-20' }));
    await w.h.ok(secretary, 'activity.mark', {
      activityId: paper.activityId,
      memberId: w.ids.member,
      status: 'present',
      expectedVersion: null,
    });
    await w.h.ok(secretary, 'activity.create', meeting(w.tree));

    const never = await w.h.ok(UNPLACED, 'life.mine', {});
    expect(never).toEqual({
      branch: null,
      upcoming: [],
      history: [],
      attendedThisYear: 0,
      volunteerHoursThisYear: 0,
      serviceHoursThisYear: 0,
      lastLifeOn: null,
    });

    // No action moves a member out of a branch yet; the record is set as a transfer would leave it.
    const stored = await w.h.deps.store.get<MemberRecord>(COLLECTIONS.members, w.ids.member);
    if (!stored) throw new Error('member missing');
    await w.h.deps.store.update(COLLECTIONS.members, stored._id, stored.version, {
      status: 'registered',
      inflowBranchId: null,
      inflowBranchName: null,
      inflowPath: null,
    });
    const moved = await w.h.ok(MEMBER, 'life.mine', {});
    expect(moved).toMatchObject({ branch: null, upcoming: [], attendedThisYear: 1, lastLifeOn: '2026-11-20' });
    expect(moved.history.map((e) => e.activity.activityId)).toEqual([paper.activityId]);
    expect(await w.h.call('m_never_registered', 'life.mine', {})).toEqual(refused('NOT_REGISTERED'));
  });
});
