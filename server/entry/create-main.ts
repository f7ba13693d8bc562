import { type ActionResult, apiEventSchema } from '../contract';
import { type ErrorLogger, dispatch } from '../router/router';
import type { Caller, ServiceDeps } from '../services/context';

export interface MainOptions<Context> {
  /** Dependencies, built once per container and reused across invocations. */
  getDeps: () => Promise<ServiceDeps>;
  /** The caller as the platform vouches for it; never anything from the event. */
  resolveCaller: (context: Context) => Caller | null;
  log?: ErrorLogger;
}

/**
 * The thin function entry: identity from the platform, the event to the router. It never
 * throws, so the mini-program always receives an ActionResult.
 */
export function createMain<Context>(options: MainOptions<Context>) {
  return async function main(event: unknown, context: Context): Promise<ActionResult<unknown>> {
    const parsed = apiEventSchema.safeParse(event);
    if (!parsed.success) {
      return { ok: false, error: { code: 'BAD_REQUEST', message: '请求格式不正确', field: 'action' } };
    }
    let deps: ServiceDeps;
    try {
      deps = await options.getDeps();
    } catch (error) {
      (options.log ?? console.error)('Startup failed', error);
      return { ok: false, error: { code: 'INTERNAL', message: '系统出了点问题，请稍后再试' } };
    }
    return dispatch(deps, options.resolveCaller(context), parsed.data.action, parsed.data.input, options.log);
  };
}
