import { z } from 'zod';
import { idSchema, roleViewSchema } from './schemas';

/**
 * Signing the desk (the web console) in from the phone, without passwords.
 *
 * 1. The desk calls `desk.loginStart` (no caller needed) with a description of itself and shows
 *    `image`: a mini-program code in the cloud, a QR image of the same payload locally. It keeps
 *    `pollToken` to itself: whoever holds it receives the sign-in.
 * 2. An official scans it; the mini-program opens {@link DESK_LOGIN_PAGE} with `scene`, calls
 *    `desk.loginDescribe` (which computer asks, from where, with which roles) and then
 *    `desk.loginConfirm` with `confirm` or `refuse`. Only an organization admin, a branch
 *    secretary or a system admin may confirm (DESK_NOT_ALLOWED otherwise).
 * 3. The desk polls `desk.loginPoll` (every {@link DESK_LOGIN_POLL_MS}) until `confirmed`, which
 *    carries the `ticket`:
 *    - in the cloud a CloudBase custom-login ticket: `auth.customAuthProvider().signIn(ticket)`
 *      with `@cloudbase/js-sdk`, then `app.callFunction({ name: 'api', data: { action, input } })`;
 *    - locally an opaque token: `POST /functions/api` with `Authorization: Bearer <ticket>`.
 *    A code is good for one sign-in and {@link DESK_LOGIN_TTL_MINUTES} minutes.
 * 4. Every later call is the official's, with exactly the roles they hold at that moment. A desk
 *    session ends {@link DESK_SESSION_HOURS} hours after sign-in, after
 *    {@link DESK_SESSION_IDLE_MINUTES} idle minutes, when the official ends it from the phone
 *    (`desk.endSession`, 我的电脑登录) or when the desk signs out (`desk.signOut`). An ended,
 *    expired or unknown session answers UNAUTHENTICATED, exactly as no session does: the desk
 *    then shows its sign-in page again.
 *
 * Retries: a retried `desk.loginStart` makes another code on purpose (each code is a new secret,
 * and an unused one lapses in minutes; the desk shows the last); a retried `desk.loginConfirm`,
 * `desk.endSession` or `desk.loginPoll` answers as the first did (a confirmed code hands out its
 * ticket again, for the same session, during the code's minutes after the answer).
 */

/** The mini-program page a desk's sign-in code opens; it reads `decodeURIComponent(options.scene)`. */
export const DESK_LOGIN_PAGE = 'pages/desk-login/desk-login';
/** The page where an official sees and ends their desk sessions (我的电脑登录). */
export const DESK_SESSIONS_PAGE = 'pages/desk-sessions/desk-sessions';
/** How long a sign-in code can be confirmed. */
export const DESK_LOGIN_TTL_MINUTES = 3;
/**
 * How many sign-in codes one network address may ask for in {@link DESK_LOGINS_WINDOW_MINUTES}.
 * Each code costs a WeChat code render and a record, so a script asking in a loop is stopped;
 * an office behind one address, or a desk left open (a new code every few minutes), stays far below.
 */
export const DESK_LOGINS_PER_ADDRESS = 60;
export const DESK_LOGINS_WINDOW_MINUTES = 10;
/** How often the desk should poll a sign-in code. */
export const DESK_LOGIN_POLL_MS = 2000;
/** A desk session ends this long after sign-in: a working day. */
export const DESK_SESSION_HOURS = 10;
/** A desk session ends after this long without a call. */
export const DESK_SESSION_IDLE_MINUTES = 30;

/** The actions a computer calls before anybody is signed in: they take no caller. */
export const DESK_PUBLIC_ACTIONS = ['desk.loginStart', 'desk.loginPoll'] as const;

/** The prefix of a sign-in code's scene value, `l=<loginId>` (at most 32 characters in all). */
export const DESK_LOGIN_SCENE_PREFIX = 'l=';

/** A sign-in code's life: waiting → scanned → confirmed | refused; expired once its minutes are up. */
export const deskLoginStatusSchema = z.enum(['waiting', 'scanned', 'confirmed', 'refused', 'expired']);
export type DeskLoginStatus = z.infer<typeof deskLoginStatusSchema>;

/** The secret a desk polls with: 43 characters of base64url (256 random bits). */
export const pollTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '登录凭据格式不正确');

/** What the desk says about itself, shown to the official as "which computer asks". */
export const deskDeviceSchema = z.string().trim().min(1, '请说明是哪台电脑').max(120, '不能超过 120 个字');

export const deskLoginStartOutputSchema = z.object({
  loginId: z.string(),
  /** Keep on this computer only; it is what receives the sign-in. */
  pollToken: z.string(),
  /** The code's scene value (`l=<loginId>`), and the page it opens. */
  scene: z.string(),
  page: z.string(),
  /** `data:image/png;base64,...`: the mini-program code (cloud) or a QR of `page?scene=...` (local). */
  image: z.string(),
  /** After this (ISO time) the code can no longer be confirmed; start a new one. */
  expiresAt: z.string(),
  pollEveryMs: z.number().int(),
});

/** What the desk learns by polling; only `confirmed` carries anything to act on. */
export const deskLoginPollOutputSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('waiting'), expiresAt: z.string() }),
  /** An official opened the code on the phone and has not answered yet. */
  z.object({ status: z.literal('scanned'), expiresAt: z.string() }),
  z.object({
    status: z.literal('confirmed'),
    /** Cloud: sign in with `customAuthProvider().signIn(ticket)`. Local: `Authorization: Bearer <ticket>`. */
    ticket: z.string(),
    sessionId: z.string(),
    /** Who signed in, for the desk's header. */
    officialName: z.string(),
    /** The latest the session lasts (a working day); idle time or a sign-out ends it sooner. */
    endsAt: z.string(),
  }),
  z.object({ status: z.literal('refused') }),
  z.object({ status: z.literal('expired') }),
]);
export type DeskLoginPollOutput = z.infer<typeof deskLoginPollOutputSchema>;

/** What the official's phone shows before they answer: which computer, from where, and with which roles. */
export const deskLoginViewSchema = z.object({
  loginId: z.string(),
  status: deskLoginStatusSchema,
  /** The browser and system the desk described. */
  device: z.string(),
  /** The network address the request came from, where the platform gives it. */
  address: z.string().nullable(),
  requestedAt: z.string(),
  expiresAt: z.string(),
  /** The roles the desk session will carry: exactly the caller's. */
  roles: z.array(roleViewSchema),
  /** Whether this caller answered it (a retried answer sees its own result). */
  answeredByMe: z.boolean(),
});
export type DeskLoginView = z.infer<typeof deskLoginViewSchema>;

/** One of the official's desk sessions, as 我的电脑登录 lists it. */
export const deskSessionViewSchema = z.object({
  sessionId: z.string(),
  device: z.string(),
  address: z.string().nullable(),
  signedInAt: z.string(),
  lastSeenAt: z.string(),
  /** The latest it lasts: sign-in plus a working day. */
  endsAt: z.string(),
  /** This is the session making the call (only a desk caller has one). */
  current: z.boolean(),
});
export type DeskSessionView = z.infer<typeof deskSessionViewSchema>;

export const DESK_SESSION_ACTIONS = {
  'desk.loginStart': {
    summary: `电脑端扫码登录第一步（无需登录）：电脑说明自己（浏览器、系统），得到二维码与只留在这台电脑上的轮询凭据；二维码 ${DESK_LOGIN_TTL_MINUTES} 分钟内有效，只能登录一次`,
    input: z.object({ device: deskDeviceSchema }).strict(),
    output: deskLoginStartOutputSchema,
  },
  'desk.loginPoll': {
    summary:
      '电脑端轮询扫码结果（无需登录，凭轮询凭据）：等待扫码、已扫码、已确认（带登录凭据 ticket）、已拒绝或已过期；凭据不对与编号不存在的回答相同',
    input: z.object({ loginId: idSchema, pollToken: pollTokenSchema }).strict(),
    output: deskLoginPollOutputSchema,
  },
  'desk.loginDescribe': {
    summary:
      '手机扫电脑端登录码后：哪台电脑（浏览器、系统、网络地址）、何时请求、登录后将带有的本人角色；只有组织管理员、支部书记或系统管理员可以确认',
    input: z.object({ scene: z.string().trim().min(1).max(64) }).strict(),
    output: deskLoginViewSchema,
  },
  'desk.loginConfirm': {
    summary:
      '手机确认或拒绝电脑端登录；确认后电脑端以本人身份、本人当时的角色登录；重试得到同一结果；两部手机同时确认只有一部成功；每次登录与拒绝都记入审计日志',
    input: z.object({ loginId: idSchema, decision: z.enum(['confirm', 'refuse']) }).strict(),
    output: z.object({ status: z.enum(['confirmed', 'refused']) }),
  },
  'desk.sessions': {
    summary: `我的电脑登录：本人仍有效的电脑端登录（何时、何处、最近使用）；电脑端登录 ${DESK_SESSION_HOURS} 小时后或 ${DESK_SESSION_IDLE_MINUTES} 分钟不用即失效`,
    input: z.object({}).strict(),
    output: z.object({ items: z.array(deskSessionViewSchema) }),
  },
  'desk.endSession': {
    summary:
      '让本人的一个电脑端登录退出（手机上可退出任何一个；电脑端只能退出它自己）；重试得到同一结果；别人的登录与不存在的回答相同',
    input: z.object({ sessionId: idSchema }).strict(),
    output: z.object({ sessionId: z.string(), endedAt: z.string() }),
  },
  'desk.signOut': {
    summary: '电脑端退出本次登录',
    input: z.object({}).strict(),
    output: z.object({ sessionId: z.string(), endedAt: z.string() }),
  },
} as const satisfies Record<string, { summary: string; input: z.ZodType; output: z.ZodType }>;
