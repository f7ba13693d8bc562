/**
 * `npm start` as a developer runs it: the real entry (server/dev/start.ts) in a child process on a
 * data folder of its own, stopped or killed like a real process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_OPENIDS, seedDemoData } from '../server/dev/demo-data';
import { createLocalDeps, developmentMasterKey } from '../server/dev/local-deps';
import { COLLECTIONS } from '../server/store/indexes';
import { SqliteDocumentStore } from '../server/store/sqlite/sqlite-document-store';
import { storeContents } from './support/store-contents';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..');
/** The last line `npm start` prints once it serves (and Ctrl-C stops it cleanly). */
const READY = /batch jobs: now and every 10 minutes/;

interface LocalStart {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the first line matching `pattern`, or rejects when the process ends without one. */
  waitFor(pattern: RegExp): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startLocal(dataDir: string, env: Record<string, string> = {}): LocalStart {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/dev/start.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TZ: process.env.TZ ?? 'UTC', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { pattern: RegExp; resolve(line: string): void; reject(error: Error): void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      const line = output.split('\n').find((candidate) => waiter.pattern.test(candidate));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    check();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const waiter of waiters.splice(0))
        waiter.reject(new Error(`exited (${code ?? signal}) before ${waiter.pattern}:\n${output}`));
      resolve({ code, signal });
    });
  });
  return {
    child,
    output: () => output,
    waitFor: (pattern) =>
      new Promise<string>((resolve, reject) => {
        waiters.push({ pattern, resolve, reject });
        check();
        if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`already exited:\n${output}`));
      }),
    exited,
  };
}

/** Starts, waits until it serves, and stops it the way Ctrl-C does. */
async function startAndStop(dataDir: string, env: Record<string, string>): Promise<string> {
  const local = startLocal(dataDir, env);
  await local.waitFor(READY);
  local.child.kill('SIGINT');
  expect(await local.exited).toEqual({ code: 0, signal: null });
  return local.output();
}

async function withStore<T>(dataDir: string, read: (store: SqliteDocumentStore) => Promise<T>): Promise<T> {
  const store = new SqliteDocumentStore(join(dataDir, 'liudong.sqlite'));
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

const dataDirs: string[] = [];
function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'liudong-start-'));
  dataDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

const PRODUCTION = { APP_ENV: 'production', PII_MASTER_KEY: Buffer.alloc(32, 9).toString('base64') };

it('APP_ENV=production seeds no demo data, makes no demo admin and names no demo identity', async () => {
  const dataDir = freshDataDir();
  const output = await startAndStop(dataDir, PRODUCTION);
  expect(output).not.toMatch(/dev_/);
  // The desk signs in from the phone in production too.
  expect(output).toMatch(/desk\.loginStart/);
  expect(output).toMatch(/Authorization: Bearer <ticket>/);
  await withStore(dataDir, async (store) => {
    expect(await store.count(COLLECTIONS.organizations, {})).toBe(0);
    expect(await store.count(COLLECTIONS.members, {})).toBe(0);
    expect(await store.count(COLLECTIONS.roles, {})).toBe(0);
  });
});

it('APP_ENV=production with DEMO_DATA=true refuses to start, naming the variable', async () => {
  const local = startLocal(freshDataDir(), { ...PRODUCTION, DEMO_DATA: 'true' });
  const first = await local.waitFor(READY).then(
    () => 'served',
    () => 'exited',
  );
  if (first === 'served') local.child.kill('SIGKILL');
  expect(await local.exited).toEqual({ code: 1, signal: null });
  expect(local.output()).toMatch(/DEMO_DATA/);
});

it('DEMO_DATA=false in development seeds nothing and prints no demo identity', async () => {
  const dataDir = freshDataDir();
  const output = await startAndStop(dataDir, { DEMO_DATA: 'false' });
  expect(output).toMatch(/X-Dev-Openid/);
  expect(output).not.toMatch(/dev_/);
  await withStore(dataDir, async (store) => {
    expect(await store.count(COLLECTIONS.organizations, {})).toBe(0);
    expect(await store.count(COLLECTIONS.roles, {})).toBe(0);
  });
});

/** What the demo seeding makes; the jobs timer that `npm start` runs after it writes in the other collections. */
const SEEDED = [
  COLLECTIONS.organizations,
  COLLECTIONS.members,
  COLLECTIONS.checkins,
  COLLECTIONS.roles,
  COLLECTIONS.uniqueKeys,
  COLLECTIONS.consents,
  COLLECTIONS.notices,
  COLLECTIONS.activities,
  COLLECTIONS.attendance,
  COLLECTIONS.studyPlans,
  COLLECTIONS.studyEntries,
  COLLECTIONS.appraisals,
  COLLECTIONS.replies,
  COLLECTIONS.inboxEntries,
  COLLECTIONS.orgSettings,
];

interface SeedMarker {
  anchor: string;
  finishedAt: string | null;
}

it('killed with SIGKILL during its first seeding, again and again, the next start completes the same demo', async () => {
  const dataDir = freshDataDir();
  // Each start seeds from the beginning (every step finds what is done), so later kills land further on.
  // Only phases with much work after them: the kill follows the printed line by however long a
  // busy machine takes to read it, and the last phases can finish in that time (every write
  // point, the last ones included, is killed in process by test/demo-data.test.ts).
  for (const phase of [/Demo data: the officials/, /Demo data: the members and their check-ins/, /Demo data: half a year/]) {
    const local = startLocal(dataDir);
    await local.waitFor(phase);
    local.child.kill('SIGKILL');
    expect(await local.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const marker = await withStore(dataDir, (store) => store.get<SeedMarker>(COLLECTIONS.uniqueKeys, 'demo_seeded'));
    expect(marker).toMatchObject({ finishedAt: null });
  }
  const output = await startAndStop(dataDir, {});
  expect(output).toMatch(/Demo data: resuming/);
  expect(output).toMatch(/Demo data: ready/);

  const { anchor, seeded } = await withStore(dataDir, async (store) => {
    const marker = await store.get<SeedMarker>(COLLECTIONS.uniqueKeys, 'demo_seeded');
    const roots = await store.count(COLLECTIONS.organizations, { parentId: null });
    // Four roots: 姑苏区委, 靖江市委, 定远县委 and 太仓市委 (共管协议).
    expect({ roots, finished: marker?.finishedAt !== null }).toEqual({ roots: 4, finished: true });
    return { anchor: marker?.anchor ?? '', seeded: await storeContents(store, SEEDED) };
  });
  // The same demo seeded in one go, on the folder's key, as if started at the first start's moment.
  const reference = await createLocalDeps({
    filename: ':memory:',
    masterKey: developmentMasterKey(dataDir),
    systemAdminOpenids: [DEMO_OPENIDS.systemAdmin],
    clock: { now: () => new Date(anchor) },
  });
  try {
    await seedDemoData(reference);
    const expected = await storeContents(reference.store, SEEDED);
    // The system admin's own role is granted by every start, at that start's time.
    const withoutStartGrants = (contents: Record<string, unknown[]>) => ({
      ...contents,
      [COLLECTIONS.roles]: contents[COLLECTIONS.roles].filter((role) => (role as { role: string }).role !== 'system_admin'),
    });
    expect(withoutStartGrants(seeded)).toEqual(withoutStartGrants(expected));
  } finally {
    await reference.store.close();
  }
});
