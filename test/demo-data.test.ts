import { wechatCaller } from '../server/services/context';
import type { ActionInput, ActionName, ActionOutput } from '../server/contract';
import { DEMO_OPENIDS, seedDemoData } from '../server/dev/demo-data';
import { FANGHUA_POINT, SKILL_CARD_OPENIDS } from '../server/dev/demo-skill-cards';
import { JOINT_DEMO_OPENIDS } from '../server/dev/demo-joint-management';
import { createLocalDeps } from '../server/dev/local-deps';
import { RecordingNotifier } from '../server/notify/recording-notifier';
import { dispatch } from '../server/router/router';
import { sendOutbox } from '../server/jobs/outbox';
import type { DocumentStore, NewDocument, Patch, TransactionStore } from '../server/store/document-store';
import { COLLECTIONS } from '../server/store/indexes';
import { TEST_MASTER_KEY } from './support/harness';
import { storeContents } from './support/store-contents';

it('seeds a tree, officials and members in every state, once', async () => {
  const deps = await createLocalDeps({
    filename: ':memory:',
    masterKey: TEST_MASTER_KEY,
    systemAdminOpenids: [DEMO_OPENIDS.systemAdmin],
    notifier: new RecordingNotifier(),
  });
  try {
    await seedDemoData(deps);
    const counts = async () => [
      await deps.store.count(COLLECTIONS.organizations, {}),
      await deps.store.count(COLLECTIONS.members, {}),
      await deps.store.count(COLLECTIONS.checkins, {}),
      await deps.store.count(COLLECTIONS.places, {}),
      await deps.store.count(COLLECTIONS.posters, {}),
    ];
    const first = await counts();
    await seedDemoData(deps);
    expect(await counts()).toEqual(first);

    // The poster at the station opens the list of places nearest to it: the red station first.
    const poster = await deps.store.find<{ label: string }>(COLLECTIONS.posters, { where: {}, limit: 5 });
    expect(poster.items.map((p) => p.label)).toEqual(['苏州站北广场']);
    const nearby = await dispatch(deps, wechatCaller(DEMO_OPENIDS.newcomer), 'place.nearby', {
      point: { latitude: 31.3306, longitude: 120.6104 },
    });
    if (!nearby.ok) throw new Error(nearby.error.message);
    const names = (nearby.data as ActionOutput<'place.nearby'>).items.map((item) => item.name);
    expect(names[0]).toBe('苏州站红色驿站');
    expect(names).toEqual(expect.arrayContaining(['新桥社区党群服务中心', '中共新桥社区委员会', '姑苏区道路货运行业党委']));

    const statusOf = async (openid: string) => {
      const result = await dispatch(deps, wechatCaller(openid), 'session.me', {});
      if (!result.ok) throw new Error(result.error.message);
      return (result.data as { member: { status: string } | null }).member?.status ?? 'none';
    };
    expect(await statusOf(DEMO_OPENIDS.newcomer)).toBe('none');
    expect(await statusOf(DEMO_OPENIDS.registered)).toBe('registered');
    expect(await statusOf(DEMO_OPENIDS.pending)).toBe('pending');
    expect(await statusOf(DEMO_OPENIDS.placed)).toBe('placed');
    expect(await statusOf(DEMO_OPENIDS.rejected)).toBe('registered');
    expect(await statusOf(DEMO_OPENIDS.transferred)).toBe('transferred');
    const transfers = await deps.store.find<{ status: string }>(COLLECTIONS.transfers, { where: {}, limit: 10 });
    expect(transfers.items.map((t) => t.status).sort()).toEqual(['agreed', 'completed', 'proposed', 'refused']);
    expect(await deps.store.count(COLLECTIONS.members, { 'lostContact.since': { $ne: null } })).toBe(1);
    expect(await deps.store.count(COLLECTIONS.lostContacts, {})).toBe(2);
    expect(await statusOf(DEMO_OPENIDS.moved)).toBe('pending');
    // 周永福 moved mid-quarter: each branch owes its share of that quarter, the one left up to the last day.
    const movedMe = await dispatch(deps, wechatCaller(DEMO_OPENIDS.moved), 'session.me', {});
    const movedId = movedMe.ok ? ((movedMe.data as { member: { memberId: string } | null }).member?.memberId ?? '') : '';
    const movedReports = await deps.store.find<{ periodKey: string; branchName: string; placementEndedOn?: string | null }>(
      COLLECTIONS.reports,
      { where: { memberId: movedId }, limit: 20 },
    );
    const byPeriod = new Map<string, string[]>();
    for (const report of movedReports.items) {
      byPeriod.set(report.periodKey, [...(byPeriod.get(report.periodKey) ?? []), report.branchName].sort());
    }
    expect([...byPeriod.values()]).toContainEqual(['新桥社区第一党支部', '新桥社区第三党支部']);
    expect(await statusOf(DEMO_OPENIDS.returned)).toBe('returned');
    // 组织找党员: last month's list, two of it registered (linked: the placed one to his branch), four 待找, three handed to 新桥社区第一党支部, one visited.
    const toFind = await deps.store.find<{ status: string; orgName: string }>(COLLECTIONS.toFind, { where: {}, limit: 20 });
    expect(toFind.items.map((t) => `${t.status} ${t.orgName}`).sort()).toEqual([
      'linked 中共苏州市姑苏区委员会',
      'linked 靖江市驻苏州流动党员党支部',
      'moved_on 新桥社区第一党支部',
      'open 中共苏州市姑苏区委员会',
      'open 新桥社区第一党支部',
      'open 新桥社区第一党支部',
    ]);

    // Once the first jobs pass of `npm start` sends the outbox: a message sent (to the secretary
    // who accepted one), the others dropped.
    await sendOutbox(deps, { deadline: Number.POSITIVE_INFINITY, chunkSize: 100, concurrency: 4, log: () => undefined });
    expect(await deps.store.count(COLLECTIONS.outbox, { status: 'sent' })).toBeGreaterThan(0);
    expect(await deps.store.count(COLLECTIONS.outbox, { status: 'dropped', dropReason: 'no_subscription' })).toBeGreaterThan(0);

    for (const secretary of [DEMO_OPENIDS.communitySecretary, DEMO_OPENIDS.hometownSecretary]) {
      const me = await dispatch(deps, wechatCaller(secretary), 'session.me', {});
      expect(me.ok).toBe(true);
      const orgId = me.ok ? (me.data as { roles: { orgId: string }[] }).roles[0].orgId : '';
      const pending = await dispatch(deps, wechatCaller(secretary), 'checkin.pending', { orgId });
      expect(pending.ok && (pending.data as { items: unknown[] }).items.length).toBeGreaterThan(0);
    }

    // The community's own code: 王军 checked in to the committee and was placed in its third branch.
    const wangjun = await dispatch(deps, wechatCaller(DEMO_OPENIDS.committeeCheckin), 'checkin.mine', {});
    expect(wangjun.ok && wangjun.data).toMatchObject({
      current: {
        status: 'approved',
        organization: { name: '中共新桥社区委员会', kind: 'committee' },
        placedBranch: { name: '新桥社区第三党支部' },
      },
    });
    // A request the first branch forwarded up waits at the committee, and its member is told.
    const forwarded = await dispatch(deps, wechatCaller(DEMO_OPENIDS.forwarded), 'checkin.mine', {});
    expect(forwarded.ok && forwarded.data).toMatchObject({
      current: {
        status: 'pending',
        organization: { name: '中共新桥社区委员会' },
        forwards: [{ from: { name: '新桥社区第一党支部' }, byName: '李秀英' }],
      },
    });
    const mine = forwarded.ok ? (forwarded.data as ActionOutput<'checkin.mine'>) : null;
    const communityId = mine?.current?.organization.orgId ?? '';
    const atCommittee = await dispatch(deps, wechatCaller(DEMO_OPENIDS.communityAdmin), 'checkin.pending', {
      orgId: communityId,
    });
    const waiting = atCommittee.ok ? (atCommittee.data as ActionOutput<'checkin.pending'>).items : [];
    expect(waiting.map((c) => c.memberName)).toContain('吴晓梅');

    // The desk's tree: 第二党支部 merged into 第一党支部, its member moved there; posts below 姑苏区委.
    const desk = async <K extends ActionName>(action: K, input: ActionInput<K>) => {
      const result = await dispatch(deps, wechatCaller(DEMO_OPENIDS.suzhouAdmin), action, input);
      if (!result.ok) throw new Error(`${action}: ${result.error.message}`);
      return result.data as ActionOutput<K>;
    };
    const children = await desk('org.children', { orgId: communityId });
    const second = children.items.find((org) => org.name === '新桥社区第二党支部');
    expect(second?.dissolved).toMatchObject({ successor: { name: '新桥社区第一党支部' } });
    const merged = await dispatch(deps, wechatCaller(DEMO_OPENIDS.mergedMember), 'session.me', {});
    expect(merged.ok && merged.data).toMatchObject({
      member: { status: 'placed', inflowBranch: { name: '新桥社区第一党支部' } },
    });
    const [root] = (await desk('session.me', {})).roles;
    const posts = await desk('post.list', { orgId: root.orgId ?? '' });
    expect(posts.items.map((p) => p.holderName)).toEqual(expect.arrayContaining(['周建华', '李秀英', '王明', '吴国强']));

    // 亮身份 at 芳华社区: residents near it find three of 刘蕾's members' cards, one a 党员经营户; one waits for her.
    const as = async <K extends ActionName>(openid: string, action: K, input: ActionInput<K>) => {
      const result = await dispatch(deps, wechatCaller(openid), action, input);
      if (!result.ok) throw new Error(`${action}: ${result.error.message}`);
      return result.data as ActionOutput<K>;
    };
    const near = await as(SKILL_CARD_OPENIDS.residentZhang, 'skillCard.nearby', { point: FANGHUA_POINT });
    expect(near.communities[0]).toMatchObject({ orgName: '中共芳华社区委员会' });
    expect(near.communities[0].cards.map((card) => [card.displayName, card.shop?.name ?? null])).toEqual([
      ['陈律师', null],
      ['马老师', null],
      ['周师傅', '海涛五金店'],
    ]);
    const [fanghua] = (await as(SKILL_CARD_OPENIDS.fanghuaSecretary, 'session.me', {})).roles;
    const cardsWaiting = await as(SKILL_CARD_OPENIDS.fanghuaSecretary, 'skillCard.pending', { orgId: fanghua.orgId ?? '' });
    expect(cardsWaiting.items.map((card) => card.member.name)).toEqual(['吴刚']);
    const states = [SKILL_CARD_OPENIDS.residentZhang, SKILL_CARD_OPENIDS.residentLi, SKILL_CARD_OPENIDS.residentWang];
    const asked = (await Promise.all(states.map((openid) => as(openid, 'help.mine', {})))).flatMap((page) => page.items);
    expect(asked.map((help) => help.status).sort()).toEqual(['accepted', 'cancelled', 'confirmed', 'declined', 'waiting']);
    expect((await as(SKILL_CARD_OPENIDS.handyman, 'skillCard.mine', {})).card).toMatchObject({ hoursConfirmed: 2 });

    // 太仓 and 定远: the agreement in force, their joint branch, a meeting held and read by both, the next one scheduled.
    const asDingyuan = async <K extends ActionName>(action: K, input: ActionInput<K>) => {
      const result = await dispatch(deps, wechatCaller(JOINT_DEMO_OPENIDS.dingyuanAdmin), action, input);
      if (!result.ok) throw new Error(`${action}: ${result.error.message}`);
      return result.data as ActionOutput<K>;
    };
    const [dingyuan] = (await asDingyuan('session.me', {})).roles;
    const [agreement] = (await asDingyuan('agreement.list', { orgId: dingyuan.orgId ?? '' })).items;
    expect(agreement).toMatchObject({
      title: '太仓市—定远县流动党员双向共管协议',
      status: 'in_force',
      jointOrgs: [{ name: '定远县驻太仓流动党员联合党支部', coAdministeredBy: 'outflow' }],
    });
    const shown = await asDingyuan('agreement.get', { agreementId: agreement.agreementId });
    expect(shown.figures).toMatchObject({ covered: 3, checkedIn: 2, meetingsHeld: 1 });
    const meetings = (await asDingyuan('jointMeeting.list', { agreementId: agreement.agreementId })).items;
    expect(meetings.map((m) => [m.status, m.reads.inflow !== null, m.reads.outflow !== null])).toEqual([
      ['scheduled', false, false],
      ['held', true, true],
    ]);
  } finally {
    await deps.store.close();
  }
  // Seeding twice takes a few seconds on a busy machine.
}, 60_000);

// The story is told relative to the day `npm start` first runs: it must hold on any day,
// including the first days of a year or a quarter.
it.each(['2026-11-25T02:00:00.000Z', '2027-01-02T01:00:00.000Z', '2026-04-01T16:30:00.000Z'])(
  'on %s tells the story of the two sides: life, study, reports home, answers and the no-life clock',
  async (today) => {
    const deps = await createLocalDeps({
      filename: ':memory:',
      masterKey: TEST_MASTER_KEY,
      systemAdminOpenids: [DEMO_OPENIDS.systemAdmin],
      notifier: new RecordingNotifier(),
      clock: { now: () => new Date(today) },
    });
    const ok = async <K extends ActionName>(openid: string, action: K, input: ActionInput<K>): Promise<ActionOutput<K>> => {
      const result = await dispatch(deps, wechatCaller(openid), action, input);
      if (!result.ok) throw new Error(`${action}: ${result.error.message}`);
      return result.data as ActionOutput<K>;
    };
    try {
      await seedDemoData(deps);

      const life = await ok(DEMO_OPENIDS.placed, 'life.mine', {});
      expect(life.history.length).toBeGreaterThan(5);
      expect(life.upcoming.length).toBeGreaterThan(0);
      const study = await ok(DEMO_OPENIDS.placed, 'study.mine', {});
      expect(study.plan?.items.length).toBe(6);

      // The hometown side: one report read, acknowledged and answered; one still unread, shown first.
      const me = await ok(DEMO_OPENIDS.outflowAdmin, 'session.me', {});
      const homeOrg = me.roles[0].orgId ?? '';
      const inbox = await ok(DEMO_OPENIDS.outflowAdmin, 'report.inbox', { orgId: homeOrg });
      expect(inbox.items.map((r) => [r.member.name, r.readAt === null])).toEqual([
        ['杨玉兰', true],
        ['赵志强', false],
      ]);
      const answered = inbox.items[1];
      expect(answered.acknowledgedAt).not.toBeNull();
      const thread = await ok(DEMO_OPENIDS.hometownSecretary, 'report.thread', { reportId: answered.reportId });
      expect(thread.items.map((reply) => reply.side)).toEqual(['outflow', 'inflow']);
      const report = await ok(DEMO_OPENIDS.hometownSecretary, 'report.get', { reportId: answered.reportId });
      expect(report.revisions[0].appraisal?.result).toBe('excellent');
      expect(report.revisions[0].figures.meetingsHeld).toBeGreaterThan(0);

      // The branch that has one member who never came hears of it, and the admin above is told at six months.
      const secretary = await ok(DEMO_OPENIDS.hometownSecretary, 'session.me', {});
      const branchId = secretary.roles[0].orgId ?? '';
      const branchMessages = await ok(DEMO_OPENIDS.hometownSecretary, 'message.list', { orgId: branchId });
      expect(branchMessages.items.map((m) => m.kind)).toEqual(expect.arrayContaining(['life_warning', 'report_overdue']));
      const toWrite = await ok(DEMO_OPENIDS.hometownSecretary, 'report.toWrite', { branchId });
      expect(toWrite.items.length).toBeGreaterThan(0);
      const branch = await ok(DEMO_OPENIDS.hometownSecretary, 'org.get', { orgId: branchId });
      const above = await ok(DEMO_OPENIDS.systemAdmin, 'message.list', { orgId: branch.parentId ?? '' });
      expect(above.items.map((m) => m.kind)).toContain('life_escalation');

      // 王军's family: the day-care place found, his wife's job under way, his mother's hospital visit unanswered.
      const services = await ok(DEMO_OPENIDS.committeeCheckin, 'service.mine', {});
      expect(services.items.map((s) => `${s.kind}:${s.status}`).sort()).toEqual([
        'medical:asked',
        'schooling:closed',
        'work:handed_on',
      ]);
      // The district's handbook, read from his branch: in force, past its end, withdrawn, years old.
      const handbook = await ok(DEMO_OPENIDS.committeeCheckin, 'handbook.list', { limit: 50 });
      expect(handbook.items).toHaveLength(9);
      expect(new Set(handbook.items.map((e) => e.old?.reason ?? 'in force'))).toEqual(
        new Set(['in force', 'expired', 'withdrawn', 'dated']),
      );
    } finally {
      await deps.store.close();
    }
  },
  60_000,
);

describe('killed while seeding', () => {
  const FIRST_START = '2026-11-25T02:00:00.000Z';
  /** The developer starts again days later: the story must still be the one begun on the first start. */
  const NEXT_START = '2026-11-28T09:30:00.000Z';

  class KilledError extends Error {
    constructor() {
      super('killed');
    }
  }

  /** The store as a killed process leaves it: after `n` writes nothing more reaches it. */
  function killedAfterWrites(store: DocumentStore, n: number): { store: DocumentStore; writes(): number } {
    let writes = 0;
    const alive = () => {
      if (writes >= n) throw new KilledError();
    };
    const write = () => {
      alive();
      writes += 1;
    };
    const wrap = (tx: TransactionStore): TransactionStore => ({
      get: async (c, id) => (alive(), tx.get(c, id)),
      insert: async <T extends object>(c: string, doc: NewDocument<T>) => (write(), tx.insert<T>(c, doc)),
      update: async (c: string, id: string, v: number, patch: Patch) => (write(), tx.update(c, id, v, patch)),
    });
    const killed: DocumentStore = Object.assign(Object.create(store) as DocumentStore, {
      ...wrap(store),
      find: async (c: string, q: Parameters<DocumentStore['find']>[1]) => (alive(), store.find(c, q)),
      count: async (c: string, w: Parameters<DocumentStore['count']>[1]) => (alive(), store.count(c, w)),
      transaction: async <T>(work: (tx: TransactionStore) => Promise<T>) => (alive(), store.transaction((tx) => work(wrap(tx)))),
    });
    return { store: killed, writes: () => writes };
  }

  afterEach(() => jest.restoreAllMocks());

  async function freshDeps(at: string) {
    return createLocalDeps({
      filename: ':memory:',
      masterKey: TEST_MASTER_KEY,
      systemAdminOpenids: [DEMO_OPENIDS.systemAdmin],
      clock: { now: () => new Date(at) },
    });
  }

  it('a rerun after a kill at any point completes the same demo: no duplicate, no second root, nothing missing', async () => {
    // The router logs each killed action as an internal error; forty of those say nothing here.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const reference = await freshDeps(FIRST_START);
    const counting = killedAfterWrites(reference.store, Number.POSITIVE_INFINITY);
    await seedDemoData({ ...reference, store: counting.store });
    const total = counting.writes();
    const expected = await storeContents(reference.store);
    await reference.store.close();
    expect(total).toBeGreaterThan(100);

    // Every write of the first few, then about forty points spread over the whole seeding.
    const step = Math.ceil(total / 40);
    const points = [1, 2, 3, 4, 5];
    for (let n = 6; n < total; n += step) points.push(n);
    points.push(total - 1);
    for (const n of points) {
      const deps = await freshDeps(FIRST_START);
      try {
        const killed = killedAfterWrites(deps.store, n);
        await expect(seedDemoData({ ...deps, store: killed.store })).rejects.toThrow();
        const later = { ...deps, clock: { now: () => new Date(NEXT_START) } };
        await seedDemoData(later);
        const after = await storeContents(deps.store);
        // Four roots: 姑苏区委, 靖江市委, 定远县委 and 太仓市委 (共管协议).
        expect({
          killedAfter: n,
          roots: after[COLLECTIONS.organizations].filter((org) => (org as { parentId: unknown }).parentId === null).length,
        }).toEqual({ killedAfter: n, roots: 4 });
        expect({ killedAfter: n, after }).toEqual({ killedAfter: n, after: expected });
      } finally {
        await deps.store.close();
      }
    }
    // About forty seedings; the movement list's file goes through the file port's folder, so the timer runs.
    // Each seeding is about a second alone; with every developer's suite on two cores it is three.
  }, 300_000);
});
