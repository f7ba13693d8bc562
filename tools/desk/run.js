#!/usr/bin/env node
// npm run test:desk: the desk (web/) in headless Chromium (Debian's chromium through
// puppeteer-core; nothing downloads a browser) against `npm start`'s server on a free port and a
// fresh data folder. The steps of tools/desk/steps/*.js run in file-name order in one page, the
// first signing in by QR with the phone's confirmation sent through the API; each desk page is
// photographed into .screens/desk/. Ends with `N passed, N failed`.
// Environment: SCREENS_OUT (default <repo>/.screens; pictures in its desk/), CHROME.
// Exit: 0 all passed, 1 a step failed, 2 something did not run.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');
const { launch } = require('../screens/browser');
const { CouldNotStart, REPO, startDemoGateway } = require('../screens/demo-gateway');
const { StepFailure, createHarness } = require('./harness');

const OUT = path.join(path.resolve(process.env.SCREENS_OUT || path.join(REPO, '.screens')), 'desk');
const say = (message) => console.log(`desk: ${message}`);

function loadSteps() {
  const dir = path.join(__dirname, 'steps');
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .flatMap((file) => require(path.join(dir, file)).map((step) => ({ ...step, file })));
}

async function main() {
  const build = spawnSync(path.join(REPO, 'node_modules', '.bin', 'tsx'), ['scripts/build-desk.ts', '--if-stale'], {
    cwd: REPO,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new CouldNotStart('the desk did not build (npm run build:web says why)');
  fs.mkdirSync(OUT, { recursive: true });
  for (const file of fs.readdirSync(OUT)) if (file.endsWith('.png')) fs.rmSync(path.join(OUT, file));
  const downloadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-downloads-'));
  const steps = loadSteps();
  const gateway = await startDemoGateway({ logFile: path.join(OUT, 'gateway.log') });
  let browser;
  const results = { passed: 0, failed: 0, skipped: 0 };
  try {
    browser = await launch(puppeteer);
    const page = await browser.newPage();
    await page.setViewport({ width: 1440, height: 900, deviceScaleFactor: 1 });
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloadDir });
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const t = createHarness({ page, baseUrl: gateway.url, outDir: OUT, downloadDir });
    for (const [index, step] of steps.entries()) {
      if (results.failed > 0) {
        results.skipped += 1;
        say(`skip  ${step.name}`);
        continue;
      }
      const started = Date.now();
      pageErrors.length = 0;
      try {
        await step.run(t);
        if (pageErrors.length) throw new StepFailure(`the page threw: ${pageErrors.join('; ')}`);
        results.passed += 1;
        say(`pass  ${step.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        results.failed += 1;
        say(`FAIL  ${step.name} (${step.file}): ${error instanceof StepFailure ? error.message : error.stack || error}`);
        await page
          .screenshot({ path: path.join(OUT, `failed-${String(index + 1).padStart(2, '0')}.png`), fullPage: true })
          .catch(() => {});
      }
    }
  } finally {
    if (browser) await browser.close();
    gateway.stop();
    fs.rmSync(downloadDir, { recursive: true, force: true });
  }
  say(`pictures in ${OUT}`);
  console.log(`${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`);
  return results.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    say(`could not run: ${error instanceof CouldNotStart ? error.message : (error && error.stack) || error}`);
    process.exit(2);
  },
);
