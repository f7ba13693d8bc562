import { COLLECTIONS } from '../store/indexes';
import { type Harness, BACKENDS, SYSTEM_ADMIN, createHarness, meeting, placeMember, seedTree } from '../../test/support/harness';
import { reportIdFor } from './reports/drafts';
import type { MemberRecord, ReportRecord } from './records';

const DAY = 24 * 60 * 60 * 1000;

describe.each(BACKENDS)('placements on %s', (backend) => {
  let h: Harness;
  let tree: Awaited<ReturnType<typeof seedTree>>;
  const MEMBER = 'test_member_leaving';
  let memberId: string;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
    memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId);
  });
  afterEach(() => h.close());

  const leave = (overrides: Record<string, unknown> = {}) => ({
    memberId,
    branchId: tree.branchA.orgId,
    endedOn: '2026-11-25',
    reason: 'moved_city' as const,
    destination: '去无锡工作',
    ...overrides,
  });
  const member = () => h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);

  it('the member leaves their branch: the period ends, the outflow side is told, and they may check in anew', async () => {
    const ended = await h.ok(MEMBER, 'placement.leave', leave());
    expect(ended).toMatchObject({ branch: { orgId: tree.branchA.orgId }, endedOn: '2026-11-25', endedBy: 'member' });
    expect((await member())?.status).toBe('registered');
    const homeMessages = await h.ok(tree.people.villageSecretary, 'message.list', { orgId: tree.village.orgId });
    expect(homeMessages.items.map((m) => m.kind)).toContain('placement_ended');
    const branchMessages = await h.ok(tree.people.secretaryA, 'message.list', { orgId: tree.branchA.orgId });
    expect(branchMessages.items.map((m) => m.kind)).toContain('placement_ended');

    const again = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchB.orgId, via: 'scan' });
    const pending = await h.ok(tree.people.secretaryB, 'checkin.pending', { orgId: tree.branchB.orgId });
    expect(pending.items[0]).toMatchObject({
      checkinId: again.checkinId,
      previousPlacement: { branch: { orgId: tree.branchA.orgId }, endedOn: '2026-11-25', endReason: 'moved_city' },
    });
    await h.ok(tree.people.secretaryB, 'checkin.decide', {
      checkinId: again.checkinId,
      version: again.version,
      decision: 'approve',
    });
    const history = await h.ok(tree.people.villageSecretary, 'placement.history', { memberId });
    expect(history.items.map((p) => [p.branch.orgId, p.endedOn])).toEqual([
      [tree.branchB.orgId, null],
      [tree.branchA.orgId, '2026-11-25'],
    ]);
    // The branch left still sees the history it is part of; the new one too.
    await h.ok(tree.people.secretaryA, 'placement.history', { memberId });
    await h.ok(tree.people.secretaryB, 'placement.history', { memberId });
  });

  it('cannot leave a branch the member is not in, and a placed member cannot be placed twice', async () => {
    const wrong = await h.call(MEMBER, 'placement.leave', leave({ branchId: tree.branchB.orgId }));
    expect(wrong).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_PLACED' }) });
    const twice = await h.call(MEMBER, 'checkin.submit', { orgId: tree.branchB.orgId, via: 'scan' });
    expect(twice).toEqual({ ok: false, error: expect.objectContaining({ code: 'ALREADY_PLACED' }) });
    expect((await member())?.status).toBe('placed');
  });

  it('a retried leave never duplicates, and a different one after it is a conflict', async () => {
    const first = await h.ok(MEMBER, 'placement.leave', leave());
    const retry = await h.ok(MEMBER, 'placement.leave', leave());
    expect(retry).toEqual(first);
    expect(await h.deps.store.count(COLLECTIONS.placements, { memberId })).toBe(1);
    const other = await h.call(tree.people.secretaryA, 'placement.leave', leave({ reason: 'changed_job' }));
    expect(other).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
  });

  it('a leave racing the secretary: one wins, the other gets CONFLICT', async () => {
    const [a, b] = await Promise.all([
      h.call(MEMBER, 'placement.leave', leave({ reason: 'moved_city' })),
      h.call(tree.people.secretaryA, 'placement.leave', leave({ reason: 'changed_job' })),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const loser = a.ok ? b : a;
    expect(loser).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
    expect(await h.deps.store.count(COLLECTIONS.placements, { memberId })).toBe(1);
  });

  it('refuses a day in the future or before the placement, and changes nothing', async () => {
    const future = await h.call(MEMBER, 'placement.leave', leave({ endedOn: '2026-12-31' }));
    expect(future).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'endedOn' }) });
    const before = await h.call(MEMBER, 'placement.leave', leave({ endedOn: '2026-01-01' }));
    expect(before).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'endedOn' }) });
    expect((await member())?.status).toBe('placed');
  });

  it('only the member, the branch and admins above it may record a leave; everyone else gets not found', async () => {
    for (const outsider of [tree.people.secretaryB, tree.people.villageSecretary, tree.people.homeAdmin, 'test_stranger']) {
      const refused = await h.call(outsider, 'placement.leave', leave());
      expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    }
    expect((await member())?.status).toBe('placed');
    await h.ok(tree.people.cityAdmin, 'placement.leave', leave());
  });

  it('the report of the period left in is drafted up to the last day and stays owed by the branch left', async () => {
    const early = await h.ok(tree.people.secretaryA, 'activity.create', meeting(tree, { date: '2026-11-26' }));
    const late = await h.ok(tree.people.secretaryA, 'activity.create', meeting(tree, { date: '2026-12-10' }));
    h.clock.set('2026-11-26T11:05:00.000Z');
    await h.ok(MEMBER, 'activity.signIn', { activityId: early.activityId });
    h.clock.set('2026-11-27T12:00:00.000Z');
    await h.ok(MEMBER, 'placement.leave', leave({ endedOn: '2026-11-27' }));
    h.clock.set('2026-12-10T12:00:00.000Z');
    expect(late.branch.orgId).toBe(tree.branchA.orgId);

    const reportId = reportIdFor(memberId, '2026-Q4');
    const stored = await h.deps.store.get<ReportRecord>(COLLECTIONS.reports, reportId);
    expect(stored).toMatchObject({ branchId: tree.branchA.orgId, status: 'draft', placementEndedOn: '2026-11-27' });
    const owed = await h.ok(tree.people.secretaryA, 'report.toWrite', { branchId: tree.branchA.orgId });
    expect(owed.items.map((r) => r.reportId)).toContain(reportId);
    const report = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    // The meeting on 10 December was after the last day: neither held nor missed.
    expect(report.draft?.figures).toMatchObject({ meetingsHeld: 1, meetingsAttended: 1 });
  });

  it('返回登记: the outflow side records the return, the placement ends, and the member signs in at home', async () => {
    const home = await h.ok(tree.people.villageSecretary, 'activity.create', {
      ...meeting(tree, { branchId: tree.village.orgId, kind: 'homecoming_report', date: '2026-11-26' }),
      topic: '春节返乡党员报到座谈',
    });
    const back = await h.ok(tree.people.villageSecretary, 'placement.return', { memberId, returnedOn: '2026-11-25' });
    expect(back.member.status).toBe('returned');
    expect(back.ended).toMatchObject({ endReason: 'returned_home', endedBy: 'outflow', endedOn: '2026-11-25' });
    const again = await h.ok(tree.people.villageSecretary, 'placement.return', { memberId, returnedOn: '2026-11-25' });
    expect(again.ended?.placementId).toBe(back.ended?.placementId);
    const other = await h.call(tree.people.villageSecretary, 'placement.return', { memberId, returnedOn: '2026-11-20' });
    expect(other).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
    const told = await h.ok(tree.people.secretaryA, 'message.list', { orgId: tree.branchA.orgId });
    expect(told.items.map((m) => m.kind)).toContain('member_returned');

    h.clock.set('2026-11-26T11:05:00.000Z');
    await h.ok(MEMBER, 'activity.signIn', { activityId: home.activityId });
    const life = await h.ok(MEMBER, 'life.mine', {});
    expect(life.lastLifeOn).toBe('2026-11-26');
    // Back home, the member's branch for organizational life is the home branch again.
    expect(life.branch?.orgId).toBe(tree.village.orgId);
    const history = await h.ok(tree.people.villageSecretary, 'placement.history', { memberId });
    expect(history.returnedOn).toBe('2026-11-25');
    expect(history.homeLife.map((entry) => entry.topic)).toEqual(['春节返乡党员报到座谈']);
    expect(history.can).toEqual({ leave: false, recordReturn: false });
  });

  it("the home branch's 返乡报到 sheet lists its members who flowed out, returned or away, and the secretary marks them", async () => {
    const away = await placeMember(h, tree, 'test_member_away', tree.branchB.orgId, { name: '刘小平' });
    const stranger = await placeMember(h, tree, 'test_member_other_home', tree.branchB.orgId, {
      name: '陈外村',
      outflow: { kind: 'listed', orgId: tree.otherHome.orgId },
    });
    await h.ok(tree.people.villageSecretary, 'placement.return', { memberId, returnedOn: '2026-11-25' });
    const homecoming = await h.ok(tree.people.villageSecretary, 'activity.create', {
      ...meeting(tree, { branchId: tree.village.orgId, kind: 'homecoming_report', date: '2026-11-26' }),
      topic: '春节返乡党员报到座谈',
    });
    const sheet = await h.ok(tree.people.villageSecretary, 'activity.attendance', { activityId: homecoming.activityId });
    const listed = sheet.rows.map((row) => row.member.memberId);
    expect(listed.sort()).toEqual([memberId, away].sort());
    expect(listed).not.toContain(stranger);

    h.clock.set('2026-11-26T11:05:00.000Z');
    const marked = await h.ok(tree.people.villageSecretary, 'activity.mark', {
      activityId: homecoming.activityId,
      memberId,
      status: 'present',
      expectedVersion: null,
    });
    expect(marked).toMatchObject({ memberId, status: 'present', via: 'secretary' });
    const paged = await h.ok(tree.people.villageSecretary, 'activity.attendance', {
      activityId: homecoming.activityId,
      limit: 1,
    });
    const rest = await h.ok(tree.people.villageSecretary, 'activity.attendance', {
      activityId: homecoming.activityId,
      limit: 1,
      cursor: paged.nextCursor,
    });
    expect([...paged.rows, ...rest.rows].map((row) => row.member.memberId).sort()).toEqual([memberId, away].sort());
    expect([...paged.rows, ...rest.rows].find((row) => row.member.memberId === memberId)?.attendance?.status).toBe('present');

    // The branch's own life lists the members placed in it, as before.
    const meetingAtB = await h.ok(tree.people.secretaryB, 'activity.create', meeting(tree, { branchId: tree.branchB.orgId }));
    const atB = await h.ok(tree.people.secretaryB, 'activity.attendance', { activityId: meetingAtB.activityId });
    expect(atB.rows.map((row) => row.member.memberId).sort()).toEqual([away, stranger].sort());
  });

  it('only the outflow side may record a return; everyone else gets not found and nothing changes', async () => {
    for (const outsider of [MEMBER, tree.people.secretaryA, tree.people.otherHomeAdmin, 'test_stranger']) {
      const refused = await h.call(outsider, 'placement.return', { memberId, returnedOn: '2026-11-25' });
      expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    }
    expect((await member())?.status).toBe('placed');
    const refused = await h.call('test_stranger', 'placement.history', { memberId });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    await h.ok(tree.people.homeAdmin, 'placement.return', { memberId, returnedOn: '2026-11-25' });
  });

  it('a placed member home for the holidays signs in at the home branch only, and it counts in their record of organizational life', async () => {
    const home = await h.ok(tree.people.villageSecretary, 'activity.create', {
      ...meeting(tree, { branchId: tree.village.orgId, kind: 'makeup_study', date: '2026-11-26' }),
      topic: '国庆返乡集中补学',
    });
    h.clock.set('2026-11-26T11:05:00.000Z');
    await h.ok(MEMBER, 'activity.signIn', { activityId: home.activityId });
    const elsewhere = await h.ok(
      SYSTEM_ADMIN,
      'activity.create',
      meeting(tree, { branchId: tree.branchB.orgId, date: '2026-11-26' }),
    );
    const refused = await h.call(MEMBER, 'activity.signIn', { activityId: elsewhere.activityId });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_PLACED' }) });
    // Four months on, the clock counts from the sign-in at home, not from the placement.
    h.clock.advance(100 * DAY);
    const inflow = await h.ok(tree.people.secretaryA, 'placement.history', { memberId });
    expect(inflow.homeLife.map((entry) => entry.heldOn)).toEqual(['2026-11-26']);
    const life = await h.ok(MEMBER, 'life.mine', {});
    expect(life.lastLifeOn).toBe('2026-11-26');
  });
});
