// Every `usingComponents` entry of app.json, the pages and the components must name a component that
// exists in the package, resolved as WeChat resolves it: `/x` from the mini-program root, `./x` and
// `../x` from the declaring file, and a bare `pkg/x` in the miniprogram_npm folders from the
// declaring file's folder up to the root (then, as a relative path, from the declaring file).
const fs = require('fs');
const path = require('path');

/** Candidate paths (relative to the root, without extension) for one usingComponents value. */
function candidates(declaringFile, target) {
  const dir = path.posix.dirname(declaringFile);
  if (target.startsWith('/')) return [path.posix.normalize(target.slice(1))];
  if (target.startsWith('./') || target.startsWith('../')) return [path.posix.normalize(path.posix.join(dir, target))];
  const out = [];
  for (let d = dir; ; d = path.posix.dirname(d)) {
    out.push(path.posix.normalize(path.posix.join(d === '.' ? '' : d, 'miniprogram_npm', target)));
    if (d === '.' || d === '/' || d === '') break;
  }
  out.push(path.posix.normalize(path.posix.join(dir, target)));
  return out;
}

/** A component exists when its .json does (a folder may stand for its index). */
function resolveComponent(declaringFile, target, hasFile) {
  for (const c of candidates(declaringFile, target)) {
    if (c.startsWith('..')) continue;
    if (hasFile(`${c}.json`)) return c;
    if (hasFile(`${c}/index.json`)) return `${c}/index`;
  }
  return null;
}

/**
 * files: every file of the package, relative to its root with forward slashes; readJson(file) parses
 * one. Returns [{ file, tag, target }] for each entry that resolves to nothing.
 */
function unresolvedComponents(files, readJson) {
  const all = new Set(files);
  const hasFile = (f) => all.has(f);
  const missing = [];
  for (const file of files) {
    if (!file.endsWith('.json') || file.split('/').includes('node_modules')) continue;
    const stem = file.replace(/\.json$/, '');
    // app.json, and the json next to a page's or component's template
    if (file !== 'app.json' && !all.has(`${stem}.wxml`)) continue;
    const using = (readJson(file) || {}).usingComponents || {};
    for (const [tag, target] of Object.entries(using)) {
      if (typeof target !== 'string' || /^plugin(-private)?:\/\//.test(target)) continue;
      if (!resolveComponent(file, target, hasFile)) missing.push({ file, tag, target });
    }
  }
  return missing;
}

/** Every file under dir, relative to it, with forward slashes. */
function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

module.exports = { candidates, resolveComponent, unresolvedComponents, listFiles };
