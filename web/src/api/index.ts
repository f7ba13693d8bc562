import { readDeskConfig } from '../config';
import { cloudTransport } from './cloud-transport';
import { browserCredentialStore, createDeskApi } from './desk-api';
import { localTransport } from './transport';

export { deskMessage } from './desk-api';
export type { CallResult, ClientError, DeskApi } from './desk-api';
export type { DeskCredential } from './transport';

const config = readDeskConfig(import.meta.env);

/** The desk's one api client; pages call `api.call(action, input)`. */
export const api = createDeskApi(
  config.transport === 'cloud' ? cloudTransport(config.env) : localTransport(),
  browserCredentialStore(),
);

/** Whether this build talks to the local gateway (where a development gateway offers demo identities). */
export const isLocalBuild = config.transport === 'local';
