import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FigureCounts } from '../server/contract';
import { qrCodeRenderer } from '../server/dev/local-deps';
import { createFileStore } from '../server/files/file-store';
import { folderBlobs } from '../server/files/folder-blobs';
import { orgFigures } from '../server/jobs/org-figures';
import { createJobContext, runJobs } from '../server/jobs/run-jobs';
import { PiiProtector } from '../server/lib/pii';
import { systemClock } from '../server/lib/time';
import { RecordingNotifier } from '../server/notify/recording-notifier';
import { dispatch } from '../server/router/router';
import { type ServiceDeps, noDeskTickets, wechatCaller } from '../server/services/context';
import { type OrganizationDoc, pathIds, underPath } from '../server/services/organizations';
import type { MemberRecord, OrganizationRecord, RoleRecord } from '../server/services/records';
import { addCounts, countsOfFigures, emptyCounts, memberFigures } from '../server/services/subtree-figures';
import { type Filter, MAX_PAGE_SIZE } from '../server/store/document-store';
import { COLLECTIONS, INDEXES } from '../server/store/indexes';
import { SqliteDocumentStore } from '../server/store/sqlite/sqlite-document-store';
import { CountingStore, type OperationKind } from './counting-store';
import { PROVINCE, seedProvince } from './seed-province';

/**
 * The figures of a province-sized subtree (`npm run bench -- figures`): the view as it is built,
 * from the documents the night's job keeps (one read of the organization's own, one page of its
 * children's), against counting when someone looks: (a) count queries, one per figure a query
 * can count at all, for the organization and each child; (b) every member below the organization
 * read and evaluated, as the job does. Each with its median time and its store operations; then
 * the job itself, once, at the same scale.
 */

const MEMBERS = Number(process.env.BENCH_FIGURES_MEMBERS ?? PROVINCE.members);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const COUNT_SAMPLES = Number(process.env.BENCH_FIGURES_COUNT_SAMPLES ?? 5);
const WALK_SAMPLES = Number(process.env.BENCH_FIGURES_WALK_SAMPLES ?? 3);
const PROVINCE_ADMIN = 'bench_province_admin';

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms < 1000 ? ms.toFixed(2) : `${(ms / 1000).toFixed(1)} s`);

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function timeIt(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const opsText = (ops: Record<OperationKind, number>) =>
  (Object.entries(ops) as [OperationKind, number][])
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind}×${Number.isInteger(n) ? n : n.toFixed(1)}`)
    .join(' ');

/** The members a query can pick out by their record alone; the other figures need each member's life, study and reports read. */
const QUERY_COUNTED: { key: keyof FigureCounts; where: Filter }[] = [
  { key: 'registered', where: {} },
  { key: 'placed', where: { status: 'placed' } },
  { key: 'returned', where: { status: 'returned' } },
  { key: 'transferred', where: { status: 'transferred' } },
  { key: 'lost', where: { 'lostContact.since': { $ne: null } } },
  { key: 'checkedIn', where: { checkinCount: { $gt: 0 } } },
];

const below = (path: string): Filter => ({ $or: [underPath('inflowPath', path), underPath('outflowPath', path)] });

/** (a) Count queries for the organization and each child, for the figures a query can count. */
async function countByQueries(deps: ServiceDeps, org: OrganizationDoc, children: OrganizationDoc[]): Promise<number> {
  const counts = await Promise.all(
    [org, ...children].flatMap((each) =>
      QUERY_COUNTED.map(({ where }) => deps.store.count(COLLECTIONS.members, { ...where, ...below(each.path) })),
    ),
  );
  return counts[0];
}

/** (b) Every member below the organization read and evaluated, summed for it and for each child. */
async function countByWalking(deps: ServiceDeps, org: OrganizationDoc, children: OrganizationDoc[]): Promise<FigureCounts> {
  const ctx = createJobContext(deps, {});
  const total = emptyCounts();
  const byChild = new Map(children.map((child) => [child._id, emptyCounts()]));
  let cursor: string | null = null;
  do {
    const page: { items: (MemberRecord & { _id: string; version: number })[]; nextCursor: string | null } =
      await deps.store.find<MemberRecord>(COLLECTIONS.members, { where: below(org.path), limit: MAX_PAGE_SIZE, cursor });
    const evaluated = await Promise.all(page.items.map((member) => memberFigures(ctx, member)));
    for (const one of evaluated) {
      addCounts(total, countsOfFigures(one.figures));
      const through = new Set(one.paths.flatMap(pathIds));
      for (const [childId, counts] of byChild) if (through.has(childId)) addCounts(counts, countsOfFigures(one.figures));
    }
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}

export async function benchFigures(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'liudong-figures-bench-'));
  const sqlite = new SqliteDocumentStore(join(dir, 'figures.sqlite'));
  await sqlite.ensureIndexes(INDEXES);
  const store = new CountingStore(sqlite);
  const deps: ServiceDeps = {
    store,
    files: createFileStore(sqlite, folderBlobs(join(dir, 'files')), systemClock),
    pii: new PiiProtector(Buffer.alloc(32, 9)),
    clock: systemClock,
    codeRenderer: qrCodeRenderer,
    notifier: new RecordingNotifier(() => undefined, false),
    deskTickets: noDeskTickets,
  };
  let started = Date.now();
  const seeded = await seedProvince(deps, sqlite, { ...PROVINCE, members: MEMBERS });
  const root = await sqlite.get<OrganizationRecord>(COLLECTIONS.organizations, 'o_js');
  if (!root) throw new Error('the province was not seeded');
  const role: RoleRecord = {
    openid: PROVINCE_ADMIN,
    role: 'org_admin',
    orgId: root._id,
    orgPath: root.path,
    holderName: '省委组织部',
    grantedBy: 'bench',
    grantedAt: new Date().toISOString(),
    revokedAt: null,
    revokedBy: null,
  };
  await sqlite.insert<RoleRecord>(COLLECTIONS.roles, { _id: 'r_bench_province_admin', ...role });
  console.log(
    `\nFigures: seeded ${MEMBERS.toLocaleString()} members in ${seeded.organizations.toLocaleString()} organizations in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  started = Date.now();
  store.reset();
  const run = await runJobs(deps, { deadline: Number.POSITIVE_INFINITY, jobs: [orgFigures] });
  const jobMs = Date.now() - started;
  const jobOps = { ...store.counts };
  const children = (
    await sqlite.find<OrganizationRecord>(COLLECTIONS.organizations, { where: { parentId: root._id }, limit: 100 })
  ).items;

  const rows: { way: string; samples: number; median: number; ops: Record<OperationKind, number>; registered: number }[] = [];
  async function measure(way: string, samples: number, work: () => Promise<number>): Promise<void> {
    const times: number[] = [];
    let ops = { ...store.counts };
    let registered = 0;
    for (let i = 0; i < samples; i += 1) {
      store.reset();
      times.push(await timeIt(async () => (registered = await work())));
      ops = { ...store.counts };
    }
    rows.push({ way, samples, median: median(times), ops, registered });
  }

  const silent = () => undefined;
  await measure('kept counters: figures.get (the view)', SAMPLES, async () => {
    const result = await dispatch(deps, wechatCaller(PROVINCE_ADMIN), 'figures.get', { orgId: root._id }, silent);
    if (!result.ok) throw new Error(result.error.message);
    return (result.data as { organization: { subtree: FigureCounts } }).organization.subtree.registered;
  });
  await measure('(a) count queries, 6 of 13 figures', COUNT_SAMPLES, () => countByQueries(deps, root, children));
  await measure(
    '(b) every member read and evaluated',
    WALK_SAMPLES,
    async () => (await countByWalking(deps, root, children)).registered,
  );

  const kept = rows[0].median;
  console.log(
    `Figures of the province (${children.length} cities below it), median ms; ratio to the kept counters (${WALK_SAMPLES} samples of (b), ${COUNT_SAMPLES} of (a)):`,
  );
  console.table(
    rows.map((row) => ({
      way: row.way,
      samples: row.samples,
      median: fmt(row.median),
      'store ops': opsText(row.ops),
      'registered (check)': row.registered,
      'median / kept': (row.median / kept).toFixed(0),
    })),
  );
  console.log(
    `The night's figures job over the same province: ${(jobMs / 1000).toFixed(1)} s, ${run.jobs[0].total.chunks} chunks, store ops ${opsText(jobOps)}`,
  );
  console.log('Reproduce: npm run bench -- figures   (BENCH_FIGURES_MEMBERS, BENCH_SAMPLES to change the size)');
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
