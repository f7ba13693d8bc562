import { wechatCaller } from './context';
import type { ActionInput } from '../contract';
import { dispatch } from '../router/router';
import { type DocumentStore, type TransactionStore, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { BACKENDS, SYSTEM_ADMIN, meeting, nextRequestId, placeMember } from '../../test/support/harness';
import {
  type ActivityWorld as World,
  CLOSES,
  MEMBER,
  MEMBER_2,
  MEMBER_B,
  OPENS,
  STARTS,
  UNPLACED,
  activityWorld as world,
  refused,
} from '../../test/support/activity-world';
import { ACTIVITY_SIGNIN_PAGE } from './activities';

/**
 * The store as it behaves when other members keep winning the race for an activity's counters:
 * the next `conflicts` counter updates inside transactions fail as a concurrent writer would make them.
 */
function contendedStore(store: DocumentStore, conflicts: number): DocumentStore {
  let left = conflicts;
  const inTx = (tx: TransactionStore): TransactionStore => ({
    get: (collection, id) => tx.get(collection, id),
    insert: (collection, doc) => tx.insert(collection, doc),
    update: async (collection, id, expectedVersion, patch) => {
      if (collection === COLLECTIONS.activities && left > 0) {
        left -= 1;
        throw new VersionConflictError(collection, id, expectedVersion);
      }
      return tx.update(collection, id, expectedVersion, patch);
    },
  });
  return {
    get: (collection, id) => store.get(collection, id),
    insert: (collection, doc) => store.insert(collection, doc),
    update: (collection, id, expectedVersion, patch) => store.update(collection, id, expectedVersion, patch),
    find: (collection, query) => store.find(collection, query),
    count: (collection, where) => store.count(collection, where),
    transaction: (work) => store.transaction((tx) => work(inTx(tx))),
    ensureIndexes: (indexes) => store.ensureIndexes(indexes),
    close: () => store.close(),
  };
}

describe.each(BACKENDS)('signing in on %s', (backend) => {
  let w: World;
  beforeEach(async () => {
    w = await world(backend);
  });
  afterEach(() => w.h.close());

  it('places the activity at the Shanghai wall time whatever the process time zone', async () => {
    const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
    expect(activity).toMatchObject({
      startsAt: STARTS,
      endsAt: CLOSES,
      signInOpensAt: OPENS,
      signInClosesAt: CLOSES,
      status: 'scheduled',
      volunteerHours: 0,
      presentCount: 0,
      createdByName: '李秀英',
      branch: { orgId: w.tree.branchA.orgId, name: '新桥社区第一党支部' },
    });
    const stored = await w.h.deps.store.get<{ heldOn: string }>(COLLECTIONS.activities, activity.activityId);
    expect(stored?.heldOn).toBe('2026-11-28');
  });

  it('refuses before the window with the opening time, accepts at the opening minute, refuses after the close', async () => {
    const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
    w.h.clock.set('2026-11-28T10:29:59.000Z');
    const early = await w.h.call(MEMBER, 'activity.signIn', { activityId: activity.activityId });
    expect(early).toEqual(refused('SIGN_IN_CLOSED', { message: '签到还没开始，2026年11月28日 18:30 开始签到' }));
    expect((await w.counts()).attendance).toBe(0);

    w.h.clock.set(OPENS);
    const onTime = await w.h.ok(MEMBER, 'activity.signIn', { activityId: activity.activityId });
    expect(onTime).toMatchObject({
      alreadySignedIn: false,
      attendance: { status: 'present', via: 'scan', memberId: w.ids.member, memberName: '王海军', recordedAt: OPENS },
    });

    // The last minute of the meeting still counts; a moment later it does not.
    const third = 'm_latecomer_05';
    await placeMember(w.h, w.tree, third, w.tree.branchA.orgId, { name: '钱伟' });
    w.h.clock.set(CLOSES);
    await w.h.ok(third, 'activity.signIn', { activityId: activity.activityId });
    w.h.clock.advance(1);
    const late = await w.h.call(MEMBER_2, 'activity.signIn', { activityId: activity.activityId });
    expect(late).toEqual(refused('SIGN_IN_CLOSED', { message: '签到已结束' }));
    // Already signed in: the answer says so even after the close, and changes nothing.
    const again = await w.h.ok(MEMBER, 'activity.signIn', { activityId: activity.activityId });
    expect(again).toEqual({ attendance: onTime.attendance, alreadySignedIn: true });
    const sheet = await w.h.ok(w.tree.people.secretaryA, 'activity.attendance', { activityId: activity.activityId });
    expect(sheet.activity.presentCount).toBe(2);
  });

  it('a second sign-in counts once, sent one after the other or both at once', async () => {
    const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
    w.h.clock.set('2026-11-28T10:50:00.000Z');
    const first = await w.h.ok(MEMBER, 'activity.signIn', { activityId: activity.activityId });
    w.h.clock.advance(60_000);
    const second = await w.h.ok(MEMBER, 'activity.signIn', { activityId: activity.activityId });
    expect(second).toEqual({ attendance: first.attendance, alreadySignedIn: true });

    const both = await Promise.all([
      w.h.call(MEMBER_2, 'activity.signIn', { activityId: activity.activityId }),
      w.h.call(MEMBER_2, 'activity.signIn', { activityId: activity.activityId }),
    ]);
    expect(both.every((r) => r.ok)).toBe(true);
    expect(both.map((r) => r.ok && r.data.alreadySignedIn).sort()).toEqual([false, true]);

    const sheet = await w.h.ok(w.tree.people.secretaryA, 'activity.attendance', { activityId: activity.activityId });
    expect(sheet.activity).toMatchObject({ presentCount: 2, leaveCount: 0 });
    expect((await w.counts()).attendance).toBe(2);
  });

  it('a sign-in that loses the race for the counters is tried again, and counted once', async () => {
    const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
    w.h.clock.set('2026-11-28T10:50:00.000Z');
    const busy = { ...w.h.deps, store: contendedStore(w.h.deps.store, 3) };
    const result = await dispatch(busy, wechatCaller(MEMBER), 'activity.signIn', { activityId: activity.activityId });
    expect(result).toEqual({ ok: true, data: expect.objectContaining({ alreadySignedIn: false }) });
    const sheet = await w.h.ok(w.tree.people.secretaryA, 'activity.attendance', { activityId: activity.activityId });
    expect(sheet.activity.presentCount).toBe(1);
    expect((await w.counts()).attendance).toBe(1);

    // Only the counters moved, so a secretary's mark goes through too.
    const marked = await dispatch(
      { ...w.h.deps, store: contendedStore(w.h.deps.store, 2) },
      wechatCaller(w.tree.people.secretaryA),
      'activity.mark',
      {
        activityId: activity.activityId,
        memberId: w.ids.member2,
        status: 'absent',
        expectedVersion: null,
      },
    );
    expect(marked).toEqual({ ok: true, data: expect.objectContaining({ status: 'absent' }) });
  });

  it('gives up after five retries and writes nothing', async () => {
    const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
    w.h.clock.set('2026-11-28T10:50:00.000Z');
    const hopeless = { ...w.h.deps, store: contendedStore(w.h.deps.store, 6) };
    const result = await dispatch(hopeless, wechatCaller(MEMBER), 'activity.signIn', { activityId: activity.activityId });
    expect(result).toEqual(refused('CONFLICT'));
    expect((await w.counts()).attendance).toBe(0);
    const stored = await w.h.deps.store.get<{ presentCount: number }>(COLLECTIONS.activities, activity.activityId);
    expect(stored).toMatchObject({ presentCount: 0, version: activity.version });
    // The sixth conflict was the last: the next try succeeds.
    const fivefold = { ...w.h.deps, store: contendedStore(w.h.deps.store, 5) };
    expect(await dispatch(fivefold, wechatCaller(MEMBER), 'activity.signIn', { activityId: activity.activityId })).toEqual({
      ok: true,
      data: expect.anything(),
    });
  });

  it('two secretaries marking the same member from the same screen: one wins, the other is told', async () => {
    const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
    w.h.clock.set('2026-11-28T12:00:00.000Z');
    const mark = (openid: string, status: 'present' | 'absent', expectedVersion: number | null) =>
      w.h.call(openid, 'activity.mark', { activityId: activity.activityId, memberId: w.ids.member, status, expectedVersion });

    const first = await Promise.all([
      mark(w.tree.people.secretaryA, 'present', null),
      mark(w.tree.people.cityAdmin, 'absent', null),
    ]);
    expect(first.filter((r) => r.ok)).toHaveLength(1);
    expect(first.filter((r) => !r.ok)).toEqual([refused('CONFLICT', { message: '刚被其他人登记过，请刷新' })]);
    const winner = first.find((r) => r.ok);
    const version = winner?.ok ? winner.data.version : 0;

    const second = await Promise.all([mark(w.tree.people.secretaryA, 'present', version), mark(SYSTEM_ADMIN, 'absent', version)]);
    expect(second.filter((r) => r.ok)).toHaveLength(1);
    expect(second.filter((r) => !r.ok)).toEqual([refused('CONFLICT')]);
    const sheet = await w.h.ok(w.tree.people.secretaryA, 'activity.attendance', { activityId: activity.activityId });
    const stored = sheet.rows.find((row) => row.member.memberId === w.ids.member)?.attendance;
    const won = second.find((r) => r.ok);
    expect(stored?.status).toBe(won?.ok ? won.data.status : 'none');
    expect(sheet.activity.presentCount).toBe(stored?.status === 'present' ? 1 : 0);
    expect((await w.counts()).attendance).toBe(1);
  });

  it('only members placed in the branch may sign in', async () => {
    const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
    w.h.clock.set('2026-11-28T10:50:00.000Z');
    const before = await w.counts();
    expect(await w.h.call(MEMBER_B, 'activity.signIn', { activityId: activity.activityId })).toEqual(refused('NOT_PLACED'));
    expect(await w.h.call(UNPLACED, 'activity.signIn', { activityId: activity.activityId })).toEqual(refused('NOT_PLACED'));
    expect(await w.h.call('m_never_registered', 'activity.signIn', { activityId: activity.activityId })).toEqual(
      refused('NOT_REGISTERED'),
    );
    expect(await w.counts()).toEqual(before);
    const stored = await w.h.ok(w.tree.people.secretaryA, 'activity.attendance', { activityId: activity.activityId });
    expect(stored.activity.presentCount).toBe(0);
  });

  it('a cancelled activity takes no sign-in and no marks', async () => {
    const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
    const cancelledView = await w.h.ok(w.tree.people.secretaryA, 'activity.cancel', {
      activityId: activity.activityId,
      version: activity.version,
      reason: '台风预警，改期',
    });
    expect(cancelledView).toMatchObject({ status: 'cancelled', cancelReason: '台风预警，改期' });
    w.h.clock.set('2026-11-28T10:50:00.000Z');
    expect(await w.h.call(MEMBER, 'activity.signIn', { activityId: activity.activityId })).toEqual(refused('ACTIVITY_CANCELLED'));
    const mark = await w.h.call(w.tree.people.secretaryA, 'activity.mark', {
      activityId: activity.activityId,
      memberId: w.ids.member,
      status: 'present',
      expectedVersion: null,
    });
    expect(mark).toEqual(refused('ACTIVITY_CANCELLED'));
    expect((await w.counts()).attendance).toBe(0);
  });

  it('a leave needs a reason; a member on leave who turns up is present', async () => {
    const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
    const bare = await w.h.call(w.tree.people.secretaryA, 'activity.mark', {
      activityId: activity.activityId,
      memberId: w.ids.member,
      status: 'leave',
      expectedVersion: null,
    });
    expect(bare).toEqual(refused('BAD_REQUEST', { field: 'reason' }));
    expect((await w.counts()).attendance).toBe(0);
    // Leave may be entered days ahead; present may not.
    const leave = await w.h.ok(w.tree.people.secretaryA, 'activity.mark', {
      activityId: activity.activityId,
      memberId: w.ids.member,
      status: 'leave',
      reason: '夜班',
      expectedVersion: null,
    });
    expect(leave).toMatchObject({ status: 'leave', reason: '夜班', via: 'secretary', recordedByName: '李秀英' });
    w.h.clock.set('2026-11-28T10:59:00.000Z');
    const turnedUp = await w.h.ok(MEMBER, 'activity.signIn', { activityId: activity.activityId });
    expect(turnedUp).toMatchObject({
      alreadySignedIn: false,
      attendance: { attendanceId: leave.attendanceId, status: 'present', via: 'scan', reason: null },
    });
    const sheet = await w.h.ok(w.tree.people.secretaryA, 'activity.attendance', { activityId: activity.activityId });
    expect(sheet.activity).toMatchObject({ presentCount: 1, leaveCount: 0 });
  });
});

describe('activities on sqlite', () => {
  let w: World;
  beforeEach(async () => {
    w = await world('sqlite');
  });
  afterEach(() => w.h.close());

  describe('arranging', () => {
    it('a retried create with the same requestId makes one activity', async () => {
      const input = meeting(w.tree);
      const [a, b] = await Promise.all([
        w.h.call(w.tree.people.secretaryA, 'activity.create', input),
        w.h.call(w.tree.people.secretaryA, 'activity.create', input),
      ]);
      expect(a).toEqual(b);
      const again = await w.h.ok(w.tree.people.secretaryA, 'activity.create', input);
      expect(a.ok && a.data.activityId).toBe(again.activityId);
      expect((await w.counts()).activities).toBe(1);
      await w.h.ok(w.tree.people.secretaryA, 'activity.create', { ...input, requestId: nextRequestId() });
      expect((await w.counts()).activities).toBe(2);
    });

    it('bad input writes nothing', async () => {
      const secretary = w.tree.people.secretaryA;
      const bad: [Partial<ActionInput<'activity.create'>>, string][] = [
        [{ startTime: '25:00' }, 'startTime'],
        [{ startTime: '7:00' }, 'startTime'],
        [{ date: '2026-02-30' }, 'date'],
        [{ date: '2026-10-24' }, 'date'],
        [{ volunteerHours: 2 }, 'volunteerHours'],
        [{ durationMinutes: 5 }, 'durationMinutes'],
        [{ topic: '   ' }, 'topic'],
        [{ kind: 'volunteer_service', volunteerHours: 1.2 }, 'volunteerHours'],
      ];
      for (const [overrides, field] of bad) {
        expect(await w.h.call(secretary, 'activity.create', meeting(w.tree, overrides))).toEqual(
          refused('BAD_REQUEST', { field }),
        );
      }
      const backfill = await w.h.call(secretary, 'activity.create', meeting(w.tree, { date: '2026-10-24' }));
      expect(backfill).toEqual(refused('BAD_REQUEST', { message: '只能补录 31 天内的活动' }));
      expect(await w.counts()).toEqual({ activities: 0, attendance: 0 });

      const activity = await w.h.ok(secretary, 'activity.create', meeting(w.tree, { date: '2026-10-25', startTime: '09:00' }));
      const hours = await w.h.call(secretary, 'activity.mark', {
        activityId: activity.activityId,
        memberId: w.ids.member,
        status: 'present',
        volunteerHours: 2,
        expectedVersion: null,
      });
      expect(hours).toEqual(refused('BAD_REQUEST', { field: 'volunteerHours' }));
      expect(await w.counts()).toEqual({ activities: 1, attendance: 0 });
    });

    it('a paper meeting from the last 31 days can be entered and marked', async () => {
      const activity = await w.h.ok(
        w.tree.people.secretaryA,
        'activity.create',
        meeting(w.tree, { date: '2026-10-25', startTime: '09:00' }),
      );
      expect(activity.startsAt).toBe('2026-10-25T01:00:00.000Z');
      expect(await w.h.call(MEMBER, 'activity.signIn', { activityId: activity.activityId })).toEqual(refused('SIGN_IN_CLOSED'));
      const marked = await w.h.ok(w.tree.people.secretaryA, 'activity.mark', {
        activityId: activity.activityId,
        memberId: w.ids.member,
        status: 'present',
        expectedVersion: null,
      });
      expect(marked).toMatchObject({ status: 'present', via: 'secretary' });
    });

    it('volunteer service credits the given hours, or the duration to the nearest half hour', async () => {
      const secretary = w.tree.people.secretaryA;
      const service = (durationMinutes: number, volunteerHours?: number) =>
        w.h.ok(secretary, 'activity.create', meeting(w.tree, { kind: 'volunteer_service', durationMinutes, volunteerHours }));
      expect((await service(100)).volunteerHours).toBe(1.5);
      expect((await service(105)).volunteerHours).toBe(2);
      expect((await service(15)).volunteerHours).toBe(0.5);
      expect((await service(120, 3)).volunteerHours).toBe(3);
    });

    it('sign-in opens as early as the branch settings say', async () => {
      await w.h.ok(w.tree.people.cityAdmin, 'settings.update', {
        orgId: w.tree.community.orgId,
        changes: { signInEarlyMinutes: 60 },
        version: null,
      });
      const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
      expect(activity.signInOpensAt).toBe('2026-11-28T10:00:00.000Z');
      const other = await w.h.ok(
        w.tree.people.hometownSecretary,
        'activity.create',
        meeting(w.tree, { branchId: w.tree.hometownBranch.orgId }),
      );
      expect(other.signInOpensAt).toBe(OPENS);
    });

    it('cancels only before the start, once, and with the version the secretary saw', async () => {
      const secretary = w.tree.people.secretaryA;
      const activity = await w.h.ok(secretary, 'activity.create', meeting(w.tree));
      const stale = await w.h.call(secretary, 'activity.cancel', {
        activityId: activity.activityId,
        version: activity.version + 1,
        reason: '改期',
      });
      expect(stale).toEqual(refused('CONFLICT'));
      w.h.clock.set(STARTS);
      const started = await w.h.call(secretary, 'activity.cancel', {
        activityId: activity.activityId,
        version: activity.version,
        reason: '改期',
      });
      expect(started).toEqual(refused('BAD_REQUEST', { field: 'activityId', message: '活动已经开始，不能取消' }));
      w.h.clock.set('2026-11-28T10:59:59.000Z');
      const done = await w.h.ok(secretary, 'activity.cancel', {
        activityId: activity.activityId,
        version: activity.version,
        reason: '改期',
      });
      const again = await w.h.call(w.tree.people.cityAdmin, 'activity.cancel', {
        activityId: activity.activityId,
        version: done.version,
        reason: '改期',
      });
      expect(again).toEqual(refused('ACTIVITY_CANCELLED'));
    });

    it('lists upcoming activities soonest first and past ones latest first, cancelled ones included', async () => {
      const secretary = w.tree.people.secretaryA;
      const make = (date: string, topic: string) => w.h.ok(secretary, 'activity.create', meeting(w.tree, { date, topic }));
      await make('2026-11-20', '十一月党课');
      await make('2026-11-10', '十一月主题党日');
      const later = await make('2026-12-20', '十二月党员大会');
      await make('2026-11-28', '十一月党员大会');
      await w.h.ok(secretary, 'activity.cancel', {
        activityId: later.activityId,
        version: later.version,
        reason: '与区里会议冲突',
      });
      await make('2026-11-30', '十一月党小组会');
      const upcoming = await w.h.ok(secretary, 'activity.list', { branchId: w.tree.branchA.orgId, when: 'upcoming', limit: 1 });
      const upcoming2 = await w.h.ok(secretary, 'activity.list', {
        branchId: w.tree.branchA.orgId,
        when: 'upcoming',
        limit: 5,
        cursor: upcoming.nextCursor,
      });
      expect([...upcoming.items, ...upcoming2.items].map((a) => [a.topic, a.status])).toEqual([
        ['十一月党员大会', 'scheduled'],
        ['十一月党小组会', 'scheduled'],
        ['十二月党员大会', 'cancelled'],
      ]);
      const past = await w.h.ok(secretary, 'activity.list', { branchId: w.tree.branchA.orgId, when: 'past' });
      expect(past.items.map((a) => a.topic)).toEqual(['十一月党课', '十一月主题党日']);
      const elsewhere = await w.h.ok(w.tree.people.secretaryB, 'activity.list', {
        branchId: w.tree.branchB.orgId,
        when: 'upcoming',
      });
      expect(elsewhere.items).toEqual([]);
    });
  });

  describe('many members at once', () => {
    // On sqlite only: the fake CloudBase server loses a transaction when three or more wait for its lock.
    it('members signing at once are all counted', async () => {
      const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
      const more = ['m_crowd_1', 'm_crowd_2', 'm_crowd_3'];
      for (const [i, openid] of more.entries()) {
        await placeMember(w.h, w.tree, openid, w.tree.branchA.orgId, { name: `党员${'甲乙丙'[i]}` });
        w.h.clock.advance(60_000);
      }
      w.h.clock.set('2026-11-28T10:55:00.000Z');
      const results = await Promise.all(
        [MEMBER, MEMBER_2, ...more].map((openid) => w.h.call(openid, 'activity.signIn', { activityId: activity.activityId })),
      );
      expect(results.filter((r) => !r.ok)).toEqual([]);
      const sheet = await w.h.ok(w.tree.people.secretaryA, 'activity.attendance', { activityId: activity.activityId });
      expect(sheet.activity.presentCount).toBe(5);
      expect(sheet.rows.filter((row) => row.attendance?.status === 'present')).toHaveLength(5);
    });
  });

  describe('the sign-in code', () => {
    it('carries the activity in a short scene and opens the sign-in page', async () => {
      const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
      const code = await w.h.ok(w.tree.people.secretaryA, 'activity.code', { activityId: activity.activityId });
      expect(code.scene).toBe(`a=${activity.activityId}`);
      expect(code.scene.length).toBeLessThanOrEqual(32);
      expect(code.page).toBe(ACTIVITY_SIGNIN_PAGE);
      expect(ACTIVITY_SIGNIN_PAGE).toBe('pages/activity-signin/activity-signin');
      expect(code.imageDataUrl).toMatch(/^data:image\/png;base64,/);

      const before = await w.h.ok(MEMBER, 'activity.resolveCode', { scene: code.scene });
      expect(before).toEqual({
        activity: expect.objectContaining({ activityId: activity.activityId }),
        mine: null,
        signIn: expect.objectContaining({ state: 'not_yet_open' }),
      });
      w.h.clock.set('2026-11-28T10:45:00.000Z');
      await w.h.ok(MEMBER, 'activity.signIn', { activityId: activity.activityId });
      const after = await w.h.ok(MEMBER, 'activity.resolveCode', { scene: ` ${code.scene} ` });
      expect(after.mine).toMatchObject({ status: 'present', memberId: w.ids.member });
      const stranger = await w.h.ok('m_never_registered', 'activity.resolveCode', { scene: code.scene });
      expect(stranger.mine).toBeNull();
    });

    it('says before any tap whether and when this caller can sign in, by the rule activity.signIn applies', async () => {
      const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
      const { scene } = await w.h.ok(w.tree.people.secretaryA, 'activity.code', { activityId: activity.activityId });
      const stateOf = async (openid: string) => (await w.h.ok(openid, 'activity.resolveCode', { scene })).signIn;

      w.h.clock.set('2026-11-28T10:29:59.000Z');
      expect(await stateOf(MEMBER)).toEqual({ state: 'not_yet_open', opensAt: OPENS, closesAt: CLOSES });
      expect(await w.h.call(MEMBER, 'activity.signIn', { activityId: activity.activityId })).toEqual(refused('SIGN_IN_CLOSED'));
      // Members of another branch, members not placed and people not registered are told so before they tap.
      for (const openid of [MEMBER_B, UNPLACED, 'm_never_registered']) expect((await stateOf(openid)).state).toBe('not_placed');

      w.h.clock.set(OPENS);
      expect((await stateOf(MEMBER)).state).toBe('open');
      await w.h.ok(MEMBER, 'activity.signIn', { activityId: activity.activityId });
      expect((await stateOf(MEMBER)).state).toBe('signed_in');

      w.h.clock.set(CLOSES);
      w.h.clock.advance(1);
      expect((await stateOf(MEMBER_2)).state).toBe('closed');
      expect(await w.h.call(MEMBER_2, 'activity.signIn', { activityId: activity.activityId })).toEqual(refused('SIGN_IN_CLOSED'));
    });

    it('says a cancelled activity takes no sign-in', async () => {
      const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
      const { scene } = await w.h.ok(w.tree.people.secretaryA, 'activity.code', { activityId: activity.activityId });
      await w.h.ok(w.tree.people.secretaryA, 'activity.cancel', {
        activityId: activity.activityId,
        version: activity.version,
        reason: '改期',
      });
      w.h.clock.set(OPENS);
      expect((await w.h.ok(MEMBER, 'activity.resolveCode', { scene })).signIn.state).toBe('cancelled');
    });

    it('refuses codes that are not activity codes', async () => {
      expect(await w.h.call(MEMBER, 'activity.resolveCode', { scene: `b=${w.tree.branchA.orgId}` })).toEqual(
        refused('INVALID_CODE', { field: 'scene', message: '这不是活动签到码' }),
      );
      expect(await w.h.call(MEMBER, 'activity.resolveCode', { scene: 'a=../../etc' })).toEqual(
        refused('INVALID_CODE', { field: 'scene' }),
      );
      expect(await w.h.call(MEMBER, 'activity.resolveCode', { scene: 'a=a_00000000000000000000' })).toEqual(refused('NOT_FOUND'));
    });
  });

  describe('the attendance sheet', () => {
    it('lists every placed member of the branch with their attendance, page by page', async () => {
      const activity = await w.h.ok(w.tree.people.secretaryA, 'activity.create', meeting(w.tree));
      await w.h.ok(w.tree.people.secretaryA, 'activity.mark', {
        activityId: activity.activityId,
        memberId: w.ids.member2,
        status: 'leave',
        reason: '回老家',
        expectedVersion: null,
      });
      const first = await w.h.ok(w.tree.people.secretaryA, 'activity.attendance', { activityId: activity.activityId, limit: 1 });
      const second = await w.h.ok(w.tree.people.secretaryA, 'activity.attendance', {
        activityId: activity.activityId,
        limit: 1,
        cursor: first.nextCursor,
      });
      // Newest placement first: 刘芳 was approved after 王海军.
      expect([...first.rows, ...second.rows].map((row) => [row.member.name, row.attendance?.status ?? null])).toEqual([
        ['刘芳', 'leave'],
        ['王海军', null],
      ]);
      expect(second.nextCursor).toBeNull();
      expect(first.activity.leaveCount).toBe(1);
    });

    it('marks present or absent only once sign-in has opened, and only members of the branch', async () => {
      const secretary = w.tree.people.secretaryA;
      const activity = await w.h.ok(secretary, 'activity.create', meeting(w.tree));
      const early = await w.h.call(secretary, 'activity.mark', {
        activityId: activity.activityId,
        memberId: w.ids.member,
        status: 'present',
        expectedVersion: null,
      });
      expect(early).toEqual(refused('BAD_REQUEST', { field: 'status', message: '活动还没开始，只能登记请假' }));
      w.h.clock.set(OPENS);
      const outsider = await w.h.call(secretary, 'activity.mark', {
        activityId: activity.activityId,
        memberId: w.ids.memberB,
        status: 'present',
        expectedVersion: null,
      });
      // Members of another branch, or of none, are out of this secretary's sight: not named, not there.
      expect(outsider).toEqual(refused('NOT_FOUND', { field: 'memberId', message: '找不到这名党员' }));
      const unplaced = await w.h.call(secretary, 'activity.mark', {
        activityId: activity.activityId,
        memberId: w.ids.unplaced,
        status: 'absent',
        expectedVersion: null,
      });
      expect(unplaced).toEqual(outsider);
      expect((await w.counts()).attendance).toBe(0);

      const absent = await w.h.ok(secretary, 'activity.mark', {
        activityId: activity.activityId,
        memberId: w.ids.member,
        status: 'absent',
        expectedVersion: null,
      });
      const present = await w.h.ok(w.tree.people.cityAdmin, 'activity.mark', {
        activityId: activity.activityId,
        memberId: w.ids.member,
        status: 'present',
        expectedVersion: absent.version,
      });
      expect(present).toMatchObject({ status: 'present', recordedByName: '周建华', version: absent.version + 1 });
      const leave = await w.h.ok(secretary, 'activity.mark', {
        activityId: activity.activityId,
        memberId: w.ids.member,
        status: 'leave',
        reason: '临时加班',
        expectedVersion: present.version,
      });
      expect(leave.reason).toBe('临时加班');
      const sheet = await w.h.ok(secretary, 'activity.attendance', { activityId: activity.activityId });
      expect(sheet.activity).toMatchObject({ presentCount: 0, leaveCount: 1 });
    });

    it('volunteer hours can be changed for one volunteer and count only for the present', async () => {
      const activity = await w.h.ok(
        w.tree.people.secretaryA,
        'activity.create',
        meeting(w.tree, { kind: 'volunteer_service', durationMinutes: 120 }),
      );
      w.h.clock.set(CLOSES);
      const stayedLonger = await w.h.ok(w.tree.people.secretaryA, 'activity.mark', {
        activityId: activity.activityId,
        memberId: w.ids.member,
        status: 'present',
        volunteerHours: 3,
        expectedVersion: null,
      });
      expect(stayedLonger.volunteerHours).toBe(3);
      const onLeave = await w.h.call(w.tree.people.secretaryA, 'activity.mark', {
        activityId: activity.activityId,
        memberId: w.ids.member2,
        status: 'leave',
        reason: '生病',
        volunteerHours: 1,
        expectedVersion: null,
      });
      expect(onLeave).toEqual(refused('BAD_REQUEST', { field: 'volunteerHours' }));
    });
  });
});

describe.each(BACKENDS)('返乡报到 and 集中补学 on %s', (backend) => {
  let w: World;
  beforeEach(async () => {
    w = await world(backend);
  });
  afterEach(() => w.h.close());

  it('are offered to, and arranged by, a home branch whose members flowed out only; elsewhere refused on kind, nothing written', async () => {
    const atA = await w.h.ok(w.tree.people.secretaryA, 'activity.kinds', { branchId: w.tree.branchA.orgId });
    expect(atA.kinds).toContain('general_meeting');
    expect(atA.kinds).not.toContain('homecoming_report');
    expect(atA.kinds).not.toContain('makeup_study');
    const before = await w.counts();
    for (const kind of ['homecoming_report', 'makeup_study'] as const) {
      const result = await w.h.call(w.tree.people.secretaryA, 'activity.create', meeting(w.tree, { kind }));
      expect(result).toEqual(
        refused('BAD_REQUEST', {
          field: 'kind',
          message: '返乡报到和集中补学由流出地支部为本支部外出流动的党员安排，本支部没有外出流动的党员',
        }),
      );
    }
    expect(await w.counts()).toEqual(before);

    // The village holds the relationship of every member in this world.
    const atHome = await w.h.ok(w.tree.people.villageSecretary, 'activity.kinds', { branchId: w.tree.village.orgId });
    expect(atHome.kinds).toEqual(expect.arrayContaining(['homecoming_report', 'makeup_study', 'general_meeting']));
    const made = await w.h.ok(
      w.tree.people.villageSecretary,
      'activity.create',
      meeting(w.tree, { branchId: w.tree.village.orgId, kind: 'homecoming_report' }),
    );
    expect(made.kind).toBe('homecoming_report');
  });

  it('the kinds of a branch one does not manage answer as a missing branch', async () => {
    const result = await w.h.call(w.tree.people.secretaryB, 'activity.kinds', { branchId: w.tree.branchA.orgId });
    expect(result).toEqual(refused('NOT_FOUND', { field: 'branchId' }));
  });
});
