import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type ActionOutput,
  DESK_LOGIN_PAGE,
  DESK_LOGIN_POLL_MS,
  DESK_LOGIN_SCENE_PREFIX,
  DESK_LOGINS_PER_ADDRESS,
  DESK_LOGINS_WINDOW_MINUTES,
  DESK_LOGIN_TTL_MINUTES,
  DESK_SESSION_HOURS,
  DESK_SESSION_IDLE_MINUTES,
  type DeskLoginView,
  type DeskSessionView,
  type ParsedInput,
  idSchema,
} from '../contract';
import { type Clock, timestamp } from '../lib/time';
import type { DocumentStore, StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { isWriteConflict, retryOnConflict } from '../store/saving';
import { type Access, loadAccess } from './access';
import { AppError } from './app-error';
import { type Caller, type DeskTicketIssuer, type PublicContext, type ServiceContext, callerKey, callerOpenid } from './context';
import { derivedId, newId } from './ids';
import type { AuditRecord, DeskLoginRecord, DeskSessionEndReason, DeskSessionRecord } from './records';
import { toRoleViews } from './roles';

/**
 * Signing the desk in from the phone (the contract's desk-sessions.ts has the flow). A sign-in
 * code is a `desk_logins` record that one official answers once; a confirmation makes the
 * `desk_sessions` record whose id the desk's ticket names. The entry turns that id into a caller
 * on every call ({@link deskCallerOfSession}), so an ended or expired session is no caller at
 * all, and the roles are read live by `loadAccess` like anybody's.
 */

type DeskLoginDoc = StoredDocument<DeskLoginRecord>;
type DeskSessionDoc = StoredDocument<DeskSessionRecord>;

const MINUTE_MS = 60_000;
const LOGIN_TTL_MS = DESK_LOGIN_TTL_MINUTES * MINUTE_MS;
const SESSION_MS = DESK_SESSION_HOURS * 60 * MINUTE_MS;
const IDLE_MS = DESK_SESSION_IDLE_MINUTES * MINUTE_MS;
/** `lastSeenAt` moves at most this often: a desk busy with a table is not a write per click. */
const TOUCH_EVERY_MS = MINUTE_MS;
/** An official's open desk sessions, more than anyone keeps. */
const MAX_SESSIONS = 50;

const at = (clock: Clock) => clock.now().getTime();
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

function hashPollToken(pollToken: string): string {
  return createHash('sha256').update(pollToken, 'utf8').digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The session a login's confirmation makes: one per login, so a retried confirmation finds it. */
export function deskSessionIdOf(loginId: string): string {
  return derivedId('ds', `desk-session:${loginId}`);
}

export function deskLoginScene(loginId: string): string {
  return `${DESK_LOGIN_SCENE_PREFIX}${loginId}`;
}

/** One audit record per answer and per end, so a retry or a race never writes a second. */
const answerAuditId = (loginId: string) => derivedId('a', `desk-login:${loginId}`);
const endAuditId = (sessionId: string) => derivedId('a', `desk-end:${sessionId}`);

const loginNotFound = () => new AppError('NOT_FOUND', '没有找到这个登录请求，请在电脑上刷新二维码');
const sessionNotFound = () => new AppError('NOT_FOUND', '没有找到这个电脑端登录，可能已经退出');
const notAllowed = () => new AppError('DESK_NOT_ALLOWED', '只有党组织管理员和支部书记可以登录电脑端');

/** A code is answered, or past its minutes, or still open. */
function loginState(login: DeskLoginRecord, now: number): DeskLoginView['status'] {
  if (login.status === 'confirmed' || login.status === 'refused') return login.status;
  return now >= Date.parse(login.expiresAt) ? 'expired' : login.status;
}

/** Why a session that has not been ended is over now, or null while it lasts. */
function expiryOf(session: DeskSessionRecord, now: number): { reason: DeskSessionEndReason; endedAt: string } | null {
  const idleUntil = plus(session.lastSeenAt, IDLE_MS);
  const earliest = idleUntil < session.endsAt ? { reason: 'idle' as const, endedAt: idleUntil } : null;
  if (earliest && now >= Date.parse(earliest.endedAt)) return earliest;
  if (now >= Date.parse(session.endsAt)) return { reason: 'working_day', endedAt: session.endsAt };
  return null;
}

/**
 * Ends a session and audits it, once: a concurrent end (or touch) makes it re-read, and an
 * already ended session is answered as it stands.
 */
async function endSession(
  store: DocumentStore,
  clock: Clock,
  sessionId: string,
  end: (session: DeskSessionRecord) => { reason: DeskSessionEndReason; endedAt: string },
  /** Throws when this caller may not end it; checked on the record the transaction read. */
  guard: (session: DeskSessionRecord) => void = () => undefined,
): Promise<{ session: DeskSessionDoc; endedNow: boolean } | null> {
  return retryOnConflict(() =>
    store.transaction(async (tx) => {
      const [session] = await Promise.all([
        tx.get<DeskSessionRecord>(COLLECTIONS.deskSessions, sessionId),
        // Its id is read too, so that the insert below costs one write.
        tx.get(COLLECTIONS.auditLog, endAuditId(sessionId)),
      ]);
      if (!session) return null;
      guard(session);
      if (session.endedAt !== null) return { session, endedNow: false };
      const { reason, endedAt } = end(session);
      const audit: AuditRecord = {
        actorOpenid: session.openid,
        action: 'desk_session_ended',
        sessionId,
        loginId: session.loginId,
        reason,
        endedAt,
        at: timestamp(clock),
      };
      // The end and its audit stand or fall together; they are sent together.
      const [version] = await Promise.all([
        tx.update(COLLECTIONS.deskSessions, sessionId, session.version, { endedAt, endReason: reason }),
        tx.insert<AuditRecord>(COLLECTIONS.auditLog, { _id: endAuditId(sessionId), ...audit }),
      ]);
      return { session: { ...session, endedAt, endReason: reason, version }, endedNow: true };
    }),
  );
}

/**
 * Ends and audits a session whose working day or idle time ran out, as of `now` (ms); true when
 * this call ended it (false when it still lasts, or had ended). The jobs' sweep calls it for
 * sessions nobody calls any more, so that every end is on record even when nobody looks.
 */
export async function endIfExpired(
  deps: { store: DocumentStore; clock: Clock },
  session: DeskSessionDoc,
  now: number,
): Promise<boolean> {
  const expiry = expiryOf(session, now);
  if (session.endedAt !== null || !expiry) return false;
  const ended = await endSession(deps.store, deps.clock, session._id, (current) => expiryOf(current, now) ?? expiry);
  return ended?.endedNow ?? false;
}

/**
 * The desk caller behind a session id the platform vouches for (the custom user id of the
 * CloudBase sign-in, or the local ticket the gateway read), or null when there is no such live
 * session: an ended, expired or unknown session is no caller, exactly as no session is. A session
 * found expired is ended and audited here; a live one has its last call noted, at most once a
 * minute.
 */
export async function deskCallerOfSession(
  deps: { store: DocumentStore; clock: Clock },
  sessionId: string,
): Promise<Caller | null> {
  if (!idSchema.safeParse(sessionId).success) return null;
  const session = await deps.store.get<DeskSessionRecord>(COLLECTIONS.deskSessions, sessionId);
  if (!session || session.endedAt !== null) return null;
  const now = at(deps.clock);
  if (expiryOf(session, now)) {
    await endIfExpired(deps, session, now);
    return null;
  }
  if (now - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
    try {
      await deps.store.update(COLLECTIONS.deskSessions, sessionId, session.version, { lastSeenAt: timestamp(deps.clock) });
    } catch (error) {
      // Someone else wrote it meanwhile (another tab's call, or an end): the next call sees it.
      if (!isWriteConflict(error)) throw error;
    }
  }
  return { kind: 'desk', openid: session.openid, sessionId };
}

/**
 * One count on the codes this address asked for lately. An unknown address (a platform that did
 * not say) is not limited: counting all of them together would lock every such desk out at once.
 */
async function refuseWhenAddressAskedTooOften(ctx: PublicContext): Promise<void> {
  const address = ctx.request.clientAddress;
  if (address === null) return;
  const since = new Date(ctx.deps.clock.now().getTime() - DESK_LOGINS_WINDOW_MINUTES * MINUTE_MS).toISOString();
  const asked = await ctx.deps.store.count(COLLECTIONS.deskLogins, { address, requestedAt: { $gt: since } });
  if (asked >= DESK_LOGINS_PER_ADDRESS)
    throw new AppError(
      'DESK_LOGINS_LIMITED',
      `这台电脑所在的网络刚才申请了太多登录码，请 ${DESK_LOGINS_WINDOW_MINUTES} 分钟后再刷新页面`,
    );
}

/** `desk.loginStart`: a new code for a computer; nothing about anybody is needed or given. */
export async function startDeskLogin(
  ctx: PublicContext,
  input: ParsedInput<'desk.loginStart'>,
): Promise<ActionOutput<'desk.loginStart'>> {
  if (!ctx.deps.deskTickets.enabled) throw new AppError('DESK_LOGIN_OFF', '电脑端登录还没有开通，请联系系统管理员');
  await refuseWhenAddressAskedTooOften(ctx);
  const loginId = newId('dl');
  const pollToken = randomBytes(32).toString('base64url');
  const requestedAt = timestamp(ctx.deps.clock);
  const login: DeskLoginRecord = {
    pollTokenHash: hashPollToken(pollToken),
    device: input.device,
    address: ctx.request.clientAddress,
    status: 'waiting',
    requestedAt,
    expiresAt: plus(requestedAt, LOGIN_TTL_MS),
    answeredBy: null,
    answeredAt: null,
    sessionId: null,
  };
  const scene = deskLoginScene(loginId);
  const [image] = await Promise.all([
    ctx.deps.codeRenderer.render(scene, DESK_LOGIN_PAGE),
    ctx.deps.store.insert<DeskLoginRecord>(COLLECTIONS.deskLogins, { _id: loginId, ...login }),
  ]);
  return {
    loginId,
    pollToken,
    scene,
    page: DESK_LOGIN_PAGE,
    image,
    expiresAt: login.expiresAt,
    pollEveryMs: DESK_LOGIN_POLL_MS,
  };
}

/**
 * `desk.loginPoll`: what became of the code, for the computer that holds its poll token. A
 * wrong token answers exactly as a missing code. A confirmed code hands out its ticket for the
 * code's minutes after the answer (so a poll whose reply was lost can ask again), always for
 * the one session it made.
 */
export async function pollDeskLogin(
  ctx: PublicContext,
  input: ParsedInput<'desk.loginPoll'>,
): Promise<ActionOutput<'desk.loginPoll'>> {
  const login = await ctx.deps.store.get<DeskLoginRecord>(COLLECTIONS.deskLogins, input.loginId);
  if (!login || !sameHash(login.pollTokenHash, hashPollToken(input.pollToken))) throw loginNotFound();
  const now = at(ctx.deps.clock);
  const state = loginState(login, now);
  if (state === 'waiting' || state === 'scanned') return { status: state, expiresAt: login.expiresAt };
  if (state === 'refused') return { status: 'refused' };
  if (state === 'expired' || login.sessionId === null || login.answeredAt === null) return { status: 'expired' };
  if (now >= Date.parse(login.answeredAt) + LOGIN_TTL_MS) return { status: 'expired' };
  const session = await ctx.deps.store.get<DeskSessionRecord>(COLLECTIONS.deskSessions, login.sessionId);
  // Ended from the phone before the desk collected it: nothing to sign in to.
  if (!session || session.endedAt !== null) return { status: 'expired' };
  return {
    status: 'confirmed',
    ticket: await ctx.deps.deskTickets.issue(login.sessionId, session.endsAt),
    sessionId: login.sessionId,
    officialName: session.officialName,
    endsAt: session.endsAt,
  };
}

/** The official answering on the phone: a WeChat caller who holds a post. */
async function requireOfficialOnPhone(ctx: ServiceContext): Promise<{ openid: string; access: Access }> {
  const openid = callerOpenid(ctx.caller);
  if (openid === null) throw new AppError('FORBIDDEN', '请用手机微信扫码确认电脑端登录');
  const access = await loadAccess(ctx);
  if (access.roles.length === 0) throw notAllowed();
  return { openid, access };
}

function loginIdOfScene(scene: string): string {
  const loginId = scene.startsWith(DESK_LOGIN_SCENE_PREFIX) ? scene.slice(DESK_LOGIN_SCENE_PREFIX.length) : '';
  if (!idSchema.safeParse(loginId).success) {
    throw new AppError('INVALID_CODE', '这不是电脑端的登录二维码，请对准电脑屏幕上的二维码再扫', { field: 'scene' });
  }
  return loginId;
}

/** The name a session and its audit carry: the official's name on their posts. */
function officialNameOf(access: Access): string {
  return access.roles.find((role) => role.role !== 'system_admin')?.holderName ?? access.roles[0]?.holderName ?? '';
}

/**
 * `desk.loginDescribe`: what the phone shows before the official answers. Opening a waiting
 * code marks it scanned, so the desk can say "请在手机上确认".
 */
export async function describeDeskLogin(
  ctx: ServiceContext,
  input: ParsedInput<'desk.loginDescribe'>,
): Promise<ActionOutput<'desk.loginDescribe'>> {
  const loginId = loginIdOfScene(input.scene);
  const { openid, access } = await requireOfficialOnPhone(ctx);
  const [login, roles] = await Promise.all([
    ctx.deps.store.get<DeskLoginRecord>(COLLECTIONS.deskLogins, loginId),
    toRoleViews(ctx, access.roles),
  ]);
  if (!login) throw loginNotFound();
  let status = loginState(login, at(ctx.deps.clock));
  if (status === 'waiting') {
    try {
      await ctx.deps.store.update(COLLECTIONS.deskLogins, loginId, login.version, { status: 'scanned' });
      status = 'scanned';
    } catch (error) {
      // Another phone opened or answered it first; its answer shows on the next look.
      if (!isWriteConflict(error)) throw error;
    }
  }
  return {
    loginId,
    status,
    device: login.device,
    address: login.address,
    requestedAt: login.requestedAt,
    expiresAt: login.expiresAt,
    roles,
    answeredByMe: login.answeredBy === openid,
  };
}

/**
 * `desk.loginConfirm`: yes or no, once per code. The confirmation, the session and the audit are
 * written together; of two phones answering at once one wins and the other reads LOGIN_USED;
 * the same answer again from the same official is answered as it stands.
 */
export async function confirmDeskLogin(
  ctx: ServiceContext,
  input: ParsedInput<'desk.loginConfirm'>,
): Promise<ActionOutput<'desk.loginConfirm'>> {
  const { openid, access } = await requireOfficialOnPhone(ctx);
  const { store, clock } = ctx.deps;
  const decided = input.decision === 'confirm' ? 'confirmed' : 'refused';
  const roles = access.roles.map((role) => `${role.role}@${role.orgId ?? '*'}`);
  return retryOnConflict(() =>
    store.transaction(async (tx) => {
      const sessionId = deskSessionIdOf(input.loginId);
      const [login] = await Promise.all([
        tx.get<DeskLoginRecord>(COLLECTIONS.deskLogins, input.loginId),
        // Read with the login, so that the inserts below cost one write each.
        tx.get(COLLECTIONS.deskSessions, sessionId),
        tx.get(COLLECTIONS.auditLog, answerAuditId(input.loginId)),
      ]);
      if (!login) throw loginNotFound();
      const state = loginState(login, at(clock));
      if (state === 'confirmed' || state === 'refused') {
        if (login.answeredBy === openid && state === decided) return { status: state };
        throw new AppError('LOGIN_USED', '这个二维码已经用过了，请在电脑上刷新二维码后重新扫码');
      }
      if (state === 'expired') throw new AppError('LOGIN_EXPIRED', '这个二维码已过期，请在电脑上刷新二维码后重新扫码');
      const now = timestamp(clock);
      const confirming = decided === 'confirmed';
      const session: DeskSessionRecord = {
        openid,
        officialName: officialNameOf(access),
        loginId: input.loginId,
        device: login.device,
        address: login.address,
        signedInAt: now,
        lastSeenAt: now,
        endsAt: plus(now, SESSION_MS),
        endedAt: null,
        endReason: null,
      };
      const audit: AuditRecord = {
        actorOpenid: openid,
        action: confirming ? 'desk_login_confirmed' : 'desk_login_refused',
        loginId: input.loginId,
        sessionId: confirming ? sessionId : null,
        device: login.device,
        address: login.address,
        roles,
        at: now,
      };
      // The answer, the session and the audit stand or fall together; they are sent together.
      await Promise.all([
        tx.update(COLLECTIONS.deskLogins, input.loginId, login.version, {
          status: decided,
          answeredBy: openid,
          answeredAt: now,
          sessionId: confirming ? sessionId : null,
        }),
        confirming ? tx.insert<DeskSessionRecord>(COLLECTIONS.deskSessions, { _id: sessionId, ...session }) : null,
        tx.insert<AuditRecord>(COLLECTIONS.auditLog, { _id: answerAuditId(input.loginId), ...audit }),
      ]);
      return { status: decided };
    }),
  );
}

function toSessionView(session: DeskSessionDoc, caller: Caller): DeskSessionView {
  return {
    sessionId: session._id,
    device: session.device,
    address: session.address,
    signedInAt: session.signedInAt,
    lastSeenAt: session.lastSeenAt,
    endsAt: session.endsAt,
    current: caller.kind === 'desk' && caller.sessionId === session._id,
  };
}

/** `desk.sessions`: the caller's desk sessions that still last; those found expired are ended on the way. */
export async function listDeskSessions(ctx: ServiceContext): Promise<ActionOutput<'desk.sessions'>> {
  const { store, clock } = ctx.deps;
  const page = await store.find<DeskSessionRecord>(COLLECTIONS.deskSessions, {
    where: { openid: callerKey(ctx.caller), endedAt: null },
    orderBy: [{ field: 'signedInAt', direction: 'desc' }],
    limit: MAX_SESSIONS,
  });
  const now = at(clock);
  const live: DeskSessionDoc[] = [];
  for (const session of page.items) {
    if (!expiryOf(session, now)) live.push(session);
    else await endIfExpired({ store, clock }, session, now);
  }
  return { items: live.map((session) => toSessionView(session, ctx.caller)) };
}

async function endOwnSession(ctx: ServiceContext, sessionId: string): Promise<{ sessionId: string; endedAt: string }> {
  const now = at(ctx.deps.clock);
  const { caller } = ctx;
  const ended = await endSession(
    ctx.deps.store,
    ctx.deps.clock,
    sessionId,
    // One that ran out before this end is recorded as having run out.
    (session) =>
      expiryOf(session, now) ?? { reason: caller.kind === 'desk' ? 'desk' : 'official', endedAt: timestamp(ctx.deps.clock) },
    (session) => {
      if (session.openid !== callerKey(caller)) throw sessionNotFound();
      if (caller.kind === 'desk' && caller.sessionId !== sessionId) {
        throw new AppError('FORBIDDEN', '电脑端只能退出本机的登录；其他电脑的登录请在手机上“我的电脑登录”里退出');
      }
    },
  );
  if (!ended || ended.session.endedAt === null) throw sessionNotFound();
  return { sessionId, endedAt: ended.session.endedAt };
}

/**
 * `desk.endSession`: from the phone, any of the official's own sessions; from a desk, only
 * itself. Another official's session answers as a missing one; ending an ended one again
 * answers when it ended.
 */
export async function endDeskSession(
  ctx: ServiceContext,
  input: ParsedInput<'desk.endSession'>,
): Promise<ActionOutput<'desk.endSession'>> {
  return endOwnSession(ctx, input.sessionId);
}

/** `desk.signOut`: the desk ends the session it calls with. */
export async function signOutDesk(ctx: ServiceContext): Promise<ActionOutput<'desk.signOut'>> {
  if (ctx.caller.kind !== 'desk') throw new AppError('FORBIDDEN', '只有电脑端可以退出本次登录');
  return endOwnSession(ctx, ctx.caller.sessionId);
}

/**
 * The local stand-in for CloudBase's custom login: the ticket is the session id with a keyed
 * MAC, so the gateway can read the session back from an `Authorization: Bearer` header and
 * nobody can make one without the key. It carries no expiry of its own: the session record is
 * what lasts or ends.
 */
export interface LocalDeskTickets extends DeskTicketIssuer {
  /** The session id a ticket names, or null for anything this key did not issue. */
  sessionOf(ticket: string): string | null;
}

export function createLocalDeskTickets(masterKey: Buffer): LocalDeskTickets {
  const key = createHmac('sha256', masterKey).update('desk-ticket-v1').digest();
  const mac = (sessionId: string) => createHmac('sha256', key).update(sessionId, 'utf8').digest('base64url');
  return {
    enabled: true,
    issue: async (sessionId) => `${sessionId}.${mac(sessionId)}`,
    sessionOf(ticket) {
      const dot = ticket.indexOf('.');
      if (dot <= 0) return null;
      const sessionId = ticket.slice(0, dot);
      if (!idSchema.safeParse(sessionId).success) return null;
      const given = Buffer.from(ticket.slice(dot + 1), 'utf8');
      const expected = Buffer.from(mac(sessionId), 'utf8');
      return given.length === expected.length && timingSafeEqual(given, expected) ? sessionId : null;
    },
  };
}
