// The compile check's own logic: which files the upload counts in the main package, and which
// usingComponents entries resolve (tools/miniprogram/).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { measureMainPackage, globToRegExp, MAIN_PACKAGE_LIMIT } = require('../../tools/miniprogram/package-size');
const { unresolvedComponents, resolveComponent, listFiles } = require('../../tools/miniprogram/components');

const projectConfig = JSON.parse(fs.readFileSync(path.join(__dirname, '../../project.config.json'), 'utf8'));

describe('the main package as the upload counts it', () => {
  const files = [
    { path: 'app.js', bytes: 100 },
    { path: 'app.ts', bytes: 150 },
    { path: 'app.json', bytes: 10 },
    { path: 'pages/home/home.js', bytes: 1000 },
    { path: 'pages/home/home.ts', bytes: 1200 },
    { path: 'pages/home/__test__/home.test.ts', bytes: 50_000 },
    { path: 'pages/home/__test__/fixture.json', bytes: 7_000 },
    { path: 'services/api.d.ts', bytes: 300 },
    { path: 'node_modules/tdesign-miniprogram/button/button.js', bytes: 90_000 },
    { path: 'miniprogram_npm/tdesign-miniprogram/button/button.js', bytes: 4_000 },
    { path: 'more/page.js', bytes: 2_000 },
  ];

  test("counts compiled code and miniprogram_npm as packed, not sources, tests or node_modules (the project's own packOptions)", () => {
    const size = measureMainPackage(files, { projectConfig, appJson: {} });
    expect(size.files.map((f) => f.path).sort()).toEqual([
      'app.js',
      'app.json',
      'miniprogram_npm/tdesign-miniprogram/button/button.js',
      'more/page.js',
      'pages/home/home.js',
    ]);
    expect(size.bytes).toBe(100 + 10 + 4_000 + 2_000 + 1000);
    expect(size.dropped.find((f) => f.path === 'pages/home/__test__/fixture.json').why).toBe('a test folder');
  });

  test('honours every kind of packOptions.ignore rule and leaves subpackages out', () => {
    const config = {
      packOptions: {
        ignore: [
          { type: 'folder', value: 'more' },
          { type: 'file', value: './app.json' },
          { type: 'suffix', value: '.map' },
          { type: 'prefix', value: 'draft-' },
          { type: 'regexp', value: '\\.bak$' },
          { type: 'glob', value: 'pages/**/*.txt' },
        ],
      },
    };
    const extra = [
      { path: 'app.js.map', bytes: 1 },
      { path: 'pages/draft-notes.js', bytes: 1 },
      { path: 'pages/home/home.wxml.bak', bytes: 1 },
      { path: 'pages/home/deep/readme.txt', bytes: 1 },
      { path: 'pages/readme.txt', bytes: 1 },
      { path: 'sub/a/a.js', bytes: 5 },
    ];
    const size = measureMainPackage([...files, ...extra], {
      projectConfig: config,
      appJson: { subpackages: [{ root: 'sub/' }] },
    });
    expect(size.files.map((f) => f.path).sort()).toEqual([
      'app.js',
      'miniprogram_npm/tdesign-miniprogram/button/button.js',
      'pages/home/home.js',
    ]);
    expect(size.subpackages).toEqual({ 'sub/': 5 });
  });

  test('a glob of packOptions matches the way DevTools reads it', () => {
    expect(globToRegExp('**/__test__/**').test('pages/a/__test__/x.ts')).toBe(true);
    expect(globToRegExp('**/__test__/**').test('__test__/x.ts')).toBe(true);
    expect(globToRegExp('*.md').test('docs/a.md')).toBe(false);
    expect(globToRegExp('docs/*.md').test('docs/a.md')).toBe(true);
  });

  test('over 2 MB is over the limit', () => {
    const size = measureMainPackage([{ path: 'big.js', bytes: MAIN_PACKAGE_LIMIT + 1 }]);
    expect(size.bytes).toBeGreaterThan(size.limit);
  });
});

describe('usingComponents resolve as WeChat resolves them', () => {
  const files = [
    'app.json',
    'pages/home/home.json',
    'pages/home/home.wxml',
    'components/page-state/page-state.json',
    'components/page-state/page-state.wxml',
    'components/card/index.json',
    'miniprogram_npm/tdesign-miniprogram/button/button.json',
    'miniprogram_npm/tdesign-miniprogram/button/button.wxml',
  ];
  const has = (f) => files.includes(f);

  test('absolute, relative, folder index and npm paths', () => {
    expect(resolveComponent('pages/home/home.json', '/components/page-state/page-state', has)).toBe(
      'components/page-state/page-state',
    );
    expect(resolveComponent('pages/home/home.json', '../../components/page-state/page-state', has)).toBe(
      'components/page-state/page-state',
    );
    expect(resolveComponent('pages/home/home.json', '/components/card', has)).toBe('components/card/index');
    expect(resolveComponent('pages/home/home.json', 'tdesign-miniprogram/button/button', has)).toBe(
      'miniprogram_npm/tdesign-miniprogram/button/button',
    );
    expect(resolveComponent('pages/home/home.json', 'tdesign-miniprogram/popup/popup', has)).toBeNull();
  });

  test('names each entry that resolves to nothing, with its file', () => {
    const json = {
      'app.json': {
        usingComponents: { 't-button': 'tdesign-miniprogram/button/button', 't-popup': 'tdesign-miniprogram/popup/popup' },
      },
      'pages/home/home.json': { usingComponents: { state: '/components/page-state/page-state', gone: './missing/missing' } },
      'components/page-state/page-state.json': { component: true },
      'miniprogram_npm/tdesign-miniprogram/button/button.json': {
        component: true,
        usingComponents: { 't-icon': '../icon/icon' },
      },
    };
    expect(unresolvedComponents(files, (f) => json[f])).toEqual([
      { file: 'app.json', tag: 't-popup', target: 'tdesign-miniprogram/popup/popup' },
      { file: 'pages/home/home.json', tag: 'gone', target: './missing/missing' },
      { file: 'miniprogram_npm/tdesign-miniprogram/button/button.json', tag: 't-icon', target: '../icon/icon' },
    ]);
  });

  test("every usingComponents of the project's own pages resolves once TDesign is packed", () => {
    const root = path.join(__dirname, '../../miniprogram');
    const own = listFiles(root).filter((f) => !f.startsWith('node_modules/') && !f.startsWith('miniprogram_npm/'));
    const missing = unresolvedComponents(own, (f) => JSON.parse(fs.readFileSync(path.join(root, f), 'utf8')));
    // only TDesign's paths are left, and only because miniprogram_npm is not packed in a checkout
    expect(missing.filter((m) => !m.target.startsWith('tdesign-miniprogram/'))).toEqual([]);
  });

  test('listFiles gives paths with forward slashes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'list-files-'));
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', 'b', 'c.json'), '{}');
    expect(listFiles(dir)).toEqual(['a/b/c.json']);
    fs.rmSync(dir, { recursive: true });
  });
});
