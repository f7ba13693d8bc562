import { type ActionResult, apiEventSchema } from '../contract';
import { type ErrorLogger, dispatch } from '../router/router';
import { type Caller, NO_REQUEST_FACTS, type RequestFacts, type ServiceDeps } from '../services/context';

export interface MainOptions<Context> {
  /** Dependencies, built once per container and reused across invocations. */
  getDeps: () => Promise<ServiceDeps>;
  /**
   * The caller as the platform vouches for it; never anything from the event. A desk's session
   * is looked up in the store (`deskCallerOfSession`), hence the deps.
   */
  resolveCaller: (context: Context, deps: ServiceDeps) => Caller | null | Promise<Caller | null>;
  /** What the platform tells about the request (the address it came from). */
  requestFacts?: (context: Context) => RequestFacts;
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
    let caller: Caller | null;
    try {
      deps = await options.getDeps();
    } catch (error) {
      (options.log ?? console.error)('Startup failed', error);
      return { ok: false, error: { code: 'INTERNAL', message: '系统出了点问题，请稍后再试' } };
    }
    try {
      caller = await options.resolveCaller(context, deps);
    } catch (error) {
      (options.log ?? console.error)('Resolving the caller failed', error);
      return { ok: false, error: { code: 'INTERNAL', message: '系统出了点问题，请稍后再试' } };
    }
    const request = options.requestFacts ? options.requestFacts(context) : NO_REQUEST_FACTS;
    return dispatch(deps, caller, parsed.data.action, parsed.data.input, options.log, request);
  };
}
