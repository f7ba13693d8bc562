import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionInput, ActionName, ActionOutput } from '../server/contract';
import { demoIdCard } from '../server/dev/demo-data';
import { qrCodeRenderer } from '../server/dev/local-deps';
import { createFileStore } from '../server/files/file-store';
import { folderBlobs } from '../server/files/folder-blobs';
import { PiiProtector } from '../server/lib/pii';
import { RecordingNotifier } from '../server/notify/recording-notifier';
import { systemClock } from '../server/lib/time';
import { dispatch } from '../server/router/router';
import { type ServiceDeps, noDeskTickets, wechatCaller } from '../server/services/context';
import { memberIdFor } from '../server/services/members';
import { INDEXES } from '../server/store/indexes';
import { SqliteDocumentStore } from '../server/store/sqlite/sqlite-document-store';
import { describeBundleSize, measureBundleSize } from './bundle-size';
import { CountingStore, type OperationKind } from './counting-store';
import { benchFigures } from './figures-bench';
import { benchJobs } from './jobs-bench';
import { benchImports } from './imports-bench';
import { benchOutbox } from './outbox-bench';
import { benchPlaces } from './places-bench';
import { benchRequests } from './request-counts';
import { PROVINCE, seedProvince } from './seed-province';

/**
 * `npm run bench`: the check-in path on a province-sized embedded store. For each action it
 * prints the median and p95 time, the store operations it makes, and the ratio of its median
 * to the time of those operations done bare (what the rules, validation and mapping add).
 * Then the jobs at the same scale (bench/jobs-bench.ts), every action's CloudBase round trips
 * (bench/request-counts.ts), and the night's subscribe messages (bench/outbox-bench.ts).
 * and the month's movement list imported (bench/imports-bench.ts), and the figures of a
 * province-sized subtree, kept against counted (bench/figures-bench.ts).
 * and the 归队码's nearest-first query over a city's places, indexed against reading them all (bench/places-bench.ts).
 * `npm run bench -- checkin`, `-- jobs`, `-- requests`, `-- outbox`, `-- imports`, `-- figures` or `-- places` runs one part.
 */

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

function summarize(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

async function timeIt(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));

async function benchCheckin(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'liudong-bench-'));
  const sqlite = new SqliteDocumentStore(join(dir, 'bench.sqlite'));
  await sqlite.ensureIndexes(INDEXES);
  const store = new CountingStore(sqlite);
  const deps: ServiceDeps = {
    store,
    files: createFileStore(sqlite, folderBlobs(join(dir, 'files')), systemClock),
    pii: new PiiProtector(Buffer.alloc(32, 9)),
    clock: systemClock,
    codeRenderer: qrCodeRenderer,
    deskTickets: noDeskTickets,
    notifier: new RecordingNotifier(() => undefined, false),
  };

  const seedStart = Date.now();
  const province = await seedProvince(deps, sqlite, PROVINCE);
  console.log(
    `Seeded ${PROVINCE.members.toLocaleString()} members, ${province.organizations.toLocaleString()} organizations ` +
      `(${province.branches.length.toLocaleString()} branches), ${province.pending.length.toLocaleString()} pending check-ins in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  const silent = () => undefined;
  async function act<K extends ActionName>(openid: string, action: K, input: ActionInput<K>) {
    const result = await dispatch(deps, wechatCaller(openid), action, input, silent);
    if (!result.ok) throw new Error(`${action}: ${result.error.code} ${result.error.message}`);
    return result.data as ActionOutput<K>;
  }

  const rows: { action: string; median: number; p95: number; ops: Record<OperationKind, number>; bare: number }[] = [];
  async function measure(action: string, prepare: (i: number) => Promise<() => Promise<unknown>>): Promise<void> {
    const times: number[] = [];
    const totals: Record<OperationKind, number> = { get: 0, find: 0, count: 0, insert: 0, update: 0, transaction: 0 };
    for (let i = 0; i < SAMPLES; i += 1) {
      const run = await prepare(i);
      store.reset();
      times.push(await timeIt(run));
      for (const kind of Object.keys(totals) as OperationKind[]) totals[kind] += store.counts[kind];
    }
    const ops = Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v / SAMPLES])) as Record<OperationKind, number>;
    rows.push({ action, ...summarize(times), ops, bare: 0 });
  }

  const notice = await act('bench_probe', 'consent.notice', {});
  const pick = <T>(list: readonly T[], i: number) => list[(i * 7919) % list.length];

  await measure('member.register', async (i) => {
    const openid = `bench_new_${i}`;
    await act(openid, 'consent.accept', { version: notice.version });
    const outflow = pick(province.outflowBranches, i);
    const input: ActionInput<'member.register'> = {
      name: '新党员',
      gender: 'male',
      // Each sample needs an ID number of its own.
      idCard: demoIdCard('320503', `${1960 + (Math.floor(i / 499) % 34)}-08-08`, 1 + 2 * (i % 499)),
      phone: '13900000000',
      standing: 'full',
      joinedPartyOn: '2012-07-01',
      outflow: { kind: 'listed', orgId: outflow.id },
      leftOn: '2025-01',
      leaveReason: 'work',
      residence: { region: { province: '江苏省', city: '苏州市', district: '第1区' }, address: '某路 8 号' },
      workplace: '某公司',
      occupation: '职员',
      industry: 'O',
      workPattern: 'regular',
      skills: [],
    };
    return () => act(openid, 'member.register', input);
  });

  await measure('checkin.submit', async (i) => {
    const openid = province.registeredOpenids[i];
    const branch = pick(province.branches, i);
    return () => act(openid, 'checkin.submit', { orgId: branch.id, via: 'scan' });
  });

  const branchesWithPending = [...new Set(province.pending.map((p) => p.branchId))];
  await measure('checkin.pending (first page)', async (i) => {
    const branchId = pick(branchesWithPending, i);
    const secretary = province.secretaryOf.get(branchId) ?? '';
    return () => act(secretary, 'checkin.pending', { orgId: branchId, limit: 20 });
  });

  await measure('checkin.decide', async (i) => {
    const request = province.pending[i];
    const secretary = province.secretaryOf.get(request.branchId) ?? '';
    return () => act(secretary, 'checkin.decide', { checkinId: request.checkinId, version: 1, decision: 'approve' });
  });

  // The same operations done bare on the same store, each kind timed on its own.
  const bare: Record<OperationKind, number> = { get: 0, find: 0, count: 0, insert: 0, update: 0, transaction: 0 };
  const memberIds = Array.from({ length: SAMPLES }, (_, i) => `bench_member_${(i * 331) % PROVINCE.members}`);
  const collect = async (work: (i: number) => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) times.push(await timeIt(() => work(i)));
    return summarize(times).median;
  };
  bare.get = await collect((i) => sqlite.get('members', memberIdFor(deps, memberIds[i])));
  bare.find = await collect((i) =>
    sqlite.find('checkins', {
      where: { branchId: pick(branchesWithPending, i), status: 'pending' },
      orderBy: [{ field: 'submittedAt', direction: 'asc' }],
      limit: 20,
    }),
  );
  bare.count = await collect((i) => sqlite.count('checkins', { branchId: pick(branchesWithPending, i), status: 'pending' }));
  bare.insert = await collect((i) =>
    sqlite.insert('bench_scratch', { _id: `s_${i}`, payload: 'x'.repeat(600), at: new Date().toISOString() }),
  );
  bare.update = await collect((i) => sqlite.update('bench_scratch', `s_${i}`, 1, { payload: 'y'.repeat(600) }));
  bare.transaction = await collect(() => sqlite.transaction(async () => undefined));

  for (const row of rows) {
    row.bare = (Object.keys(bare) as OperationKind[]).reduce((sum, kind) => sum + row.ops[kind] * bare[kind], 0);
  }

  console.log(`\nCheck-in path, ${SAMPLES} samples per action (times in ms):`);
  console.table(
    rows.map((row) => ({
      action: row.action,
      median: fmt(row.median),
      p95: fmt(row.p95),
      'store ops': (Object.entries(row.ops) as [OperationKind, number][])
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${kind}×${Number.isInteger(n) ? n : n.toFixed(1)}`)
        .join(' '),
      'bare ops': fmt(row.bare),
      'median / bare': (row.median / row.bare).toFixed(1),
    })),
  );
  console.log('Bare store operations (median ms):', Object.fromEntries(Object.entries(bare).map(([k, v]) => [k, fmt(v)])));
  console.log('Reproduce: npm run bench   (BENCH_SAMPLES=n to change the sample count)');

  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });

  console.log(`\n${describeBundleSize(await measureBundleSize())}`);
}

async function main(): Promise<void> {
  const parts = process.argv.slice(2);
  const known = ['checkin', 'jobs', 'requests', 'outbox', 'imports', 'figures', 'places'];
  const unknown = parts.filter((part) => !known.includes(part));
  if (unknown.length > 0)
    throw new Error(`Unknown part ${unknown[0]}: npm run bench [-- checkin|jobs|requests|outbox|imports|figures|places]`);
  const started = Date.now();
  if (parts.length === 0 || parts.includes('checkin')) await benchCheckin();
  if (parts.length === 0 || parts.includes('jobs')) await benchJobs();
  if (parts.length === 0 || parts.includes('requests')) await benchRequests();
  if (parts.length === 0 || parts.includes('outbox')) await benchOutbox();
  if (parts.length === 0 || parts.includes('imports')) await benchImports();
  if (parts.length === 0 || parts.includes('figures')) await benchFigures();
  if (parts.length === 0 || parts.includes('places')) await benchPlaces();
  console.log(`\nBenchmark total ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
