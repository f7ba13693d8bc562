import { ACTIONS, type ActionInput } from '../contract';
import { COLLECTIONS } from '../store/indexes';
import {
  type Harness,
  type Tree,
  BACKENDS,
  SYSTEM_ADMIN,
  placeMember,
  profile,
  registerMember,
} from '../../test/support/harness';
import {
  COOK,
  CLERK,
  RIDER,
  refused,
  studyFingerprint as fingerprint,
  studyWorld as world,
} from '../../test/support/study-world';

type PlanItems = ActionInput<'study.savePlan'>['items'];

/** Shanghai wall-clock time as the instant the ManualClock wants (Shanghai is UTC+8, no DST). */
const shanghai = (local: string) => new Date(`${local}+08:00`).toISOString();

const PLAN_ITEMS: PlanItems = [
  { title: '学习党章', hours: 4, dueMonth: 3 },
  { title: '党的二十大报告', hours: 6, dueMonth: 6 },
  { title: '流动党员先进事迹', hours: 8, dueMonth: 12 },
];

/** The rules a store adapter could get wrong (transactions, compare-and-set, `$in`), proven on both. */
describe.each(BACKENDS)('study on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let ids: Awaited<ReturnType<typeof world>>['ids'];

  beforeEach(async () => {
    ({ h, tree, ids } = await world(backend));
  });
  afterEach(() => h.close());

  const savePlan = (openid: string, input: Partial<ActionInput<'study.savePlan'>> = {}) =>
    h.call(openid, 'study.savePlan', {
      branchId: tree.branchA.orgId,
      year: 2026,
      targetHours: 32,
      items: PLAN_ITEMS,
      version: null,
      ...input,
    });

  it('publishes a plan, keeps item ids on update and refuses a stale version', async () => {
    const first = await savePlan(tree.people.secretaryA);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(first.data).toMatchObject({
      planId: `sp_${tree.branchA.orgId}_2026`,
      year: 2026,
      targetHours: 32,
      totalHours: 18,
      version: 1,
    });
    const [charter, congress, examples] = first.data.items;
    for (const item of first.data.items) expect(item.itemId).toMatch(/^i[0-9a-z]{1,12}$/);
    expect(new Set(first.data.items.map((item) => item.itemId)).size).toBe(3);

    const second = await h.ok(tree.people.secretaryA, 'study.savePlan', {
      branchId: tree.branchA.orgId,
      year: 2026,
      targetHours: 30,
      items: [
        { itemId: examples.itemId, title: '流动党员先进事迹', hours: 10, dueMonth: 11 },
        { itemId: charter.itemId, title: '学习党章（修订）', hours: 4, dueMonth: 3 },
        { title: '新时代党员教育', hours: 2, dueMonth: 9 },
      ],
      version: first.data.version,
    });
    expect(second.version).toBe(2);
    expect(second.items.map((item) => item.itemId).slice(0, 2)).toEqual([examples.itemId, charter.itemId]);
    const added = second.items[2].itemId;
    expect(added).toMatch(/^i[0-9a-z]{1,12}$/);
    // A removed item's id is never handed out again, so old entries cannot attach to a new item.
    expect([charter.itemId, congress.itemId, examples.itemId]).not.toContain(added);
    expect(second.publishedAt).toBe(first.data.publishedAt);

    const before = await fingerprint(h);
    refused(await savePlan(tree.people.secretaryA, { version: first.data.version }), 'CONFLICT');
    refused(await savePlan(tree.people.cityAdmin, { version: null }), 'CONFLICT');
    expect(await fingerprint(h)).toEqual(before);

    const read = await h.ok(RIDER, 'study.plan', { branchId: tree.branchA.orgId, year: 2026 });
    expect(read).toEqual({ plan: second, defaultTargetHours: 32 });
  });

  it('two secretaries publishing the first plan at once: one wins, the other is told', async () => {
    const results = await Promise.all([savePlan(tree.people.secretaryA), savePlan(tree.people.cityAdmin)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) }]);
    expect(await h.deps.store.count(COLLECTIONS.studyPlans, {})).toBe(1);
  });

  it('recording the same item twice moves the date and counts the hours once', async () => {
    const plan = await savePlan(tree.people.secretaryA);
    if (!plan.ok) throw new Error('no plan');
    const charter = plan.data.items[0];
    const first = await h.ok(RIDER, 'study.record', { year: 2026, itemId: charter.itemId, studiedOn: '2026-03-14' });
    expect(first).toMatchObject({ item: charter, status: 'done', doneOn: '2026-03-14', behind: false });
    const again = await h.ok(RIDER, 'study.record', {
      year: 2026,
      itemId: charter.itemId,
      studiedOn: '2026-03-20',
      note: '补学',
    });
    expect(again.doneOn).toBe('2026-03-20');
    const mine = await h.ok(RIDER, 'study.mine', {});
    expect(mine.progress).toMatchObject({ hoursDone: 4, targetHours: 32 });
    expect(await h.deps.store.count(COLLECTIONS.studyEntries, { memberId: ids.rider })).toBe(1);
    // On 25 November the member is offered what the rules accept: November and December, and the days up to today.
    expect(mine.choices).toEqual({ months: [11, 12], studiedFrom: '2026-01-01', studiedTo: '2026-11-25' });
    const past = await h.call(RIDER, 'study.schedule', { year: 2026, itemId: charter.itemId, plannedMonth: 10 });
    expect(past).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'plannedMonth' }) });
    await h.ok(RIDER, 'study.schedule', { year: 2026, itemId: charter.itemId, plannedMonth: 11 });
    const tomorrow = await h.call(RIDER, 'study.record', { year: 2026, itemId: charter.itemId, studiedOn: '2026-11-26' });
    expect(tomorrow).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'studiedOn' }) });
  });

  it('the secretary records study for members on either mode, as the contract says', async () => {
    expect(ACTIONS['study.record'].summary).toContain('结对学习和自主选学的党员都可以');
    const plan = await savePlan(tree.people.secretaryA);
    if (!plan.ok) throw new Error('no plan');
    const charter = plan.data.items[0];
    await h.ok(tree.people.secretaryA, 'study.pair', { memberId: ids.clerk, partnerId: ids.driver });
    // The rider studies on his own (自主选学); the clerk offline with a partner (结对学习).
    for (const [openid, memberId] of [
      [RIDER, ids.rider],
      [CLERK, ids.clerk],
    ] as const) {
      const entry = await h.ok(tree.people.secretaryA, 'study.record', {
        year: 2026,
        itemId: charter.itemId,
        studiedOn: '2026-03-14',
        memberId,
      });
      expect(entry).toMatchObject({ status: 'done', doneOn: '2026-03-14' });
      const mine = await h.ok(openid, 'study.mine', {});
      expect(mine.progress).toMatchObject({ hoursDone: 4 });
    }
    const modes = await h.ok(tree.people.secretaryA, 'study.branch', { branchId: tree.branchA.orgId, year: 2026 });
    expect(modes.items.find((row) => row.member.memberId === ids.rider)?.studyMode).toBe('self_selected');
  });

  it('pairs two regular-hours members, unpairs both when one becomes self-selected', async () => {
    const pair = await h.ok(tree.people.secretaryA, 'study.pair', { memberId: ids.clerk, partnerId: ids.driver });
    expect(pair.member).toMatchObject({ studyMode: 'paired', partner: { memberId: ids.driver, name: '赵磊' } });
    expect(pair.partner).toMatchObject({ studyMode: 'paired', partner: { memberId: ids.clerk, name: '李强' } });

    const again = await h.ok(tree.people.secretaryA, 'study.pair', { memberId: ids.driver, partnerId: ids.clerk });
    expect(again.member.memberVersion).toBe(pair.partner.memberVersion);
    expect(again.partner.memberVersion).toBe(pair.member.memberVersion);

    const row = await h.ok(tree.people.secretaryA, 'study.classify', { memberId: ids.clerk, studyMode: 'self_selected' });
    expect(row).toMatchObject({ studyMode: 'self_selected', partner: null });
    const page = await h.ok(tree.people.secretaryA, 'study.branch', { branchId: tree.branchA.orgId, year: 2026 });
    const driver = page.items.find((r) => r.member.memberId === ids.driver);
    expect(driver).toMatchObject({ studyMode: 'paired', partner: null });
  });
});

describe('study rules (embedded store)', () => {
  let h: Harness;
  let tree: Tree;
  let ids: Awaited<ReturnType<typeof world>>['ids'];

  beforeEach(async () => {
    ({ h, tree, ids } = await world('sqlite'));
  });
  afterEach(() => h.close());

  const publish = async (year = 2026, items: PlanItems = PLAN_ITEMS) =>
    h.ok(tree.people.secretaryA, 'study.savePlan', { branchId: tree.branchA.orgId, year, targetHours: 32, items, version: null });

  describe('the plan', () => {
    it('refuses bad plans and writes nothing', async () => {
      const plan = await publish();
      const before = await fingerprint(h);
      const save = (input: Partial<ActionInput<'study.savePlan'>>) =>
        h.call(tree.people.secretaryA, 'study.savePlan', {
          branchId: tree.branchA.orgId,
          year: 2026,
          targetHours: 32,
          items: PLAN_ITEMS,
          version: plan.version,
          ...input,
        });
      refused(await save({ year: 2025, version: null }), 'BAD_REQUEST', 'year');
      refused(await save({ year: 2028, version: null }), 'BAD_REQUEST', 'year');
      refused(await save({ items: [PLAN_ITEMS[0], { ...PLAN_ITEMS[1], itemId: 'izzz' }] }), 'BAD_REQUEST', 'items.1.itemId');
      const kept = plan.items[0];
      refused(await save({ items: [kept, { ...kept }] }), 'BAD_REQUEST', 'items.1.itemId');
      refused(
        await save({ items: [PLAN_ITEMS[0], PLAN_ITEMS[1], { ...PLAN_ITEMS[2], title: '学习党章' }] }),
        'BAD_REQUEST',
        'items.2.title',
      );
      refused(await save({ items: [] }), 'BAD_REQUEST', 'items');
      refused(await save({ items: [{ title: '半小时以下', hours: 0.3, dueMonth: 3 }] }), 'BAD_REQUEST', 'items.0.hours');
      refused(
        await h.call(tree.people.secretaryB, 'study.savePlan', {
          branchId: tree.branchA.orgId,
          year: 2026,
          targetHours: 32,
          items: PLAN_ITEMS,
          version: plan.version,
        }),
        // Another branch's plan is out of this secretary's sight: the branch answers as missing.
        'NOT_FOUND',
        'branchId',
      );
      expect(await fingerprint(h)).toEqual(before);
    });

    it('next year may be planned in advance; before a plan the branch target is the default', async () => {
      const empty = await h.ok(tree.people.secretaryA, 'study.plan', { branchId: tree.branchA.orgId, year: 2027 });
      expect(empty).toEqual({ plan: null, defaultTargetHours: 32 });
      await h.ok(SYSTEM_ADMIN, 'settings.update', {
        orgId: tree.community.orgId,
        changes: { studyTargetHours: 40 },
        version: null,
      });
      expect((await h.ok(RIDER, 'study.plan', { branchId: tree.branchA.orgId, year: 2027 })).defaultTargetHours).toBe(40);
      const plan = await publish(2027);
      expect(plan.year).toBe(2027);
      refused(await h.call(COOK, 'study.plan', { branchId: tree.branchA.orgId, year: 2027 }), 'NOT_FOUND', 'branchId');
    });
  });

  describe('progress and falling behind', () => {
    it('follows the months in Shanghai time', async () => {
      h.clock.set(shanghai('2026-01-05T10:00:00'));
      const plan = await publish();
      const [charter, congress] = plan.items;

      let mine = await h.ok(RIDER, 'study.mine', {});
      expect(mine).toMatchObject({ branch: { orgId: tree.branchA.orgId }, studyMode: 'self_selected', partner: null });
      expect(mine.progress).toEqual({
        year: 2026,
        hoursDone: 0,
        targetHours: 32,
        hoursDueSoFar: 0,
        behindCount: 0,
        behind: false,
      });
      expect(mine.entries.map((e) => [e.item.title, e.status, e.behind])).toEqual([
        ['学习党章', null, false],
        ['党的二十大报告', null, false],
        ['流动党员先进事迹', null, false],
      ]);

      // The member chose February for the charter: once February is over it is behind, before its due month.
      await h.ok(RIDER, 'study.schedule', { year: 2026, itemId: charter.itemId, plannedMonth: 2 });
      h.clock.set(shanghai('2026-03-01T09:00:00'));
      mine = await h.ok(RIDER, 'study.mine', { year: 2026 });
      expect(mine.entries[0]).toMatchObject({ status: 'planned', plannedMonth: 2, behind: true });
      // Its due month, March, has only begun: the headline does not count it as due yet.
      expect(mine.progress).toMatchObject({ hoursDueSoFar: 0, behindCount: 1, behind: true });

      await h.ok(RIDER, 'study.record', { year: 2026, itemId: charter.itemId, studiedOn: '2026-03-01' });
      mine = await h.ok(RIDER, 'study.mine', {});
      expect(mine.entries[0]).toMatchObject({ status: 'done', plannedMonth: 2, doneOn: '2026-03-01', behind: false });
      expect(mine.progress).toMatchObject({ hoursDone: 4, hoursDueSoFar: 0, behindCount: 0, behind: false });

      // 00:30 on 1 July in Shanghai is still 30 June in UTC: June's item is already behind.
      h.clock.set(shanghai('2026-07-01T00:30:00'));
      mine = await h.ok(RIDER, 'study.mine', {});
      expect(mine.entries[1]).toMatchObject({ item: congress, status: null, behind: true });
      expect(mine.progress).toMatchObject({ hoursDone: 4, hoursDueSoFar: 10, behindCount: 1, behind: true });

      const page = await h.ok(tree.people.secretaryA, 'study.branch', { branchId: tree.branchA.orgId, year: 2026 });
      const rider = page.items.find((row) => row.member.memberId === ids.rider);
      expect(rider).toMatchObject({ workPattern: 'irregular', studyMode: 'self_selected', progress: mine.progress });
    });

    it('on the first of a month, what falls due that month is not yet due in the headline either', async () => {
      h.clock.set(shanghai('2026-11-20T10:00:00'));
      const plan = await publish();
      const [charter, congress] = plan.items;
      await h.ok(RIDER, 'study.record', { year: 2026, itemId: charter.itemId, studiedOn: '2026-03-02' });
      await h.ok(RIDER, 'study.record', { year: 2026, itemId: congress.itemId, studiedOn: '2026-06-02' });
      // 1 December: the December item is due by the end of the month, so nobody who is on time is behind.
      h.clock.set(shanghai('2026-12-01T08:00:00'));
      const mine = await h.ok(RIDER, 'study.mine', {});
      expect(mine.entries[2]).toMatchObject({ status: null, behind: false });
      expect(mine.progress).toMatchObject({ hoursDone: 10, hoursDueSoFar: 10, behindCount: 0, behind: false });
      // Once December is over, it is.
      h.clock.set(shanghai('2027-01-01T08:00:00'));
      const after = await h.ok(RIDER, 'study.mine', { year: 2026 });
      expect(after.progress).toMatchObject({ hoursDueSoFar: 18, behindCount: 1, behind: true });
    });

    it('a member not yet placed has no branch, plan or progress', async () => {
      await registerMember(h, 'm_newcomer', profile(tree.village.orgId, { name: '钱多' }));
      expect(await h.ok('m_newcomer', 'study.mine', {})).toEqual({
        branch: null,
        studyMode: null,
        partner: null,
        plan: null,
        entries: [],
        progress: null,
        choices: null,
      });
      refused(await h.call('m_newcomer', 'study.schedule', { year: 2026, itemId: 'i1', plannedMonth: 12 }), 'NOT_PLACED');
      refused(await h.call('m_newcomer', 'study.record', { year: 2026, itemId: 'i1', studiedOn: '2026-11-01' }), 'NOT_PLACED');
    });

    it('lists the branch a page at a time with every member’s progress', async () => {
      const plan = await publish();
      await h.ok(CLERK, 'study.record', { year: 2026, itemId: plan.items[1].itemId, studiedOn: '2026-06-02' });
      const first = await h.ok(tree.people.secretaryA, 'study.branch', { branchId: tree.branchA.orgId, year: 2026, limit: 2 });
      const second = await h.ok(tree.people.secretaryA, 'study.branch', {
        branchId: tree.branchA.orgId,
        year: 2026,
        limit: 2,
        cursor: first.nextCursor,
      });
      expect(second.nextCursor).toBeNull();
      const rows = [...first.items, ...second.items];
      // Newest placement first.
      expect(rows.map((row) => row.member.name)).toEqual(['赵磊', '李强', '王海军']);
      expect(rows.map((row) => [row.workPattern, row.studyMode, row.progress.hoursDone])).toEqual([
        ['regular', 'paired', 0],
        ['regular', 'paired', 6],
        ['irregular', 'self_selected', 0],
      ]);
      expect(rows[1].progress).toMatchObject({ hoursDone: 6, hoursDueSoFar: 10, behindCount: 1, behind: true });
    });
  });

  describe('choosing when to study', () => {
    it('refuses a month already past and keeps a done entry done', async () => {
      const plan = await publish();
      const item = plan.items[2];
      const before = await fingerprint(h);
      refused(
        await h.call(RIDER, 'study.schedule', { year: 2026, itemId: item.itemId, plannedMonth: 10 }),
        'BAD_REQUEST',
        'plannedMonth',
      );
      refused(await h.call(RIDER, 'study.schedule', { year: 2026, itemId: 'i999', plannedMonth: 12 }), 'NOT_FOUND', 'itemId');
      refused(await h.call(RIDER, 'study.schedule', { year: 2027, itemId: item.itemId, plannedMonth: 1 }), 'NOT_FOUND', 'itemId');
      expect(await fingerprint(h)).toEqual(before);

      const planned = await h.ok(RIDER, 'study.schedule', { year: 2026, itemId: item.itemId, plannedMonth: 11 });
      expect(planned).toMatchObject({ status: 'planned', plannedMonth: 11, doneOn: null, behind: false });
      await h.ok(RIDER, 'study.record', { year: 2026, itemId: item.itemId, studiedOn: '2026-11-20' });
      const moved = await h.ok(RIDER, 'study.schedule', { year: 2026, itemId: item.itemId, plannedMonth: 12 });
      expect(moved).toMatchObject({ status: 'done', plannedMonth: 12, doneOn: '2026-11-20' });

      const next = await publish(2027);
      const early = await h.ok(RIDER, 'study.schedule', { year: 2027, itemId: next.items[0].itemId, plannedMonth: 1 });
      expect(early.plannedMonth).toBe(1);
    });
  });

  describe('recording study', () => {
    it('refuses dates outside the year or in the future, and items not in the plan, writing nothing', async () => {
      const plan = await publish();
      const itemId = plan.items[0].itemId;
      const before = await fingerprint(h);
      refused(await h.call(RIDER, 'study.record', { year: 2026, itemId, studiedOn: '2025-12-31' }), 'BAD_REQUEST', 'studiedOn');
      refused(await h.call(RIDER, 'study.record', { year: 2026, itemId, studiedOn: '2026-11-26' }), 'BAD_REQUEST', 'studiedOn');
      refused(await h.call(RIDER, 'study.record', { year: 2026, itemId, studiedOn: '2026-02-30' }), 'BAD_REQUEST', 'studiedOn');
      refused(await h.call(RIDER, 'study.record', { year: 2026, itemId, studiedOn: '26-1-1' }), 'BAD_REQUEST', 'studiedOn');
      refused(
        await h.call(RIDER, 'study.record', { year: 2026, itemId: 'i404', studiedOn: '2026-11-01' }),
        'NOT_FOUND',
        'itemId',
      );
      refused(await h.call(COOK, 'study.record', { year: 2026, itemId, studiedOn: '2026-11-01' }), 'NOT_FOUND', 'itemId');
      expect(await fingerprint(h)).toEqual(before);
    });

    it('today in Shanghai is a valid day even when UTC is still on yesterday', async () => {
      const plan = await publish();
      h.clock.set(shanghai('2026-11-26T01:00:00'));
      const entry = await h.ok(RIDER, 'study.record', { year: 2026, itemId: plan.items[0].itemId, studiedOn: '2026-11-26' });
      expect(entry.doneOn).toBe('2026-11-26');
    });

    it('a secretary records the offline study of a paired member; another branch’s secretary may not', async () => {
      const plan = await publish();
      await h.ok(tree.people.secretaryA, 'study.pair', { memberId: ids.clerk, partnerId: ids.driver });
      const itemId = plan.items[1].itemId;
      const before = await fingerprint(h);
      refused(
        await h.call(tree.people.secretaryB, 'study.record', {
          year: 2026,
          itemId,
          studiedOn: '2026-06-10',
          memberId: ids.clerk,
        }),
        'NOT_FOUND',
        'memberId',
      );
      // A member sees nobody else's record; a secretary sees no member of another branch.
      refused(
        await h.call(CLERK, 'study.record', { year: 2026, itemId, studiedOn: '2026-06-10', memberId: ids.driver }),
        'NOT_FOUND',
        'memberId',
      );
      refused(
        await h.call(tree.people.secretaryA, 'study.record', { year: 2026, itemId, studiedOn: '2026-06-10', memberId: ids.cook }),
        'NOT_FOUND',
        'memberId',
      );
      expect(await fingerprint(h)).toEqual(before);

      for (const memberId of [ids.clerk, ids.driver]) {
        await h.ok(tree.people.secretaryA, 'study.record', {
          year: 2026,
          itemId,
          studiedOn: '2026-06-10',
          memberId,
          note: '书店结对学习',
        });
      }
      const clerk = await h.ok(CLERK, 'study.mine', {});
      expect(clerk.entries[1]).toMatchObject({ status: 'done', doneOn: '2026-06-10' });
      expect(clerk.progress?.hoursDone).toBe(6);
      expect(clerk.partner).toEqual({ memberId: ids.driver, name: '赵磊' });
      const stored = await h.deps.store.find<{ recordedBy: string }>(COLLECTIONS.studyEntries, {
        where: { memberId: ids.driver, year: 2026 },
        limit: 10,
      });
      expect(stored.items.map((e) => e.recordedBy)).toEqual([tree.people.secretaryA]);
    });
  });

  describe('classification and pairing', () => {
    it('refuses every invalid pairing and writes nothing', async () => {
      await h.ok(tree.people.secretaryA, 'study.pair', { memberId: ids.clerk, partnerId: ids.driver });
      const teacher = await placeMember(h, tree, 'm_teacher', tree.branchA.orgId, { name: '周敏', workPattern: 'regular' });
      await registerMember(h, 'm_waiting', profile(tree.village.orgId, { name: '吴平', workPattern: 'regular' }));
      // Waiting for branch A: its secretary sees 吴平, who is not placed yet.
      await h.ok('m_waiting', 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      const waiting = (await h.ok('m_waiting', 'session.me', {})).member?.memberId ?? '';

      const before = await fingerprint(h);
      const pair = (memberId: string, partnerId: string, openid = tree.people.secretaryA) =>
        h.call(openid, 'study.pair', { memberId, partnerId });
      refused(await pair(ids.clerk, ids.clerk), 'INVALID_PAIRING');
      const busy = await pair(teacher, ids.clerk);
      refused(busy, 'INVALID_PAIRING');
      expect(!busy.ok && busy.error.message).toBe('李强已与赵磊结对，请先解除');
      const busyFirst = await pair(ids.driver, teacher);
      expect(!busyFirst.ok && busyFirst.error.message).toBe('赵磊已与李强结对，请先解除');
      const selfSelected = await pair(teacher, ids.rider);
      refused(selfSelected, 'INVALID_PAIRING');
      expect(!selfSelected.ok && selfSelected.error.message).toContain('王海军');
      // A member of another branch is out of this secretary's sight: not named, not there.
      refused(await pair(teacher, ids.cook), 'NOT_FOUND', 'partnerId');
      refused(await pair(teacher, waiting), 'INVALID_PAIRING', 'partnerId');
      refused(await pair(waiting, teacher), 'NOT_PLACED');
      refused(await pair(teacher, 'm_nobody_at_all'), 'NOT_FOUND', 'partnerId');
      refused(await pair(ids.cook, teacher, tree.people.secretaryA), 'NOT_FOUND', 'memberId');
      refused(await pair(teacher, ids.rider, tree.people.secretaryB), 'NOT_FOUND', 'memberId');
      expect(await fingerprint(h)).toEqual(before);
    });

    it('the message names the member already paired', async () => {
      await h.ok(tree.people.secretaryA, 'study.classify', { memberId: ids.rider, studyMode: 'paired' });
      await h.ok(tree.people.secretaryA, 'study.pair', { memberId: ids.rider, partnerId: ids.clerk });
      const result = await h.call(tree.people.secretaryA, 'study.pair', { memberId: ids.rider, partnerId: ids.driver });
      expect(result).toEqual({
        ok: false,
        error: { code: 'INVALID_PAIRING', message: '王海军已与李强结对，请先解除', worded: true },
      });
    });

    it('classifying follows the work pattern until a secretary decides', async () => {
      const rider = await h.ok(tree.people.secretaryA, 'study.classify', { memberId: ids.rider, studyMode: 'paired' });
      expect(rider).toMatchObject({ workPattern: 'irregular', studyMode: 'paired', partner: null });
      const same = await h.ok(tree.people.secretaryA, 'study.classify', { memberId: ids.rider, studyMode: 'paired' });
      expect(same.memberVersion).toBe(rider.memberVersion);
      // Classifying as paired keeps the pair; only self-selected study ends it.
      await h.ok(tree.people.secretaryA, 'study.pair', { memberId: ids.rider, partnerId: ids.clerk });
      const kept = await h.ok(tree.people.secretaryA, 'study.classify', { memberId: ids.clerk, studyMode: 'paired' });
      expect(kept.partner).toEqual({ memberId: ids.rider, name: '王海军' });
      const before = await fingerprint(h);
      refused(
        await h.call(tree.people.secretaryB, 'study.classify', { memberId: ids.rider, studyMode: 'self_selected' }),
        'NOT_FOUND',
        'memberId',
      );
      refused(
        await h.call(tree.people.secretaryA, 'study.classify', { memberId: 'm_missing', studyMode: 'self_selected' }),
        'NOT_FOUND',
        'memberId',
      );
      expect(await fingerprint(h)).toEqual(before);
    });

    it('unpairing clears both sides, and unpairing nobody changes nothing', async () => {
      await h.ok(tree.people.secretaryA, 'study.pair', { memberId: ids.clerk, partnerId: ids.driver });
      const row = await h.ok(tree.people.cityAdmin, 'study.unpair', { memberId: ids.driver });
      expect(row).toMatchObject({ partner: null, studyMode: 'paired' });
      const before = await fingerprint(h);
      const again = await h.ok(tree.people.secretaryA, 'study.unpair', { memberId: ids.clerk });
      expect(again.partner).toBeNull();
      expect(await fingerprint(h)).toEqual(before);
      const repaired = await h.ok(tree.people.secretaryA, 'study.pair', { memberId: ids.driver, partnerId: ids.clerk });
      expect(repaired.member.partner?.name).toBe('李强');
    });
  });
});
