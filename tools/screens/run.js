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
const path = require('path');
const { CouldNotStart, startDemoGateway } = require('./demo-gateway');
const { prepareCompiledPackage, REPO } = require('../miniprogram/prepare');

const argv = process.argv.slice(2);
const CHECK = argv.includes('--check');
const onlyAt = argv.indexOf('--only');
const ONLY = onlyAt >= 0 ? argv[onlyAt + 1] : process.env.ONLY || '';
const OUT = path.resolve(process.env.SCREENS_OUT || path.join(REPO, '.screens'));
const HTML = path.join(OUT, 'html');
const say = (m) => console.log(`screens: ${m}`);

class CouldNotRun extends Error {}

/** Runs a node script of this folder; resolves to its exit code. */
function node(script, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, script), ...args], { stdio: 'inherit', cwd: REPO });
    child.on('exit', (code, signal) => resolve(signal ? 2 : code));
  });
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
  const gateway = await startDemoGateway({ logFile: path.join(OUT, 'gateway.log') });
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
    say(`could not run: ${e instanceof CouldNotRun || e instanceof CouldNotStart ? e.message : (e && e.stack) || e}`);
    process.exit(2);
  },
);
