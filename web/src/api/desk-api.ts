import type { ActionInput, ActionName, ActionOutput } from '../../../server/contract';
import {
  type CallResult,
  type ClientError,
  type ClientErrorCode,
  ERROR_MESSAGES,
  failure,
  toCallResult,
} from '../../../miniprogram/services/error-messages';
import { type DeskCredential, type DeskTransport, TransportError } from './transport';

export type { CallResult, ClientError } from '../../../miniprogram/services/error-messages';

/**
 * The mini-program's words for each code, except where the phone's words point at the phone
 * (closing the mini-program, its version) or a desk has its own next step.
 */
const DESK_MESSAGES: Record<ClientErrorCode, string> = {
  ...ERROR_MESSAGES,
  UNAUTHENTICATED: '登录已失效（超过一个工作日或 30 分钟没有操作），请重新扫码登录',
  UNKNOWN_ACTION: '网页版本过旧，请刷新页面后再试',
  NETWORK: '连不上服务器，请检查网络后重试',
};

/** The words a person reads for an error: the server's where the contract says it words them, else the desk's. */
export function deskMessage(error: ClientError): string {
  return error.worded ? error.message : DESK_MESSAGES[error.code];
}

/** Where the desk keeps who it speaks for between page loads (the browser's localStorage). */
export interface CredentialStore {
  read(): DeskCredential | null;
  write(credential: DeskCredential | null): void;
}

const CREDENTIAL_KEY = 'desk.credential';

export function browserCredentialStore(storage: Storage = window.localStorage): CredentialStore {
  return {
    read() {
      const raw = storage.getItem(CREDENTIAL_KEY);
      if (!raw) return null;
      try {
        const value = JSON.parse(raw) as Partial<{ kind: string; ticket: string; openid: string; officialName: string }>;
        const officialName = typeof value.officialName === 'string' ? value.officialName : '';
        if (value.kind === 'ticket' && typeof value.ticket === 'string')
          return { kind: 'ticket', ticket: value.ticket, officialName };
        if (value.kind === 'demo' && typeof value.openid === 'string')
          return { kind: 'demo', openid: value.openid, officialName };
      } catch {
        // a damaged entry is no credential
      }
      return null;
    },
    write(credential) {
      if (credential) storage.setItem(CREDENTIAL_KEY, JSON.stringify(credential));
      else storage.removeItem(CREDENTIAL_KEY);
    },
  };
}

export interface DeskApi {
  /** Calls one action; never throws: a page gets the envelope, errors narrowed to the contract's codes. */
  call<K extends ActionName>(action: K, input: ActionInput<K>): Promise<CallResult<ActionOutput<K>>>;
  credential(): DeskCredential | null;
  signIn(credential: DeskCredential): Promise<void>;
  /** Forgets the credential here (the server's session is ended by `desk.signOut` before this). */
  forget(): Promise<void>;
  /** Told when any call answers UNAUTHENTICATED while signed in: the session ended under the desk. */
  onSessionLost(listener: () => void): () => void;
}

export function createDeskApi(transport: DeskTransport, store: CredentialStore): DeskApi {
  const listeners = new Set<() => void>();
  let credential = store.read();
  return {
    async call<K extends ActionName>(action: K, input: ActionInput<K>): Promise<CallResult<ActionOutput<K>>> {
      let result: CallResult<ActionOutput<K>>;
      try {
        result = toCallResult<ActionOutput<K>>(await transport.send({ action, input }, credential));
      } catch (error) {
        result = failure(error instanceof TransportError ? 'NETWORK' : 'INTERNAL', String(error));
      }
      if (!result.ok && result.error.code === 'UNAUTHENTICATED' && credential) listeners.forEach((listener) => listener());
      return result;
    },
    credential: () => credential,
    async signIn(next) {
      await transport.signIn(next);
      credential = next;
      store.write(next);
    },
    async forget() {
      credential = null;
      store.write(null);
      await transport.signOut().catch(() => undefined);
    },
    onSessionLost(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
