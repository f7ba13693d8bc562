import tcb from '@cloudbase/node-sdk';
import { type Caller, wechatCaller } from '../services/context';

/** The function's `context` argument as SCF passes it; identity is not among its fields. */
export type CloudContext = Parameters<typeof tcb.getCloudbaseContext>[0];

/**
 * node-sdk v3 has no getWXContext: the caller's OPENID arrives as the WX_OPENID environment
 * variable listed in WX_CONTEXT_KEYS, which getCloudbaseContext collects. Timer triggers and
 * function-to-function calls carry none, and get no caller.
 */
export function callerFromCloudbaseContext(context: CloudContext | undefined): Caller | null {
  const openid = tcb.getCloudbaseContext(context).WX_OPENID;
  return typeof openid === 'string' && /^[A-Za-z0-9_-]{6,64}$/.test(openid) ? wechatCaller(openid) : null;
}
