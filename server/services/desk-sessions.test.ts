import { DESK_LOGINS_PER_ADDRESS, DESK_LOGINS_WINDOW_MINUTES, DESK_LOGIN_PAGE } from '../contract';
import { COLLECTIONS } from '../store/indexes';
import { all } from '../../test/jobs/support';
import {
  BACKENDS,
  type Harness,
  SYSTEM_ADMIN,
  type Tree,
  createHarness,
  profile,
  registerMember,
  seedTree,
} from '../../test/support/harness';
import { OFFICE_DEVICE, anonymousCall, deskCall, signInDesk, startLogin } from '../../test/support/desk';
import { dispatch } from '../router/router';
import { noDeskTickets } from './context';
import { createLocalDeskTickets, deskCallerOfSession } from './desk-sessions';
import type { AuditRecord, DeskLoginRecord, DeskSessionRecord } from './records';

const MINUTE = 60_000;
const MEMBER = 'o_desk_plain_member';

async function audits(h: Harness) {
  return (await all<AuditRecord>(h.deps.store, COLLECTIONS.auditLog)).filter((a) => a.action.startsWith('desk_'));
}

describe.each(BACKENDS)('on %s', (backend) => {
  let h: Harness;
  let tree: Tree;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  describe('signing a desk in from the phone', () => {
    it('shows the phone which computer asks and with which roles, then hands the desk its ticket', async () => {
      const login = await startLogin(h);
      expect(login).toMatchObject({ scene: `l=${login.loginId}`, page: DESK_LOGIN_PAGE, pollEveryMs: 2000 });
      expect(login.scene.length).toBeLessThanOrEqual(32);
      expect(login.image).toMatch(/^data:image\/png;base64,/);
      expect(login.expiresAt).toBe(new Date(h.clock.now().getTime() + 3 * MINUTE).toISOString());
      const poll = () => anonymousCall(h, 'desk.loginPoll', { loginId: login.loginId, pollToken: login.pollToken });
      expect(await poll()).toEqual({ ok: true, data: { status: 'waiting', expiresAt: login.expiresAt } });

      const view = await h.ok(tree.people.secretaryA, 'desk.loginDescribe', { scene: login.scene });
      expect(view).toEqual({
        loginId: login.loginId,
        status: 'scanned',
        device: OFFICE_DEVICE,
        address: '10.20.30.40',
        requestedAt: h.clock.now().toISOString(),
        expiresAt: login.expiresAt,
        roles: [{ role: 'secretary', orgId: tree.branchA.orgId, orgName: '新桥社区第一党支部', orgKind: 'branch' }],
        answeredByMe: false,
      });
      expect(await poll()).toEqual({ ok: true, data: { status: 'scanned', expiresAt: login.expiresAt } });

      expect(await h.ok(tree.people.secretaryA, 'desk.loginConfirm', { loginId: login.loginId, decision: 'confirm' })).toEqual({
        status: 'confirmed',
      });
      const confirmed = await poll();
      expect(confirmed).toEqual({
        ok: true,
        data: {
          status: 'confirmed',
          ticket: expect.any(String),
          sessionId: expect.stringMatching(/^ds_/),
          officialName: '李秀英',
          endsAt: new Date(h.clock.now().getTime() + 10 * 60 * MINUTE).toISOString(),
        },
      });
      if (!confirmed.ok || confirmed.data.status !== 'confirmed') throw new Error('not confirmed');
      // The ticket names the session; the desk's calls are the secretary's, with her roles.
      expect(createLocalDeskTickets(Buffer.alloc(32, 7)).sessionOf(confirmed.data.ticket)).toBe(confirmed.data.sessionId);
      const asPhone = await h.call(tree.people.secretaryA, 'branch.members', { branchId: tree.branchA.orgId });
      expect(await deskCall(h, confirmed.data.sessionId, 'branch.members', { branchId: tree.branchA.orgId })).toEqual(asPhone);
      expect(await audits(h)).toEqual([
        expect.objectContaining({
          actorOpenid: tree.people.secretaryA,
          action: 'desk_login_confirmed',
          loginId: login.loginId,
          sessionId: confirmed.data.sessionId,
          device: OFFICE_DEVICE,
          address: '10.20.30.40',
          roles: [`secretary@${tree.branchA.orgId}`],
        }),
      ]);
    });

    it('refuses a plain member with a clear error and changes nothing', async () => {
      await registerMember(h, MEMBER, profile(tree.village.orgId));
      const login = await startLogin(h);
      const before = await all(h.deps.store, COLLECTIONS.deskLogins);
      for (const attempt of [
        h.call(MEMBER, 'desk.loginDescribe', { scene: login.scene }),
        h.call(MEMBER, 'desk.loginConfirm', { loginId: login.loginId, decision: 'confirm' }),
      ]) {
        expect(await attempt).toEqual({
          ok: false,
          error: { code: 'DESK_NOT_ALLOWED', message: '只有党组织管理员和支部书记可以登录电脑端' },
        });
      }
      expect(await all(h.deps.store, COLLECTIONS.deskLogins)).toEqual(before);
      expect(await all(h.deps.store, COLLECTIONS.deskSessions)).toEqual([]);
    });

    it('answers a wrong poll token exactly as a code that does not exist', async () => {
      const login = await startLogin(h);
      const wrong = await anonymousCall(h, 'desk.loginPoll', { loginId: login.loginId, pollToken: 'A'.repeat(43) });
      const missing = await anonymousCall(h, 'desk.loginPoll', { loginId: 'dl_nothinghere', pollToken: login.pollToken });
      expect(wrong).toEqual(missing);
      expect(wrong).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });

    it('keeps a code for three minutes only', async () => {
      const login = await startLogin(h);
      h.clock.advance(3 * MINUTE);
      expect(await h.ok(tree.people.cityAdmin, 'desk.loginDescribe', { scene: login.scene })).toMatchObject({
        status: 'expired',
      });
      expect(await h.call(tree.people.cityAdmin, 'desk.loginConfirm', { loginId: login.loginId, decision: 'confirm' })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'LOGIN_EXPIRED' }),
      });
      expect(await anonymousCall(h, 'desk.loginPoll', { loginId: login.loginId, pollToken: login.pollToken })).toEqual({
        ok: true,
        data: { status: 'expired' },
      });
      expect(await all(h.deps.store, COLLECTIONS.deskSessions)).toEqual([]);
    });

    it('is good for one sign-in: a retry answers the same, another official reads LOGIN_USED', async () => {
      const login = await startLogin(h);
      const confirm = { loginId: login.loginId, decision: 'confirm' as const };
      await h.ok(tree.people.cityAdmin, 'desk.loginConfirm', confirm);
      expect(await h.ok(tree.people.cityAdmin, 'desk.loginConfirm', confirm)).toEqual({ status: 'confirmed' });
      expect(await h.call(tree.people.cityAdmin, 'desk.loginConfirm', { ...confirm, decision: 'refuse' })).toMatchObject({
        ok: false,
        error: { code: 'LOGIN_USED' },
      });
      expect(await h.call(tree.people.secretaryA, 'desk.loginConfirm', confirm)).toMatchObject({
        ok: false,
        error: { code: 'LOGIN_USED' },
      });
      expect(await h.ok(tree.people.secretaryA, 'desk.loginDescribe', { scene: login.scene })).toMatchObject({
        status: 'confirmed',
        answeredByMe: false,
      });
      expect(await all(h.deps.store, COLLECTIONS.deskSessions)).toHaveLength(1);
      expect(await audits(h)).toHaveLength(1);
    });

    it('lets one of two phones confirming at once win', async () => {
      const login = await startLogin(h);
      const confirm = { loginId: login.loginId, decision: 'confirm' as const };
      const results = await Promise.all([
        h.call(tree.people.cityAdmin, 'desk.loginConfirm', confirm),
        h.call(tree.people.secretaryA, 'desk.loginConfirm', confirm),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: expect.objectContaining({ code: 'LOGIN_USED' }) }]);
      const sessions = await all<DeskSessionRecord>(h.deps.store, COLLECTIONS.deskSessions);
      const [login0] = await all<DeskLoginRecord>(h.deps.store, COLLECTIONS.deskLogins);
      expect(sessions).toHaveLength(1);
      expect(sessions[0]?.openid).toBe(login0?.answeredBy);
      expect(await audits(h)).toHaveLength(1);
    });

    it('records a refusal, and the desk reads it', async () => {
      const login = await startLogin(h);
      await h.ok(tree.people.homeAdmin, 'desk.loginConfirm', { loginId: login.loginId, decision: 'refuse' });
      expect(await anonymousCall(h, 'desk.loginPoll', { loginId: login.loginId, pollToken: login.pollToken })).toEqual({
        ok: true,
        data: { status: 'refused' },
      });
      expect(await all(h.deps.store, COLLECTIONS.deskSessions)).toEqual([]);
      expect(await audits(h)).toEqual([
        expect.objectContaining({ actorOpenid: tree.people.homeAdmin, action: 'desk_login_refused', sessionId: null }),
      ]);
    });

    it('is confirmed from the phone only, never from a desk', async () => {
      const { sessionId } = await signInDesk(h, tree.people.cityAdmin);
      const login = await startLogin(h);
      expect(await deskCall(h, sessionId, 'desk.loginConfirm', { loginId: login.loginId, decision: 'confirm' })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(await all(h.deps.store, COLLECTIONS.deskSessions)).toHaveLength(1);
    });

    it('reads a code that is not a desk sign-in code as INVALID_CODE', async () => {
      expect(await h.call(tree.people.cityAdmin, 'desk.loginDescribe', { scene: `b=${tree.branchA.orgId}` })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_CODE', field: 'scene' },
      });
    });
  });

  describe('a desk session', () => {
    it('ends after 30 idle minutes, and the end is audited', async () => {
      const { sessionId } = await signInDesk(h, tree.people.cityAdmin);
      h.clock.advance(29 * MINUTE);
      expect(await deskCall(h, sessionId, 'session.me', {})).toMatchObject({ ok: true });
      h.clock.advance(30 * MINUTE);
      const expired = await deskCall(h, sessionId, 'session.me', {});
      expect(expired).toEqual(await anonymousCall(h, 'session.me', {}));
      expect(expired).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      // Idle since the call at 29 minutes: it ran out 30 minutes later, which is now.
      expect((await audits(h)).find((a) => a.action === 'desk_session_ended')).toMatchObject({
        reason: 'idle',
        endedAt: h.clock.now().toISOString(),
      });
    });

    it('ends after a working day however busy it is', async () => {
      const { sessionId, endsAt } = await signInDesk(h, tree.people.cityAdmin);
      for (let minutes = 0; minutes < 10 * 60 - 20; minutes += 20) {
        h.clock.advance(20 * MINUTE);
        expect(await deskCall(h, sessionId, 'session.me', {})).toMatchObject({ ok: true });
      }
      h.clock.advance(20 * MINUTE);
      expect(await deskCall(h, sessionId, 'session.me', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      const [session] = await all<DeskSessionRecord>(h.deps.store, COLLECTIONS.deskSessions);
      expect(session).toMatchObject({ endedAt: endsAt, endReason: 'working_day' });
    });

    it('notes its last call at most once a minute', async () => {
      const { sessionId } = await signInDesk(h, tree.people.cityAdmin);
      const version = async () => (await h.deps.store.get<DeskSessionRecord>(COLLECTIONS.deskSessions, sessionId))?.version;
      const first = await version();
      h.clock.advance(30_000);
      await deskCall(h, sessionId, 'session.me', {});
      await deskCall(h, sessionId, 'session.me', {});
      expect(await version()).toBe(first);
      h.clock.advance(31_000);
      await deskCall(h, sessionId, 'session.me', {});
      const touched = await h.deps.store.get<DeskSessionRecord>(COLLECTIONS.deskSessions, sessionId);
      expect(touched).toMatchObject({ version: (first ?? 0) + 1, lastSeenAt: h.clock.now().toISOString() });
    });

    it('carries the roles the official holds at each call: a revoked role is gone from the desk too', async () => {
      const { sessionId } = await signInDesk(h, tree.people.secretaryA);
      const members = () => deskCall(h, sessionId, 'branch.members', { branchId: tree.branchA.orgId });
      expect(await members()).toMatchObject({ ok: true });
      await h.ok(SYSTEM_ADMIN, 'role.revoke', { openid: tree.people.secretaryA, role: 'secretary', orgId: tree.branchA.orgId });
      expect(await members()).toEqual(await h.call(tree.people.secretaryA, 'branch.members', { branchId: tree.branchA.orgId }));
      expect(await members()).toMatchObject({ ok: false });
    });

    it('never acts as a member: no registering, even for an official who is one', async () => {
      await registerMember(h, tree.people.secretaryA, profile(tree.village.orgId));
      const { sessionId } = await signInDesk(h, tree.people.secretaryA);
      expect(await deskCall(h, sessionId, 'session.me', {})).toMatchObject({ ok: true, data: { member: null } });
      expect(await deskCall(h, sessionId, 'life.mine', {})).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } });
    });
  });

  describe('我的电脑登录', () => {
    it('lists the official’s own live sessions and ends one from the phone', async () => {
      const first = await signInDesk(h, tree.people.cityAdmin, 'Edge · Windows 11');
      h.clock.advance(5 * MINUTE);
      const second = await signInDesk(h, tree.people.cityAdmin, 'Firefox · 统信 UOS');
      await signInDesk(h, tree.people.secretaryA);
      const listed = await h.ok(tree.people.cityAdmin, 'desk.sessions', {});
      expect(listed.items.map((s) => [s.sessionId, s.device, s.current])).toEqual([
        [second.sessionId, 'Firefox · 统信 UOS', false],
        [first.sessionId, 'Edge · Windows 11', false],
      ]);
      expect((await deskCall(h, first.sessionId, 'desk.sessions', {})).ok && true).toBe(true);
      const fromDesk = await deskCall(h, first.sessionId, 'desk.sessions', {});
      expect(fromDesk.ok && fromDesk.data.items.map((s) => s.current)).toEqual([false, true]);

      const ended = await h.ok(tree.people.cityAdmin, 'desk.endSession', { sessionId: first.sessionId });
      expect(ended).toEqual({ sessionId: first.sessionId, endedAt: h.clock.now().toISOString() });
      expect(await h.ok(tree.people.cityAdmin, 'desk.endSession', { sessionId: first.sessionId })).toEqual(ended);
      expect(await deskCall(h, first.sessionId, 'session.me', {})).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
      expect((await h.ok(tree.people.cityAdmin, 'desk.sessions', {})).items.map((s) => s.sessionId)).toEqual([second.sessionId]);
      expect((await audits(h)).filter((a) => a.action === 'desk_session_ended')).toEqual([
        expect.objectContaining({ sessionId: first.sessionId, reason: 'official', actorOpenid: tree.people.cityAdmin }),
      ]);
    });

    it('answers another official’s session exactly as one that does not exist', async () => {
      const theirs = await signInDesk(h, tree.people.secretaryA);
      const mine = await signInDesk(h, tree.people.cityAdmin);
      const other = await h.call(tree.people.cityAdmin, 'desk.endSession', { sessionId: theirs.sessionId });
      const missing = await h.call(tree.people.cityAdmin, 'desk.endSession', { sessionId: 'ds_nothinghere' });
      expect(other).toEqual(missing);
      expect(other).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await deskCall(h, mine.sessionId, 'desk.endSession', { sessionId: theirs.sessionId })).toEqual(missing);
      expect(await deskCall(h, theirs.sessionId, 'session.me', {})).toMatchObject({ ok: true });
    });

    it('lets a desk end itself, and only itself', async () => {
      const first = await signInDesk(h, tree.people.cityAdmin);
      const second = await signInDesk(h, tree.people.cityAdmin);
      expect(await deskCall(h, first.sessionId, 'desk.endSession', { sessionId: second.sessionId })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(await deskCall(h, first.sessionId, 'desk.signOut', {})).toMatchObject({
        ok: true,
        data: { sessionId: first.sessionId },
      });
      expect(await deskCall(h, first.sessionId, 'desk.signOut', {})).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
      expect(await deskCall(h, second.sessionId, 'desk.endSession', { sessionId: second.sessionId })).toMatchObject({ ok: true });
      expect(await h.call(tree.people.cityAdmin, 'desk.signOut', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(
        (await audits(h))
          .filter((a) => a.action === 'desk_session_ended')
          .map((a) => a.action === 'desk_session_ended' && a.reason),
      ).toEqual(['desk', 'desk']);
    });

    it('drops and audits sessions that ran out while nobody looked', async () => {
      await signInDesk(h, tree.people.cityAdmin);
      h.clock.advance(31 * MINUTE);
      expect(await h.ok(tree.people.cityAdmin, 'desk.sessions', {})).toEqual({ items: [] });
      expect((await audits(h)).map((a) => a.action).sort()).toEqual(['desk_login_confirmed', 'desk_session_ended']);
    });

    it('a session ended before the desk collected its ticket hands out none', async () => {
      const login = await startLogin(h);
      await h.ok(tree.people.cityAdmin, 'desk.loginConfirm', { loginId: login.loginId, decision: 'confirm' });
      const [session] = await all(h.deps.store, COLLECTIONS.deskSessions);
      await h.ok(tree.people.cityAdmin, 'desk.endSession', { sessionId: session?._id ?? '' });
      expect(await anonymousCall(h, 'desk.loginPoll', { loginId: login.loginId, pollToken: login.pollToken })).toEqual({
        ok: true,
        data: { status: 'expired' },
      });
      expect(await deskCallerOfSession(h.deps, session?._id ?? '')).toBeNull();
    });
  });

  describe('an address asking for codes in a loop', () => {
    it('is refused past the limit and writes nothing; other addresses are not, and it may ask again later', async () => {
      // The codes asked for earlier, as the loop would have left them (one by one would only be slower).
      const first = await startLogin(h);
      const [record] = await all<DeskLoginRecord>(h.deps.store, COLLECTIONS.deskLogins);
      if (!record) throw new Error('no code recorded');
      const { _id, version, ...asked } = record;
      await Promise.all(
        Array.from({ length: DESK_LOGINS_PER_ADDRESS - 2 }, (_, n) =>
          h.deps.store.insert<DeskLoginRecord>(COLLECTIONS.deskLogins, { ...asked, _id: `${first.loginId}_${n}` }),
        ),
      );
      await startLogin(h);
      expect(await anonymousCall(h, 'desk.loginStart', { device: OFFICE_DEVICE })).toEqual({
        ok: false,
        error: { code: 'DESK_LOGINS_LIMITED', message: '这台电脑所在的网络刚才申请了太多登录码，请 10 分钟后再刷新页面' },
      });
      expect(await all(h.deps.store, COLLECTIONS.deskLogins)).toHaveLength(DESK_LOGINS_PER_ADDRESS);

      const elsewhere = await dispatch(h.deps, null, 'desk.loginStart', { device: OFFICE_DEVICE }, () => undefined, {
        clientAddress: '10.99.0.1',
      });
      expect(elsewhere.ok).toBe(true);
      h.clock.advance(DESK_LOGINS_WINDOW_MINUTES * MINUTE);
      expect((await startLogin(h)).loginId).toMatch(/^dl_/);
    });
  });
});

describe('where no ticket can be issued', () => {
  it('answers DESK_LOGIN_OFF at the start and writes nothing', async () => {
    const h = await createHarness('sqlite');
    try {
      const deps = { ...h.deps, deskTickets: noDeskTickets };
      const result = await dispatch(deps, null, 'desk.loginStart', { device: OFFICE_DEVICE }, () => undefined);
      expect(result).toEqual({ ok: false, error: { code: 'DESK_LOGIN_OFF', message: '电脑端登录还没有开通，请联系系统管理员' } });
      expect(await all(h.deps.store, COLLECTIONS.deskLogins)).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('the local desk ticket', () => {
  const tickets = createLocalDeskTickets(Buffer.alloc(32, 1));

  it('names its session, and nothing once changed or made with another key', async () => {
    const ticket = await tickets.issue('ds_abcdefghijkl', '2026-11-25T12:00:00.000Z');
    expect(tickets.sessionOf(ticket)).toBe('ds_abcdefghijkl');
    expect(tickets.sessionOf(ticket.replace('ds_abcdefghijkl', 'ds_abcdefghijkm'))).toBeNull();
    expect(tickets.sessionOf(`${ticket.slice(0, -1)}A`)).toBeNull();
    expect(createLocalDeskTickets(Buffer.alloc(32, 2)).sessionOf(ticket)).toBeNull();
    expect(tickets.sessionOf('ds_abcdefghijkl')).toBeNull();
  });
});
