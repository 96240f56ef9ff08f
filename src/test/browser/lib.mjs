// Shared helpers for the browser scripts: launch Debian's chromium headless through playwright-core, open pages
// against the server under test, save screenshots, fail loudly. Each script prints "PASS <name>" as its last
// line when everything held; anything else (and a non-zero exit code) is a failure.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

export const baseUrl = (process.argv[2] || process.env.SWITCHBOARD_URL || 'http://localhost:8080/').replace(/\/?$/, '/');
export const outDir = process.argv[3] || process.env.SCREENSHOT_DIR || path.resolve('target', 'browser');
fs.mkdirSync(outDir, { recursive: true });

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Launches a fresh headless chromium; playwright gives it its own throw-away profile directory. */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      // background tabs of one browser must keep their timers running at full speed during the test
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
  });
  const close = () => browser.close().catch(() => {});
  return { browser, close };
}

/** Opens a page in its own context (own storage: a separate "person") and forwards its console errors. */
export async function openPage(browser, urlPath, { viewport = { width: 1280, height: 860 }, label = 'page' } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[${label}] page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') console.log(`[${label}] console error: ${m.text()}`); });
  await page.goto(new URL(urlPath, baseUrl).toString());
  return page;
}

export async function screenshot(page, name) {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot ${file}`);
  return file;
}

export const passedChecks = [];

export function check(cond, message) {
  if (!cond) throw new Error(`check failed: ${message}`);
  passedChecks.push(message);
  console.log(`ok - ${message}`);
}

/** Renders the checks that passed into the page and saves it: a picture of what a non-visual script verified. */
export async function screenshotChecks(page, name, title) {
  await page.setContent(`<!doctype html><meta charset="utf-8"><body style="font:14px system-ui;margin:24px;max-width:900px">
    <h2 style="margin:0 0 12px">${title}</h2><ol style="line-height:1.6"></ol></body>`);
  await page.$eval('ol', (ol, items) => {
    for (const t of items) {
      const li = document.createElement('li');
      const mark = document.createElement('b');
      mark.textContent = '\u2713 ';
      mark.style.color = '#0f9d58';
      li.append(mark, t);
      ol.append(li);
    }
  }, passedChecks);
  return screenshot(page, name);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Unique per run, so scripts running against one server never see each other's rooms. */
export function uniqueRoom(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Runs a script body with a browser, prints PASS/FAIL, exits with 0/1; a hard deadline stops a hung run. */
export async function run(name, body, { deadlineMs = 90000 } = {}) {
  const deadline = setTimeout(() => { console.log(`FAIL ${name}: deadline of ${deadlineMs} ms passed`); process.exit(1); }, deadlineMs);
  let close = async () => {};
  try {
    const launched = await launch();
    close = launched.close;
    const browser = launched.browser;
    await body(browser);
    console.log(`PASS ${name}`);
    process.exitCode = 0;
  } catch (e) {
    console.log(`FAIL ${name}: ${e && e.stack || e}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(deadline);
    await close();
  }
}
