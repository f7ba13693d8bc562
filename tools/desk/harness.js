// What a step of the desk's browser test gets (web/README.md, "The browser test"): the page, and
// helpers that wait for what a person would see rather than for timers.
const fs = require('fs');
const path = require('path');

const WAIT_MS = 20_000;

class StepFailure extends Error {}

function createHarness({ page, baseUrl, outDir, downloadDir }) {
  const t = {
    page,
    baseUrl,

    /** Opens /desk/<path> (no leading slash) and waits until the network is quiet. */
    async open(deskPath = '') {
      await page.goto(`${baseUrl}/desk/${deskPath}`, { waitUntil: 'networkidle0' });
    },

    /** Waits until `text` shows inside `selector` (the whole page by default). */
    async waitForText(text, selector = 'body', timeout = WAIT_MS) {
      try {
        await page.waitForFunction(
          (sel, wanted) => [...document.querySelectorAll(sel)].some((el) => el.innerText.includes(wanted)),
          { timeout },
          selector,
          text,
        );
      } catch (error) {
        throw new StepFailure(`"${text}" did not show in ${selector} within ${timeout / 1000} s`);
      }
    },

    /** Clicks the innermost element matching `selector` whose text is (or contains) `text`. */
    async clickText(text, selector = 'button, a, [role="treeitem"], .t-tree__label, td, li') {
      const handle = await page
        .waitForFunction(
          (sel, wanted) => {
            const all = [...document.querySelectorAll(sel)].filter((el) => el.offsetParent !== null);
            const exact = all.filter((el) => el.innerText.trim() === wanted);
            const near = exact.length ? exact : all.filter((el) => el.innerText.includes(wanted));
            return near.find((el) => !near.some((other) => other !== el && el.contains(other))) || null;
          },
          { timeout: WAIT_MS },
          selector,
          text,
        )
        .catch(() => {
          throw new StepFailure(`nothing to click with "${text}" (${selector})`);
        });
      await handle.asElement().click();
    },

    /** Types into the input matched by `selector` (its old text replaced). */
    async typeInto(selector, text) {
      const input = await page.waitForSelector(selector, { visible: true, timeout: WAIT_MS });
      await input.click({ clickCount: 3 });
      await page.keyboard.press('Backspace');
      await input.type(text);
    },

    /** The api as the phone would call it, as a demo identity: resolves to `data`, throws on an error. */
    async phone(openid, action, input = {}) {
      const response = await fetch(`${baseUrl}/functions/api`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Dev-Openid': openid },
        body: JSON.stringify({ action, input }),
      });
      const result = await response.json();
      if (!result.ok) throw new StepFailure(`${action} as ${openid} answered ${result.error.code}: ${result.error.message}`);
      return result.data;
    },

    /** A picture of the page as it is now, .screens/desk/<name>.png. */
    async shot(name) {
      // A bar or a dialog caught mid-animation is not what a person sees a moment later.
      await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; animation: none !important; }' });
      await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
    },

    check(condition, what) {
      if (!condition) throw new StepFailure(`expected: ${what}`);
    },

    /** Runs `click` and resolves to the file it downloads: `{ name, bytes }`. */
    async download(click) {
      for (const file of fs.readdirSync(downloadDir)) fs.rmSync(path.join(downloadDir, file));
      await click();
      const deadline = Date.now() + WAIT_MS;
      while (Date.now() < deadline) {
        const done = fs.readdirSync(downloadDir).filter((file) => !file.endsWith('.crdownload'));
        if (done.length) return { name: done[0], bytes: fs.readFileSync(path.join(downloadDir, done[0])) };
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new StepFailure('no file was downloaded');
    },
  };
  return t;
}

module.exports = { StepFailure, createHarness };
