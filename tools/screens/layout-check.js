#!/usr/bin/env node
/*
 * The layout check: loads every page shoot.js wrote (<in>/NAME.html) in headless Chromium at the
 * size it was shot (375 px wide; a 603 px page area under the 64 px navigation bar) and runs the
 * audit (layout-audit.js, with layout-rules.js) in it. One line per fault,
 *   SCENARIO  KIND  WHERE  'text'  measurements  (xN when the same fault repeats down a list)
 * then `screens: P pages, S scenarios, F layout faults`. A scenario that did not render as written
 * (a step that matches nothing, an error in a page's lifecycle) and a page of app.json without a
 * scenario are faults too: a picture of the wrong state proves nothing.
 * Before the pages, the audit runs on two pages made here, a list row cut by a fixed height and the
 * same row done right: if it does not flag the first or flags the second, the check cannot be
 * trusted and stops (exit 2).
 *
 * usage: node layout-check.js --in <dir> [--only a,b] [--json FILE]
 * Exit 0 no faults, 1 faults, 2 the check could not run.
 */
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');
const { launch, offlinePage } = require('./browser');
const { audit } = require('./layout-audit');
const { browserScript } = require('./layout-rules');

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const IN = path.resolve(opt('in') || '.screens/html');
const ONLY = opt('only') ? String(opt('only')).split(',') : null;
const JSON_OUT = opt('json');

class CouldNotRun extends Error {}

/** Loads html in a fresh page and returns the audit's { faults, scope, targets, texts }. */
async function auditHtml(browser, html, { fullPage }) {
  const page = await offlinePage(browser);
  try {
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    // a full-page scenario is measured as it was shot: the window as tall as the page
    if (fullPage) {
      const h = await page.evaluate(() => document.documentElement.scrollHeight);
      if (h > 667) await page.setViewport({ width: 375, height: h, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    }
    await page.evaluate(browserScript());
    return await page.evaluate(audit);
  } finally {
    await page.close();
  }
}

// Two lines in a 56 px row (TDesign's cell with a fixed --td-cell-height), and the row growing with them.
const ROW = (height) =>
  `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;font:16px/24px sans-serif}` +
  `.row{height:${height};overflow:hidden;padding:8px 16px;box-sizing:border-box}</style></head><body><div id="page-root">` +
  `<div class="row"><div>第一行标题</div><div>第二行说明文字</div><div>第三行说明文字</div></div><div class="row"><div>下一行</div></div>` +
  `</div></body></html>`;

async function selfTest(browser) {
  const bad = await auditHtml(browser, ROW('56px'), { fullPage: true });
  const good = await auditHtml(browser, ROW('auto'), { fullPage: true });
  if (!bad.faults.some((f) => f.kind === 'clipped'))
    throw new CouldNotRun('self-test: the audit did not flag text cut off by a fixed height');
  if (good.faults.length) throw new CouldNotRun(`self-test: the audit flagged a good row: ${JSON.stringify(good.faults)}`);
}

async function main() {
  if (!fs.existsSync(path.join(IN, 'index.json')))
    throw new CouldNotRun(`${IN}/index.json is missing (npm run screens renders first)`);
  const index = JSON.parse(fs.readFileSync(path.join(IN, 'index.json'), 'utf8'));
  const metas = index.scenarios
    .filter((name) => !ONLY || ONLY.some((o) => name === o || name.startsWith(`${o}-`)))
    .map((name) => JSON.parse(fs.readFileSync(path.join(IN, `${name}.json`), 'utf8')));
  if (!metas.length) throw new CouldNotRun(`no rendered scenarios in ${IN}${ONLY ? ` for --only ${ONLY}` : ''}`);

  const lines = [];
  const report = [];
  const fault = (scenario, f) => {
    lines.push(
      `${scenario}  ${f.kind}  ${f.sel}${f.text ? `  '${f.text}'` : ''}  ${f.detail}${f.count > 1 ? `  (x${f.count})` : ''}`,
    );
    report.push({ scenario, ...f });
  };
  if (!ONLY)
    for (const page of index.missingPages)
      fault(page, { kind: 'no-scenario', sel: page, detail: 'a page of app.json that no scenario in scenarios.js shows' });

  const browser = await launch(puppeteer).catch((e) => {
    throw new CouldNotRun(e.message);
  });
  const pages = new Set();
  try {
    await selfTest(browser);
    for (const m of metas) {
      pages.add(m.url.split('?')[0]);
      for (const e of m.errors.filter((x) => /^(step|lifecycle|unhandled)/.test(x))) {
        fault(m.name, { kind: 'render', sel: m.url.split('?')[0], detail: e.split('\n')[0].slice(0, 300) });
      }
      const res = await auditHtml(browser, fs.readFileSync(path.join(IN, `${m.name}.html`), 'utf8'), { fullPage: !m.viewport });
      // the same fault repeated down a list is one line with a count
      const grouped = new Map();
      for (const f of res.faults) {
        const g = grouped.get(f.key);
        if (g) g.count += 1;
        else grouped.set(f.key, { ...f, count: 1 });
      }
      for (const f of grouped.values()) fault(m.name, f);
    }
  } finally {
    await browser.close();
  }
  for (const line of lines) console.log(line);
  if (JSON_OUT) fs.writeFileSync(path.resolve(JSON_OUT), JSON.stringify(report, null, 1));
  console.log(`screens: ${pages.size} pages, ${metas.length} scenarios, ${lines.length} layout faults`);
  return lines.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.log(`layout check could not run: ${e instanceof CouldNotRun ? e.message : (e && e.stack) || e}`);
    process.exit(2);
  },
);
