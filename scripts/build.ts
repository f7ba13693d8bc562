/**
 * `npm run build`: bundles every deployed cloud function into one minified CommonJS file in its
 * own folder (`cloudfunctions/<name>/index.js`, with `index.js.map` beside it).
 *
 * Everything the function needs is inside the bundle except the packages listed in `external`,
 * which the cloud installs from the folder's checked-in package.json (`installDependency: true`
 * in cloudbaserc.json; a function with no externals sets it false and ships the bundle alone).
 * The build fails when local-only code (the SQLite adapter, the dev gateway, better-sqlite3,
 * qrcode) reaches a bundle, or when the externals, the folder's package.json and
 * `installDependency` disagree.
 */
import { readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { type BuildOptions, type Metafile, build } from 'esbuild';

export const ROOT = path.resolve(__dirname, '..');

/** The part of cloudbaserc.json the build reads. */
export interface CloudbaseRcTrigger {
  name: string;
  type: string;
  config: string;
}

export interface CloudbaseRcFunction {
  name: string;
  runtime: string;
  handler: string;
  installDependency?: boolean;
  triggers?: CloudbaseRcTrigger[];
}

/** The deploy config (cloudbaserc.json at the root): the single source of each function's runtime. */
export function readCloudbaseRc(): { functions: CloudbaseRcFunction[] } {
  return JSON.parse(readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8')) as { functions: CloudbaseRcFunction[] };
}

/**
 * The esbuild target for a CloudBase runtime: `Nodejs20.19` → `node20.19`, so the bundle never
 * uses syntax newer than the Node that runs it.
 */
export function nodeTarget(runtime: string): string {
  const match = /^Nodejs(\d+(?:\.\d+)*)$/.exec(runtime);
  if (!match) throw new BuildCheckError(`cloudbaserc.json: runtime ${runtime} is not a Node.js runtime`);
  return `node${match[1]}`;
}

/** The deploy config of one function; throws when cloudbaserc.json does not declare it. */
export function deployConfig(name: string): CloudbaseRcFunction {
  const config = readCloudbaseRc().functions.find((candidate) => candidate.name === name);
  if (!config) throw new BuildCheckError(`cloudbaserc.json declares no function ${name}`);
  if (config.handler !== 'index.main') {
    throw new BuildCheckError(`cloudbaserc.json: ${name}.handler is ${config.handler}; the bundle exports main from index.js`);
  }
  return config;
}

export interface FunctionSpec {
  /** The deployed function's name, and its folder under cloudfunctions/. */
  name: string;
  /** Entry file, relative to the repository root. */
  entry: string;
  /** Packages left out of the bundle; each must be a dependency in the folder's package.json. */
  external: readonly string[];
}

/** Every deployed function. Few functions beat many: each has its own cold start. */
export const FUNCTIONS: readonly FunctionSpec[] = [
  { name: 'api', entry: 'cloudfunctions/api/index.ts', external: ['wx-server-sdk'] },
  // Timer-triggered batch work; wx-server-sdk sends the outbox's subscribe messages.
  { name: 'jobs', entry: 'cloudfunctions/jobs/index.ts', external: ['wx-server-sdk'] },
];

/** Local-only code that must never ship in a function (paths as the metafile spells them). */
export const FORBIDDEN_INPUTS: ReadonlyArray<{ pattern: RegExp; why: string }> = [
  { pattern: /^server\/dev\//, why: 'the local gateway and demo data' },
  { pattern: /^server\/store\/sqlite\//, why: 'the SQLite adapter' },
  { pattern: /(^|\/)node_modules\/better-sqlite3\//, why: 'better-sqlite3 (a native addon, local only)' },
  { pattern: /(^|\/)node_modules\/qrcode\//, why: 'qrcode (draws development check-in codes)' },
];

export interface InputSize {
  /** Path relative to the repository root, as esbuild reports it. */
  path: string;
  /** Bytes this input contributes to the (minified) output. */
  bytes: number;
}

export interface BundleReport {
  name: string;
  outfile: string;
  /** Size of the bundle file. */
  bytes: number;
  /** Size of the source map file (0 without one). */
  mapBytes: number;
  /** Every input that reached the output, largest first. */
  inputs: InputSize[];
  /** The same, summed per npm package (`node_modules/<pkg>`) or per top folder of our code. */
  groups: InputSize[];
  /** Non-builtin modules the bundle still `require`s at run time. */
  externalImports: string[];
  metafile: Metafile;
}

export interface BundleOptions {
  /** Where to write the bundle; default `cloudfunctions/<name>/index.js`. */
  outfile?: string;
  minify?: boolean;
  sourcemap?: boolean;
}

export class BuildCheckError extends Error {
  override readonly name = 'BuildCheckError';
}

/** The esbuild options for one function; shared by the build, its test and the benchmark. */
export function esbuildOptions(spec: FunctionSpec, outfile: string, options: BundleOptions = {}): BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, spec.entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: nodeTarget(deployConfig(spec.name).runtime),
    format: 'cjs',
    minify: options.minify ?? true,
    sourcemap: options.sourcemap ?? true,
    legalComments: 'none',
    external: [...spec.external],
    metafile: true,
    logLevel: 'warning',
  };
}

/** Inputs of the metafile that are local-only code, with the reason each is forbidden. */
export function forbiddenInputs(metafile: Metafile): string[] {
  const found: string[] = [];
  for (const input of Object.keys(metafile.inputs)) {
    const rule = FORBIDDEN_INPUTS.find((candidate) => candidate.pattern.test(input));
    if (rule) found.push(`${input} (${rule.why})`);
  }
  return found;
}

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** The package name of an import path: `@scope/pkg/sub` → `@scope/pkg`, `pkg/sub` → `pkg`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function groupOf(input: string): string {
  const marker = 'node_modules/';
  const at = input.lastIndexOf(marker);
  if (at >= 0) return `${marker}${packageName(input.slice(at + marker.length))}`;
  const [top, second] = input.split('/');
  return second === undefined ? top : `${top}/${second}/`;
}

/** Summarises one output of a metafile: its inputs by size, grouped, and what stays external. */
export function summarise(metafile: Metafile, outfile: string): Pick<BundleReport, 'inputs' | 'groups' | 'externalImports'> {
  const key = path.relative(ROOT, outfile).split(path.sep).join('/');
  const output = metafile.outputs[key];
  if (!output) throw new Error(`esbuild metafile has no output ${key}`);
  const inputs = Object.entries(output.inputs)
    .map(([input, { bytesInOutput }]) => ({ path: input, bytes: bytesInOutput }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  const groups = new Map<string, number>();
  for (const input of inputs) groups.set(groupOf(input.path), (groups.get(groupOf(input.path)) ?? 0) + input.bytes);
  const externalImports = [
    ...new Set(output.imports.filter((entry) => entry.external && !BUILTINS.has(entry.path)).map((entry) => entry.path)),
  ].sort();
  return {
    inputs,
    groups: [...groups].map(([group, bytes]) => ({ path: group, bytes })).sort((a, b) => b.bytes - a.bytes),
    externalImports,
  };
}

/** The dependencies a function folder's package.json declares (what the cloud installs). */
export function declaredDependencies(name: string): Record<string, string> {
  const file = path.join(ROOT, 'cloudfunctions', name, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> };
  return manifest.dependencies ?? {};
}

/** Bundles one function and checks it; throws BuildCheckError when a check fails. */
export async function bundleFunction(spec: FunctionSpec, options: BundleOptions = {}): Promise<BundleReport> {
  // With nothing to install the cloud still runs an install on every deploy; with something to
  // install and the flag off, the function fails on its first require.
  const installs = deployConfig(spec.name).installDependency;
  if (installs !== spec.external.length > 0) {
    throw new BuildCheckError(
      `Function ${spec.name}: cloudbaserc.json sets installDependency ${String(installs)}, but the bundle ` +
        (spec.external.length > 0
          ? `requires ${spec.external.join(', ')} from the cloud install.`
          : 'needs nothing installed; set it to false.'),
    );
  }
  const outfile = options.outfile ?? path.join(ROOT, 'cloudfunctions', spec.name, 'index.js');
  const result = await build(esbuildOptions(spec, outfile, options));
  const metafile = result.metafile;
  if (!metafile) throw new Error('esbuild returned no metafile');

  const forbidden = forbiddenInputs(metafile);
  if (forbidden.length > 0) {
    throw new BuildCheckError(
      `Function ${spec.name}: local-only code reached the bundle:\n  ${forbidden.join('\n  ')}\n` +
        'Follow the import chain with: npx esbuild --bundle --platform=node --analyze ' +
        spec.entry,
    );
  }

  const summary = summarise(metafile, outfile);
  const dependencies = Object.keys(declaredDependencies(spec.name)).sort();
  const externalPackages = [...new Set(summary.externalImports.map(packageName))].sort();
  const undeclared = externalPackages.filter((pkg) => !dependencies.includes(pkg));
  if (undeclared.length > 0) {
    throw new BuildCheckError(
      `Function ${spec.name}: the bundle requires ${undeclared.join(', ')} at run time, but ` +
        `cloudfunctions/${spec.name}/package.json does not list it, so the cloud would not install it.`,
    );
  }
  const unused = dependencies.filter((pkg) => !spec.external.includes(pkg));
  if (unused.length > 0) {
    throw new BuildCheckError(
      `Function ${spec.name}: cloudfunctions/${spec.name}/package.json lists ${unused.join(', ')}, which the ` +
        'bundle already carries; the cloud would install it again for nothing.',
    );
  }

  const sourcemap = options.sourcemap ?? true;
  return {
    name: spec.name,
    outfile,
    bytes: statSync(outfile).size,
    mapBytes: sourcemap ? statSync(`${outfile}.map`).size : 0,
    metafile,
    ...summary,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

function table(rows: InputSize[], total: number, limit: number): string {
  return rows
    .slice(0, limit)
    .map(
      (row) => `    ${formatBytes(row.bytes).padStart(10)}  ${((row.bytes / total) * 100).toFixed(1).padStart(5)}%  ${row.path}`,
    )
    .join('\n');
}

export function describe(report: BundleReport): string {
  const relative = path.relative(ROOT, report.outfile);
  return [
    `${report.name}: ${relative} ${formatBytes(report.bytes)} (${report.bytes} bytes), map ${formatBytes(report.mapBytes)}, ` +
      `target ${nodeTarget(deployConfig(report.name).runtime)}`,
    `  runtime requires (installed in the cloud): ${report.externalImports.join(', ') || 'none'}`,
    '  largest packages / folders:',
    table(report.groups, report.bytes, 10),
    '  largest inputs:',
    table(report.inputs, report.bytes, 12),
  ].join('\n');
}

/** Throws unless FUNCTIONS and cloudbaserc.json name the same functions. */
export function checkFunctionList(): void {
  const declared = readCloudbaseRc()
    .functions.map((config) => config.name)
    .sort();
  const built = FUNCTIONS.map((spec) => spec.name).sort();
  if (declared.join() !== built.join()) {
    throw new BuildCheckError(
      `cloudbaserc.json deploys [${declared.join(', ')}] but scripts/build.ts builds [${built.join(', ')}]`,
    );
  }
}

/**
 * Throws unless a function's timer triggers are well formed and the same in both deploy paths:
 * cloudbaserc.json (the CLI) and the folder's config.json (WeChat DevTools). CloudBase cron has 7
 * fields (sec min hour day month week year, UTC+8); a 5- or 6-field Unix cron is rejected there.
 */
export function checkTriggers(name: string): void {
  const triggers = deployConfig(name).triggers ?? [];
  for (const trigger of triggers) {
    if (trigger.type !== 'timer')
      throw new BuildCheckError(`${name}: trigger ${trigger.name} is ${trigger.type}; only timer triggers exist`);
    const fields = trigger.config.trim().split(/\s+/);
    if (fields.length !== 7) {
      throw new BuildCheckError(
        `${name}: trigger ${trigger.name} has ${fields.length} cron fields, CloudBase wants 7 (sec min hour day month week year)`,
      );
    }
  }
  const file = path.join(ROOT, 'cloudfunctions', name, 'config.json');
  let local: { triggers?: CloudbaseRcTrigger[] } = {};
  try {
    local = JSON.parse(readFileSync(file, 'utf8')) as { triggers?: CloudbaseRcTrigger[] };
  } catch {
    // No config.json: DevTools deploys without triggers, as does the CLI when none are declared.
  }
  if (JSON.stringify(local.triggers ?? []) !== JSON.stringify(triggers)) {
    throw new BuildCheckError(`${name}: cloudbaserc.json and cloudfunctions/${name}/config.json declare different triggers`);
  }
}

async function main(): Promise<void> {
  checkFunctionList();
  for (const spec of FUNCTIONS) checkTriggers(spec.name);
  for (const spec of FUNCTIONS) {
    const report = await bundleFunction(spec);
    console.log(describe(report));
  }
}

// (typed through NodeJS.Require: the test project also loads the mini-program typings, whose `require` has no `main`)
if ((require as unknown as NodeJS.Require).main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof BuildCheckError ? `BUILD FAILED: ${error.message}` : error);
    process.exitCode = 1;
  });
}
