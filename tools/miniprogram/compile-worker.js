// Packs npm and compiles the mini-program with miniprogram-ci (the compiler extracted from WeChat
// DevTools), offline. Run by prepare.js in its own process, with net-guard.js preloaded so that
// nothing leaves the machine (miniprogram-ci tries servicewechat.com for the project's attributes).
//   node compile-worker.js <projectDir> <outDir>
// Then DevTools' code-quality check over the same project.
// Prints one JSON line per result, prefixed `compile-worker: `, the last one `{"done": true}`;
// prepare.js reads them and stops the process (getCompiledResult can leave a worker running).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const ci = require('miniprogram-ci');

const [projectDir, outDir] = process.argv.slice(2).map((p) => path.resolve(p));
const say = (o) => process.stdout.write(`compile-worker: ${JSON.stringify(o)}\n`);
// the compiler's own words (file, field, path), not its stack
const message = (e) => String((e && (e.message || e.stack)) || JSON.stringify(e));

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const config = JSON.parse(fs.readFileSync(path.join(projectDir, 'project.config.json'), 'utf8'));

  // The upload key is only checked by WeChat's servers: a key made now, for this run, is enough to
  // construct a Project, and no real key is ever needed or read.
  const keyPath = path.join(outDir, 'throwaway-private.key');
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });

  for (const relation of config.setting.packNpmRelationList || []) {
    try {
      const result = await ci.packNpmManually({
        packageJsonPath: path.join(projectDir, relation.packageJsonPath),
        miniprogramNpmDistDir: path.join(projectDir, relation.miniprogramNpmDistDir),
      });
      say({ packed: relation.packageJsonPath, result });
    } catch (e) {
      say({ error: 'packNpmManually', packageJsonPath: relation.packageJsonPath, message: message(e) });
      return;
    }
  }

  // Made after packing: a Project lists the files when it is created, and the unused-file filter
  // (ignoreUploadUnusedFiles) only keeps what it listed.
  const project = new ci.Project({
    appid: config.appid,
    type: 'miniProgram',
    projectPath: projectDir,
    privateKeyPath: keyPath,
    ignores: ['node_modules/**/*'],
    // The project's attributes (the code-size limits among them) normally come from
    // servicewechat.com, signed with the upload key; offline, the module's own defaults.
    attr: async () => JSON.parse(JSON.stringify(ci.DefaultProjectAttr)),
  });
  const started = Date.now();
  try {
    // useProjectConfig: compile exactly as project.config.json says (minification, TypeScript plugin).
    const result = await ci.getCompiledResult(
      {
        project,
        desc: 'offline compile check',
        setting: { useProjectConfig: true },
        robot: 1,
        onProgressUpdate: () => undefined,
      },
      path.join(outDir, 'compiled.zip'),
    );
    const compiledDir = path.join(outDir, 'compiled');
    const files = [];
    for (const name of Object.keys(result).sort()) {
      const dest = path.join(compiledDir, name);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, result[name]);
      files.push({ path: name, bytes: fs.statSync(dest).size });
    }
    fs.writeFileSync(path.join(outDir, 'compiled-files.json'), JSON.stringify(files, null, 1));
    say({ compiled: true, ms: Date.now() - started, files: files.length });
  } catch (e) {
    say({ error: 'getCompiledResult', message: message(e) });
    return;
  }
  // DevTools' 代码质量 panel (minification on, package size, lazy code loading, unused files ...)
  try {
    const items = await ci.checkCodeQuality(project);
    say({ quality: items.map((i) => ({ name: i.name, success: i.success, text: i.text })) });
  } catch (e) {
    say({ error: 'checkCodeQuality', message: message(e) });
  }
}

main().then(
  () => say({ done: true }),
  (e) => say({ error: 'compile-worker', message: message(e) }),
);
