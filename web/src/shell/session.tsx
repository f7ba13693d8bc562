import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ActionOutput } from '../../../server/contract';
import { type ClientError, type DeskCredential, api, deskMessage } from '../api';

export type Me = ActionOutput<'session.me'>;

type SessionState =
  | { phase: 'checking' }
  | { phase: 'signedOut'; notice: string | null }
  | { phase: 'failed'; error: ClientError }
  | { phase: 'signedIn'; me: Me; officialName: string };

interface SessionValue {
  state: SessionState;
  /** Signs the desk in with the sign-in's ticket (or a demo identity) and loads who that is. */
  signIn(credential: DeskCredential): Promise<ClientError | null>;
  signOut(): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

const SESSION_LOST = '登录已结束（超过一个工作日、30 分钟没有操作，或在手机上结束了这次登录），请重新扫码登录';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ phase: 'checking' });

  const check = useCallback(async () => {
    if (!api.credential()) {
      setState({ phase: 'signedOut', notice: null });
      return;
    }
    setState({ phase: 'checking' });
    const me = await api.call('session.me', {});
    if (me.ok) setState({ phase: 'signedIn', me: me.data, officialName: api.credential()?.officialName ?? '' });
    else if (me.error.code === 'UNAUTHENTICATED') {
      await api.forget();
      setState({ phase: 'signedOut', notice: SESSION_LOST });
    } else setState({ phase: 'failed', error: me.error });
  }, []);

  useEffect(() => {
    void check();
    return api.onSessionLost(() => {
      void api.forget().then(() => setState({ phase: 'signedOut', notice: SESSION_LOST }));
    });
  }, [check]);

  const value = useMemo<SessionValue>(
    () => ({
      state,
      async signIn(credential) {
        await api.signIn(credential);
        const me = await api.call('session.me', {});
        if (!me.ok) {
          await api.forget();
          return me.error;
        }
        setState({ phase: 'signedIn', me: me.data, officialName: credential.officialName });
        return null;
      },
      async signOut() {
        // The server's session ends first; a desk whose session had already ended just forgets it.
        if (api.credential()?.kind === 'ticket') await api.call('desk.signOut', {});
        await api.forget();
        setState({ phase: 'signedOut', notice: '已退出登录' });
      },
      retry: () => void check(),
    }),
    [state, check],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in official's `session.me`; only pages inside the shell (which requires a session) use it. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.phase !== 'signedIn') throw new Error('useMe without a session');
  return state.me;
}

export { deskMessage };
