// The compiled mini-program both checks start from: a copy of miniprogram/ and project.config.json
// (the working tree as it is, uncommitted changes included, without anything git ignores) in a work
// folder, TDesign installed from miniprogram/package.json, packed into miniprogram_npm by
// miniprogram-ci's packNpmManually and compiled by its getCompiledResult, offline.
const { execFileSync, spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
// Outside the checkout: miniprogram-ci packs nothing from a project below a node_modules folder, and
// jest and Prettier would crawl a copy inside it. One folder per checkout, kept between runs.
const WORK = path.resolve(
  process.env.MINIPROGRAM_WORK ||
    path.join(os.tmpdir(), `miniprogram-check-${crypto.createHash('sha256').update(REPO).digest('hex').slice(0, 8)}`),
);
const NET_GUARD = path.join(__dirname, 'net-guard.js');
const COMPILE_TIMEOUT_MS = 10 * 60 * 1000;

/** What goes into the copy: the tracked and untracked-but-not-ignored files of miniprogram/ and the project config. */
function sourceFiles() {
  const out = execFileSync('git', ['ls-files', '-z', '-co', '--exclude-standard', '--', 'miniprogram', 'project.config.json'], {
    cwd: REPO,
  });
  return out
    .toString()
    .split('\0')
    .filter((f) => f && fs.existsSync(path.join(REPO, f)))
    .sort();
}

function digest(files) {
  const hash = crypto.createHash('sha256');
  for (const f of files)
    hash
      .update(`${f}\0`)
      .update(fs.readFileSync(path.join(REPO, f)))
      .update('\0');
  for (const pkg of ['miniprogram-ci', 'miniprogram-compiler']) hash.update(require(`${pkg}/package.json`).version);
  for (const f of ['prepare.js', 'compile-worker.js']) hash.update(fs.readFileSync(path.join(__dirname, f)));
  return hash.digest('hex').slice(0, 16);
}

function copySources(files, projectDir) {
  fs.rmSync(projectDir, { recursive: true, force: true });
  for (const f of files) {
    const dest = path.join(projectDir, f);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(path.join(REPO, f), dest);
  }
}

/** miniprogram/node_modules for the copy, installed once per miniprogram/package.json. */
function installComponentLibrary(miniprogramDir, log) {
  const manifest = fs.readFileSync(path.join(miniprogramDir, 'package.json'));
  const key = crypto.createHash('sha256').update(manifest).digest('hex').slice(0, 16);
  const cache = path.join(WORK, `miniprogram-node_modules-${key}`);
  if (!fs.existsSync(path.join(cache, '.complete'))) {
    log('npm install in the copy of miniprogram/ (the component library)');
    const scratch = path.join(WORK, 'npm-install');
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.mkdirSync(scratch, { recursive: true });
    fs.writeFileSync(path.join(scratch, 'package.json'), manifest);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], {
      cwd: scratch,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    fs.rmSync(cache, { recursive: true, force: true });
    fs.renameSync(path.join(scratch, 'node_modules'), cache);
    fs.writeFileSync(path.join(cache, '.complete'), key);
  }
  fs.cpSync(cache, path.join(miniprogramDir, 'node_modules'), { recursive: true });
}

/** Runs compile-worker.js with the network guard; resolves to { errors, quality, blocked, ms }. */
function runCompileWorker(projectDir, outDir) {
  return new Promise((resolve) => {
    const started = Date.now();
    const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS || ''} --require ${NET_GUARD}`.trim() };
    const child = spawn(process.execPath, [path.join(__dirname, 'compile-worker.js'), projectDir, outDir], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const errors = [];
    const blocked = new Set();
    let compiled = false;
    let quality = [];
    let finished = false;
    let stdout = '';
    let stderr = '';
    const finish = (extra) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (extra) errors.push(extra);
      if (!compiled && !errors.length)
        errors.push(`miniprogram-ci stopped without a result: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
      child.kill('SIGKILL');
      resolve({ errors, quality, blocked: [...blocked], ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(`miniprogram-ci did not finish in ${COMPILE_TIMEOUT_MS / 1000} s`), COMPILE_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      let nl;
      while ((nl = stdout.indexOf('\n')) >= 0) {
        const line = stdout.slice(0, nl);
        stdout = stdout.slice(nl + 1);
        if (!line.startsWith('compile-worker: ')) continue;
        const msg = JSON.parse(line.slice('compile-worker: '.length));
        if (msg.error) errors.push(`${msg.error}: ${msg.message}`);
        if (msg.compiled) compiled = true;
        if (msg.quality) quality = msg.quality;
        // getCompiledResult can leave a worker running after it is done: stop it once it has answered
        if (msg.done) finish();
      }
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      for (const m of String(chunk).matchAll(/\[net-guard\] blocked (?:connect to|DNS lookup of) (\S+)/g)) blocked.add(m[1]);
    });
    child.on('exit', () => finish());
  });
}

/**
 * Copies, installs, packs and compiles. Reuses the last compile when nothing it depends on changed
 * (unless force). Returns { projectDir, miniprogramDir, compiledDir, errors, quality (DevTools'
 * code-quality items; empty when reused), blocked (hosts the guard refused), reused, ms }.
 */
async function prepareCompiledPackage({ force = false, log = (m) => console.log(`miniprogram: ${m}`) } = {}) {
  fs.mkdirSync(WORK, { recursive: true });
  const files = sourceFiles();
  const key = digest(files);
  const projectDir = path.join(WORK, 'project');
  const outDir = path.join(WORK, 'out');
  const stamp = path.join(WORK, 'compiled.stamp');
  const result = { projectDir, miniprogramDir: path.join(projectDir, 'miniprogram'), compiledDir: path.join(outDir, 'compiled') };
  if (!force && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === key && fs.existsSync(result.compiledDir)) {
    return { ...result, errors: [], quality: [], blocked: [], reused: true, ms: 0 };
  }
  fs.rmSync(stamp, { force: true });
  copySources(files, projectDir);
  const config = JSON.parse(fs.readFileSync(path.join(projectDir, 'project.config.json'), 'utf8'));
  if (path.posix.normalize(config.miniprogramRoot || '') !== 'miniprogram/')
    throw new Error('project.config.json: miniprogramRoot must be miniprogram/');
  installComponentLibrary(result.miniprogramDir, log);
  fs.rmSync(outDir, { recursive: true, force: true });
  log('miniprogram-ci packNpmManually + getCompiledResult (TypeScript plugin, offline)');
  const compile = await runCompileWorker(projectDir, outDir);
  if (!compile.errors.length) fs.writeFileSync(stamp, key);
  return { ...result, ...compile, reused: false };
}

module.exports = { REPO, WORK, prepareCompiledPackage };
