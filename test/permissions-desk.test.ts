import { ACTIONS, DESK_PUBLIC_ACTIONS } from '../server/contract';
import { dispatch } from '../server/router/router';
import { COLLECTIONS } from '../server/store/indexes';
import { all } from './jobs/support';
import { OFFICE_DEVICE, deskCall, signInDesk, startLogin } from './support/desk';
import { SUZHOU, SYSTEM_ADMIN, createHarness, placeMember, seedTree } from './support/harness';
import {
  PEOPLE,
  type Person,
  type PermissionRow,
  type PermissionWorld,
  STAFF,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Signing the desk in, and what a desk may then do. On the phone, only someone in a post may
 * sign a desk in, and one official's sessions are nobody else's. At the desk, a session does
 * exactly what its official may do now: another official's session does what that official
 * may, a session whose official lost the post does nothing of the post's, and an expired, ended
 * or signed-out session is no session at all.
 */

const MEMBER = 'm_desk_member';
const MEMBER_B = 'm_desk_member_b';
const MINUTE = 60_000;

const deskState = async (w: { h: PermissionWorld<string>['h'] }) => ({
  logins: await all(w.h.deps.store, COLLECTIONS.deskLogins),
  sessions: await all(w.h.deps.store, COLLECTIONS.deskSessions),
  audit: await all(w.h.deps.store, COLLECTIONS.auditLog),
});

// ---- on the phone -------------------------------------------------------------------------

type PhoneWorld = PermissionWorld<Person> & { loginId: string; scene: string; secretaryASession: string };

async function phoneWorld(): Promise<PhoneWorld> {
  const h = await createHarness();
  const tree = await seedTree(h);
  await placeMember(h, tree, MEMBER, tree.branchA.orgId);
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId);
  const { sessionId } = await signInDesk(h, tree.people.secretaryA);
  const login = await startLogin(h);
  return {
    h,
    tree,
    openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B }),
    loginId: login.loginId,
    scene: login.scene,
    secretaryASession: sessionId,
  };
}

const PHONE_ROWS: PermissionRow<PhoneWorld>[] = [
  {
    name: 'desk.loginDescribe: anyone in a post (a member reads DESK_NOT_ALLOWED)',
    allowed: STAFF,
    run: (w, openid) => w.h.call(openid, 'desk.loginDescribe', { scene: w.scene }),
  },
  {
    name: 'desk.loginConfirm, confirming',
    allowed: STAFF,
    run: (w, openid) => w.h.call(openid, 'desk.loginConfirm', { loginId: w.loginId, decision: 'confirm' }),
  },
  {
    name: 'desk.loginConfirm, refusing',
    allowed: STAFF,
    run: (w, openid) => w.h.call(openid, 'desk.loginConfirm', { loginId: w.loginId, decision: 'refuse' }),
  },
  {
    name: 'desk.sessions: everyone sees their own (none for most)',
    allowed: PEOPLE,
    run: (w, openid) => w.h.call(openid, 'desk.sessions', {}),
  },
  {
    name: "desk.endSession of secretary A's desk: hers only (another official's answers NOT_FOUND)",
    allowed: ['secretaryA'],
    run: (w, openid) => w.h.call(openid, 'desk.endSession', { sessionId: w.secretaryASession }),
  },
  {
    name: 'desk.signOut from the phone: a desk signs out, a phone ends sessions',
    allowed: [],
    run: (w, openid) => w.h.call(openid, 'desk.signOut', {}),
  },
];

describe('desk sign-in on the phone', () => {
  describePermissionTable({
    rows: PHONE_ROWS,
    people: PEOPLE,
    world: phoneWorld,
    state: deskState,
    refusals: ['DESK_NOT_ALLOWED', 'NOT_FOUND', 'FORBIDDEN'],
  });
});

// ---- at the desk --------------------------------------------------------------------------

/** Whose desk session calls, and in which state it is. */
const DESKS = [
  'deskSecretaryA',
  'deskCityAdmin',
  'deskHomeAdmin',
  'deskSystemAdmin',
  'deskSecretaryARevoked',
  'deskCityAdminExpired',
  'deskCityAdminIdle',
  'deskCityAdminEnded',
  'deskSystemAdminSignedOut',
] as const;
type Desk = (typeof DESKS)[number];
const LIVE: readonly Desk[] = ['deskSecretaryA', 'deskCityAdmin', 'deskHomeAdmin', 'deskSystemAdmin', 'deskSecretaryARevoked'];

/** `openid(desk)` is the desk's session id: what the platform vouches for at the desk. */
type DeskWorld = PermissionWorld<Desk> & { memberId: string };

async function deskWorld(): Promise<DeskWorld> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId);
  const p = tree.people;
  const sessions = {} as Record<Desk, string>;
  // Busy all day, every 20 minutes, until its working day ran out: it signed in before the others.
  sessions.deskCityAdminExpired = (await signInDesk(h, p.cityAdmin)).sessionId;
  for (let minutes = 0; minutes <= 10 * 60; minutes += 20) {
    h.clock.advance(20 * MINUTE);
    await deskCall(h, sessions.deskCityAdminExpired, 'session.me', {});
  }
  sessions.deskCityAdminIdle = (await signInDesk(h, p.cityAdmin)).sessionId;
  h.clock.advance(31 * MINUTE);
  sessions.deskSecretaryA = (await signInDesk(h, p.secretaryA)).sessionId;
  sessions.deskCityAdmin = (await signInDesk(h, p.cityAdmin)).sessionId;
  sessions.deskHomeAdmin = (await signInDesk(h, p.homeAdmin)).sessionId;
  sessions.deskSystemAdmin = (await signInDesk(h, SYSTEM_ADMIN)).sessionId;
  sessions.deskSecretaryARevoked = (await signInDesk(h, p.secretaryB)).sessionId;
  await h.ok(SYSTEM_ADMIN, 'role.revoke', { openid: p.secretaryB, role: 'secretary', orgId: tree.branchB.orgId });
  sessions.deskCityAdminEnded = (await signInDesk(h, p.cityAdmin)).sessionId;
  await h.ok(p.cityAdmin, 'desk.endSession', { sessionId: sessions.deskCityAdminEnded });
  sessions.deskSystemAdminSignedOut = (await signInDesk(h, SYSTEM_ADMIN)).sessionId;
  await deskCall(h, sessions.deskSystemAdminSignedOut, 'desk.signOut', {});
  // The first call after the idle half hour records its end (desk-sessions.test.ts proves that
  // once); here it is recorded already, so that a refusal in the table changes nothing at all.
  await deskCall(h, sessions.deskCityAdminIdle, 'session.me', {});
  return { h, tree, memberId, openid: (desk) => sessions[desk] };
}

const DESK_ROWS: PermissionRow<DeskWorld, Desk>[] = [
  {
    name: 'branch.members of branch A',
    allowed: ['deskSecretaryA', 'deskCityAdmin', 'deskSystemAdmin'],
    run: (w, sessionId) => deskCall(w.h, sessionId, 'branch.members', { branchId: w.tree.branchA.orgId }),
  },
  {
    name: 'branch.members of branch B (its secretary lost the post since signing in)',
    allowed: ['deskCityAdmin', 'deskSystemAdmin'],
    run: (w, sessionId) => deskCall(w.h, sessionId, 'branch.members', { branchId: w.tree.branchB.orgId }),
  },
  {
    name: 'member.revealSensitive of a member of branch A (audited)',
    allowed: ['deskSecretaryA', 'deskCityAdmin', 'deskSystemAdmin'],
    run: (w, sessionId) => deskCall(w.h, sessionId, 'member.revealSensitive', { memberId: w.memberId, field: 'phone' }),
    state: (w) => all(w.h.deps.store, COLLECTIONS.auditLog),
  },
  {
    name: 'org.create below the community',
    allowed: ['deskCityAdmin', 'deskSystemAdmin'],
    run: (w, sessionId) =>
      deskCall(w.h, sessionId, 'org.create', {
        parentId: w.tree.community.orgId,
        name: '新桥社区第五党支部',
        kind: 'branch',
        branchKind: 'community',
        region: SUZHOU,
      }),
    state: (w) => all(w.h.deps.store, COLLECTIONS.organizations),
  },
  {
    name: 'role.grant of secretary of branch B',
    allowed: ['deskCityAdmin', 'deskSystemAdmin'],
    run: (w, sessionId) =>
      deskCall(w.h, sessionId, 'role.grant', {
        openid: 'o_new_secretary_b',
        role: 'secretary',
        orgId: w.tree.branchB.orgId,
        holderName: '赵新民',
      }),
    state: (w) => all(w.h.deps.store, COLLECTIONS.roles),
  },
  {
    name: 'desk.sessions: a live session lists its official’s own',
    allowed: LIVE,
    run: (w, sessionId) => deskCall(w.h, sessionId, 'desk.sessions', {}),
  },
  {
    name: 'desk.signOut',
    allowed: LIVE,
    run: (w, sessionId) => deskCall(w.h, sessionId, 'desk.signOut', {}),
  },
];

describe('a desk session does what its official may, now', () => {
  describePermissionTable({
    rows: DESK_ROWS,
    people: DESKS,
    world: deskWorld,
    state: deskState,
    refusals: ['UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN'],
  });
});

it('an expired, idle, ended or signed-out desk answers every action exactly as no session', async () => {
  const w = await deskWorld();
  try {
    const gone: Desk[] = ['deskCityAdminExpired', 'deskCityAdminIdle', 'deskCityAdminEnded', 'deskSystemAdminSignedOut'];
    for (const action of Object.keys(ACTIONS)) {
      if ((DESK_PUBLIC_ACTIONS as readonly string[]).includes(action)) continue;
      const none = await dispatch(w.h.deps, null, action, {}, () => undefined);
      expect(none).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      for (const desk of gone) {
        expect([action, desk, await deskCall(w.h, w.openid(desk), action as 'session.me', {})]).toEqual([action, desk, none]);
      }
    }
    // The sign-in itself still starts for a computer whose session is gone.
    expect(await deskCall(w.h, w.openid('deskCityAdminEnded'), 'desk.loginStart', { device: OFFICE_DEVICE })).toMatchObject({
      ok: true,
    });
  } finally {
    await w.h.close();
  }
});
