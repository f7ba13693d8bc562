import { COLLECTIONS } from '../store/indexes';
import {
  type Harness,
  BACKENDS,
  SUZHOU,
  SYSTEM_ADMIN,
  createHarness,
  profile,
  registerMember,
  seedTree,
} from '../../test/support/harness';

describe.each(BACKENDS)('on %s', (backend) => {
  let h: Harness;
  let tree: Awaited<ReturnType<typeof seedTree>>;
  const MEMBER = 'm_rider_01';

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
    await registerMember(h, MEMBER, profile(tree.village.orgId));
  });
  afterEach(() => h.close());

  const checkinCount = () => h.deps.store.count(COLLECTIONS.checkins, {});

  describe('finding a branch', () => {
    it('suggests the hometown, industry and community branches for the member', async () => {
      const { suggestions } = await h.ok(MEMBER, 'checkin.suggest', {});
      expect(suggestions.map((s) => [s.reason, s.branch.name])).toEqual([
        ['hometown', '靖江市驻苏州流动党员党支部'],
        ['industry', '快递外卖行业流动党员党支部'],
        ['community', '新桥社区第一党支部'],
        ['community', '新桥社区第三党支部'],
      ]);
    });

    it('suggests no hometown branch to a member from elsewhere', async () => {
      await registerMember(h, 'm_from_anhui', profile(tree.otherHome.orgId, { industry: 'I' }));
      const { suggestions } = await h.ok('m_from_anhui', 'checkin.suggest', {});
      expect(suggestions.map((s) => s.reason)).toEqual(['community', 'community']);
    });

    it('reads the branch from a check-in code scene', async () => {
      const code = await h.ok(tree.people.secretaryA, 'org.checkinCode', { orgId: tree.branchA.orgId });
      expect(code.scene.length).toBeLessThanOrEqual(32);
      expect(code.page).toBe('pages/checkin/checkin');
      expect(code.organization).toEqual({ orgId: tree.branchA.orgId, name: '新桥社区第一党支部', kind: 'branch' });
      const branch = await h.ok(MEMBER, 'checkin.resolveCode', { scene: code.scene });
      expect(branch.orgId).toBe(tree.branchA.orgId);
    });

    it("reads a committee from its check-in code: the code on the wall is the community's", async () => {
      const code = await h.ok(tree.people.cityAdmin, 'org.checkinCode', { orgId: tree.community.orgId });
      expect(code.scene).toBe(`b=${tree.community.orgId}`);
      const committee = await h.ok(MEMBER, 'checkin.resolveCode', { scene: code.scene });
      expect(committee).toMatchObject({ orgId: tree.community.orgId, kind: 'committee' });
    });

    it('refuses a code that is not a check-in code', async () => {
      const foreign = await h.call(MEMBER, 'checkin.resolveCode', { scene: 'coupon=12' });
      expect(foreign).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_CODE', field: 'scene' }) });
      const missing = await h.call(MEMBER, 'checkin.resolveCode', { scene: 'b=o_missing' });
      expect(missing).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND', field: 'scene' }) });
    });

    it('finds branches by a part of the name', async () => {
      const page = await h.ok(MEMBER, 'org.list', { query: '新桥', kind: 'branch' });
      expect(page.items.map((org) => org.name)).toEqual(['新桥社区第一党支部', '新桥社区第三党支部']);
    });
  });

  describe('submitting and withdrawing', () => {
    it('opens one request and marks the member as waiting', async () => {
      const checkin = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      expect(checkin).toMatchObject({
        status: 'pending',
        organization: { orgId: tree.branchA.orgId, kind: 'branch' },
        forwards: [],
        via: 'scan',
        memberName: '王海军',
      });
      const me = await h.ok(MEMBER, 'session.me', {});
      expect(me.member?.status).toBe('pending');
    });

    it('a double-submitted check-in makes one request', async () => {
      const input = { orgId: tree.branchA.orgId, via: 'scan' as const };
      const [a, b] = await Promise.all([h.call(MEMBER, 'checkin.submit', input), h.call(MEMBER, 'checkin.submit', input)]);
      expect(a).toEqual(b);
      const again = await h.ok(MEMBER, 'checkin.submit', input);
      expect(a.ok && again.checkinId === a.data.checkinId).toBe(true);
      expect(await checkinCount()).toBe(1);
    });

    it('allows one open request at a time', async () => {
      await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      const second = await h.call(MEMBER, 'checkin.submit', { orgId: tree.branchB.orgId, via: 'search' });
      expect(second).toEqual({ ok: false, error: expect.objectContaining({ code: 'CHECKIN_ALREADY_OPEN' }) });
      expect(await checkinCount()).toBe(1);
    });

    it('refuses a check-in from someone who has not registered', async () => {
      const result = await h.call('m_stranger', 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_REGISTERED' }) });
    });

    it('lets the member withdraw and then check in elsewhere', async () => {
      const first = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      const withdrawn = await h.ok(MEMBER, 'checkin.withdraw', { checkinId: first.checkinId });
      expect(withdrawn.status).toBe('withdrawn');
      const again = await h.call(MEMBER, 'checkin.withdraw', { checkinId: first.checkinId });
      expect(again).toEqual({ ok: false, error: expect.objectContaining({ code: 'CHECKIN_NOT_PENDING' }) });
      h.clock.advance(60_000);
      const second = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchB.orgId, via: 'search' });
      expect(second.checkinId).not.toBe(first.checkinId);
      const mine = await h.ok(MEMBER, 'checkin.mine', {});
      expect(mine.current?.checkinId).toBe(second.checkinId);
      expect(mine.history.map((c) => c.status)).toEqual(['withdrawn']);
    });
  });

  describe('deciding', () => {
    it('approval places the member in the branch and tells the outflow organization', async () => {
      const request = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      h.clock.advance(3_600_000);
      const decided = await h.ok(tree.people.secretaryA, 'checkin.decide', {
        checkinId: request.checkinId,
        version: request.version,
        decision: 'approve',
      });
      expect(decided).toMatchObject({
        status: 'approved',
        decidedByName: '李秀英',
        decidedAt: '2026-11-25T03:00:00.000Z',
        placedBranch: { orgId: tree.branchA.orgId, name: '新桥社区第一党支部' },
      });
      const me = await h.ok(MEMBER, 'session.me', {});
      expect(me.member).toMatchObject({
        status: 'placed',
        inflowBranch: { orgId: tree.branchA.orgId },
        placedAt: '2026-11-25T03:00:00.000Z',
      });
      const roster = await h.ok(tree.people.secretaryA, 'branch.members', { branchId: tree.branchA.orgId });
      expect(roster.items.map((m) => m.name)).toEqual(['王海军']);
      const outgoing = await h.ok(tree.people.homeAdmin, 'outflow.members', { orgId: tree.home.orgId });
      expect(outgoing.items[0]).toMatchObject({
        name: '王海军',
        inflowBranch: { name: '新桥社区第一党支部' },
        phoneMasked: '139****1234',
      });
      const notices = await h.ok(tree.people.villageSecretary, 'outflow.notices', { orgId: tree.village.orgId });
      expect(notices.items).toEqual([
        expect.objectContaining({
          kind: 'member_placed',
          memberName: '王海军',
          branch: { orgId: tree.branchA.orgId, name: '新桥社区第一党支部' },
        }),
      ]);
      const again = await h.call(MEMBER, 'checkin.submit', { orgId: tree.branchB.orgId, via: 'scan' });
      expect(again).toEqual({ ok: false, error: expect.objectContaining({ code: 'ALREADY_PLACED' }) });
    });

    it("an admin may place the member in any branch below the admin's organization", async () => {
      const request = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      const decided = await h.ok(tree.people.cityAdmin, 'checkin.decide', {
        checkinId: request.checkinId,
        version: request.version,
        decision: 'approve',
        placeBranchId: tree.hometownBranch.orgId,
      });
      expect(decided.placedBranch).toEqual({ orgId: tree.hometownBranch.orgId, name: '靖江市驻苏州流动党员党支部' });
      const roster = await h.ok(tree.people.hometownSecretary, 'branch.members', { branchId: tree.hometownBranch.orgId });
      expect(roster.items).toHaveLength(1);
    });

    it("refuses placing the member outside the decider's scope, and changes nothing", async () => {
      const request = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      const refusals = [
        // A secretary places into their own branch only, not into a sibling they do not manage.
        [tree.people.secretaryA, tree.branchB.orgId],
        // An admin places only below their own organization.
        [tree.people.cityAdmin, tree.village.orgId],
      ];
      for (const [openid, placeBranchId] of refusals) {
        const result = await h.call(openid, 'checkin.decide', {
          checkinId: request.checkinId,
          version: request.version,
          decision: 'approve',
          placeBranchId,
        });
        expect(result).toEqual({
          ok: false,
          error: expect.objectContaining({ code: 'INVALID_PLACEMENT', field: 'placeBranchId' }),
        });
      }
      const me = await h.ok(MEMBER, 'session.me', {});
      expect(me.member?.status).toBe('pending');
      expect(await h.deps.store.get(COLLECTIONS.checkins, request.checkinId)).toMatchObject({ status: 'pending', version: 1 });
    });

    it('the choices on the decision sheet are what the decider may do', async () => {
      const request = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      const secretary = await h.ok(tree.people.secretaryA, 'checkin.choices', { checkinId: request.checkinId });
      expect(secretary).toEqual({
        placeIn: [{ orgId: tree.branchA.orgId, name: '新桥社区第一党支部' }],
        forwardTo: [
          { orgId: tree.branchB.orgId, name: '新桥社区第三党支部', kind: 'branch' },
          { orgId: tree.community.orgId, name: '新桥社区党委', kind: 'committee' },
        ],
      });
      const admin = await h.ok(tree.people.cityAdmin, 'checkin.choices', { checkinId: request.checkinId });
      expect(admin.placeIn.map((b) => b.name)).toEqual(['新桥社区第一党支部', '新桥社区第三党支部']);
      const stranger = await h.call(tree.people.secretaryB, 'checkin.choices', { checkinId: request.checkinId });
      expect(stranger.ok).toBe(false);
    });
    it('a rejection needs a reason, and the reason reaches the member', async () => {
      const request = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      const bare = await h.call(tree.people.secretaryA, 'checkin.decide', {
        checkinId: request.checkinId,
        version: request.version,
        decision: 'reject',
      });
      expect(bare).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'reason' }) });
      const blank = await h.call(tree.people.secretaryA, 'checkin.decide', {
        checkinId: request.checkinId,
        version: request.version,
        decision: 'reject',
        reason: '   ',
      });
      expect(blank).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'reason' }) });
      await h.ok(tree.people.secretaryA, 'checkin.decide', {
        checkinId: request.checkinId,
        version: request.version,
        decision: 'reject',
        reason: '不在本社区居住',
      });
      const mine = await h.ok(MEMBER, 'checkin.mine', {});
      expect(mine.current).toMatchObject({ status: 'rejected', reason: '不在本社区居住', decidedByName: '李秀英' });
      const me = await h.ok(MEMBER, 'session.me', {});
      expect(me.member?.status).toBe('registered');
      await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchB.orgId, via: 'search' });
    });

    it('two secretaries deciding at once: exactly one wins, the other is told', async () => {
      const request = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      const decide = (openid: string, decision: 'approve' | 'reject') =>
        h.call(openid, 'checkin.decide', {
          checkinId: request.checkinId,
          version: request.version,
          decision,
          reason: decision === 'reject' ? '名额已满' : null,
        });
      const results = await Promise.all([decide(tree.people.secretaryA, 'approve'), decide(tree.people.cityAdmin, 'reject')]);
      const winners = results.filter((r) => r.ok);
      const losers = results.filter((r) => !r.ok);
      expect(winners).toHaveLength(1);
      expect(losers).toEqual([{ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) }]);
      const mine = await h.ok(MEMBER, 'checkin.mine', {});
      expect(mine.current?.status).toBe(winners[0].ok ? (winners[0].data as { status: string }).status : 'none');
      expect(await h.deps.store.count(COLLECTIONS.notices, {})).toBe(mine.current?.status === 'approved' ? 1 : 0);
    });

    it('a decision on an already decided request is refused with the current state', async () => {
      const request = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      const decided = await h.ok(tree.people.secretaryA, 'checkin.decide', {
        checkinId: request.checkinId,
        version: request.version,
        decision: 'approve',
      });
      const later = await h.call(tree.people.secretaryA, 'checkin.decide', {
        checkinId: request.checkinId,
        version: decided.version,
        decision: 'reject',
        reason: '改主意',
      });
      expect(later).toEqual({ ok: false, error: expect.objectContaining({ code: 'CHECKIN_NOT_PENDING' }) });
    });

    it('lists pending requests oldest first, for the branch and for the organization above', async () => {
      const requests = [];
      for (let i = 0; i < 5; i += 1) {
        const openid = `m_pending_${i}`;
        await registerMember(h, openid, profile(tree.village.orgId, { name: `党员${'一二三四五'[i]}` }));
        h.clock.advance(60_000);
        requests.push(
          await h.ok(openid, 'checkin.submit', { orgId: i % 2 === 0 ? tree.branchA.orgId : tree.branchB.orgId, via: 'scan' }),
        );
      }
      const first = await h.ok(tree.people.secretaryA, 'checkin.pending', { orgId: tree.branchA.orgId, limit: 2 });
      expect(first.items.map((c) => c.memberName)).toEqual(['党员一', '党员三']);
      const second = await h.ok(tree.people.secretaryA, 'checkin.pending', {
        orgId: tree.branchA.orgId,
        limit: 2,
        cursor: first.nextCursor,
      });
      expect(second.items.map((c) => c.memberName)).toEqual(['党员五']);
      expect(second.nextCursor).toBeNull();
      const all = await h.ok(tree.people.cityAdmin, 'checkin.pending', { orgId: tree.community.orgId, limit: 50 });
      expect(all.items).toHaveLength(5);
      expect(requests).toHaveLength(5);
    });
  });

  describe('checking in to a committee', () => {
    it("王军 scans the community committee's code; its admin places him in its third branch", async () => {
      const request = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.community.orgId, via: 'scan' });
      expect(request.organization).toEqual({ orgId: tree.community.orgId, name: '新桥社区党委', kind: 'committee' });
      const pending = await h.ok(tree.people.cityAdmin, 'checkin.pending', { orgId: tree.community.orgId });
      expect(pending.items.map((c) => c.checkinId)).toEqual([request.checkinId]);
      const branchList = await h.ok(tree.people.secretaryA, 'checkin.pending', { orgId: tree.branchA.orgId });
      expect(branchList.items).toEqual([]);
      const bySecretary = await h.call(tree.people.secretaryA, 'checkin.decide', {
        checkinId: request.checkinId,
        version: request.version,
        decision: 'approve',
        placeBranchId: tree.branchA.orgId,
      });
      expect(bySecretary).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
      const choices = await h.ok(tree.people.cityAdmin, 'checkin.choices', { checkinId: request.checkinId });
      expect(choices.placeIn.map((b) => b.orgId)).toEqual([tree.branchA.orgId, tree.branchB.orgId]);

      const decide = (placeBranchId?: string) =>
        h.call(tree.people.cityAdmin, 'checkin.decide', {
          checkinId: request.checkinId,
          version: request.version,
          decision: 'approve',
          placeBranchId,
        });
      // The committee itself is no branch to be placed in, nor is a branch outside it.
      for (const refused of [undefined, tree.hometownBranch.orgId]) {
        expect(await decide(refused)).toEqual({
          ok: false,
          error: expect.objectContaining({ code: 'INVALID_PLACEMENT', field: 'placeBranchId' }),
        });
      }
      const decided = await decide(tree.branchB.orgId);
      expect(decided.ok && decided.data.placedBranch).toEqual({ orgId: tree.branchB.orgId, name: '新桥社区第三党支部' });
      const me = await h.ok(MEMBER, 'session.me', {});
      expect(me.member).toMatchObject({ status: 'placed', inflowBranch: { orgId: tree.branchB.orgId } });
      const notices = await h.ok(tree.people.homeAdmin, 'outflow.notices', { orgId: tree.home.orgId });
      expect(notices.items.map((n) => n.branch.name)).toEqual(['新桥社区第三党支部']);
    });
  });

  describe('forwarding', () => {
    it('a secretary forwards a request meant for a sibling branch; it is recorded and the member is told', async () => {
      const request = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      h.clock.advance(60_000);
      const forwarded = await h.ok(tree.people.secretaryA, 'checkin.forward', {
        checkinId: request.checkinId,
        version: request.version,
        toOrgId: tree.branchB.orgId,
        reason: '住在第三支部的片区',
      });
      expect(forwarded).toMatchObject({
        status: 'pending',
        organization: { orgId: tree.branchB.orgId, name: '新桥社区第三党支部', kind: 'branch' },
        forwards: [
          {
            from: { orgId: tree.branchA.orgId, name: '新桥社区第一党支部' },
            to: { orgId: tree.branchB.orgId, name: '新桥社区第三党支部' },
            byName: '李秀英',
            reason: '住在第三支部的片区',
            at: '2026-11-25T02:01:00.000Z',
          },
        ],
      });
      const mine = await h.ok(MEMBER, 'checkin.mine', {});
      expect(mine.current?.forwards.map((f) => f.to.name)).toEqual(['新桥社区第三党支部']);
      const atA = await h.ok(tree.people.secretaryA, 'checkin.pending', { orgId: tree.branchA.orgId });
      expect(atA.items).toEqual([]);
      const atB = await h.ok(tree.people.secretaryB, 'checkin.pending', { orgId: tree.branchB.orgId });
      expect(atB.items.map((c) => c.checkinId)).toEqual([request.checkinId]);
      // The request now belongs to branch B: its secretary decides, the first one no longer can.
      const late = await h.call(tree.people.secretaryA, 'checkin.decide', {
        checkinId: request.checkinId,
        version: forwarded.version,
        decision: 'approve',
      });
      expect(late).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
      const decided = await h.ok(tree.people.secretaryB, 'checkin.decide', {
        checkinId: request.checkinId,
        version: forwarded.version,
        decision: 'approve',
      });
      expect(decided.placedBranch?.orgId).toBe(tree.branchB.orgId);
    });

    it('a request forwarded up to the committee is decided by its admins', async () => {
      const request = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      const forwarded = await h.ok(tree.people.secretaryA, 'checkin.forward', {
        checkinId: request.checkinId,
        version: request.version,
        toOrgId: tree.community.orgId,
      });
      expect(forwarded.organization.kind).toBe('committee');
      const pending = await h.ok(tree.people.cityAdmin, 'checkin.pending', { orgId: tree.community.orgId });
      expect(pending.items.map((c) => c.organization.orgId)).toEqual([tree.community.orgId]);
      const decided = await h.ok(tree.people.cityAdmin, 'checkin.decide', {
        checkinId: request.checkinId,
        version: forwarded.version,
        decision: 'approve',
        placeBranchId: tree.branchA.orgId,
      });
      expect(decided.placedBranch?.orgId).toBe(tree.branchA.orgId);
    });

    it('refuses forwarding anywhere but beside or up, and a stale version; nothing changes', async () => {
      const request = await h.ok(MEMBER, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      for (const toOrgId of [tree.hometownBranch.orgId, tree.city.orgId, tree.branchA.orgId]) {
        const result = await h.call(tree.people.secretaryA, 'checkin.forward', {
          checkinId: request.checkinId,
          version: request.version,
          toOrgId,
        });
        expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_FORWARD', field: 'toOrgId' }) });
      }
      const stale = await h.call(tree.people.secretaryA, 'checkin.forward', {
        checkinId: request.checkinId,
        version: request.version + 1,
        toOrgId: tree.branchB.orgId,
      });
      expect(stale).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
      expect(await h.deps.store.get(COLLECTIONS.checkins, request.checkinId)).toMatchObject({
        branchId: tree.branchA.orgId,
        forwards: [],
        version: 1,
      });
    });

    it('two top-level branches are not siblings: neither forwarding nor placement crosses between them', async () => {
      const topLevel = (name: string) =>
        h.ok(SYSTEM_ADMIN, 'org.create', { parentId: null, name, kind: 'branch', branchKind: 'enterprise', region: SUZHOU });
      const first = await topLevel('苏州一号企业党支部');
      const second = await topLevel('苏州二号企业党支部');
      await h.ok(SYSTEM_ADMIN, 'role.grant', {
        openid: 'sec_first',
        role: 'secretary',
        orgId: first.orgId,
        holderName: '甲书记',
      });
      const request = await h.ok(MEMBER, 'checkin.submit', { orgId: first.orgId, via: 'search' });
      const choices = await h.ok('sec_first', 'checkin.choices', { checkinId: request.checkinId });
      expect(choices).toEqual({ placeIn: [{ orgId: first.orgId, name: '苏州一号企业党支部' }], forwardTo: [] });
      const forward = await h.call('sec_first', 'checkin.forward', {
        checkinId: request.checkinId,
        version: request.version,
        toOrgId: second.orgId,
      });
      expect(forward).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_FORWARD' }) });
      const place = await h.call('sec_first', 'checkin.decide', {
        checkinId: request.checkinId,
        version: request.version,
        decision: 'approve',
        placeBranchId: second.orgId,
      });
      expect(place).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_PLACEMENT' }) });
    });
  });
});
