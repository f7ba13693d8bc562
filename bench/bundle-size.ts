/**
 * The api bundle against "the SDKs alone" (DESIGN.md, cold start): a bundle of just
 * @cloudbase/node-sdk and zod with the same esbuild options. Prints both sizes, their ratio,
 * and the median of N cold `require()`s of each, every one in a fresh `node -e` process.
 *
 *   npx tsx bench/bundle-size.ts            (BUNDLE_SAMPLES=9 by default)
 *
 * `measureBundleSize()` returns the figures for bench/run.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { FUNCTIONS, ROOT, bundleFunction, esbuildOptions, formatBytes } from '../scripts/build';

const run = promisify(execFile);

/** Times one `require` of the file named by argv[1], from inside the fresh process. */
export const REQUIRE_TIMER =
  'const t=process.hrtime.bigint();require(process.argv[1]);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))';

/** The same two libraries required from node_modules, unbundled (what DESIGN.md's 0.3 s refers to). */
const UNBUNDLED_TIMER =
  "const t=process.hrtime.bigint();require('@cloudbase/node-sdk');require('zod');process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))";

/** What the SDK baseline bundles: the two libraries every deployed function starts with. */
const SDK_ONLY_SOURCE = "import * as tcb from '@cloudbase/node-sdk';\nimport { z } from 'zod';\nexport { tcb, z };\n";

export interface BundleFigure {
  label: string;
  bytes: number;
  /** Median of the cold require times, in milliseconds. */
  requireMedianMs: number;
  requireSamplesMs: number[];
}

export interface BundleSizeFigures {
  api: BundleFigure;
  sdkOnly: BundleFigure;
  /** For scale: node-sdk + zod required from node_modules without bundling (no size: many files). */
  sdkUnbundled: { requireMedianMs: number; requireSamplesMs: number[] };
  /** api bytes / SDK-only bytes. */
  sizeRatio: number;
  /** api median require / SDK-only median require. */
  requireRatio: number;
  samples: number;
  node: string;
  /** How to reproduce one sample by hand, once the bundles are built. */
  command: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function timedChild(args: string[], cwd: string): Promise<number> {
  const { stdout } = await run(process.execPath, args, { cwd });
  const ms = Number(stdout);
  if (!Number.isFinite(ms)) throw new Error(`unexpected timer output from node ${args.join(' ')}: ${stdout}`);
  return ms;
}

/** cwd is the bundle's folder (no node_modules above it in tmp): nothing can load from outside. */
const coldRequireMs = (file: string) => timedChild(['-e', REQUIRE_TIMER, file], path.dirname(file));

export async function measureBundleSize(options: { samples?: number } = {}): Promise<BundleSizeFigures> {
  const samples = options.samples ?? Number(process.env.BUNDLE_SAMPLES ?? 9);
  const spec = FUNCTIONS.find((candidate) => candidate.name === 'api');
  if (!spec) throw new Error('scripts/build.ts has no api function');
  const dir = mkdtempSync(path.join(tmpdir(), 'bundle-size-'));
  try {
    const apiFile = path.join(dir, 'api', 'index.js');
    const sdkFile = path.join(dir, 'sdk-only', 'index.js');
    await bundleFunction(spec, { outfile: apiFile, sourcemap: false });
    const { entryPoints: _entry, ...shared } = esbuildOptions(spec, sdkFile, { sourcemap: false });
    await build({ ...shared, stdin: { contents: SDK_ONLY_SOURCE, resolveDir: ROOT, sourcefile: 'sdk-only.ts', loader: 'ts' } });

    // Alternate the two so that drift in the machine's load hits both alike.
    const apiTimes: number[] = [];
    const sdkTimes: number[] = [];
    const unbundledTimes: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      apiTimes.push(await coldRequireMs(apiFile));
      sdkTimes.push(await coldRequireMs(sdkFile));
      unbundledTimes.push(await timedChild(['-e', UNBUNDLED_TIMER], ROOT));
    }
    const api: BundleFigure = {
      label: 'api bundle',
      bytes: statSync(apiFile).size,
      requireMedianMs: median(apiTimes),
      requireSamplesMs: apiTimes,
    };
    const sdkOnly: BundleFigure = {
      label: '@cloudbase/node-sdk + zod',
      bytes: statSync(sdkFile).size,
      requireMedianMs: median(sdkTimes),
      requireSamplesMs: sdkTimes,
    };
    return {
      api,
      sdkOnly,
      sdkUnbundled: { requireMedianMs: median(unbundledTimes), requireSamplesMs: unbundledTimes },
      sizeRatio: api.bytes / sdkOnly.bytes,
      requireRatio: api.requireMedianMs / sdkOnly.requireMedianMs,
      samples,
      node: process.version,
      command: `npm run build && node -e '${REQUIRE_TIMER}' ./cloudfunctions/api/index.js`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeBundleSize(figures: BundleSizeFigures): string {
  const row = (figure: BundleFigure) =>
    `  ${figure.label.padEnd(28)} ${formatBytes(figure.bytes).padStart(10)}  cold require median ${figure.requireMedianMs.toFixed(1)} ms`;
  return [
    `Bundle size and cold require (${figures.samples} fresh processes each, Node ${figures.node}):`,
    row(figures.api),
    row(figures.sdkOnly),
    `  ${'node-sdk + zod, unbundled'.padEnd(28)} ${'-'.padStart(10)}  cold require median ${figures.sdkUnbundled.requireMedianMs.toFixed(1)} ms`,
    `  ratio api / SDKs alone: size ${figures.sizeRatio.toFixed(2)}x, require ${figures.requireRatio.toFixed(2)}x`,
    `  reproduce: npx tsx bench/bundle-size.ts   (one sample by hand: ${figures.command})`,
  ].join('\n');
}

// (typed through NodeJS.Require: the test project also loads the mini-program typings, whose `require` has no `main`)
if ((require as unknown as NodeJS.Require).main === module) {
  measureBundleSize()
    .then((figures) => console.log(describeBundleSize(figures)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
