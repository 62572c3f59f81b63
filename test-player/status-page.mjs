#!/usr/bin/env node
// The status page as an operator's browser sees it: headless Chromium (Debian's, driven by
// playwright-core) signs in with the login form, reads the running channels, waits for the page to
// refresh itself, stores a screenshot, signs out; then does the same with JavaScript off. Prints ONE
// JSON object on stdout (see report below); the Java side is io.iptvorigin.support.StatusPageBrowser.
//
//   node status-page.mjs URL TOKEN_FILE SCREENSHOT [--chromium PATH] [--no-sandbox]
//
// URL         the status page, http://127.0.0.1:PORT/status of the test nginx
// TOKEN_FILE  a file holding the admin token (not an argument: arguments are visible in ps)
// SCREENSHOT  where the PNG of the signed-in page goes
//
// Exit code: 0 whenever a result was printed (what the page did is in the JSON), 1 if the harness
// itself failed, 2 for bad arguments.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchChromium } from './chromium.mjs';

const require = createRequire(import.meta.url);

function usage(message) {
  process.stderr.write(`status-page.mjs: ${message}\n`
    + 'usage: node status-page.mjs URL TOKEN_FILE SCREENSHOT [--chromium PATH] [--no-sandbox]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    chromium: process.env.IPTV_TEST_CHROMIUM || '/usr/bin/chromium',
    sandbox: process.getuid() !== 0,
  };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--chromium') {
      if (i + 1 >= argv.length) usage('--chromium needs a value');
      options.chromium = argv[++i];
    } else if (arg === '--no-sandbox') options.sandbox = false;
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 3) usage('URL, TOKEN_FILE and SCREENSHOT are required');
  [options.url, options.tokenFile, options.screenshot] = positional;
  if (!/^https?:\/\//.test(options.url)) usage(`not an http(s) URL: ${options.url}`);
  return options;
}

const channelsShown = (page) =>
  page.$$eval('#channels tr[data-channel]', (rows) => rows.map((r) => r.dataset.channel));
const updatedAt = (page) =>
  page.$eval('#updated', (e) => e.dataset.at || '').catch(() => '');

// One visit: the form, the signed-in page, and with `script` the page's own refresh.
async function visit(browser, options, token, script) {
  const context = await browser.newContext({ javaScriptEnabled: script, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // "Failed to load resource" is Chromium's note on every 4xx answer: the statuses are checked
  // below, and the login form is a 401 by design. Anything else (a CSP refusal, a script error) is
  // a problem.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  const result = { script };
  try {
    const first = await page.goto(options.url);
    result.beforeLogin = first.status();
    result.formShown = (await page.$('form[action="/status/login"] input[name="token"]')) !== null;
    await page.fill('input[name="token"]', 'not-the-token');
    const wrong = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    result.wrongToken = wrong[0].status();
    await page.fill('input[name="token"]', token);
    const signedIn = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    result.afterLogin = signedIn[0].status();
    result.url = page.url();
    result.channels = await channelsShown(page);
    result.heading = await page.$eval('#channels h2', (e) => e.textContent).catch(() => '');
    const cookies = await context.cookies();
    result.cookie = cookies
      .filter((c) => c.name === 'iptv_status')
      .map((c) => ({ httpOnly: c.httpOnly, sameSite: c.sameSite, path: c.path, holdsToken: c.value.includes(token) }))[0] || null;
    if (script) {
      const before = await updatedAt(page);
      result.refreshed = false;
      for (let waited = 0; waited < 20000 && !result.refreshed; waited += 250) {
        await page.waitForTimeout(250);
        const now = await updatedAt(page);
        result.refreshed = now !== '' && now !== before;
      }
      result.channelsAfterRefresh = await channelsShown(page);
      await page.screenshot({ path: options.screenshot, fullPage: true });
    }
    const out = await Promise.all([page.waitForNavigation(), page.click('form[action="/status/logout"] button')]);
    result.afterLogout = out[0].status();
  } catch (e) {
    problems.push(`harness: ${e.message}`);
  } finally {
    result.problems = problems.map((p) => p.split(token).join('<token>'));
    await context.close();
  }
  return result;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const token = readFileSync(options.tokenFile, 'utf8').trim();
  const { chromium } = require('playwright-core');
  const browser = await launchChromium(chromium, options, 'status-page.mjs');
  try {
    const withScript = await visit(browser, options, token, true);
    const withoutScript = await visit(browser, options, token, false);
    process.stdout.write(`${JSON.stringify({ withScript, withoutScript, sandbox: options.sandbox })}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  process.stderr.write(`status-page.mjs: ${e.stack || e}\n`);
  process.exit(1);
});
