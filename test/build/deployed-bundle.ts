import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type BundleReport, FUNCTIONS, bundleFunction } from '../../scripts/build';

/**
 * A deployed function as it ships: its esbuild bundle written to a folder with no node_modules
 * anywhere above it (so nothing but the bundle and Node's builtins can load), and called the way
 * SCF calls it, `main(event, context)`, in a fresh Node process per call (one container).
 */

const run = promisify(execFile);

/**
 * Calls the bundle's main once per event, in order. The results go to a file, not stdout: the
 * function's own log lines are on stdout, as in SCF. node-sdk keeps sockets alive; a container
 * would be frozen after the last call, a test process must end.
 */
const RUNNER = `
const [bundle, eventsJson, contextJson, out] = process.argv.slice(2);
const loaded = require(bundle);
(async () => {
  const results = [];
  for (const event of JSON.parse(eventsJson)) results.push(await loaded.main(event, JSON.parse(contextJson)));
  require('node:fs').writeFileSync(out, JSON.stringify({ exports: Object.keys(loaded), mainType: typeof loaded.main, results }));
  process.exit(0);
})().catch((error) => { console.error(error); process.exit(1); });
`;

export interface BundleCall<Result> {
  exports: string[];
  mainType: string;
  results: Result[];
  stdout: string;
  stderr: string;
}

export interface DeployedBundle {
  /** The folder the bundle sits in; tests may build other bundles below it. */
  readonly workDir: string;
  readonly bundlePath: string;
  readonly report: BundleReport;
  /** Runs `main` for each event in one fresh process, with only PATH and `env` in its environment. */
  call<Result>(events: unknown[], context: object, env: Record<string, string>): Promise<BundleCall<Result>>;
}

/** Builds the named function in `beforeAll` and removes it in `afterAll`; read the result inside tests. */
export function useDeployedBundle(name: string): DeployedBundle {
  const spec = FUNCTIONS.find((candidate) => candidate.name === name);
  if (!spec) throw new Error(`scripts/build.ts has no ${name} function`);
  let workDir = '';
  let report: BundleReport | null = null;
  let calls = 0;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), `${name}-bundle-`));
    writeFileSync(path.join(workDir, 'runner.cjs'), RUNNER);
    report = await bundleFunction(spec, { outfile: path.join(workDir, 'index.js') });
  });
  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  return {
    get workDir() {
      return workDir;
    },
    get bundlePath() {
      return path.join(workDir, 'index.js');
    },
    get report() {
      if (!report) throw new Error('the bundle is built in beforeAll');
      return report;
    },
    async call<Result>(events: unknown[], context: object, env: Record<string, string>): Promise<BundleCall<Result>> {
      calls += 1;
      const out = path.join(workDir, `results-${calls}.json`);
      // Only what a container would have: no inherited variables that could mask a missing one.
      const { stdout, stderr } = await run(
        process.execPath,
        [path.join(workDir, 'runner.cjs'), this.bundlePath, JSON.stringify(events), JSON.stringify(context), out],
        { cwd: workDir, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 10 * 1024 * 1024 },
      );
      const written = JSON.parse(readFileSync(out, 'utf8')) as Omit<BundleCall<Result>, 'stdout' | 'stderr'>;
      return { ...written, stdout, stderr };
    },
  };
}
