import { cloudEnvSchema, parseEnv } from '../../server/config/env';
import { type CloudAuth, type CloudContext, cloudRequestFacts, resolveCloudCaller } from '../../server/cloud/cloud-caller';
import { createCustomLoginTickets } from '../../server/cloud/custom-login-tickets';
import { createWechatNotifier } from '../../server/cloud/wechat-notifier';
import { createWxacodeRenderer } from '../../server/cloud/wxacode-renderer';
import { createMain } from '../../server/entry/create-main';
import { cloudbaseBlobs } from '../../server/files/cloudbase-blobs';
import { createFileStore } from '../../server/files/file-store';
import { PiiProtector } from '../../server/lib/pii';
import { systemClock } from '../../server/lib/time';
import type { ServiceDeps } from '../../server/services/context';
import { ensureSystemAdmins } from '../../server/services/roles';
import { CloudbaseDocumentStore, createCloudbaseApp } from '../../server/store/cloudbase/cloudbase-document-store';

let deps: Promise<ServiceDeps> | null = null;
/** The app's `auth()`, for who signed in at the desk; set by getDeps, which the entry awaits first. */
let auth: CloudAuth | null = null;

/** Built once per container: the SDK app, the store and the admin bootstrap outlive one call. */
function getDeps(): Promise<ServiceDeps> {
  deps ??= (async () => {
    const env = parseEnv(cloudEnvSchema, process.env);
    const key = env.DESK_LOGIN_PRIVATE_KEY;
    if (key && env.CLOUDBASE_ENV && key.env_id !== env.CLOUDBASE_ENV) {
      throw new Error(`DESK_LOGIN_PRIVATE_KEY is the key of ${key.env_id}, not of CLOUDBASE_ENV ${env.CLOUDBASE_ENV}`);
    }
    const app = createCloudbaseApp({ env: env.CLOUDBASE_ENV, ...(key ? { credentials: key } : {}) });
    auth = app.auth();
    const store = new CloudbaseDocumentStore(app, { transactionOperations: env.CLOUDBASE_TRANSACTION_OPERATIONS });
    const pii = new PiiProtector(env.PII_MASTER_KEY);
    await ensureSystemAdmins(store, pii, systemClock, env.SYSTEM_ADMIN_OPENIDS);
    const files = createFileStore(store, cloudbaseBlobs(app), systemClock);
    return {
      store,
      files,
      pii,
      clock: systemClock,
      codeRenderer: createWxacodeRenderer(env.WXACODE_ENV_VERSION),
      // The api only reads the template ids (notify.templates, notify.subscribe); the jobs send.
      notifier: createWechatNotifier(env.SUBSCRIBE_TEMPLATES, env.SUBSCRIBE_MINIPROGRAM_STATE),
      deskTickets: createCustomLoginTickets(key ? app : null),
    };
  })().catch((error: unknown) => {
    // A failed start is retried by the next call instead of poisoning the container.
    deps = null;
    throw error;
  });
  return deps;
}

const noAuth: CloudAuth = { getUserInfo: () => ({ customUserId: '' }), getClientIP: () => '' };

export const main = createMain<CloudContext>({
  getDeps,
  resolveCaller: (context, built) => resolveCloudCaller(auth ?? noAuth, context, built),
  requestFacts: (context) => cloudRequestFacts(auth ?? noAuth, context),
});
