import type { Clock } from '../lib/time';
import type { PiiProtector } from '../lib/pii';
import type { FileStore } from '../files/file-store';
import type { DocumentStore } from '../store/document-store';
import type { Notifier } from '../notify/notifier';

/** Draws the image of a branch's check-in code: a mini-program code in the cloud, a QR locally. */
export interface CheckinCodeRenderer {
  /** A `data:image/png;base64,...` URL for the code that opens `page` with `scene`. */
  render(scene: string, page: string): Promise<string>;
}

/** What every application service needs; built once per process or container. */
export interface ServiceDeps {
  store: DocumentStore;
  /** Imports and exports: cloud storage in production, a folder locally. */
  files: FileStore;
  clock: Clock;
  pii: PiiProtector;
  codeRenderer: CheckinCodeRenderer;
  /** WeChat subscribe messages: sent by the jobs from the outbox; the api only reads the template ids. */
  notifier: Notifier;
}

/**
 * Who is calling, only ever as the platform vouches for it: a mini-program user by the OPENID
 * the WeChat context gives the function, a desk user by the session the desk's own sign-in
 * made. Never an id the client sends.
 */
export type Caller = { kind: 'wechat'; openid: string } | { kind: 'desk'; userId: string; sessionId: string };

export function wechatCaller(openid: string): Caller {
  return { kind: 'wechat', openid };
}

/**
 * The one key a caller is known by in stored records: whose roles, who recorded, granted or
 * asked for what. A WeChat user's key is the OPENID, as every stored record has it; a desk
 * user's is `desk:<userId>` (an OPENID holds no `:`, so the two never meet).
 */
export function callerKey(caller: Caller): string {
  return caller.kind === 'wechat' ? caller.openid : `desk:${caller.userId}`;
}

/** The WeChat account behind the caller, or null: only a mini-program user can be a member. */
export function callerOpenid(caller: Caller): string | null {
  return caller.kind === 'wechat' ? caller.openid : null;
}

export interface ServiceContext {
  deps: ServiceDeps;
  caller: Caller;
}
