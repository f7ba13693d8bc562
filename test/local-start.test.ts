/**
 * `npm start` as a developer runs it: the real entry (server/dev/start.ts) in a child process on a
 * data folder of its own, stopped or killed like a real process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLLECTIONS } from '../server/store/indexes';
import { SqliteDocumentStore } from '../server/store/sqlite/sqlite-document-store';

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
