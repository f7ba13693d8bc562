/**
 * `npm run build:web`: the desk (web/) built by Vite into web/dist/, which the gateway serves at
 * /desk/. With `--if-stale` (what `npm start` runs first) it builds only when web/dist/ is missing
 * or older than its sources, so a fresh clone's `npm start` just works and a second start is quick.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** What the desk's build is made from: a change in any of these makes `npm start` build it again. */
const DESK_SOURCES = ['web', 'server/contract', 'miniprogram/services', 'package-lock.json'];
const SKIPPED = new Set(['dist', 'node_modules', '__test__']);

function newestChange(file: string): number {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(file, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    newest = Math.max(newest, newestChange(path.join(file, entry.name)));
  }
  return newest;
}

/** Whether web/dist/ is missing or older than what it is built from. */
export function deskBuildIsStale(repoRoot: string): boolean {
  const built = statSync(path.join(repoRoot, 'web', 'dist', 'index.html'), { throwIfNoEntry: false });
  if (!built) return true;
  return DESK_SOURCES.some((source) => newestChange(path.join(repoRoot, source)) > built.mtimeMs);
}

/** `vite build web` (npm run build:web), in this process's Node; throws when the build fails. */
export function buildDesk(repoRoot: string): void {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', 'web', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`building the desk (vite build web) failed with exit code ${result.status ?? result.signal}`);
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || deskBuildIsStale(root)) {
    if (ifStale) console.log('Desk: building web/ into web/dist/ (vite build web) …');
    try {
      buildDesk(root);
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    }
  }
}
