import type { ActionInput, ActionName, ActionOutput } from '../../server/contract';
import { config, type TransportConfig } from '../config';
import { type CallResult, type ClientError, failure, isRecord, toCallResult } from './error-messages';

export type { CallResult, ClientError } from './error-messages';
export { toCallResult } from './error-messages';

export type Caller = <K extends ActionName>(action: K, input: ActionInput<K>) => Promise<CallResult<ActionOutput<K>>>;

const FUNCTION_NAME = 'api';
const NETWORK_FAILURE = /timeout|time out|timed out|request:fail|network|网络/i;

/** A call that never produced a result: `{ errMsg }` from callFunction or wx.request. */
export function fromTransportError(error: unknown): { ok: false; error: ClientError } {
  const errMsg = isRecord(error) && typeof error.errMsg === 'string' ? error.errMsg : String(error);
  return failure(NETWORK_FAILURE.test(errMsg) ? 'NETWORK' : 'INTERNAL', errMsg);
}

function viaCloud(action: ActionName, input: unknown): Promise<CallResult<unknown>> {
  return wx.cloud
    .callFunction({ name: FUNCTION_NAME, data: { action, input } })
    .then((response) => toCallResult<unknown>(response.result), fromTransportError);
}

function viaHttp(baseUrl: string, devOpenid: string, action: ActionName, input: unknown): Promise<CallResult<unknown>> {
  return new Promise((resolve) => {
    wx.request({
      url: `${baseUrl}/functions/${FUNCTION_NAME}`,
      method: 'POST',
      data: { action, input },
      header: { 'Content-Type': 'application/json', 'X-Dev-Openid': devOpenid },
      success: (response) => resolve(toCallResult<unknown>(response.data)),
      fail: (error) => resolve(fromTransportError(error)),
    });
  });
}

/** A caller bound to one transport; pages use `callAction`, tests may build their own. */
export function createCaller(transport: TransportConfig): Caller {
  return <K extends ActionName>(action: K, input: ActionInput<K>) => {
    const sent =
      transport.transport === 'cloud' ? viaCloud(action, input) : viaHttp(transport.baseUrl, transport.devOpenid, action, input);
    // Whatever happens below, a page gets one shape and never a throw.
    return sent.catch(fromTransportError) as Promise<CallResult<ActionOutput<K>>>;
  };
}

export const callAction: Caller = createCaller(config);
