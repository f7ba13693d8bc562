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

/**
 * Hands the desk the credential it signs in with once an official confirmed it on the phone.
 * In the cloud a CloudBase custom-login ticket whose custom user id is the session id; locally
 * an opaque token the gateway reads back ({@link createLocalDeskTickets}).
 */
export interface DeskTicketIssuer {
  /** False where the environment has no way to issue one (no custom-login key): nobody can sign a desk in. */
  readonly enabled: boolean;
  /** The ticket for this desk session; `endsAt` (ISO) is the latest the session lasts. */
  issue(sessionId: string, endsAt: string): Promise<string>;
}

/** Where nobody signs a desk in (the jobs function, the benches): `desk.loginStart` answers DESK_LOGIN_OFF. */
export const noDeskTickets: DeskTicketIssuer = {
  enabled: false,
  issue: () => Promise.reject(new Error('No desk sign-in here')),
};

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
  /** The desk's sign-in credential (desk-sessions.ts). */
  deskTickets: DeskTicketIssuer;
}

/**
 * Who is calling, only ever as the platform vouches for it: a mini-program user by the OPENID
 * the WeChat context gives the function, a desk by the live desk session its sign-in made
 * (`deskCallerOfSession`, in the entry). A desk session is one official's, so it carries that
 * official's OPENID and acts with exactly their roles. Never an id the client sends.
 */
export type Caller = { kind: 'wechat'; openid: string } | { kind: 'desk'; openid: string; sessionId: string };

export function wechatCaller(openid: string): Caller {
  return { kind: 'wechat', openid };
}

/**
 * The one key a caller is known by in stored records: whose roles, who recorded, granted or
 * asked for what. The OPENID, for a desk too: a desk session is its official's, roles and all.
 */
export function callerKey(caller: Caller): string {
  return caller.openid;
}

/**
 * The WeChat account behind the caller as a member, or null: only a mini-program user can be a
 * member (a desk session never registers, checks in or signs in to an activity).
 */
export function callerOpenid(caller: Caller): string | null {
  return caller.kind === 'wechat' ? caller.openid : null;
}

/** What the platform tells about the request itself, beyond who makes it. */
export interface RequestFacts {
  /** The network address the request came from, where the platform gives one. */
  clientAddress: string | null;
}

export const NO_REQUEST_FACTS: RequestFacts = { clientAddress: null };

export interface ServiceContext {
  deps: ServiceDeps;
  caller: Caller;
  request?: RequestFacts;
}

/** The context of an action that takes no caller (a computer asking to sign in). */
export interface PublicContext {
  deps: ServiceDeps;
  caller: Caller | null;
  request: RequestFacts;
}
