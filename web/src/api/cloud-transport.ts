import type { DeskTransport } from './transport';
import { TransportError } from './transport';

type CloudbaseApp = ReturnType<(typeof import('@cloudbase/js-sdk'))['init']>;

/**
 * CloudBase through @cloudbase/js-sdk: the sign-in's ticket is a custom-login ticket, the SDK
 * signs in with it and keeps that login state (the function then knows the caller from the
 * custom user id, never from the event). Before the sign-in, the QR code's own calls
 * (`desk.loginStart`, `desk.loginPoll`) go out under an anonymous login.
 */
export function cloudTransport(env: string): DeskTransport {
  let app: Promise<CloudbaseApp> | null = null;
  // Loaded on first use, so a local build never downloads the SDK.
  const cloud = () =>
    (app ??= import('@cloudbase/js-sdk').then((module) => {
      const cloudbase = module.default;
      return cloudbase.init({ env });
    }));

  return {
    name: 'cloud',
    async send(event) {
      const instance = await cloud();
      const auth = instance.auth({ persistence: 'local' });
      if (!(await auth.getLoginState())) await auth.signInAnonymously({});
      try {
        const response = await instance.callFunction({ name: 'api', data: { action: event.action, input: event.input } });
        return response.result as unknown;
      } catch (error) {
        throw new TransportError(error instanceof Error ? error.message : String(error));
      }
    },
    async signIn(credential) {
      if (credential.kind !== 'ticket') throw new TransportError('云端只能扫码登录');
      const auth = (await cloud()).auth({ persistence: 'local' });
      await auth.signInWithCustomTicket(() => Promise.resolve(credential.ticket));
    },
    async signOut() {
      const auth = (await cloud()).auth({ persistence: 'local' });
      await auth.signOut();
    },
  };
}
