#!/usr/bin/env node
// npm run screens [-- --check] [-- --only name,name]: every scenario of scenarios.js rendered from
// the compiled package (tools/miniprogram/prepare.js) with the real TDesign components, data from a
// fresh demo gateway (`npm start`'s server on a temporary DATA_DIR and a free loopback port), then
// photographed in headless Chromium (375 px wide, dpr 2) into .screens/ with contact sheets; with
// --check, the layout check last.
// Environment: SCREENS_OUT (default <repo>/.screens), CHROME (default: chromium on PATH).
// Exit: 0 done (with --check: no layout faults), 1 layout faults, 2 something did not run.
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { prepareCompiledPackage, REPO } = require('../miniprogram/prepare');

const argv = process.argv.slice(2);
const CHECK = argv.includes('--check');
const onlyAt = argv.indexOf('--only');
const ONLY = onlyAt >= 0 ? argv[onlyAt + 1] : process.env.ONLY || '';
const OUT = path.resolve(process.env.SCREENS_OUT || path.join(REPO, '.screens'));
const HTML = path.join(OUT, 'html');
const say = (m) => console.log(`screens: ${m}`);

class CouldNotRun extends Error {}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/** Runs a node script of this folder; resolves to its exit code. */
function node(script, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, script), ...args], { stdio: 'inherit', cwd: REPO });
    child.on('exit', (code, signal) => resolve(signal ? 2 : code));
  });
}

/** `npm start`'s server on its own data folder and port, in its own process group (tsx runs a child). */
async function startGateway() {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'screens-data-'));
  const logFile = path.join(OUT, 'gateway.log');
  const log = fs.openSync(logFile, 'w');
  const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['server/dev/start.ts'], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, APP_ENV: 'development', DEMO_DATA: 'true' },
  });
  fs.closeSync(log);
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = () => {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch (_) {
        /* already gone */
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 240 && !exited; i += 1) {
    if (await healthy(port)) return { url: `http://127.0.0.1:${port}`, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new CouldNotRun(
    `the demo gateway did not come up (${logFile}):\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')}`,
  );
}

async function main() {
  const started = Date.now();
  const compiled = await prepareCompiledPackage();
  if (compiled.errors.length)
    throw new CouldNotRun(
      `the mini-program does not compile (npm run check:miniprogram says why):\n${compiled.errors.join('\n')}`,
    );
  say(`compiled package ${compiled.reused ? 'reused' : `made in ${(compiled.ms / 1000).toFixed(0)} s`}: ${compiled.compiledDir}`);

  fs.mkdirSync(HTML, { recursive: true });
  if (!ONLY) {
    for (const dir of [OUT, HTML])
      for (const f of fs.readdirSync(dir)) if (/\.(png|html|json)$/.test(f)) fs.rmSync(path.join(dir, f));
  }
  const only = ONLY ? ['--only', ONLY] : [];
  const gateway = await startGateway();
  let rendered;
  try {
    rendered = await node('render.js', ['--root', compiled.compiledDir, '--gateway', gateway.url, '--out', HTML, ...only]);
  } finally {
    gateway.stop();
  }
  if (rendered !== 0) throw new CouldNotRun('render.js failed');
  const t1 = Date.now();
  if ((await node('shoot.js', ['--in', HTML, '--out', OUT, ...only, ...(ONLY ? [] : ['--sheet'])])) !== 0)
    throw new CouldNotRun('shoot.js failed');
  say(
    `pictures in ${OUT} (rendered in ${((t1 - started) / 1000).toFixed(0)} s, shot in ${((Date.now() - t1) / 1000).toFixed(0)} s)`,
  );
  if (!CHECK) return 0;
  return node('layout-check.js', ['--in', HTML, '--json', path.join(OUT, 'layout-faults.json'), ...only]);
}

main().then(
  (code) => process.exit(code),
  (e) => {
    say(`could not run: ${e instanceof CouldNotRun ? e.message : (e && e.stack) || e}`);
    process.exit(2);
  },
);
