import { COLLECTIONS } from '../store/indexes';
import {
  type Harness,
  BACKENDS,
  SYSTEM_ADMIN,
  createHarness,
  nextRequestId,
  placeMember,
  seedTree,
} from '../../test/support/harness';
import type { MemberRecord, PlacementRecord } from './records';
import { roundTableScene } from './homecoming';

const HOUR = 60 * 60 * 1000;

describe.each(BACKENDS)('返乡 on %s', (backend) => {
  let h: Harness;
  let tree: Awaited<ReturnType<typeof seedTree>>;
  const MEMBER = 'test_member_yu';
  const OTHER = 'test_member_other';
  let memberId: string;
  let otherId: string;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
    memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '郁金铭' });
    otherId = await placeMember(h, tree, OTHER, tree.branchB.orgId, { name: '孙丽' });
  });
  afterEach(() => h.close());

  const home = () => tree.people.homeAdmin;
  const all = async (collection: string) => (await h.deps.store.find(collection, { where: {}, limit: 1000 })).items;

  async function joinThinkTank(openid = MEMBER, id = memberId) {
    const invitation = await h.ok(home(), 'thinkTank.invite', { orgId: tree.home.orgId, memberId: id, version: null });
    return h.ok(openid, 'thinkTank.respond', {
      invitationId: invitation.invitationId,
      answer: 'accept',
      version: invitation.version,
    });
  }

  /** A round-table of the county on 28 November 2026 at 19:00 Shanghai time. */
  const roundTable = (overrides: Record<string, unknown> = {}) =>
    h.ok(home(), 'roundTable.create', {
      orgId: tree.home.orgId,
      requestId: nextRequestId(),
      topic: '家乡产业发展献计',
      place: '新港村村委会会议室（线上同步）',
      date: '2026-11-28',
      startTime: '19:00',
      durationMinutes: 120,
      ...overrides,
    });
  const atMeeting = () => h.clock.set('2026-11-28T11:10:00.000Z');

  describe('the think-tank', () => {
    it('invites an outgoing member, who accepts on the phone; a retry or a second invite makes no second record', async () => {
      const first = await h.ok(home(), 'thinkTank.invite', {
        orgId: tree.home.orgId,
        memberId,
        note: '请为村里的电商发展出出主意',
        version: null,
      });
      expect(first).toMatchObject({ status: 'invited', member: { name: '郁金铭' }, invitedByName: '陈立新' });
      const again = await h.ok(SYSTEM_ADMIN, 'thinkTank.invite', {
        orgId: tree.home.orgId,
        memberId,
        version: null,
      });
      expect(again).toEqual(first);

      const mine = await h.ok(MEMBER, 'homecoming.mine', {});
      expect(mine.invitations).toEqual([first]);
      const accepted = await h.ok(MEMBER, 'thinkTank.respond', {
        invitationId: first.invitationId,
        answer: 'accept',
        version: first.version,
      });
      expect(accepted.status).toBe('accepted');
      // The same answer again is a retry: nothing changes.
      expect(
        await h.ok(MEMBER, 'thinkTank.respond', { invitationId: first.invitationId, answer: 'accept', version: first.version }),
      ).toEqual(accepted);
      expect(await all(COLLECTIONS.thinkTank)).toHaveLength(1);
      const list = await h.ok(home(), 'thinkTank.list', { orgId: tree.home.orgId });
      expect(list.items.map((i) => [i.member.name, i.status])).toEqual([['郁金铭', 'accepted']]);
    });

    it('a declined invitation may be sent again, from the version the official saw', async () => {
      const first = await h.ok(home(), 'thinkTank.invite', { orgId: tree.home.orgId, memberId, version: null });
      const declined = await h.ok(MEMBER, 'thinkTank.respond', {
        invitationId: first.invitationId,
        answer: 'decline',
        version: first.version,
      });
      expect(declined.status).toBe('declined');
      const refused = await h.call(MEMBER, 'thinkTank.respond', {
        invitationId: first.invitationId,
        answer: 'accept',
        version: declined.version,
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'answer' } });
      const stale = await h.call(home(), 'thinkTank.invite', { orgId: tree.home.orgId, memberId, version: first.version });
      expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      const again = await h.ok(home(), 'thinkTank.invite', { orgId: tree.home.orgId, memberId, version: declined.version });
      expect(again).toMatchObject({ status: 'invited', answeredAt: null, invitationId: first.invitationId });
    });

    it('only the invited member answers; another member gets the answer for a missing invitation', async () => {
      const first = await h.ok(home(), 'thinkTank.invite', { orgId: tree.home.orgId, memberId, version: null });
      const stranger = await h.call(OTHER, 'thinkTank.respond', {
        invitationId: first.invitationId,
        answer: 'accept',
        version: first.version,
      });
      const missing = await h.call(OTHER, 'thinkTank.respond', {
        invitationId: 'tt_00000000000000000000',
        answer: 'accept',
        version: first.version,
      });
      expect(stranger).toEqual(missing);
      expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });

    it('an organization invites only its own outgoing members', async () => {
      const outside = await h.call(tree.people.otherHomeAdmin, 'thinkTank.invite', {
        orgId: tree.otherHome.orgId,
        memberId,
        version: null,
      });
      expect(outside).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'memberId' } });
      expect(await all(COLLECTIONS.thinkTank)).toHaveLength(0);
    });
  });

  describe('round-tables', () => {
    it('is timed like an activity, and its join code is for the officials only', async () => {
      const made = await roundTable();
      expect(made).toMatchObject({
        startsAt: '2026-11-28T11:00:00.000Z',
        endsAt: '2026-11-28T13:00:00.000Z',
        signInOpensAt: '2026-11-28T10:30:00.000Z',
        joinCode: expect.stringMatching(/^\d{6}$/),
      });
      await joinThinkTank();
      const seen = await h.ok(MEMBER, 'roundTable.get', { roundTableId: made.roundTableId });
      expect(seen.roundTable.joinCode).toBeNull();
      expect(seen.sheet).toEqual([]);
      expect(seen.signIn).toMatchObject({ state: 'not_yet_open' });
      const mine = await h.ok(MEMBER, 'homecoming.mine', {});
      expect(mine.roundTables.map((r) => [r.roundTable.roundTableId, r.roundTable.joinCode])).toEqual([
        [made.roundTableId, null],
      ]);
    });

    it('a retried create makes one round-table; a date that does not exist writes nothing', async () => {
      const requestId = nextRequestId();
      const first = await roundTable({ requestId });
      const second = await roundTable({ requestId });
      expect(second).toEqual(first);
      const bad = await h.call(home(), 'roundTable.create', {
        orgId: tree.home.orgId,
        requestId: nextRequestId(),
        topic: '献计',
        place: '线上',
        date: '2026-02-30',
        startTime: '19:00',
        durationMinutes: 60,
      });
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'date' } });
      expect(await all(COLLECTIONS.roundTables)).toHaveLength(1);
    });

    it('in the room by the code, from afar by the join code; each counts once, in its own counter', async () => {
      const made = await roundTable();
      await joinThinkTank();
      await joinThinkTank(OTHER, otherId);
      const early = await h.call(MEMBER, 'roundTable.signIn', { how: 'scan', scene: roundTableScene(made.roundTableId) });
      expect(early).toMatchObject({ ok: false, error: { code: 'SIGN_IN_CLOSED' } });

      atMeeting();
      const scanned = await h.ok(MEMBER, 'roundTable.signIn', { how: 'scan', scene: roundTableScene(made.roundTableId) });
      expect(scanned.attendance).toMatchObject({ status: 'present', mode: 'in_person', via: 'scan' });
      const twice = await h.ok(MEMBER, 'roundTable.signIn', { how: 'scan', scene: roundTableScene(made.roundTableId) });
      expect(twice.alreadySignedIn).toBe(true);

      const wrong = await h.call(OTHER, 'roundTable.signIn', {
        how: 'join_code',
        roundTableId: made.roundTableId,
        joinCode: made.joinCode === '000000' ? '111111' : '000000',
      });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'joinCode' } });
      const remote = await h.ok(OTHER, 'roundTable.signIn', {
        how: 'join_code',
        roundTableId: made.roundTableId,
        joinCode: made.joinCode as string,
      });
      expect(remote.attendance).toMatchObject({ mode: 'remote', via: 'join_code' });

      const sheet = await h.ok(home(), 'roundTable.get', { roundTableId: made.roundTableId });
      expect(sheet.roundTable).toMatchObject({ presentCount: 1, remoteCount: 1, leaveCount: 0 });
      expect(sheet.sheet.map((row) => [row.member.name, row.attendance?.mode])).toEqual(
        expect.arrayContaining([
          ['郁金铭', 'in_person'],
          ['孙丽', 'remote'],
        ]),
      );
      expect(await all(COLLECTIONS.roundTableAttendance)).toHaveLength(2);
      h.clock.set('2026-11-28T13:10:00.000Z');
      const late = await h.call(MEMBER, 'roundTable.signIn', {
        how: 'join_code',
        roundTableId: made.roundTableId,
        joinCode: '123456',
      });
      expect(late.ok).toBe(false);
    });

    it('a member outside the think-tank cannot sign in, even with the code: the round-table is not there for them', async () => {
      const made = await roundTable();
      atMeeting();
      const result = await h.call(MEMBER, 'roundTable.signIn', {
        how: 'join_code',
        roundTableId: made.roundTableId,
        joinCode: made.joinCode as string,
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await all(COLLECTIONS.roundTableAttendance)).toHaveLength(0);
    });

    it('two officials marking one member at once: one wins, the other is told', async () => {
      const made = await roundTable();
      await joinThinkTank();
      const [a, b] = await Promise.all([
        h.call(home(), 'roundTable.mark', {
          roundTableId: made.roundTableId,
          memberId,
          status: 'leave',
          reason: '夜班',
          expectedVersion: null,
        }),
        h.call(SYSTEM_ADMIN, 'roundTable.mark', {
          roundTableId: made.roundTableId,
          memberId,
          status: 'leave',
          reason: '在外地出差',
          expectedVersion: null,
        }),
      ]);
      const results = [a, b].map((r) => (r.ok ? 'ok' : r.error.code)).sort();
      expect(results).toEqual(['CONFLICT', 'ok']);
      const sheet = await h.ok(home(), 'roundTable.get', { roundTableId: made.roundTableId });
      expect(sheet.roundTable.leaveCount).toBe(1);
    });

    it('minutes after the start; suggestions followed to their outcome, which the member who made them sees', async () => {
      const made = await roundTable();
      await joinThinkTank();
      const tooEarly = await h.call(home(), 'roundTable.saveMinutes', {
        roundTableId: made.roundTableId,
        minutes: '纪要',
        version: made.version,
      });
      expect(tooEarly).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'minutes' } });
      atMeeting();
      await h.ok(MEMBER, 'roundTable.signIn', { how: 'scan', scene: roundTableScene(made.roundTableId) });
      const current = (await h.ok(home(), 'roundTable.get', { roundTableId: made.roundTableId })).roundTable;
      const minutes = await h.ok(home(), 'roundTable.saveMinutes', {
        roundTableId: made.roundTableId,
        minutes: '到会 1 人。围绕村里的农产品销路展开讨论。',
        version: current.version,
      });
      expect(minutes.minutesByName).toBe('陈立新');

      const requestId = nextRequestId();
      const add = () =>
        h.ok(home(), 'suggestion.add', {
          roundTableId: made.roundTableId,
          memberId,
          requestId,
          content: '在村里建一个农产品直播间，帮乡亲们卖梨',
        });
      const suggestion = await add();
      expect(await add()).toEqual(suggestion);
      expect(suggestion).toMatchObject({ status: 'recorded', next: ['adopted', 'in_progress', 'not_taken'] });

      const adopted = await h.ok(home(), 'suggestion.follow', {
        suggestionId: suggestion.suggestionId,
        status: 'adopted',
        note: '村两委会研究同意',
        version: suggestion.version,
      });
      // A retry of the same step (the answer lost on the way) adds no second step.
      const retried = await h.ok(home(), 'suggestion.follow', {
        suggestionId: suggestion.suggestionId,
        status: 'adopted',
        note: '村两委会研究同意',
        version: suggestion.version,
      });
      expect(retried).toEqual(adopted);
      const done = await h.ok(home(), 'suggestion.follow', {
        suggestionId: suggestion.suggestionId,
        status: 'done',
        note: '直播间已在村委会二楼建成',
        version: adopted.version,
      });
      const noNote = await h.call(home(), 'suggestion.follow', {
        suggestionId: suggestion.suggestionId,
        status: 'not_taken',
        version: done.version,
      });
      expect(noNote).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'note' } });
      const closed = await h.call(home(), 'suggestion.follow', {
        suggestionId: suggestion.suggestionId,
        status: 'in_progress',
        version: done.version,
      });
      expect(closed).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'status' } });

      const mine = await h.ok(MEMBER, 'homecoming.mine', {});
      expect(mine.suggestions).toHaveLength(1);
      expect(mine.suggestions[0]).toMatchObject({ status: 'done', next: [] });
      expect(mine.suggestions[0].steps.map((s) => [s.status, s.byName])).toEqual([
        ['recorded', '陈立新'],
        ['adopted', '陈立新'],
        ['done', '陈立新'],
      ]);
      const memberView = await h.ok(MEMBER, 'roundTable.get', { roundTableId: made.roundTableId });
      expect(memberView.roundTable.minutes).toContain('农产品销路');
      expect(memberView.mine).toMatchObject({ status: 'present' });
    });
  });

  describe('candidates for village posts', () => {
    const propose = (post: 'first_secretary' | 'reserve_cadre' = 'first_secretary') =>
      h.ok(home(), 'candidate.propose', {
        orgId: tree.home.orgId,
        memberId,
        post,
        postOrgId: tree.village.orgId,
        note: '在外创业有成，熟悉电商',
        version: null,
      });

    it('appointed first secretary: the return home is recorded, which ends the placement and the mobile status', async () => {
      const proposed = await propose();
      expect(await propose()).toEqual(proposed);
      const talked = await h.ok(home(), 'candidate.step', {
        candidateId: proposed.candidateId,
        step: 'talked',
        on: '2026-11-25',
        note: '本人愿意回村任职',
        version: proposed.version,
      });
      const appoint = {
        candidateId: proposed.candidateId,
        step: 'appointed' as const,
        on: '2026-11-25',
        note: '镇党委任命',
        version: talked.version,
      };
      const appointed = await h.ok(home(), 'candidate.step', appoint);
      expect(appointed).toMatchObject({ status: 'appointed', endsMobility: true, memberStatus: 'returned', next: [] });
      const member = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
      expect(member).toMatchObject({ status: 'returned', returnedOn: '2026-11-25', inflowBranchId: null });
      const placements = (await all(COLLECTIONS.placements)) as unknown as PlacementRecord[];
      expect(placements.filter((p) => p.memberId === memberId).map((p) => [p.endReason, p.endedBy])).toEqual([
        ['returned_home', 'outflow'],
      ]);
      // The branch is told as for any 返回登记.
      const branchMessages = await h.ok(tree.people.secretaryA, 'message.list', { orgId: tree.branchA.orgId });
      expect(branchMessages.items.map((m) => m.kind)).toContain('member_returned');
      // A retry answers the same and writes no second step.
      expect(await h.ok(home(), 'candidate.step', appoint)).toEqual(appointed);
      const list = await h.ok(home(), 'candidate.list', { orgId: tree.home.orgId });
      expect(list.items[0].steps.map((s) => s.step)).toEqual(['proposed', 'talked', 'appointed']);
    });

    it('a reserve cadre keeps working away: the appointment ends nothing', async () => {
      const proposed = await propose('reserve_cadre');
      const appointed = await h.ok(home(), 'candidate.step', {
        candidateId: proposed.candidateId,
        step: 'appointed',
        on: '2026-11-25',
        version: proposed.version,
      });
      expect(appointed).toMatchObject({ endsMobility: false, memberStatus: 'placed' });
    });

    it('a day the return would refuse writes nothing: not the step, not the return', async () => {
      const proposed = await propose();
      const before = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
      const early = await h.call(home(), 'candidate.step', {
        candidateId: proposed.candidateId,
        step: 'appointed',
        on: '2026-11-24',
        version: proposed.version,
      });
      expect(early).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'on' } });
      const future = await h.call(home(), 'candidate.step', {
        candidateId: proposed.candidateId,
        step: 'appointed',
        on: '2026-12-01',
        version: proposed.version,
      });
      expect(future).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'on' } });
      expect(await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId)).toEqual(before);
      const list = await h.ok(home(), 'candidate.list', { orgId: tree.home.orgId });
      expect(list.items[0]).toMatchObject({ status: 'proposed', version: proposed.version });
    });

    it('appointed and declined at once by two officials: one wins, and only an appointment brings the member home', async () => {
      const proposed = await propose();
      const step = (kind: 'appointed' | 'declined', openid: string) =>
        h.call(openid, 'candidate.step', {
          candidateId: proposed.candidateId,
          step: kind,
          on: '2026-11-25',
          version: proposed.version,
        });
      const results = await Promise.all([step('appointed', home()), step('declined', SYSTEM_ADMIN)]);
      expect(results.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['CONFLICT', 'ok']);
      const [won] = results.flatMap((r) => (r.ok ? [r.data] : []));
      const member = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
      expect(member?.status).toBe(won.status === 'appointed' ? 'returned' : 'placed');
    });

    it('the village must be in the proposing organization’s subtree', async () => {
      const result = await h.call(home(), 'candidate.propose', {
        orgId: tree.home.orgId,
        memberId,
        post: 'first_secretary',
        postOrgId: tree.branchA.orgId,
        version: null,
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'postOrgId' } });
      expect(await all(COLLECTIONS.villageCandidates)).toHaveLength(0);
    });
  });

  it('runs under any TZ: the round-table day is Shanghai’s', async () => {
    h.clock.set(new Date(Date.parse('2026-11-27T17:00:00.000Z') - HOUR).toISOString());
    const made = await roundTable({ date: '2026-11-28', startTime: '00:30', durationMinutes: 60 });
    expect(made.startsAt).toBe('2026-11-27T16:30:00.000Z');
  });
});
