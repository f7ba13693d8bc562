import type { ActionInput } from '../contract';
import { demoIdCard } from '../dev/demo-data';
import { COLLECTIONS } from '../store/indexes';
import {
  type Harness,
  BACKENDS,
  SYSTEM_ADMIN,
  type Tree,
  createHarness,
  meeting,
  placeMember,
  profile,
  registerMember,
  seedTree,
} from '../../test/support/harness';
import { ID_LOOKUPS_PER_DAY } from './id-lookups';
import type { RoleRecord } from './records';

const OLD = 'm_old_phone';
const NEW = 'm_new_phone';
const PROBER = 'm_prober';

async function agree(h: Harness, openid: string) {
  const notice = await h.ok(openid, 'consent.notice', {});
  await h.ok(openid, 'consent.accept', { version: notice.version });
}

const auditOf = (h: Harness, action: string) =>
  h.deps.store.find<Record<string, unknown>>(COLLECTIONS.auditLog, { where: { action }, limit: 100 });

describe.each(BACKENDS)('on %s', (backend) => {
  let h: Harness;
  let tree: Tree;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  /** A member of the village placed in branch B under the old account. */
  async function placedOnOldPhone(overrides: Partial<ActionInput<'member.register'>> = {}) {
    const input = profile(tree.village.orgId, overrides);
    const memberId = await placeMember(h, tree, OLD, tree.branchB.orgId, { idCard: input.idCard, ...overrides });
    return { memberId, idCard: input.idCard, name: input.name };
  }

  describe('ID_CARD_TAKEN answers per account', () => {
    const numbers = Array.from({ length: ID_LOOKUPS_PER_DAY + 1 }, (_, i) => demoIdCard('321282', '1970-01-01', 701 + i * 2));

    async function registerAll() {
      for (const [i, idCard] of numbers.entries())
        await registerMember(h, `m_owner_${i}`, profile(tree.village.orgId, { idCard }));
      await agree(h, PROBER);
    }
    const probe = (idCard: string) => h.call(PROBER, 'member.register', profile(tree.village.orgId, { idCard }));

    it('answers a few different numbers a day, then says to try tomorrow whatever the number', async () => {
      await registerAll();
      for (const idCard of numbers.slice(0, ID_LOOKUPS_PER_DAY)) {
        expect(await probe(idCard)).toEqual({ ok: false, error: expect.objectContaining({ code: 'ID_CARD_TAKEN' }) });
      }
      const limited = await probe(numbers[ID_LOOKUPS_PER_DAY]);
      expect(limited).toEqual({ ok: false, error: expect.objectContaining({ code: 'ID_LOOKUPS_LIMITED', field: 'idCard' }) });
      // A number nobody holds gets the same answer past the limit... only it registers, once.
      const members = await h.deps.store.count(COLLECTIONS.members, {});
      expect(members).toBe(ID_LOOKUPS_PER_DAY + 1);
      h.clock.advance(24 * 3600_000);
      expect(await probe(numbers[ID_LOOKUPS_PER_DAY])).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'ID_CARD_TAKEN' }),
      });
    });

    it('does not count a retry of the same number twice', async () => {
      await registerAll();
      for (let i = 0; i < 5; i += 1) {
        expect(await probe(numbers[0])).toEqual({ ok: false, error: expect.objectContaining({ code: 'ID_CARD_TAKEN' }) });
      }
      expect(await probe(numbers[1])).toEqual({ ok: false, error: expect.objectContaining({ code: 'ID_CARD_TAKEN' }) });
      expect((await auditOf(h, 'id_card_lookup')).items).toHaveLength(2);
    });

    it('audits who was told, when and the keyed hash, never the number', async () => {
      await registerAll();
      await probe(numbers[0]);
      const [entry] = (await auditOf(h, 'id_card_lookup')).items;
      expect(entry).toMatchObject({
        actorOpenid: PROBER,
        via: 'register',
        outcome: 'taken',
        idCardHash: h.deps.pii.lookupHash(numbers[0]),
        day: '2026-11-25',
        at: '2026-11-25T02:00:00.000Z',
      });
      const everything =
        JSON.stringify(await h.deps.store.find(COLLECTIONS.auditLog, { where: {}, limit: 100 })) +
        JSON.stringify(await h.deps.store.find(COLLECTIONS.idLookups, { where: {}, limit: 100 }));
      for (const idCard of numbers) expect(everything).not.toContain(idCard);
    });

    it('audits the refusals past the limit too', async () => {
      await registerAll();
      for (const idCard of numbers) await probe(idCard);
      await probe(numbers[ID_LOOKUPS_PER_DAY]);
      const outcomes = (await auditOf(h, 'id_card_lookup')).items.map((entry) => entry.outcome);
      expect(outcomes.sort()).toEqual(['limited', ...Array(ID_LOOKUPS_PER_DAY).fill('taken')]);
    });

    it('counts concurrent lookups exactly', async () => {
      await registerAll();
      const results = await Promise.all(numbers.map((idCard) => probe(idCard)));
      const codes = results.map((result) => (result.ok ? 'ok' : result.error.code)).sort();
      expect(codes).toEqual([...Array(ID_LOOKUPS_PER_DAY).fill('ID_CARD_TAKEN'), 'ID_LOOKUPS_LIMITED']);
    });
  });

  describe('asking for a record from a new account', () => {
    it('needs the notice agreed first', async () => {
      const { idCard, name } = await placedOnOldPhone();
      const result = await h.call(NEW, 'account.requestMove', { idCard, name });
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONSENT_REQUIRED' }) });
    });

    it('records a pending request once, however often it is sent, and audits it', async () => {
      const { idCard, name } = await placedOnOldPhone();
      await agree(h, NEW);
      const [first, second] = await Promise.all([
        h.ok(NEW, 'account.requestMove', { idCard, name }),
        h.ok(NEW, 'account.requestMove', { idCard, name }),
      ]);
      expect(second).toEqual(first);
      expect(first).toMatchObject({ status: 'pending', name, decidedAt: null, reason: null });
      expect(Object.keys(first).sort()).toEqual(['decidedAt', 'moveId', 'name', 'reason', 'status', 'submittedAt']);
      expect(await h.deps.store.count(COLLECTIONS.accountMoves, {})).toBe(1);
      expect((await auditOf(h, 'account_move_requested')).items).toHaveLength(1);
      expect(await h.ok(NEW, 'account.myMove', {})).toEqual({ request: first });
    });

    it('answers a wrong name exactly as a number nobody holds, and counts both', async () => {
      const { idCard } = await placedOnOldPhone();
      await agree(h, NEW);
      const wrongName = await h.call(NEW, 'account.requestMove', { idCard, name: '王海' });
      const nobody = await h.call(NEW, 'account.requestMove', {
        idCard: demoIdCard('321282', '1990-02-02', 411),
        name: '王海军',
      });
      expect(wrongName).toEqual(nobody);
      expect(nobody).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.any(String), field: 'idCard' } });
      expect(await h.deps.store.count(COLLECTIONS.accountMoves, {})).toBe(0);
      const outcomes = (await auditOf(h, 'id_card_lookup')).items.map((entry) => entry.outcome);
      expect(outcomes.sort()).toEqual(['not_found', 'not_found']);
    });

    it('shares the daily limit with registration, and a number already asked about costs nothing more', async () => {
      const { idCard, name } = await placedOnOldPhone();
      await agree(h, NEW);
      const taken = await h.call(NEW, 'member.register', profile(tree.village.orgId, { idCard }));
      expect(taken).toEqual({ ok: false, error: expect.objectContaining({ code: 'ID_CARD_TAKEN' }) });
      for (let i = 1; i < ID_LOOKUPS_PER_DAY; i += 1) {
        await h.call(NEW, 'account.requestMove', { idCard: demoIdCard('321282', '1990-02-02', 400 + i * 2), name });
      }
      expect(await h.call(NEW, 'account.requestMove', { idCard, name })).toEqual({
        ok: true,
        data: expect.objectContaining({ status: 'pending' }),
      });
      const limited = await h.call(NEW, 'account.requestMove', { idCard: demoIdCard('321282', '1990-02-02', 499), name });
      expect(limited).toEqual({ ok: false, error: expect.objectContaining({ code: 'ID_LOOKUPS_LIMITED' }) });
    });

    it('is refused to an account that has a record of its own', async () => {
      const { idCard, name } = await placedOnOldPhone();
      await registerMember(h, NEW, profile(tree.village.orgId));
      const result = await h.call(NEW, 'account.requestMove', { idCard, name });
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'ALREADY_REGISTERED' }) });
    });
  });

  describe('deciding', () => {
    async function pendingMove() {
      const placed = await placedOnOldPhone();
      await h.ok(SYSTEM_ADMIN, 'role.grant', {
        openid: OLD,
        role: 'secretary',
        orgId: tree.branchB.orgId,
        holderName: '王海军',
      });
      await agree(h, NEW);
      const mine = await h.ok(NEW, 'account.requestMove', { idCard: placed.idCard, name: placed.name });
      const [view] = (await h.ok(tree.people.cityAdmin, 'account.moveRequests', { orgId: tree.city.orgId })).items;
      return { ...placed, mine, view };
    }

    it('shows the admins of both sides the request with masked facts of both accounts', async () => {
      const { view, memberId, mine } = await pendingMove();
      expect(view).toMatchObject({
        moveId: mine.moveId,
        status: 'pending',
        member: { memberId, name: '王海军', phoneMasked: '139****1234', inflowBranchName: '新桥社区第三党支部' },
        oldAccount: { openidMasked: 'm_ol****hone', roles: [{ role: 'secretary', orgName: '新桥社区第三党支部' }] },
        newAccount: { openidMasked: 'm_ne****hone', roles: [], agreedNoticeAt: '2026-11-25T02:00:00.000Z', idLookupsToday: 1 },
      });
      const homeSide = await h.ok(tree.people.homeAdmin, 'account.moveRequests', { orgId: tree.home.orgId });
      expect(homeSide.items.map((item) => item.moveId)).toEqual([mine.moveId]);
      const raw = JSON.stringify(view);
      expect(raw).not.toContain('13905231234');
      expect(raw).not.toContain(OLD);
      expect(raw).not.toContain(NEW);
    });

    it('lists nothing to an admin of another organization, and answers a stranger as a missing organization', async () => {
      await pendingMove();
      const other = await h.ok(tree.people.otherHomeAdmin, 'account.moveRequests', { orgId: tree.otherHome.orgId });
      expect(other.items).toEqual([]);
      const stranger = await h.call(tree.people.otherHomeAdmin, 'account.moveRequests', { orgId: tree.city.orgId });
      const missing = await h.call(tree.people.otherHomeAdmin, 'account.moveRequests', { orgId: 'o_missing' });
      expect(stranger).toEqual(missing);
      // A secretary sees the branch, but moving records is for admins.
      const secretary = await h.call(tree.people.secretaryB, 'account.moveRequests', { orgId: tree.branchB.orgId });
      expect(secretary).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    });

    it('on confirm moves the record, its roles and its open business to the new account; the old one loses it', async () => {
      const { view, memberId } = await pendingMove();
      const decided = await h.ok(tree.people.homeAdmin, 'account.decideMove', {
        moveId: view.moveId,
        version: view.version,
        decision: 'confirm',
        reason: '已电话联系本人核实',
      });
      expect(decided).toMatchObject({ status: 'confirmed', decidedByName: '陈立新', reason: '已电话联系本人核实' });

      const now = await h.ok(NEW, 'session.me', {});
      expect(now.member).toMatchObject({ memberId, name: '王海军', status: 'placed' });
      expect(now.roles).toEqual([expect.objectContaining({ role: 'secretary', orgId: tree.branchB.orgId })]);
      expect((await h.ok(NEW, 'member.get', { memberId })).memberId).toBe(memberId);
      expect((await h.ok(NEW, 'branch.members', { branchId: tree.branchB.orgId })).items.length).toBe(1);

      const old = await h.ok(OLD, 'session.me', {});
      expect(old.member).toBeNull();
      expect(old.roles).toEqual([]);
      // The old account's post ended, recorded as ended by the move.
      const oldPosts = await h.deps.store.find<RoleRecord>(COLLECTIONS.roles, { where: { openid: OLD }, limit: 10 });
      expect(oldPosts.items.map((post) => [post.endReason, post.revokedBy])).toEqual([['account_moved', `move:${view.moveId}`]]);
      expect(await h.call(OLD, 'member.get', { memberId })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'NOT_FOUND' }),
      });
      const again = await h.call(OLD, 'member.register', profile(tree.village.orgId));
      expect(again).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCOUNT_MOVED' }) });
      expect((await auditOf(h, 'account_move_confirmed')).items).toEqual([
        expect.objectContaining({ actorOpenid: tree.people.homeAdmin, memberId, reason: '已电话联系本人核实' }),
      ]);
    });

    it("the moved record's organizational life is the new account's: its history, this year's count and its sign-in", async () => {
      const { view, memberId } = await pendingMove();
      const past = await h.ok(
        tree.people.secretaryB,
        'activity.create',
        meeting(tree, { branchId: tree.branchB.orgId, date: '2026-11-20' }),
      );
      await h.ok(tree.people.secretaryB, 'activity.mark', {
        activityId: past.activityId,
        memberId,
        status: 'present',
        expectedVersion: null,
      });
      const before = await h.ok(OLD, 'life.mine', {});
      expect(before.history).toHaveLength(1);
      expect(before.attendedThisYear).toBe(1);
      await h.ok(tree.people.homeAdmin, 'account.decideMove', {
        moveId: view.moveId,
        version: view.version,
        decision: 'confirm',
        reason: '已电话联系本人核实',
      });
      expect(await h.ok(NEW, 'life.mine', {})).toEqual(before);
      const code = await h.ok(tree.people.secretaryB, 'activity.code', { activityId: past.activityId });
      const resolved = await h.ok(NEW, 'activity.resolveCode', { scene: code.scene });
      expect(resolved.mine).toMatchObject({ memberId, status: 'present' });
      expect(resolved.signIn.state).toBe('signed_in');
    });

    it('a retried registration from the new account answers with the moved record', async () => {
      const { view, idCard, memberId } = await pendingMove();
      await h.ok(SYSTEM_ADMIN, 'account.decideMove', {
        moveId: view.moveId,
        version: view.version,
        decision: 'confirm',
        reason: '核实',
      });
      const retry = await h.ok(NEW, 'member.register', profile(tree.village.orgId, { idCard }));
      expect(retry.memberId).toBe(memberId);
    });

    it('the moved record keeps its check-in open under the new account', async () => {
      const input = profile(tree.village.orgId);
      await registerMember(h, OLD, input);
      const request = await h.ok(OLD, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
      await agree(h, NEW);
      const mine = await h.ok(NEW, 'account.requestMove', { idCard: input.idCard, name: input.name });
      const [view] = (await h.ok(tree.people.homeAdmin, 'account.moveRequests', { orgId: tree.home.orgId })).items;
      expect(view.moveId).toBe(mine.moveId);
      await h.ok(tree.people.homeAdmin, 'account.decideMove', {
        moveId: mine.moveId,
        version: view.version,
        decision: 'confirm',
        reason: '核实',
      });
      const checkins = await h.ok(NEW, 'checkin.mine', {});
      expect(checkins.current).toMatchObject({ checkinId: request.checkinId, status: 'pending' });
      expect(await h.call(OLD, 'checkin.withdraw', { checkinId: request.checkinId })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'NOT_REGISTERED' }),
      });
      expect(await h.ok(NEW, 'account.myMove', {})).toEqual({ request: expect.objectContaining({ status: 'confirmed' }) });
    });

    it('is idempotent on retry and lets one of two concurrent decisions win', async () => {
      const { view } = await pendingMove();
      const confirm = { moveId: view.moveId, version: view.version, decision: 'confirm' as const, reason: '核实本人' };
      const reject = { moveId: view.moveId, version: view.version, decision: 'reject' as const, reason: '无法核实' };
      const [a, b] = await Promise.all([
        h.call(tree.people.cityAdmin, 'account.decideMove', confirm),
        h.call(tree.people.homeAdmin, 'account.decideMove', reject),
      ]);
      const results = [a, b];
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.find((result) => !result.ok)).toEqual({
        ok: false,
        error: expect.objectContaining({ code: expect.stringMatching(/^(CONFLICT|MOVE_NOT_PENDING)$/) }),
      });
      const winner = a.ok ? { who: tree.people.cityAdmin, input: confirm } : { who: tree.people.homeAdmin, input: reject };
      const retried = await h.call(winner.who, 'account.decideMove', winner.input);
      expect(retried).toEqual(a.ok ? a : b);
      const decisions = [
        ...(await auditOf(h, 'account_move_confirmed')).items,
        ...(await auditOf(h, 'account_move_rejected')).items,
      ];
      expect(decisions).toHaveLength(1);
      const roles = await h.deps.store.count(COLLECTIONS.roles, { holderName: '王海军', revokedAt: null });
      expect(roles).toBe(1);
    });

    it('on reject keeps the record where it was and tells the requester why; asking again reopens it', async () => {
      const { view, idCard, name, memberId } = await pendingMove();
      await h.ok(tree.people.cityAdmin, 'account.decideMove', {
        moveId: view.moveId,
        version: view.version,
        decision: 'reject',
        reason: '请到支部当面办理',
      });
      expect(await h.ok(NEW, 'account.myMove', {})).toEqual({
        request: expect.objectContaining({ status: 'rejected', reason: '请到支部当面办理' }),
      });
      expect((await h.ok(OLD, 'session.me', {})).member).toMatchObject({ memberId });
      expect((await h.ok(NEW, 'session.me', {})).member).toBeNull();
      const again = await h.ok(NEW, 'account.requestMove', { idCard, name });
      expect(again).toMatchObject({ moveId: view.moveId, status: 'pending', reason: null });
      expect((await auditOf(h, 'account_move_requested')).items).toHaveLength(2);
    });

    it('refuses a decision without a reason, by a stranger, or on a record that moved since', async () => {
      const { view, idCard, name } = await pendingMove();
      const noReason = await h.call(tree.people.cityAdmin, 'account.decideMove', {
        moveId: view.moveId,
        version: view.version,
        decision: 'confirm',
        reason: ' ',
      });
      expect(noReason).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'reason' }) });
      const input = { moveId: view.moveId, version: view.version, decision: 'confirm' as const, reason: '核实' };
      const stranger = await h.call(tree.people.otherHomeAdmin, 'account.decideMove', input);
      const missing = await h.call(tree.people.otherHomeAdmin, 'account.decideMove', { ...input, moveId: 'mv_missing' });
      expect(stranger).toEqual(missing);
      expect(await h.ok(tree.people.cityAdmin, 'account.moveRequests', { orgId: tree.city.orgId })).toMatchObject({
        items: [expect.objectContaining({ status: 'pending' })],
      });

      // A second new account asks too; the first move goes through, the second one is stale.
      const third = 'm_third_phone';
      await agree(h, third);
      const other = await h.ok(third, 'account.requestMove', { idCard, name });
      await h.ok(tree.people.cityAdmin, 'account.decideMove', input);
      const stale = (await h.ok(tree.people.cityAdmin, 'account.moveRequests', { orgId: tree.city.orgId })).items;
      expect(stale.map((item) => item.moveId)).toEqual([other.moveId]);
      const late = await h.call(tree.people.cityAdmin, 'account.decideMove', {
        moveId: other.moveId,
        version: stale[0].version,
        decision: 'confirm',
        reason: '核实',
      });
      expect(late).toEqual({ ok: false, error: expect.objectContaining({ code: 'MOVE_STALE' }) });
      expect(
        await h.ok(tree.people.cityAdmin, 'account.decideMove', {
          moveId: other.moveId,
          version: stale[0].version,
          decision: 'reject',
          reason: '档案已转给本人的新微信号',
        }),
      ).toMatchObject({ status: 'rejected' });
    });
  });
});
