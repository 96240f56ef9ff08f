// The demo's latency panel shows two numbers: publish -> WebSocket push, and publish -> long-poll answer.
// The server has GET /poll, so a long-poll meter that gives up with n/a is a failure.
import { run, openPage, screenshot, check } from './lib.mjs';

const NUMBER = /^\d+(\.\d+)?$/;

await run('latency', async (browser) => {
  const page = await openPage(browser, '/?room=latency-check', { label: 'latency' });
  await page.waitForSelector('#conn-state[data-state="connected"]');
  await page.waitForFunction(() => /^\d+(\.\d+)?$/.test(document.getElementById('lat-ws').textContent));
  const ws = await page.$eval('#lat-ws', (e) => e.textContent);
  check(NUMBER.test(ws), `WebSocket round trip shows a number: ${ws} ms`);
  // Wait for a number or for the page to give up (n/a), so a broken /poll fails at once, with the page's reason.
  await page.waitForFunction(() => {
    const text = document.getElementById('lat-lp').textContent;
    return text === 'n/a' || /^\d+(\.\d+)?$/.test(text);
  }, null, { timeout: 30000 });
  const lp = await page.$eval('#lat-lp', (e) => e.textContent);
  const note = await page.$eval('#lat-lp-note', (e) => e.textContent);
  check(NUMBER.test(lp), `long-poll round trip shows a number: ${lp} ms (${note})`);
  await screenshot(page, 'latency');
});
