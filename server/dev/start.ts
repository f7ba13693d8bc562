import { join } from 'node:path';
import { localEnvSchema, parseEnv } from '../config/env';
import { DEMO_OPENIDS, seedDemoData } from './demo-data';
import { startGateway } from './gateway';
import { createLocalDeps, developmentMasterKey, ensureDir } from './local-deps';

/** `npm start`: the whole backend on this machine, on the embedded database. */
async function main(): Promise<void> {
  const env = parseEnv(localEnvSchema, process.env);
  ensureDir(env.DATA_DIR);
  if (env.APP_ENV === 'production' && !env.PII_MASTER_KEY) {
    throw new Error('PII_MASTER_KEY is required when APP_ENV=production');
  }
  const masterKey = env.PII_MASTER_KEY ?? developmentMasterKey(env.DATA_DIR);
  const admins = env.DEMO_DATA ? [...env.SYSTEM_ADMIN_OPENIDS, DEMO_OPENIDS.systemAdmin] : env.SYSTEM_ADMIN_OPENIDS;
  const deps = await createLocalDeps({
    filename: join(env.DATA_DIR, 'liudong.sqlite'),
    masterKey,
    systemAdminOpenids: admins,
  });
  if (env.DEMO_DATA) await seedDemoData(deps);
  const development = env.APP_ENV === 'development';
  const gateway = await startGateway({ deps, development, host: env.HOST, port: env.PORT });
  console.log(`流动党员之家 local backend: ${gateway.url} (${env.APP_ENV}, data in ${env.DATA_DIR})`);
  console.log(`  POST ${gateway.url}/functions/api   body {"action": "...", "input": {...}}`);
  if (development) {
    console.log(`  header X-Dev-Openid picks the caller; demo identities: ${Object.values(DEMO_OPENIDS).join(', ')}`);
  }
  const stop = () => {
    gateway
      .close()
      .then(() => deps.store.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
