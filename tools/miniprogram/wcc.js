// Tencent's own WXML (wcc) and WXSS (wcsc) compilers, as the npm package miniprogram-compiler ships
// them, over a mini-program root: every WXML and WXS together with each template's components, then
// each WXML alone so that an error names its file, then every WXSS. Any status other than 0 or any
// message on stderr is an error.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { listFiles } = require('./components');

/** The binaries, copied into workDir and made executable (npm does not keep wcsc's mode). */
function compilerBinaries(workDir) {
  const pkg = path.dirname(require.resolve('miniprogram-compiler/package.json'));
  const dir = path.join(workDir, 'wcc-bin');
  fs.mkdirSync(dir, { recursive: true });
  const out = {};
  for (const name of ['wcc', 'wcsc']) {
    const dest = path.join(dir, name);
    fs.copyFileSync(path.join(pkg, 'bin', 'linux', name), dest);
    fs.chmodSync(dest, 0o755);
    out[name] = dest;
  }
  return out;
}

function run(bin, args, cwd) {
  const r = spawnSync(bin, args, { cwd, maxBuffer: 256 * 1024 * 1024 });
  const stderr = r.stderr ? r.stderr.toString().trim() : '';
  return { status: r.status, error: r.error ? String(r.error) : '', stderr, outBytes: r.stdout ? r.stdout.length : 0 };
}

/** Returns { errors: [text], summary } for the mini-program at root. */
function compileTemplatesAndStyles(root, workDir) {
  const { wcc, wcsc } = compilerBinaries(workDir);
  const files = listFiles(root).filter((f) => !f.split('/').some((p) => p === 'node_modules' || p === '__test__'));
  const wxml = files.filter((f) => f.endsWith('.wxml'));
  const wxs = files.filter((f) => f.endsWith('.wxs'));
  const wxss = files.filter((f) => f.endsWith('.wxss'));
  const appJson = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'));
  const globalTags = Object.keys(appJson.usingComponents || {});
  const pages = new Set(appJson.pages || []);
  const errors = [];

  // -cc: for each template, the custom tags it may use (its own and, for pages and components, app.json's)
  const componentArgs = [];
  let withComponents = 0;
  for (const f of wxml) {
    const jsonFile = path.join(root, f.replace(/\.wxml$/, '.json'));
    if (!fs.existsSync(jsonFile)) continue;
    const json = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
    const own = Object.keys(json.usingComponents || {});
    const tags = [...new Set([...(pages.has(f.replace(/\.wxml$/, '')) || json.component ? globalTags : []), ...own])];
    if (!tags.length) continue;
    componentArgs.push(f, String(tags.length), ...tags);
    withComponents += 1;
  }
  const all = run(wcc, ['-d', '-cc', [String(withComponents), ...componentArgs].join(' '), ...wxml, ...wxs, '-gn', '$gwx'], root);
  if (all.status !== 0 || all.error || all.stderr)
    errors.push(`wcc (all templates): status ${all.status} ${all.error} ${all.stderr}`.trim());
  for (const f of wxml) {
    const one = run(wcc, ['-d', '-cc', '0', f, ...wxs, '-gn', '$gwx'], root);
    const text = one.stderr.replace(/error file count: 0\s*/g, '').trim();
    if (one.status !== 0 || one.error || text) errors.push(`wcc ${f}: status ${one.status} ${one.error} ${text}`.trim());
  }
  const componentStyles = wxss.filter((f) => fs.existsSync(path.join(root, f.replace(/\.wxss$/, '.json'))));
  const otherStyles = wxss.filter((f) => !componentStyles.includes(f));
  const styles = run(wcsc, ['-db', '-pc', String(componentStyles.length), ...componentStyles, ...otherStyles], root);
  if (styles.status !== 0 || styles.error || styles.stderr)
    errors.push(`wcsc: status ${styles.status} ${styles.error} ${styles.stderr}`.trim());
  return { errors, summary: `wcc ${wxml.length} WXML + ${wxs.length} WXS, wcsc ${wxss.length} WXSS` };
}

module.exports = { compileTemplatesAndStyles };
