import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type ActionInput, type ActionName, type ActionOutput, type ImportView, idCardGender } from '../server/contract';
import { demoIdCard } from '../server/dev/demo-data';
import { createLocalDeps } from '../server/dev/local-deps';
import { REQUESTED_JOBS } from '../server/jobs/run-all';
import { runRequestedJobs } from '../server/jobs/requested-jobs';
import { systemClock } from '../server/lib/time';
import { RecordingNotifier } from '../server/notify/recording-notifier';
import { dispatch } from '../server/router/router';
import { type Caller, type ServiceDeps, wechatCaller } from '../server/services/context';
import { requestsInSeries } from '../test/fake-cloudbase/fake-cloudbase-server';
import { deskCallerOf, fromDeskOk, uploadFile } from '../test/support/desk-imports';
import { type Harness, SYSTEM_ADMIN, createHarness, profile, registerMember, seedTree } from '../test/support/harness';
import { CountingStore, type OperationKind } from './counting-store';

/**
 * `npm run bench -- imports`: the month's movement list (组织找党员) at a province's size. A
 * generated list of `BENCH_IMPORT_ROWS` (default 100,000) people, one in ten a registered member,
 * sent through `file.uploadPart` in 64 KiB parts as the desk sends it, validated whole and staged
 * by `import.movementList`, then applied by the jobs in chunks of one staged batch. It prints
 * rows/s, the chunks' median and p95, peak memory, and the store operations per row as the
 * CloudBase adapter would make them; then, on the CloudBase adapter against the fake server, the
 * round trips a chunk really costs, counted at the server as `npm run bench -- requests` counts
 * them (requests in all, and in series).
 */

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
/** Rows of the list run on the CloudBase adapter, to count its round trips per row. */
const CLOUDBASE_ROWS = Number(process.env.BENCH_IMPORT_CLOUDBASE_ROWS ?? 1_000);
const REGISTERED_SHARE = 10;
const MASTER_KEY = Buffer.alloc(32, 11);

const HEADER = [
  '姓名',
  '公民身份号码',
  '性别',
  '流出党组织',
  '外出流向(省)',
  '外出流向(市)',
  '外出流向(县)',
  '外出日期',
  '外出原因',
  '联系电话',
  '流入地详细地址',
  '流动党员活动证编号',
];
const DISTRICTS = ['姑苏区', '吴中区', '相城区', '虎丘区', '吴江区', '工业园区', '常熟市', '张家港市', '昆山市', '太仓市'];

/** The n-th person on the list: 100,000 distinct valid ID numbers. */
function idCardOf(n: number): string {
  const birthYear = 1960 + (n % 40);
  const day = 1 + (Math.floor(n / 40) % 28);
  return demoIdCard('340822', `${birthYear}-03-${String(day).padStart(2, '0')}`, Math.floor(n / 1120) % 1000);
}

function listRow(n: number): string[] {
  return [
    `流动党员${n}`,
    idCardOf(n),
    idCardGender(idCardOf(n)) === 'female' ? '女' : '男',
    `中共定远县第${1 + (n % 30)}村支部委员会`,
    '江苏省',
    '苏州市',
    DISTRICTS[n % DISTRICTS.length],
    `202${4 + (n % 3)}-0${1 + (n % 9)}-15`,
    n % 5 === 0 ? '学习进修' : '务工经商',
    `139${String(n).padStart(8, '0')}`,
    `某街道某路 ${n % 300} 号`,
    `DY2026${String(n).padStart(6, '0')}`,
  ];
}

/** The list as the national system exports it: one sheet, every cell text. Written streaming. */
async function listFile(rows: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const { Writable } = await import('node:stream');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('流动党员');
  sheet.addRow(HEADER).commit();
  for (let n = 0; n < rows; n += 1) sheet.addRow(listRow(n)).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))];
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function embedded(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'liudong-imports-bench-'));
  try {
    const local = await createLocalDeps({
      filename: join(dir, 'bench.sqlite'),
      masterKey: MASTER_KEY,
      systemAdminOpenids: [SYSTEM_ADMIN],
      clock: systemClock,
      notifier: new RecordingNotifier(() => undefined, false),
    });
    const counting = new CountingStore(local.store);
    const deps: ServiceDeps = { ...local, store: counting };
    const silent = () => undefined;
    const act = async <K extends ActionName>(caller: Caller, action: K, input: ActionInput<K>) => {
      const result = await dispatch(deps, caller, action, input, silent);
      if (!result.ok) throw new Error(`${action}: ${JSON.stringify(result.error)}`);
      return result.data as ActionOutput<K>;
    };
    const admin = wechatCaller(SYSTEM_ADMIN);
    const city = await act(admin, 'org.create', {
      parentId: null,
      name: '中共苏州市委员会',
      kind: 'committee',
      region: { province: '江苏省', city: '苏州市', district: '市辖区' },
      requestId: 'bench-imports-city',
    });
    for (const district of DISTRICTS) {
      await act(admin, 'org.create', {
        parentId: city.orgId,
        name: `中共苏州市${district}委员会`,
        kind: 'committee',
        region: { province: '江苏省', city: '苏州市', district },
        requestId: `bench-imports-${createHash('sha256').update(district).digest('hex').slice(0, 12)}`,
      });
    }
    await act(admin, 'role.grant', { openid: 'bench_import_admin', role: 'org_admin', orgId: city.orgId, holderName: '组织部' });

    let started = Date.now();
    const registered = Math.floor(ROWS / REGISTERED_SHARE);
    for (let i = 0; i < registered; i += 1) {
      const n = i * REGISTERED_SHARE;
      const openid = `bench_listed_${n}`;
      const notice = await act(wechatCaller(openid), 'consent.notice', {});
      await act(wechatCaller(openid), 'consent.accept', { version: notice.version });
      await act(wechatCaller(openid), 'member.register', {
        ...profile('unused', { idCard: idCardOf(n), name: `流动党员${n}`, gender: idCardGender(idCardOf(n)) }),
        outflow: {
          kind: 'unlisted',
          name: '中共定远县某村支部委员会',
          region: { province: '安徽省', city: '滁州市', district: '定远县' },
        },
      });
    }
    console.log(
      `\nImports: ${registered.toLocaleString()} of the listed registered as members (${seconds(Date.now() - started)})`,
    );

    started = Date.now();
    const content = await listFile(ROWS);
    console.log(
      `The list: ${ROWS.toLocaleString()} rows, ${(content.length / 1024 / 1024).toFixed(1)} MiB of xlsx (written in ${seconds(Date.now() - started)})`,
    );

    // The harness-shaped helpers call through the router with these deps.
    const h = { deps } as Harness;
    await deskCallerOf(h, 'bench_import_admin');

    let peakRss = process.memoryUsage().rss;
    let peakHeap = process.memoryUsage().heapUsed;
    const rssBefore = peakRss;
    const sampler = setInterval(() => {
      const memory = process.memoryUsage();
      peakRss = Math.max(peakRss, memory.rss);
      peakHeap = Math.max(peakHeap, memory.heapUsed);
    }, 20);

    counting.reset();
    started = Date.now();
    const uploadId = await uploadFile(h, 'bench_import_admin', content, { uploadId: 'bench-imports-0001' });
    const uploadMs = Date.now() - started;
    const uploadOps = counting.total();

    counting.reset();
    started = Date.now();
    const outcome = await fromDeskOk(h, 'bench_import_admin', 'import.movementList', {
      orgId: city.orgId,
      uploadId,
      month: '2026-11',
    });
    const validateMs = Date.now() - started;
    if (outcome.status !== 'accepted') throw new Error(`the list was refused: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
    const validateOps = counting.total();
    const validatePeakRss = peakRss;

    counting.reset();
    const chunkTimes: number[] = [];
    let last = Date.now();
    started = last;
    await runRequestedJobs(deps, {
      deadline: Number.POSITIVE_INFINITY,
      kinds: REQUESTED_JOBS,
      log: (event) => {
        if (event !== 'jobs.request_chunk') return;
        const now = Date.now();
        chunkTimes.push(now - last);
        last = now;
      },
    });
    const applyMs = Date.now() - started;
    clearInterval(sampler);
    const ops = { ...counting.counts };
    const view: ImportView = await fromDeskOk(h, 'bench_import_admin', 'import.get', { importId: outcome.import.importId });
    const sorted = [...chunkTimes].sort((a, b) => a - b);
    const perRow = (Object.keys(ops) as OperationKind[])
      .filter((kind) => ops[kind] > 0)
      .map((kind) => `${kind} ${(ops[kind] / ROWS).toFixed(3)}`)
      .join(', ');
    const total = Object.values(ops).reduce((sum, n) => sum + n, 0);

    console.log(
      `Upload in ${Math.ceil(content.length / 65536)} parts of 64 KiB: ${seconds(uploadMs)}, ${uploadOps} store operations`,
    );
    console.log(
      `import.movementList (read, validate every row, hash and encrypt, stage ${outcome.import.rows / 100} batches): ` +
        `${seconds(validateMs)}, ${Math.round(ROWS / (validateMs / 1000)).toLocaleString()} rows/s, ${validateOps} store operations, peak RSS ${mib(validatePeakRss)}`,
    );
    console.log(
      `Applied by the jobs in ${chunkTimes.length} chunks: ${seconds(applyMs)}, ${Math.round(ROWS / (applyMs / 1000)).toLocaleString()} rows/s; ` +
        `chunk median ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms, max ${sorted[sorted.length - 1]} ms`,
    );
    console.log(
      `Result: ${JSON.stringify(view.tally)} (job ${view.job.status}, ${view.job.processed.toLocaleString()} of ${view.job.total?.toLocaleString()})`,
    );
    console.log(`Store operations per row while applying: ${perRow} (${(total / ROWS).toFixed(3)} in all)`);
    console.log(`Memory: peak RSS ${mib(peakRss)} (${mib(rssBefore)} before), peak heap ${mib(peakHeap)}`);

    // The same month again is the same import: nothing read beyond the import's own records.
    counting.reset();
    started = Date.now();
    const again = await fromDeskOk(h, 'bench_import_admin', 'import.movementList', {
      orgId: city.orgId,
      uploadId,
      month: '2026-11',
    });
    console.log(
      `The same file and month again: ${again.status === 'accepted' && again.import.importId === view.importId ? 'the same import' : 'A NEW IMPORT'}, ` +
        `${Date.now() - started} ms, ${counting.total()} store operations`,
    );
    await local.store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same job on the CloudBase adapter through the fake server: round trips per row and per chunk, counted at the server. */
async function cloudbase(): Promise<void> {
  const h = await createHarness('cloudbase');
  try {
    const fake = h.fake;
    if (!fake) throw new Error('no fake server');
    const tree = await seedTree(h);
    for (let n = 0; n < CLOUDBASE_ROWS; n += REGISTERED_SHARE) {
      await registerMember(
        h,
        `bench_cb_${n}`,
        profile(tree.village.orgId, { idCard: idCardOf(n), name: `流动党员${n}`, gender: idCardGender(idCardOf(n)) }),
      );
    }
    const uploadId = await uploadFile(h, tree.people.cityAdmin, await listFile(CLOUDBASE_ROWS));
    const outcome = await fromDeskOk(h, tree.people.cityAdmin, 'import.movementList', {
      orgId: tree.city.orgId,
      uploadId,
      month: '2026-11',
    });
    if (outcome.status !== 'accepted') throw new Error('refused');
    const chunkRequests: number[] = [];
    const chunkSeries: number[] = [];
    let mark = fake.requests.length;
    const all = fake.requests.length;
    fake.setDelay(5);
    await runRequestedJobs(h.deps, {
      deadline: Number.POSITIVE_INFINITY,
      kinds: REQUESTED_JOBS,
      log: (event) => {
        if (event !== 'jobs.request_chunk') return;
        const requests = fake.requests.slice(mark);
        chunkRequests.push(requests.length);
        chunkSeries.push(requestsInSeries(requests));
        mark = fake.requests.length;
      },
    });
    fake.setDelay(0);
    const requests = fake.requests.length - all;
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    console.log(
      `\nOn CloudBase (the adapter and node-sdk against the fake server, ${CLOUDBASE_ROWS.toLocaleString()} rows, chunks of 100): ` +
        `${(requests / CLOUDBASE_ROWS).toFixed(2)} requests per row; a chunk's median ${median(chunkRequests)} requests, ` +
        `${median(chunkSeries)} in series (cursor save included)`,
    );
  } finally {
    await h.close();
  }
}

export async function benchImports(): Promise<void> {
  console.log(
    `\nReproduce with: BENCH_IMPORT_ROWS=${ROWS} BENCH_IMPORT_CLOUDBASE_ROWS=${CLOUDBASE_ROWS} npm run bench -- imports`,
  );
  await embedded();
  await cloudbase();
}
