#!/usr/bin/env node
// npm run check:miniprogram: WeChat's own toolchain over the mini-program, offline. Fails on any
// miniprogram-ci (packNpmManually, getCompiledResult) or wcc/wcsc error, on a usingComponents entry
// that resolves to nothing, when the main package as uploaded is over 2 MB, and on any item of
// DevTools' code-quality check that fails (WXML/WXSS/JS minification off, among others).
// Exit 0 clean, 1 a check failed, 2 the check could not run.
const fs = require('fs');
const path = require('path');
const { prepareCompiledPackage, WORK } = require('./prepare');
const { compileTemplatesAndStyles } = require('./wcc');
const { unresolvedComponents, listFiles } = require('./components');
const { measureMainPackage } = require('./package-size');

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

async function main() {
  const started = Date.now();
  const problems = [];
  const report = (line) => console.log(`check:miniprogram: ${line}`);

  const compiled = await prepareCompiledPackage({ force: true });
  for (const e of compiled.errors) problems.push(`miniprogram-ci: ${e}`);
  report(
    `miniprogram-ci ${compiled.errors.length ? 'FAILED' : 'compiled'} in ${(compiled.ms / 1000).toFixed(1)} s` +
      (compiled.blocked.length ? ` (refused connections to ${compiled.blocked.join(', ')})` : ''),
  );

  const failedQuality = compiled.quality.filter((i) => !i.success);
  for (const i of failedQuality) problems.push(`code quality (DevTools' 代码质量): ${i.name}: ${i.text}`);
  if (!compiled.errors.length)
    report(`code quality: ${compiled.quality.length - failedQuality.length} of ${compiled.quality.length} items pass`);

  const wcc = compileTemplatesAndStyles(compiled.miniprogramDir, WORK);
  for (const e of wcc.errors) problems.push(e);
  report(`${wcc.summary}: ${wcc.errors.length ? `${wcc.errors.length} errors` : 'clean'}`);

  if (!compiled.errors.length) {
    const root = compiled.compiledDir;
    const files = listFiles(root);
    const readJson = (f) => JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'));
    const missing = unresolvedComponents(files, readJson);
    for (const m of missing)
      problems.push(`unresolved component: ${m.file} uses <${m.tag}> from "${m.target}", which is not in the package`);
    report(`usingComponents: ${missing.length ? `${missing.length} unresolved` : 'all resolve'}`);

    const sizes = files.map((f) => ({ path: f, bytes: fs.statSync(path.join(root, f)).size }));
    const projectConfig = JSON.parse(fs.readFileSync(path.join(compiled.projectDir, 'project.config.json'), 'utf8'));
    const size = measureMainPackage(sizes, { projectConfig, appJson: readJson('app.json') });
    const npmBytes = size.files.filter((f) => f.path.startsWith('miniprogram_npm/')).reduce((n, f) => n + f.bytes, 0);
    report(
      `main package ${kib(size.bytes)} of ${kib(size.limit)} (${size.files.length} files, miniprogram_npm ${kib(npmBytes)})`,
    );
    if (size.bytes > size.limit) problems.push(`the main package is ${kib(size.bytes)}, over WeChat's ${kib(size.limit)}`);
  }

  for (const p of problems) console.log(`  ${p}`);
  report(
    `${problems.length ? `FAILED, ${problems.length} problems` : 'ok'} (${((Date.now() - started) / 1000).toFixed(0)} s; compiled package in ${compiled.compiledDir})`,
  );
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.log(`check:miniprogram could not run: ${(e && (e.stack || e.message)) || e}`);
    process.exit(2);
  },
);
