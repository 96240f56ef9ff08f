// The demo's latency panel shows two numbers: publish -> WebSocket push, and publish -> long-poll answer.
// Argument 4 "no-poll" expects the long-poll meter to say n/a (a server without GET /poll).
import { run, openPage, screenshot, check } from './lib.mjs';

const expectPoll = process.argv[4] !== 'no-poll';
const NUMBER = /^\d+(\.\d+)?$/;

await run('latency', async (browser) => {
  const page = await openPage(browser, '/?room=latency-check', { label: 'latency' });
  await page.waitForSelector('#conn-state[data-state="connected"]');
  await page.waitForFunction(() => /^\d+(\.\d+)?$/.test(document.getElementById('lat-ws').textContent));
  const ws = await page.$eval('#lat-ws', (e) => e.textContent);
  check(NUMBER.test(ws), `WebSocket round trip shows a number: ${ws} ms`);
  if (expectPoll) {
    await page.waitForFunction(() => /^\d+(\.\d+)?$/.test(document.getElementById('lat-lp').textContent), null, { timeout: 30000 });
    const lp = await page.$eval('#lat-lp', (e) => e.textContent);
    check(NUMBER.test(lp), `long-poll round trip shows a number: ${lp} ms`);
  } else {
    await page.waitForFunction(() => document.getElementById('lat-lp').textContent === 'n/a');
    check(true, 'long-poll shows n/a on a server without GET /poll');
  }
  await screenshot(page, 'latency');
});
