import { join, resolve } from 'node:path';
import { z } from 'zod';
import { localEnvSchema, parseEnv } from '../config/env';
import type { JobLog } from '../jobs/job';
import { runAllJobs } from '../jobs/run-all';
import { startJobTimer } from '../jobs/schedule';
import { type Clock, systemClock } from '../lib/time';
import { DEMO_OPENIDS, seedDemoData } from './demo-data';
import { startGateway } from './gateway';
import { type LocalDeps, createLocalDeps, developmentMasterKey, ensureDir } from './local-deps';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** How often `npm start` runs the jobs, like the deployed timer's 10-minute ticks. */
const JOBS_EVERY_MS = 10 * 60_000;

/**
 * Command-line flags. `--jobs` runs the batch jobs once, to the end, on the local database and
 * exits (`npm run jobs`); `--at=<ISO time>` makes that run believe it is another moment, to see
 * what the jobs would do on the 1st of a month.
 */
const argsSchema = z.object({
  jobsOnly: z.boolean(),
  at: z.iso.datetime({ offset: true }).nullable(),
});

function parseArgs(argv: readonly string[]): z.infer<typeof argsSchema> {
  const unknown = argv.filter((arg) => arg !== '--jobs' && !arg.startsWith('--at='));
  if (unknown.length > 0) throw new Error(`Unknown argument ${unknown[0]}; use --jobs [--at=2027-01-01T02:00:00+08:00]`);
  const at = argv.find((arg) => arg.startsWith('--at='))?.slice('--at='.length) ?? null;
  const parsed = argsSchema.safeParse({ jobsOnly: argv.includes('--jobs'), at });
  if (!parsed.success) throw new Error(`--at must be an ISO time with an offset, e.g. 2027-01-01T02:00:00+08:00`);
  if (parsed.data.at && !parsed.data.jobsOnly) throw new Error('--at is only for --jobs');
  return parsed.data;
}

const jobLog: JobLog = (event, details) => console.log(`[jobs] ${event}${details ? ` ${JSON.stringify(details)}` : ''}`);

/** `npm run jobs`: one pass to the end, then the summary. */
async function runJobsOnce(deps: LocalDeps): Promise<void> {
  const summary = await runAllJobs(deps, { deadline: Number.POSITIVE_INFINITY, log: jobLog });
  console.log(`Jobs for ${summary.today}:`);
  for (const request of summary.requested.requests) {
    console.log(`  requested ${request.kind} ${request.jobId}: ${request.status}; this pass ${request.processed} processed`);
  }
  for (const job of summary.jobs) {
    console.log(
      `  ${job.job} ${job.runKey}: ${job.status}; this pass ${job.processed} processed, ${job.created} created ` +
        `(run total ${job.total.processed} processed, ${job.total.created} created, ${job.total.chunks} chunks)`,
    );
  }
}

/** `npm start`: the whole backend on this machine, on the embedded database. */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const env = parseEnv(localEnvSchema, process.env);
  ensureDir(env.DATA_DIR);
  if (env.APP_ENV === 'production' && !env.PII_MASTER_KEY) {
    throw new Error('PII_MASTER_KEY is required when APP_ENV=production');
  }
  const masterKey = env.PII_MASTER_KEY ?? developmentMasterKey(env.DATA_DIR);
  const admins = env.DEMO_DATA ? [...env.SYSTEM_ADMIN_OPENIDS, DEMO_OPENIDS.systemAdmin] : env.SYSTEM_ADMIN_OPENIDS;
  const at = args.at;
  const clock: Clock = at ? { now: () => new Date(at) } : systemClock;
  const deps = await createLocalDeps({
    filename: join(env.DATA_DIR, 'liudong.sqlite'),
    masterKey,
    systemAdminOpenids: admins,
    clock,
  });
  if (args.jobsOnly) {
    try {
      await runJobsOnce(deps);
    } finally {
      await deps.store.close();
    }
    return;
  }
  if (env.DEMO_DATA) await seedDemoData(deps, { log: (line) => console.log(`Demo data: ${line}`) });
  const development = env.APP_ENV === 'development';
  // Built by `npm start`'s first step (scripts/build-desk.ts --if-stale) or `npm run build:web`.
  const deskRoot = join(REPO_ROOT, 'web', 'dist');
  const gateway = await startGateway({
    deps,
    development,
    host: env.HOST,
    port: env.PORT,
    deskTickets: deps.deskTickets,
    deskRoot,
  });
  console.log(`流动党员之家 local backend: ${gateway.url} (${env.APP_ENV}, data in ${env.DATA_DIR})`);
  console.log(`  POST ${gateway.url}/functions/api   body {"action": "...", "input": {...}}`);
  console.log(`  desk (组织部门工作台): ${gateway.url}/desk/`);
  if (development) {
    console.log(
      env.DEMO_DATA
        ? `  header X-Dev-Openid picks the caller; demo identities: ${Object.values(DEMO_OPENIDS).join(', ')}`
        : '  header X-Dev-Openid picks the caller (no demo data: DEMO_DATA=false)',
    );
  }
  // The desk signs in from the phone in every mode; in development a demo official can stand in for the phone.
  console.log('  desk sign-in (README "Signing the desk in"):');
  console.log(
    '    1. desk.loginStart {"device":"Chrome · Windows"} -> loginId, pollToken, image (a QR of the 电脑登录确认 page)',
  );
  console.log(
    development && env.DEMO_DATA
      ? `    2. scan it in the mini-program, or as the phone: desk.loginConfirm {"loginId":"…","decision":"confirm"} with X-Dev-Openid: ${DEMO_OPENIDS.communityAdmin}`
      : '    2. an official scans it in the mini-program and taps 确认登录',
  );
  console.log(
    '    3. desk.loginPoll {"loginId":"…","pollToken":"…"} -> ticket; then send Authorization: Bearer <ticket> with every call',
  );
  // After the demo data, so the first pass already sees it.
  const jobs = startJobTimer(deps, { everyMs: JOBS_EVERY_MS, log: jobLog });
  const stop = () => {
    jobs
      .stop()
      .then(() => gateway.close())
      .then(() => deps.store.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // The last line, once Ctrl-C stops it cleanly.
  console.log('  batch jobs: now and every 10 minutes; on demand: npm run jobs');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
