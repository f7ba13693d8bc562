import type { ActionInput, ActionName, ActionOutput, ActionResult } from '../../server/contract';
import type { RequestFacts } from '../../server/services/context';
import { deskCallerOfSession } from '../../server/services/desk-sessions';
import { dispatch } from '../../server/router/router';
import type { Harness } from './harness';

const silent = () => undefined;
const FROM_OFFICE: RequestFacts = { clientAddress: '10.20.30.40' };
export const OFFICE_DEVICE = 'Chrome 120 · Windows 10（组织部 3 楼）';

/** Calls an action as a computer nobody signed in on, from the office's address. */
export async function anonymousCall<K extends ActionName>(
  h: Harness,
  action: K,
  input: ActionInput<K>,
): Promise<ActionResult<ActionOutput<K>>> {
  return (await dispatch(h.deps, null, action, input, silent, FROM_OFFICE)) as ActionResult<ActionOutput<K>>;
}

/**
 * Calls an action as the desk holding this session, the way the entries do: the session id the
 * platform vouches for becomes a caller only while the session lives.
 */
export async function deskCall<K extends ActionName>(
  h: Harness,
  sessionId: string,
  action: K,
  input: ActionInput<K>,
): Promise<ActionResult<ActionOutput<K>>> {
  const caller = await deskCallerOfSession(h.deps, sessionId);
  return (await dispatch(h.deps, caller, action, input, silent, FROM_OFFICE)) as ActionResult<ActionOutput<K>>;
}

async function okOf<T>(result: Promise<ActionResult<T>>, what: string): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`${what} failed: ${JSON.stringify(settled.error)}`);
  return settled.data;
}

/** A computer asks for a code. */
export function startLogin(h: Harness, device = OFFICE_DEVICE) {
  return okOf(anonymousCall(h, 'desk.loginStart', { device }), 'desk.loginStart');
}

/** The whole sign-in, as the official's phone and the desk do it: start, scan, confirm, poll. */
export async function signInDesk(h: Harness, openid: string, device = OFFICE_DEVICE) {
  const login = await startLogin(h, device);
  await h.ok(openid, 'desk.loginDescribe', { scene: login.scene });
  await h.ok(openid, 'desk.loginConfirm', { loginId: login.loginId, decision: 'confirm' });
  const polled = await okOf(
    anonymousCall(h, 'desk.loginPoll', { loginId: login.loginId, pollToken: login.pollToken }),
    'desk.loginPoll',
  );
  if (polled.status !== 'confirmed') throw new Error(`desk.loginPoll answered ${polled.status}`);
  return { login, ...polled };
}
