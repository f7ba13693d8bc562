import tcb from '@cloudbase/node-sdk';
import { type Caller, type RequestFacts, type ServiceDeps, wechatCaller } from '../services/context';
import { deskCallerOfSession } from '../services/desk-sessions';

/** The function's `context` argument as SCF passes it; identity is not among its fields. */
export type CloudContext = Parameters<typeof tcb.getCloudbaseContext>[0];

/** The part of `app.auth()` that says who signed in with a custom-login ticket. */
export interface CloudAuth {
  getUserInfo(): { customUserId: string };
  getClientIP(): string;
}

/**
 * node-sdk v3 has no getWXContext: the caller's OPENID arrives as the WX_OPENID environment
 * variable listed in WX_CONTEXT_KEYS, which getCloudbaseContext collects. Timer triggers and
 * function-to-function calls carry none, and get no caller.
 */
export function callerFromCloudbaseContext(context: CloudContext | undefined): Caller | null {
  const openid = tcb.getCloudbaseContext(context).WX_OPENID;
  return typeof openid === 'string' && /^[A-Za-z0-9_-]{6,64}$/.test(openid) ? wechatCaller(openid) : null;
}

/**
 * The caller of the `api` function: a mini-program user by the OPENID, else a desk by the custom
 * user id its sign-in ticket carried (the desk session's id), and only while that session lives.
 * Both come from the platform, never from the event.
 */
export async function resolveCloudCaller(
  auth: CloudAuth,
  context: CloudContext | undefined,
  deps: ServiceDeps,
): Promise<Caller | null> {
  const wechat = callerFromCloudbaseContext(context);
  if (wechat) return wechat;
  const { customUserId } = auth.getUserInfo();
  return customUserId ? deskCallerOfSession(deps, customUserId) : null;
}

/** The address a call came from: the web client's source IP, or the mini-program client's. */
export function cloudRequestFacts(auth: CloudAuth, context: CloudContext | undefined): RequestFacts {
  const fromWeb = auth.getClientIP();
  const fromWechat = tcb.getCloudbaseContext(context).WX_CLIENTIP;
  const address = fromWeb || (typeof fromWechat === 'string' ? fromWechat : '');
  return { clientAddress: address.length > 0 && address.length <= 64 ? address : null };
}
