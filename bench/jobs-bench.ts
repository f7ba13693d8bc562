import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionOutput } from '../server/contract';
import { qrCodeRenderer } from '../server/dev/local-deps';
import { memberSweep } from '../server/jobs/member-sweep';
import { DEFAULT_CHUNK_SIZE, runJobs } from '../server/jobs/run-jobs';
import { createFileStore } from '../server/files/file-store';
import { folderBlobs } from '../server/files/folder-blobs';
import { PiiProtector } from '../server/lib/pii';
import { RecordingNotifier } from '../server/notify/recording-notifier';
import type { Clock } from '../server/lib/time';
import { dispatch } from '../server/router/router';
import { type ServiceDeps, noDeskTickets, wechatCaller } from '../server/services/context';
import type { ReportRecord, RoleRecord } from '../server/services/records';
import type { StoredDocument } from '../server/store/document-store';
import { COLLECTIONS, INDEXES } from '../server/store/indexes';
import { SqliteDocumentStore } from '../server/store/sqlite/sqlite-document-store';
import { CountingStore, type OperationKind } from './counting-store';
import { LIFE, seedLife } from './seed-life';
import { HOME_COUNTY, PROVINCE, seedProvince } from './seed-province';

/**
 * The jobs at province scale: one period's drafts for 100,000 placed members with a year of
 * organizational life behind them, swept in chunks as the jobs function does it; then the first
 * page of a county's inbox once thousands of those reports have been submitted.
 */

const CHUNK = Number(process.env.BENCH_CHUNK ?? DEFAULT_CHUNK_SIZE);
const MEMBERS = Number(process.env.BENCH_JOB_MEMBERS ?? 100_000);
const SUBMITTED = Number(process.env.BENCH_SUBMITTED ?? 4_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A clock the bench sets by hand: the sweep runs on 2 January 2027, 02:00 in Shanghai. */
class FixedClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string): void {
    this.at = new Date(iso);
  }
}

export async function benchJobs(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'liudong-jobs-bench-'));
  const sqlite = new SqliteDocumentStore(join(dir, 'jobs.sqlite'));
  await sqlite.ensureIndexes(INDEXES);
  const clock = new FixedClock(new Date('2025-12-20T02:00:00.000Z'));
  const pii = new PiiProtector(Buffer.alloc(32, 9));
  const files = createFileStore(sqlite, folderBlobs(join(dir, 'files')), clock);
  const seedDeps: ServiceDeps = {
    store: sqlite,
    files,
    pii,
    clock,
    codeRenderer: qrCodeRenderer,
    deskTickets: noDeskTickets,
    notifier: new RecordingNotifier(() => undefined, false),
  };

  let started = Date.now();
  const shape = {
    ...PROVINCE,
    members: MEMBERS,
    pendingShare: 0,
    placedShare: 1,
    placedAt: '2025-12-20T02:00:00.000Z',
    homeCountyShare: 0.06,
  };
  const province = await seedProvince(seedDeps, sqlite, shape);
  const seededMembers = Date.now() - started;
  started = Date.now();
  const life = await seedLife(sqlite, province, LIFE);
  const seededLife = Date.now() - started;
  console.log(
    `\nJobs: seeded ${MEMBERS.toLocaleString()} placed members in ${province.branches.length.toLocaleString()} branches (${seconds(seededMembers)}), ` +
      `then ${LIFE.year}'s life: ${life.activities.toLocaleString()} activities, ${life.attendance.toLocaleString()} attendance records, ` +
      `${life.studyEntries.toLocaleString()} study entries, ${life.silent.toLocaleString()} members silent all year (${seconds(seededLife)})`,
  );

  // The sweep, as the timer would run it on 2 January: 2026-Q4's drafts (the default quarter).
  clock.set('2027-01-01T18:00:00.000Z');
  const counting = new CountingStore(sqlite);
  const deps: ServiceDeps = { ...seedDeps, store: counting };
  const chunkTimes: number[] = [];
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const rssBefore = peakRss;
  const heapBefore = peakHeap;
  global.gc?.();
  started = Date.now();
  const summary = await runJobs(deps, {
    deadline: Number.POSITIVE_INFINITY,
    chunkSize: CHUNK,
    jobs: [memberSweep],
    log: (event, details) => {
      if (event !== 'jobs.chunk' || typeof details?.ms !== 'number') return;
      chunkTimes.push(details.ms);
      const memory = process.memoryUsage();
      peakRss = Math.max(peakRss, memory.rss);
      peakHeap = Math.max(peakHeap, memory.heapUsed);
    },
  });
  const sweepMs = Date.now() - started;
  const sweep = summary.jobs[0];
  const drafts = sweep.created;
  const sorted = [...chunkTimes].sort((a, b) => a - b);
  const ops = counting.counts;
  const perReport = (Object.keys(ops) as OperationKind[])
    .filter((kind) => ops[kind] > 0)
    .map((kind) => `${kind}×${(ops[kind] / drafts).toFixed(2)}`)
    .join(' ');
  const flags = await sqlite.count(COLLECTIONS.lifeFlags, {});
  const messages = await sqlite.count(COLLECTIONS.messages, {});
  console.log(
    `\nMember sweep (chunks of ${CHUNK}, ${summary.today}, ${sweep.runKey}): ${sweep.processed.toLocaleString()} members, ${drafts.toLocaleString()} drafts of 2026-Q4, ${flags} no-life flags, ${messages} messages`,
  );
  console.table([
    {
      total: seconds(sweepMs),
      chunks: chunkTimes.length,
      'chunk median ms': fmt(percentile(sorted, 50)),
      'chunk p95 ms': fmt(percentile(sorted, 95)),
      'chunk max ms': fmt(sorted[sorted.length - 1] ?? 0),
      'members/s': Math.round(sweep.processed / (sweepMs / 1000)),
    },
  ]);
  console.log(
    `Memory during the sweep: peak RSS ${mib(peakRss)} (before ${mib(rssBefore)}), peak heap used ${mib(peakHeap)} (before ${mib(heapBefore)}); ` +
      `process max RSS including the seeding ${mib(process.resourceUsage().maxRSS * 1024)}`,
  );
  console.log(
    `Store operations per report drafted: ${perReport} (total ${(counting.total() / drafts).toFixed(2)}; includes the no-life clock and the job state)`,
  );
  console.log(
    `At CloudBase's cost of one HTTP round trip per operation, ${(counting.total() / sweep.processed).toFixed(1)} per member: at 20 ms each and ` +
      `${8} members at a time, ~${Math.ceil(((counting.total() / 8) * 20) / 1000 / 50)} invocations of 50 s.`,
  );

  // The county's inbox: several thousand of its reports submitted by their branches.
  const countyReports: StoredDocument<ReportRecord>[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: StoredDocument<ReportRecord>[]; nextCursor: string | null } = await sqlite.find<ReportRecord>(
      COLLECTIONS.reports,
      {
        where: { outflowPath: { $gte: `/o_js/o_c0/${HOME_COUNTY}/`, $lt: `/o_js/o_c0/${HOME_COUNTY}0` } },
        limit: 1000,
        cursor,
      },
    );
    // A member placed in the very branch they come from would have its own secretary on both sides
    // (the seed places members at random): the service rightly lets nobody submit that one.
    countyReports.push(...page.items.filter((report) => report.branchPath !== report.outflowPath));
    cursor = page.nextCursor;
  } while (cursor);
  clock.set('2027-01-05T02:00:00.000Z');
  const silent = () => undefined;
  started = Date.now();
  const toSubmit = countyReports.slice(0, Math.min(SUBMITTED, countyReports.length));
  for (const report of toSubmit) {
    const result = await dispatch(
      seedDeps,
      wechatCaller(province.secretaryOf.get(report.branchId) ?? ''),
      'report.submit',
      {
        reportId: report._id,
        version: report.version,
        assessment: { thinking: '思想稳定', conduct: '表现良好', needs: '', comment: '', grade: 'good' },
      },
      silent,
    );
    if (!result.ok) throw new Error(`report.submit: ${result.error.code} ${result.error.message}`);
  }
  const submitMs = Date.now() - started;
  const admin = 'bench_county_admin';
  const role: RoleRecord = {
    openid: admin,
    role: 'org_admin',
    orgId: HOME_COUNTY,
    orgPath: `/o_js/o_c0/${HOME_COUNTY}/`,
    holderName: '县委组织部',
    grantedBy: 'bench',
    grantedAt: '2026-01-01T00:00:00.000Z',
    revokedAt: null,
    revokedBy: null,
  };
  await sqlite.insert<RoleRecord>(COLLECTIONS.roles, { _id: `r_${admin}`, ...role });

  const inboxDeps: ServiceDeps = { ...seedDeps, store: counting };
  const inboxPage = async (cursor: string | null): Promise<ActionOutput<'report.inbox'>> => {
    const result = await dispatch(
      inboxDeps,
      wechatCaller(admin),
      'report.inbox',
      { orgId: HOME_COUNTY, limit: 20, cursor },
      silent,
    );
    if (!result.ok || (result.data as ActionOutput<'report.inbox'>).items.length !== 20)
      throw new Error('report.inbox did not return a full page');
    return result.data as ActionOutput<'report.inbox'>;
  };
  /** Times one page of the county's inbox, SAMPLES times: its median, p95 and store operations per call. */
  const timePage = async (label: string, cursor: string | null) => {
    const times: number[] = [];
    counting.reset();
    for (let i = 0; i < SAMPLES; i += 1) {
      const t = process.hrtime.bigint();
      await inboxPage(cursor);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const ops = (Object.keys(counting.counts) as OperationKind[])
      .filter((kind) => counting.counts[kind] > 0)
      .map((kind) => `${kind}×${(counting.counts[kind] / SAMPLES).toFixed(1)}`)
      .join(' ');
    return {
      action: label,
      median: fmt(percentile(sorted, 50)),
      p95: fmt(percentile(sorted, 95)),
      'store ops': ops,
      samples: SAMPLES,
    };
  };
  const first = await timePage('report.inbox (first page of 20, county admin)', null);
  // The cursor of the 100th page: 1,980 entries into the county's inbox.
  const DEEP = Math.min(100, Math.floor(toSubmit.length / 20));
  let deepCursor: string | null = null;
  for (let page = 1; page < DEEP; page += 1) deepCursor = (await inboxPage(deepCursor)).nextCursor;
  const deep = await timePage(`report.inbox (page ${DEEP}, after ${((DEEP - 1) * 20).toLocaleString()} reports)`, deepCursor);
  const entries = await sqlite.count(COLLECTIONS.inboxEntries, {});
  console.log(
    `\nCounty inbox (${HOME_COUNTY}: ${countyReports.length.toLocaleString()} reports, ${toSubmit.length.toLocaleString()} submitted through report.submit in ${seconds(submitMs)}, ` +
      `${entries.toLocaleString()} inbox entries, one per organization on each report's outflow path):`,
  );
  console.table([first, deep]);
  console.log(
    'Reproduce: npm run bench -- jobs   (BENCH_JOB_MEMBERS, BENCH_CHUNK, BENCH_SUBMITTED, BENCH_SAMPLES to change the shape; node --expose-gc for a clean heap baseline)',
  );

  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
