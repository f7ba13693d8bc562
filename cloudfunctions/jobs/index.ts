import { parseEnv } from '../../server/config/env';
import { createWechatNotifier } from '../../server/cloud/wechat-notifier';
import { cloudbaseBlobs } from '../../server/files/cloudbase-blobs';
import { createFileStore } from '../../server/files/file-store';
import { createJobsMain, jobsEnvSchema, noCodeRenderer } from '../../server/jobs/jobs-main';
import { PiiProtector } from '../../server/lib/pii';
import { systemClock } from '../../server/lib/time';
import { type ServiceDeps, noDeskTickets } from '../../server/services/context';
import { CloudbaseDocumentStore, createCloudbaseApp } from '../../server/store/cloudbase/cloudbase-document-store';

let deps: Promise<ServiceDeps> | null = null;

/** Built once per container: consecutive timer ticks often land in the same warm container. */
function getDeps(): Promise<ServiceDeps> {
  deps ??= (async () => {
    const env = parseEnv(jobsEnvSchema, process.env);
    const app = createCloudbaseApp({ env: env.CLOUDBASE_ENV });
    const store = new CloudbaseDocumentStore(app, { transactionOperations: env.CLOUDBASE_TRANSACTION_OPERATIONS });
    const files = createFileStore(store, cloudbaseBlobs(app), systemClock);
    return {
      store,
      files,
      pii: new PiiProtector(env.PII_MASTER_KEY),
      clock: systemClock,
      codeRenderer: noCodeRenderer,
      deskTickets: noDeskTickets,
      notifier: createWechatNotifier(env.SUBSCRIBE_TEMPLATES, env.SUBSCRIBE_MINIPROGRAM_STATE),
    };
  })().catch((error: unknown) => {
    // A failed start is retried by the next tick instead of poisoning the container.
    deps = null;
    throw error;
  });
  return deps;
}

export const main = createJobsMain({ getDeps });
