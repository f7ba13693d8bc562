#!/usr/bin/env node
/*
 * Turns render.js's output (<dir>/<name>.json: composed DOM + compiled styles) into phone-sized
 * screenshots in headless Chromium: 375 px wide, device pixel ratio 2, full page (or one screen
 * for scenarios marked viewport, e.g. bottom sheets). Adds a WeChat-like status/navigation bar
 * with the page's title and capsule, WeChat's default styles for built-in tags (wx-view, wx-button
 * ...), and TDesign's icons from tdesign-icons-svg (the real icon font is remote and so offline
 * here). Every request the page makes other than data: URLs is refused.
 *
 * usage: node shoot.js --in OUT/html --out OUT [--only a,b] [--sheet]
 * run.js runs it; puppeteer-core and tdesign-icons-svg are devDependencies, the browser is found by
 * browser.js (Debian's chromium; nothing downloads one).
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const os = require('os');
const puppeteer = require('puppeteer-core');
const { launch, offlinePage } = require('./browser');

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce(
      (acc, a, i, all) =>
        a.startsWith('--') ? acc.concat([[a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]]) : acc,
      [],
    ),
);
const OUT = path.resolve(args.out || path.join(os.tmpdir(), 'screens'));
const IN = path.resolve(args.in || path.join(OUT, 'html'));
const ONLY = args.only ? String(args.only).split(',') : null;
fs.mkdirSync(OUT, { recursive: true });
const ICONS = path.join(path.dirname(require.resolve('tdesign-icons-svg/package.json')), 'src');

// WeChat's default look of built-in components (approximate, after WAWebview's base styles, style v2).
const BASE_CSS = `
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; min-height: 100vh; }
wx-view, wx-scroll-view, wx-picker, wx-form, wx-swiper, wx-swiper-item, wx-radio-group, wx-checkbox-group, wx-cover-view, wx-movable-area, wx-rich-text, wx-navigator { display: block; }
wx-text { white-space: pre-line; }
wx-label { display: inline; }
wx-image { display: inline-block; width: 320px; height: 240px; overflow: hidden; position: relative; }
wx-input { display: block; height: 1.4em; min-height: 1.4em; line-height: 1.4em; overflow: hidden; white-space: nowrap; text-overflow: clip; cursor: auto; }
wx-textarea { display: block; width: 300px; height: 150px; position: relative; overflow: hidden; white-space: pre-wrap; }
wx-button { position: relative; display: block; width: 184px; margin-left: auto; margin-right: auto; padding: 8px 24px; box-sizing: border-box; font-weight: 700; font-size: 17px; text-align: center; text-decoration: none; line-height: 1.41176471; border-radius: 4px; overflow: hidden; color: #06ae56; background-color: #f2f2f2; cursor: pointer; }
wx-button::after { content: " "; width: 200%; height: 200%; position: absolute; top: 0; left: 0; border: 1px solid rgba(0,0,0,.2); transform: scale(.5); transform-origin: 0 0; box-sizing: border-box; border-radius: 8px; }
wx-radio, wx-checkbox, wx-switch { display: inline-block; }
/* the simulated WeChat chrome (not part of the page) */
#wx-chrome { position: sticky; top: 0; z-index: 100000; font: 600 17px/44px -apple-system, 'PingFang SC', 'Noto Sans CJK SC', sans-serif; text-align: center; }
#wx-chrome .status { height: 20px; font: 600 12px/20px -apple-system, sans-serif; padding: 0 8px; text-align: left; }
#wx-chrome .bar { height: 44px; position: relative; }
#wx-chrome .back { position: absolute; left: 6px; top: 0; font-size: 34px; font-weight: 300; line-height: 40px; }
#wx-chrome .capsule { position: absolute; right: 7px; top: 6px; width: 87px; height: 32px; box-sizing: border-box; border-radius: 16px; border: 0.5px solid rgba(255,255,255,.35); background: rgba(0,0,0,.15); font: 700 15px/30px sans-serif; letter-spacing: 1px; }
#wx-chrome .title { display: inline-block; max-width: 190px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
/* one-screen shots: the page is a webview below the native bar, so fixed elements (sheets, dialogs) sit in it */
body.vp #page-root { position: fixed; top: 64px; left: 0; right: 0; bottom: 0; overflow: hidden; transform: translateZ(0); }
#wx-toast { position: fixed; left: 50%; top: 45%; transform: translate(-50%, -50%); background: rgba(17,17,17,.8); color: #fff; padding: 12px 20px; border-radius: 8px; font: 16px/1.5 'PingFang SC', 'Noto Sans CJK SC', sans-serif; max-width: 260px; z-index: 100001; text-align: center; }
#wx-modal-mask { position: fixed; inset: 0; background: rgba(0,0,0,.6); z-index: 100002; }
#wx-modal { position: fixed; left: 50%; top: 50%; transform: translate(-50%, -50%); width: 300px; background: #fff; border-radius: 12px; z-index: 100003; font-family: 'PingFang SC', 'Noto Sans CJK SC', sans-serif; text-align: center; overflow: hidden; }
#wx-modal .t { font-weight: 700; font-size: 17px; padding: 28px 24px 8px; }
#wx-modal .c { font-size: 17px; color: rgba(0,0,0,.5); padding: 0 24px 28px; line-height: 1.4; white-space: pre-wrap; }
#wx-modal .b { display: flex; border-top: 0.5px solid rgba(0,0,0,.1); font-size: 17px; font-weight: 700; line-height: 56px; }
#wx-modal .b div { flex: 1; } #wx-modal .b div + div { border-left: 0.5px solid rgba(0,0,0,.1); color: #576b95; }
`;

function iconCss(html) {
  const names = new Set();
  for (const m of html.matchAll(/t-icon--t-icon-([a-z0-9-]+)/g)) names.add(m[1]);
  let css = '';
  for (const name of names) {
    const file = path.join(ICONS, `${name}.svg`);
    if (!fs.existsSync(file)) continue;
    // tdesign-icons-svg writes view-box= (not viewBox) and paints with currentColor: fix both for a mask
    const svg = fs
      .readFileSync(file, 'utf8')
      .replace(/view-box=/g, 'viewBox=')
      .replace(/currentColor/g, 'black');
    const url = `url("data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}")`;
    css += `.t-icon--t-icon-${name}::before{content:""!important;display:inline-block;width:1em;height:1em;vertical-align:-0.125em;background-color:currentColor;-webkit-mask:${url} center/contain no-repeat;mask:${url} center/contain no-repeat}\n`;
  }
  return css;
}

function esc(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

function pageHtml(r, overlay) {
  const first = r.url.startsWith('/pages/home/home');
  const chrome = `<div id="wx-chrome" style="background:${r.navBar.bg};color:${r.navBar.text === 'white' ? '#fff' : '#000'}"><div class="status">9:41</div><div class="bar">${first ? '' : '<span class="back">‹</span>'}<span class="title">${esc(r.title)}</span><span class="capsule">··· ◎</span></div></div>`;
  let extra = '';
  if (overlay && overlay.modal) {
    const m = overlay.modal;
    extra = `<div id="wx-modal-mask"></div><div id="wx-modal">${m.title ? `<div class="t">${esc(m.title)}</div>` : ''}<div class="c">${esc(m.content || '')}</div><div class="b"><div>${esc(m.cancelText || '取消')}</div><div>${esc(m.confirmText || '确定')}</div></div></div>`;
  } else if (overlay && overlay.toast) {
    extra = `<div id="wx-toast">${esc(overlay.toast)}</div>`;
  }
  // the icon font is remote: drop it so the browser does not even try
  const pageCss = r.css.page.replace(/@font-face\{[^}]*\}/g, '');
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=375">
<style>${BASE_CSS}</style><style>${r.css.app}</style><style>${pageCss}</style><style>${iconCss(r.html)}</style></head>
<body class="${r.viewport ? 'vp' : ''}">${chrome}<div id="page-root">${r.html}</div>${extra}</body></html>`;
}

(async () => {
  const files = fs
    .readdirSync(IN)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort();
  const browser = await launch(puppeteer);
  const made = [];
  for (const f of files) {
    const r = JSON.parse(fs.readFileSync(path.join(IN, f), 'utf8'));
    if (ONLY && !ONLY.some((o) => r.name === o || r.name.startsWith(`${o}-`))) continue;
    const page = await offlinePage(browser);
    const overlay =
      r.showModal && r.modals.length
        ? { modal: r.modals[r.modals.length - 1] }
        : r.showToast && r.toasts.length
          ? { toast: r.toasts[r.toasts.length - 1] }
          : null;
    const html = pageHtml(r, overlay);
    fs.writeFileSync(path.join(IN, `${r.name}.html`), html);
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const out = path.join(OUT, `${r.name}.png`);
    await page.screenshot({ path: out, fullPage: !r.viewport });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    made.push({ name: r.name, out, height });
    process.stdout.write(`${out} (${height} css px tall)\n`);
    await page.close();
  }
  await browser.close();
  if (args.sheet && made.length) {
    // contact sheets: thumbnails 750 px wide each (cropped to the first 2 screens), 6 per row
    const thumbs = made.map((m) => m.out);
    const chunk = 12;
    for (let i = 0; i < thumbs.length; i += chunk) {
      const part = thumbs.slice(i, i + chunk);
      const sheet = path.join(OUT, `contact-sheet-${String(i / chunk + 1).padStart(2, '0')}.png`);
      execFileSync('montage', [
        '-label',
        '%t',
        '-pointsize',
        '22',
        ...part.map((p) => `${p}[750x2668+0+0]`),
        '-resize',
        '300x',
        '-geometry',
        '+8+8',
        '-tile',
        '6x',
        '-background',
        '#dddddd',
        sheet,
      ]);
      process.stdout.write(`${sheet}\n`);
    }
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
