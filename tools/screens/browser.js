// The headless browser shoot.js and check.js drive: $CHROME if set, else the first of chromium,
// chromium-browser, google-chrome-stable, google-chrome found on PATH.
const fs = require('fs');
const path = require('path');

function findBrowser() {
  if (process.env.CHROME) return process.env.CHROME;
  for (const dir of (process.env.PATH || '').split(path.delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      } catch (_) {
        /* next */
      }
    }
  }
  return null;
}

async function launch(puppeteer) {
  const executablePath = findBrowser();
  if (!executablePath)
    throw Object.assign(new Error('no Chromium found: apt-get install -y chromium (or set CHROME=/path/to/chrome)'), {
      code: 'NO_BROWSER',
    });
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none', '--lang=zh-CN'],
  });
}

// Every request a page makes other than data: URLs is refused (the pages are self-contained).
async function offlinePage(browser) {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (req) => (req.url().startsWith('data:') || req.url() === 'about:blank' ? req.continue() : req.abort()));
  await page.setViewport({ width: 375, height: 667, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  return page;
}

module.exports = { findBrowser, launch, offlinePage };
