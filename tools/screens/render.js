#!/usr/bin/env node
/*
 * Renders mini-program pages to static HTML, as exparser (WeChat's own component framework, inside
 * miniprogram-simulate/j-component) lays them out, with the REAL TDesign components from
 * miniprogram_npm (not the tests' stand-ins), WXML compiled by Tencent's wcc, and the page's,
 * components' and app.wxss styles (rpx -> px at 375 wide). Data comes from a real local gateway
 * (`npm start` with the demo data) called with the scenario's demo identity; a scenario may
 * override an action's reply (empty states) or make it fail (error states).
 *
 * usage: node render.js --root <compiled miniprogram root> --gateway http://127.0.0.1:PORT \
 *          --out <dir for .json> [--only name,name]
 * Writes <out>/<scenario>.json (the composed DOM, the compiled styles, what the page called and the
 * errors it met) and <out>/index.json (the scenarios, and the pages of app.json that have none).
 * run.js runs it; jsdom and miniprogram-simulate come from the project's devDependencies.
 */
const fs = require('fs');
const path = require('path');
const http = require('http');
const Module = require('module');

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce(
      (acc, a, i, all) =>
        a.startsWith('--') ? acc.concat([[a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]]) : acc,
      [],
    ),
);
const ROOT = path.resolve(args.root);
const GATEWAY = new URL(args.gateway || 'http://127.0.0.1:3000');
const OUT = path.resolve(args.out || path.join(require('os').tmpdir(), 'screens', 'html'));
const ONLY = args.only ? String(args.only).split(',') : null;
const SCENARIOS = require('./scenarios');
fs.mkdirSync(OUT, { recursive: true });
if (!/^(127\.|localhost$|\[::1\]$)/.test(GATEWAY.hostname)) throw new Error('gateway must be on loopback');

// ---- a browser-ish global environment ---------------------------------------------------------
const { JSDOM } = require('jsdom');
const jsdom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
  pretendToBeVisual: true,
  url: 'http://localhost/',
});
global.window = jsdom.window;
for (const key of Object.getOwnPropertyNames(jsdom.window)) {
  if (key in global) continue;
  try {
    global[key] = jsdom.window[key];
  } catch (_) {
    /* read-only */
  }
}
global.document = jsdom.window.document;
// Node has its own Event classes; the DOM must use jsdom's.
for (const key of [
  'Event',
  'CustomEvent',
  'EventTarget',
  'UIEvent',
  'MouseEvent',
  'TouchEvent',
  'KeyboardEvent',
  'FocusEvent',
  'InputEvent',
])
  if (jsdom.window[key]) global[key] = jsdom.window[key];

// WeChat resolves a bare require('tslib') through miniprogram_npm folders upward from the file.
const origResolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (parent && parent.filename && parent.filename.startsWith(ROOT) && !request.startsWith('.') && !path.isAbsolute(request)) {
    let dir = path.dirname(parent.filename);
    while (dir.startsWith(ROOT)) {
      for (const cand of [path.join(dir, 'miniprogram_npm', request), path.join(dir, 'miniprogram_npm', request, 'index')]) {
        for (const ext of ['', '.js']) if (fs.existsSync(cand + ext) && fs.statSync(cand + ext).isFile()) return cand + ext;
      }
      if (dir === ROOT) break;
      dir = path.dirname(dir);
    }
  }
  return origResolve.call(this, request, parent, ...rest);
};

// ---- the fake wx whose calls to the api function go to the real gateway ----------------------
const state = {
  scenario: null,
  calls: [],
  pending: 0,
  toasts: [],
  modals: [],
  navigations: [],
  loading: [],
  title: null,
  errors: [],
};

function post(openid, action, input) {
  const body = JSON.stringify({ action, input });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: GATEWAY.hostname,
        port: GATEWAY.port,
        path: '/functions/api',
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Dev-Openid': openid },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (data += c));
        res.on('end', () => {
          try {
            resolve({ statusCode: res.statusCode, data: JSON.parse(data) });
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function answer(action, input) {
  const sc = state.scenario;
  const override = sc.replies && sc.replies[action];
  if (override !== undefined) {
    const value =
      typeof override === 'function' ? await override(input, (a, i) => post(sc.openid, a, i).then((r) => r.data)) : override;
    if (value && value.__transport) return { transport: value.__transport };
    return { statusCode: 200, data: value };
  }
  if (sc.failAll || (sc.fail && sc.fail.includes(action))) return { transport: 'request:fail timeout' };
  if (sc.holdAll || (sc.hold && sc.hold.includes(action))) return new Promise(() => undefined);
  return post(sc.openid, action, input);
}

const wxFake = {
  request(option) {
    const data = typeof option.data === 'string' ? JSON.parse(option.data) : option.data || {};
    const action = String(data.action);
    state.calls.push({ action, input: data.input });
    state.pending += 1;
    answer(action, data.input).then(
      (r) => {
        state.pending -= 1;
        if (r.transport) option.fail && option.fail({ errMsg: r.transport, errno: 600001 });
        else
          option.success &&
            option.success({ data: r.data, statusCode: r.statusCode, header: {}, cookies: [], errMsg: 'request:ok' });
        option.complete && option.complete({});
      },
      (e) => {
        state.pending -= 1;
        option.fail && option.fail({ errMsg: `request:fail ${e.message}` });
      },
    );
    return { abort() {} };
  },
  cloud: {
    init() {},
    callFunction() {
      return Promise.reject({ errMsg: 'cloud not available in the renderer' });
    },
  },
  showToast(o) {
    state.toasts.push(o);
    o && o.success && o.success({});
    return Promise.resolve();
  },
  hideToast() {},
  showLoading(o) {
    state.loading.push(o);
  },
  hideLoading() {},
  showModal(o) {
    state.modals.push(o);
    const confirm = !!(state.scenario && state.scenario.confirmModals);
    const res = { confirm, cancel: !confirm, content: '', errMsg: 'showModal:ok' };
    setTimeout(() => {
      o.success && o.success(res);
      o.complete && o.complete(res);
    }, 0);
    return Promise.resolve(res);
  },
  showActionSheet(o) {
    state.modals.push({ actionSheet: o.itemList });
    return Promise.reject({ errMsg: 'showActionSheet:fail cancel' });
  },
  navigateTo(o) {
    state.navigations.push({ method: 'navigateTo', url: o.url });
    return Promise.resolve();
  },
  redirectTo(o) {
    state.navigations.push({ method: 'redirectTo', url: o.url });
    return Promise.resolve();
  },
  reLaunch(o) {
    state.navigations.push({ method: 'reLaunch', url: o.url });
    return Promise.resolve();
  },
  switchTab(o) {
    state.navigations.push({ method: 'switchTab', url: o.url });
    return Promise.resolve();
  },
  navigateBack(o) {
    state.navigations.push({ method: 'navigateBack', delta: (o && o.delta) || 1 });
    return Promise.resolve();
  },
  scanCode() {
    return Promise.reject({ errMsg: 'scanCode:fail cancel' });
  },
  // The phone's location: a scenario's `location` point, else the person says no.
  getLocation() {
    const point = state.scenario && state.scenario.location;
    return point
      ? Promise.resolve({ ...point, accuracy: 30, errMsg: 'getLocation:ok' })
      : Promise.reject({ errMsg: 'getLocation:fail auth deny' });
  },
  // A pick on WeChat's map: a scenario's `chooseLocation` place, else the map is closed.
  chooseLocation() {
    const place = state.scenario && state.scenario.chooseLocation;
    return place
      ? Promise.resolve({ ...place, errMsg: 'chooseLocation:ok' })
      : Promise.reject({ errMsg: 'chooseLocation:fail cancel' });
  },
  openLocation() {
    return Promise.resolve({ errMsg: 'openLocation:ok' });
  },
  openSetting() {
    return Promise.resolve({ authSetting: {}, errMsg: 'openSetting:ok' });
  },
  setNavigationBarTitle(o) {
    state.title = o.title;
  },
  stopPullDownRefresh() {},
  pageScrollTo() {},
  saveImageToPhotosAlbum() {
    return Promise.resolve();
  },
  makePhoneCall() {
    return Promise.resolve({});
  },
  previewImage() {},
  vibrateShort() {},
  getFileSystemManager() {
    return {
      writeFile(o) {
        setTimeout(() => o.success && o.success({}), 0);
      },
      unlink() {},
      access(o) {
        o.fail && o.fail({});
      },
    };
  },
  env: { USER_DATA_PATH: 'wxfile://usr' },
  getSystemInfoSync() {
    return {
      windowWidth: 375,
      windowHeight: 667,
      screenWidth: 375,
      screenHeight: 667,
      pixelRatio: 2,
      statusBarHeight: 20,
      platform: 'ios',
      SDKVersion: '3.8.10',
      system: 'iOS 16',
      safeArea: { top: 20, bottom: 667, left: 0, right: 375, width: 375, height: 647 },
    };
  },
  getWindowInfo() {
    return {
      windowWidth: 375,
      windowHeight: 667,
      screenWidth: 375,
      screenHeight: 667,
      pixelRatio: 2,
      statusBarHeight: 20,
      safeArea: { top: 20, bottom: 667, left: 0, right: 375, width: 375, height: 647 },
    };
  },
  getDeviceInfo() {
    return { platform: 'ios', system: 'iOS 16' };
  },
  getAppBaseInfo() {
    return { SDKVersion: '3.8.10' };
  },
  getMenuButtonBoundingClientRect() {
    return { top: 24, bottom: 56, left: 281, right: 368, width: 87, height: 32 };
  },
};
global.wx = wxFake;
global.App = () => undefined;
global.getApp = () => ({ globalData: {} });
global.getCurrentPages = () => [];

const simulate = require('miniprogram-simulate');
// rpx -> px at a 375 px wide screen (simulate's own transform makes 1rpx = 1px)
const simUtils = require(path.join(path.dirname(require.resolve('miniprogram-simulate')), 'src/utils'));
const toPx = (css) =>
  css.replace(/(-?\d*\.?\d+)rpx/g, (_, n) => {
    const v = (parseFloat(n) * 375) / 750;
    return `${Math.abs(v) > 0 && Math.abs(v) < 0.5 ? (v < 0 ? -0.5 : 0.5) : +v.toFixed(2)}px`;
  });
simUtils.transformRpx = toPx;
const simWxss = require(path.join(path.dirname(require.resolve('miniprogram-simulate')), 'src/wxss'));
global.Page = (options) => global.Component(options);

// Built-in tags: give the few whose looks come from properties a template that shows them.
// the very instances miniprogram-simulate uses
const simulateDir = path.dirname(require.resolve('miniprogram-simulate/package.json'));
const jComponentFile = require.resolve('j-component', { paths: [simulateDir] });
const jComponent = require(jComponentFile);
const exparser = require(require.resolve('miniprogram-exparser', { paths: [path.dirname(jComponentFile)] }));
// j-component writes a component's `class` attribute to its host node before it looks at external
// classes; TDesign's components are virtual hosts that declare `class` an external class (as WeChat
// requires for virtualHost), so route it there as WeChat does.
{
  let proto = exparser.Component.prototype;
  let desc = null;
  while (proto && !(desc = Object.getOwnPropertyDescriptor(proto, 'class'))) proto = Object.getPrototypeOf(proto);
  if (desc && desc.set) {
    Object.defineProperty(exparser.Component.prototype, 'class', {
      configurable: true,
      get() {
        return desc.get.call(this);
      },
      // (the host keeps the class too, so selectors like '.item' still find the component)
      set(v) {
        if (this.__virtual && this.hasExternalClass && this.hasExternalClass('class')) this.setExternalClass('class', v);
        desc.set.call(this, v);
      },
    });
  } else console.log('renderer: no class accessor found on exparser components; external classes stay off');
}
// Which file each registered component comes from (simulate registers every page and component
// under a generated id): tells the app's own templates from TDesign's (miniprogram_npm).
const componentPaths = {};
{
  const register = jComponent.register;
  jComponent.register = function (def, ...rest) {
    const id = register.call(this, def, ...rest);
    if (def && def.path) componentPaths[id || def.id] = def.path;
    return id;
  };
}
jComponent.register({
  id: 'image',
  tagName: 'wx-image',
  properties: { src: String, mode: String },
  template: '<view style="width:100%;height:100%;background:url({{src}}) center / contain no-repeat"></view>',
});
jComponent.register({
  id: 'input',
  tagName: 'wx-input',
  properties: {
    value: String,
    placeholder: String,
    type: String,
    password: Boolean,
    disabled: Boolean,
    placeholderClass: String,
    placeholderStyle: String,
    maxlength: Number,
  },
  template:
    '<text wx:if="{{value}}" style="color:inherit">{{password ? "••••" : value}}</text><text wx:else style="color:var(--td-text-color-placeholder,#999);{{placeholderStyle}}" data-placeholder="1">{{placeholder}}</text>',
});
jComponent.register({
  id: 'textarea',
  tagName: 'wx-textarea',
  properties: {
    value: String,
    placeholder: String,
    disabled: Boolean,
    placeholderClass: String,
    placeholderStyle: String,
    autoHeight: Boolean,
    maxlength: Number,
  },
  template:
    '<text wx:if="{{value}}" style="color:inherit;white-space:pre-wrap">{{value}}</text><text wx:else style="color:var(--td-text-color-placeholder,#999);{{placeholderStyle}}" data-placeholder="1">{{placeholder}}</text>',
});

// ---- tap targets: what the templates bind, written onto the DOM for check.js ------------------
// data-tap="<handler>" on the DOM of every node the app's own templates bind tap/longpress/click on
// (bind:tap, bindtap, catchtap, mut-bind:tap ..., and bindchange on <picker>, which opens on a tap),
// and on the inner tap node of TDesign's interactive components (button, radio, checkbox ...), which
// are targets whether or not the page listens, and on TDesign's clear / close buttons; TDesign's other
// internal listeners (t-cell's, t-tag's, the popup mask's, an input's empty suffix) do not count. TDesign components are virtual hosts, so a binding on <t-button>
// lands on the component's first DOM nodes. data-sel="#id" keeps the id a virtual host loses.
const TAP_EVENTS = new Set(['tap', 'longpress', 'longtap', 'click']);
const TD_TARGETS =
  /\/tdesign-miniprogram\/(button|radio|checkbox|switch|tabs|tab-bar-item|stepper|rate|action-sheet|dialog|collapse-panel|navbar|dropdown-menu|dropdown-item|check-tag|segmented|side-bar-item|link|fab|back-top|grid-item|upload)\//;
// and these parts of other TDesign components: clear buttons, a search's action text, a popup's close button
const TD_PARTS = /__(clear|wrap--clearable-icon|search-action|close)( |$)/;
function ownerPath(n) {
  const host = n.ownerShadowRoot && n.ownerShadowRoot.getHostNode && n.ownerShadowRoot.getHostNode();
  return (host && componentPaths[host.is]) || '';
}
function domRootsOf(n, depth = 0) {
  if (!n || depth > 30) return [];
  if (n.$$ && n.$$.nodeType === 1) return [n.$$];
  if (n.$$ && n.$$.nodeType !== 1) return [];
  const kids = n.shadowRoot ? n.shadowRoot.childNodes : n.childNodes;
  return Array.from(kids || []).flatMap((k) => domRootsOf(k, depth + 1));
}
function markTapTargets(rootNode) {
  const visit = (n, depth) => {
    if (!n || depth > 200) return;
    const ev = n._vt && n._vt.event ? Object.values(n._vt.event) : [];
    if (ev.length) {
      const owner = ownerPath(n);
      const fromNpm = owner.includes(`${path.sep}miniprogram_npm${path.sep}`);
      let names = [];
      if (!fromNpm)
        names = ev
          .filter((e) => e.handler && (TAP_EVENTS.has(e.name) || (e.name === 'change' && n.is === 'picker')))
          .map((e) => e.handler);
      else {
        const comp = `t-${owner.split(path.sep).slice(-2)[0]}`;
        const cls = n.$$ && n.$$.nodeType === 1 ? n.$$.className : '';
        if (TD_TARGETS.test(owner.split(path.sep).join('/')) && ev.some((e) => TAP_EVENTS.has(e.name))) names = [comp];
        else if (TD_PARTS.test(cls) && ev.some((e) => TAP_EVENTS.has(e.name) || e.name === 'touchstart')) names = [comp];
      }
      if (names.length) {
        for (const el of domRootsOf(n)) {
          const had = el.getAttribute('data-tap');
          el.setAttribute('data-tap', [...new Set([...(had ? had.split(' ') : []), ...names])].join(' '));
        }
      }
    }
    if (n.id && !n.$$)
      for (const el of domRootsOf(n).slice(0, 1))
        if (!el.id && !el.getAttribute('data-sel')) el.setAttribute('data-sel', `#${n.id}`);
    for (const c of Array.from(n.childNodes || [])) visit(c, depth + 1);
    if (n.shadowRoot) visit(n.shadowRoot, depth + 1);
  };
  visit(rootNode, 0);
}

// ---- load pages ------------------------------------------------------------------------------
const appJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'));
const globalComponents = {};
for (const [tag, p] of Object.entries(appJson.usingComponents || {}))
  globalComponents[tag] = p.startsWith('./') ? p.slice(1) : p.startsWith('/') ? p : `/miniprogram_npm/${p}`;
function walk(d) {
  return fs
    .readdirSync(d, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.relative(ROOT, path.join(d, e.name))]));
}
const wxmlList = walk(ROOT).filter((f) => f.endsWith('.wxml'));
const appCss = simWxss.compile(
  fs.readFileSync(path.join(ROOT, 'app.wxss'), 'utf8').replace(/(^|[},\s])page(?=\s*[{,])/g, '$1body'),
  { prefix: 'main' },
);

const loaded = {};
function loadPage(page) {
  if (!loaded[page]) {
    loaded[page] = simulate.load(path.join(ROOT, 'pages', page, page), 'main', {
      rootPath: ROOT,
      usingComponents: { ...globalComponents },
      compilerOptions: { wxmlList },
    });
  }
  return loaded[page];
}
function pageJson(page) {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'pages', page, `${page}.json`), 'utf8'));
  } catch (_) {
    return {};
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function settle(min = 60) {
  await sleep(min);
  for (let i = 0; i < 200; i += 1) {
    if (state.pending === 0 || ((state.scenario.holdAll || state.scenario.hold) && i > 10)) {
      await sleep(30);
      if (state.pending === 0 || state.scenario.holdAll || state.scenario.hold) return;
    }
    await sleep(20);
  }
}

/** As the project's own tests do: querySelector does not cross into child components; `a >>> b` does. */
function findAllDeep(comp, selector) {
  const parts = selector.split('>>>').map((x) => x.trim());
  let current = [comp];
  for (let i = 0; i < parts.length; i += 1) {
    const next = [];
    for (const c of current) {
      const found = i === parts.length - 1 ? c.querySelectorAll(parts[i]) || [] : [c.querySelector(parts[i])].filter(Boolean);
      next.push(...found);
    }
    current = next;
  }
  return current;
}

function parseUrl(url) {
  const [p, q = ''] = url.split('?');
  const page = p.replace(/^\/?pages\//, '').split('/')[0];
  const options = {};
  for (const part of q.split('&').filter(Boolean)) {
    const [k, v = ''] = part.split('=');
    options[k] = v;
  } // raw, as WeChat passes them
  return { page, options };
}

async function runScenario(sc) {
  state.scenario = sc;
  state.pending = 0;
  state.calls = [];
  state.toasts = [];
  state.modals = [];
  state.navigations = [];
  state.loading = [];
  state.title = null;
  state.errors = [];
  const { page, options } = parseUrl(sc.url);
  const id = loadPage(page);
  const container = document.createElement('div');
  container.id = 'phone';
  document.body.appendChild(container);
  const root = simulate.render(id);
  root.attach(container);
  const inst = root.instance;
  try {
    if (typeof inst.onLoad === 'function') await inst.onLoad(options);
    if (typeof inst.onShow === 'function') await inst.onShow();
    if (typeof inst.onReady === 'function') await inst.onReady();
  } catch (e) {
    state.errors.push(`lifecycle: ${(e && e.stack) || e}`);
  }
  await settle(sc.wait || 120);
  for (const step of sc.steps || []) {
    try {
      if (step.call) {
        await inst[step.call](...(step.args || []));
      } else {
        const node = findAllDeep(root, step.sel)[step.nth || 0];
        if (!node) {
          state.errors.push(`step: nothing matches ${step.sel}`);
          continue;
        }
        // exparser-level dispatch: TDesign components are virtual hosts (no DOM node of their own)
        const target = node._exparserNode;
        exparser.Event.dispatchEvent(
          target,
          exparser.Event.create(step.event || 'tap', step.detail || {}, { bubbles: true, composed: true, capturePhase: true }),
        );
      }
    } catch (e) {
      state.errors.push(`step ${JSON.stringify(step)}: ${(e && e.stack) || e}`);
    }
    await settle(step.wait || 350);
  }
  // <textarea auto-height> (TDesign's autosize) grows with its text in WeChat: one line when empty
  for (const el of container.querySelectorAll('wx-textarea')) {
    const node = el.__wxElement;
    const props = node && node.__propData;
    if (props && props.autoHeight) {
      el.style.height = 'auto';
      el.style.minHeight = '20px';
    }
  }

  try {
    markTapTargets(root._exparserNode);
  } catch (e) {
    state.errors.push(`tap targets: ${(e && e.stack) || e}`);
  }
  const styleEl = document.querySelector(`style#${id}`);
  const json = pageJson(page);
  const result = {
    name: sc.name,
    url: sc.url,
    openid: sc.openid,
    note: sc.note || '',
    title: state.title || json.navigationBarTitleText || appJson.window.navigationBarTitleText,
    navBar: {
      bg: json.navigationBarBackgroundColor || appJson.window.navigationBarBackgroundColor,
      text: json.navigationBarTextStyle || appJson.window.navigationBarTextStyle,
    },
    viewport: !!sc.viewport,
    showModal: !!sc.showModal,
    showToast: !!sc.showToast,
    calls: state.calls.map((c) => c.action),
    toasts: state.toasts.map((t) => t.title),
    modals: state.modals.map((m) =>
      m.actionSheet
        ? { actionSheet: m.actionSheet }
        : { title: m.title, content: m.content, confirmText: m.confirmText, cancelText: m.cancelText },
    ),
    navigations: state.navigations,
    errors: state.errors,
    css: { page: styleEl ? styleEl.innerHTML : '', app: toPx(appCss) },
    html: container.innerHTML,
    data: sc.dumpData ? root.data : undefined,
  };
  root.detach();
  container.remove();
  fs.writeFileSync(path.join(OUT, `${sc.name}.json`), JSON.stringify(result, null, 1));
  return result;
}

process.on('unhandledRejection', (e) => {
  state.errors.push(`unhandled: ${(e && (e.stack || e.message)) || JSON.stringify(e)}`);
});
const origConsoleError = console.error;
console.error = (...a) => {
  state.errors.push(`console.error: ${a.map(String).join(' ').slice(0, 500)}`);
};
console.warn = (...a) => {
  state.errors.push(`console.warn: ${a.map(String).join(' ').slice(0, 300)}`);
};

(async () => {
  const api = (openid, action, input = {}) =>
    post(openid, action, input).then((r) => {
      if (!r.data.ok) throw new Error(`${action} as ${openid}: ${JSON.stringify(r.data.error)}`);
      return r.data.data;
    });
  const list = await SCENARIOS(api);
  const names = new Set();
  for (const sc of list) {
    if (names.has(sc.name)) throw new Error(`scenarios.js: two scenarios are called ${sc.name}`);
    names.add(sc.name);
  }
  // every scenario is a page of app.json, and every page of app.json has at least one scenario
  const pageOf = (sc) => `pages/${parseUrl(sc.url).page}/${parseUrl(sc.url).page}`;
  const unknown = list.filter((sc) => !appJson.pages.includes(pageOf(sc)));
  if (unknown.length)
    throw new Error(`scenarios.js: not a page of app.json: ${unknown.map((sc) => `${sc.name} (${sc.url})`).join(', ')}`);
  const missingPages = appJson.pages.filter((p) => !list.some((sc) => pageOf(sc) === p));
  const done = [];
  for (const sc of list) {
    if (ONLY && !ONLY.some((o) => sc.name === o || sc.name.startsWith(`${o}-`))) continue;
    const t0 = Date.now();
    const r = await runScenario(sc);
    done.push(sc.name);
    process.stdout.write(
      `${sc.name}: ${Date.now() - t0} ms, calls ${r.calls.join(',') || '-'}${r.errors.length ? `, ${r.errors.length} errors: ${r.errors[0].slice(0, 200)}` : ''}\n`,
    );
  }
  fs.writeFileSync(
    path.join(OUT, 'index.json'),
    JSON.stringify({ pages: appJson.pages, missingPages, scenarios: done }, null, 1),
  );
  process.exit(0);
})().catch((e) => {
  origConsoleError(e);
  process.exit(1);
});
