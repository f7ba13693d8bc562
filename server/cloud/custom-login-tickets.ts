import type { DeskTicketIssuer } from '../services/context';
import type { CloudbaseApp } from '../store/cloudbase/cloudbase-document-store';

/**
 * The desk's sign-in ticket in the cloud: a CloudBase custom-login ticket whose custom user id is
 * the desk session's id, signed with the custom-login private key the app was initialised with
 * (`credentials`). The desk signs in with `auth.customAuthProvider().signIn(ticket)`; from then
 * on the `api` function reads the session id back from `auth().getUserInfo().customUserId`.
 * Without a key (`app` null) nobody can sign a desk in.
 */
export function createCustomLoginTickets(app: CloudbaseApp | null): DeskTicketIssuer {
  if (!app) return { enabled: false, issue: () => Promise.reject(new Error('DESK_LOGIN_PRIVATE_KEY is not set')) };
  return {
    enabled: true,
    // `expire` bounds the js-sdk's own login by the session's working day; the session record decides each call.
    issue: async (sessionId, endsAt) => app.auth().createTicket(sessionId, { expire: Date.parse(endsAt) }),
  };
}
