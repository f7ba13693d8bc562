/** The event the `api` function receives, from the phone and from the desk alike. */
export interface ApiEvent {
  action: string;
  input: unknown;
}

/**
 * Who the desk speaks for: the ticket its sign-in ended with, or (development only, against the
 * local gateway) a demo identity picked by OPENID, exactly like the mini-program's local transport.
 */
export type DeskCredential =
  { kind: 'ticket'; ticket: string; officialName: string } | { kind: 'demo'; openid: string; officialName: string };

/**
 * One way to reach the `api` function. `send` resolves to whatever the function returned (the
 * envelope, narrowed by the caller) and rejects only when no answer came back at all.
 */
export interface DeskTransport {
  readonly name: 'local' | 'cloud';
  send(event: ApiEvent, credential: DeskCredential | null): Promise<unknown>;
  /** Makes later calls speak for this credential (the cloud signs its SDK in with the ticket). */
  signIn(credential: DeskCredential): Promise<void>;
  signOut(): Promise<void>;
}

/** Thrown when the request never produced an answer: the desk says the network is down. */
export class TransportError extends Error {}

const FUNCTION_URL = '/functions/api';

/**
 * The local gateway at the same origin (`npm start` serves the desk at /desk/): a ticket goes as
 * `Authorization: Bearer`, a demo identity as `X-Dev-Openid` (which the gateway honours only in
 * development, from loopback).
 */
export function localTransport(fetchImpl: typeof fetch = (input, init) => fetch(input, init)): DeskTransport {
  return {
    name: 'local',
    async send(event, credential) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (credential?.kind === 'ticket') headers.Authorization = `Bearer ${credential.ticket}`;
      if (credential?.kind === 'demo') headers['X-Dev-Openid'] = credential.openid;
      let response: Response;
      try {
        response = await fetchImpl(FUNCTION_URL, { method: 'POST', headers, body: JSON.stringify(event) });
      } catch (error) {
        throw new TransportError(error instanceof Error ? error.message : String(error));
      }
      // The gateway answers refusals (403, 413) with the envelope too; anything else is not ours.
      try {
        return (await response.json()) as unknown;
      } catch {
        throw new TransportError(`HTTP ${response.status}`);
      }
    },
    signIn: async () => undefined,
    signOut: async () => undefined,
  };
}
