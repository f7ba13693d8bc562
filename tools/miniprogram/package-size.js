// The main package's size as WeChat's upload counts it: the files the upload keeps (after
// project.config.json's packOptions.ignore, test folders, TypeScript sources that are uploaded as
// their compiled .js, and node_modules, which the upload never takes: what a page uses from npm is
// in miniprogram_npm as packed), outside every subpackage root of app.json.
const path = require('path');

/** WeChat's limit for the main package (and for each subpackage). */
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;

/** A glob of packOptions (`*` within one path segment, `**` across segments, `?` one character) as a RegExp. */
function globToRegExp(glob) {
  let source = '';
  const text = glob.replace(/^\.?\//, '');
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '*' && text[i + 1] === '*') {
      const slash = text[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether one packOptions.ignore rule drops a file. `file` is relative to the mini-program root, with
 * forward slashes; so are the rules' values (a leading `./` or `/` is allowed).
 */
function ruleDrops(rule, file) {
  const value = String(rule.value || '')
    .replace(/^\.?\//, '')
    .replace(/\/$/, '');
  switch (rule.type) {
    case 'folder':
      return file === value || file.startsWith(`${value}/`);
    case 'file':
      return file === value;
    case 'suffix':
      return file.endsWith(rule.value);
    case 'prefix':
      return path.posix.basename(file).startsWith(rule.value);
    case 'regexp':
      return new RegExp(rule.value).test(file);
    case 'glob':
      return globToRegExp(rule.value).test(file);
    default:
      throw new Error(`packOptions.ignore: unknown rule type ${JSON.stringify(rule.type)}`);
  }
}

/** Why the upload leaves a file out, or null when it takes it. */
function whyDropped(file, { ignore = [], allFiles = new Set() } = {}) {
  const parts = file.split('/');
  if (parts.includes('node_modules')) return 'node_modules (npm is uploaded as packed into miniprogram_npm)';
  if (parts.includes('__test__')) return 'a test folder';
  if (file.endsWith('.d.ts')) return 'a type declaration';
  if (file.endsWith('.ts'))
    return allFiles.has(file.replace(/\.ts$/, '.js')) ? 'a TypeScript source (its .js is uploaded)' : null;
  const rule = ignore.find((r) => ruleDrops(r, file));
  if (rule) return `packOptions.ignore ${JSON.stringify(rule)}`;
  return null;
}

/**
 * files: [{ path, bytes }] relative to the mini-program root. projectConfig: project.config.json;
 * appJson: app.json. Returns { bytes, limit, files (kept, main package), subpackages, dropped }.
 */
function measureMainPackage(files, { projectConfig = {}, appJson = {} } = {}) {
  const ignore = (projectConfig.packOptions && projectConfig.packOptions.ignore) || [];
  const roots = [...(appJson.subpackages || []), ...(appJson.subPackages || [])].map((s) =>
    String(s.root)
      .replace(/^\.?\//, '')
      .replace(/\/?$/, '/'),
  );
  const allFiles = new Set(files.map((f) => f.path));
  const kept = [];
  const dropped = [];
  const subpackages = {};
  for (const f of files) {
    const why = whyDropped(f.path, { ignore, allFiles });
    if (why) {
      dropped.push({ ...f, why });
      continue;
    }
    const root = roots.find((r) => f.path.startsWith(r));
    if (root) subpackages[root] = (subpackages[root] || 0) + f.bytes;
    else kept.push(f);
  }
  return { bytes: kept.reduce((n, f) => n + f.bytes, 0), limit: MAIN_PACKAGE_LIMIT, files: kept, subpackages, dropped };
}

module.exports = { MAIN_PACKAGE_LIMIT, globToRegExp, ruleDrops, whyDropped, measureMainPackage };
