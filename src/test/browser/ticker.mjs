// The demo's live ticker: quotes from the server-side simulator reach the page and keep changing.
import { run, openPage, screenshot, check } from './lib.mjs';

await run('ticker', async (browser) => {
  const page = await openPage(browser, '/?room=ticker-check', { label: 'ticker' });
  await page.waitForSelector('#conn-state[data-state="connected"]');
  const symbols = await page.$$eval('#ticker-rows tr[data-symbol]', (rows) => rows.map((r) => r.dataset.symbol));
  check(symbols.length > 0, `the ticker lists the simulator's symbols (${symbols.join(', ')})`);
  const first = symbols[0];
  await page.waitForFunction((s) => Number(document.querySelector(`tr[data-symbol="${s}"]`).dataset.updates) >= 2, first);
  const before = await page.$eval(`tr[data-symbol="${first}"]`, (r) => Number(r.dataset.updates));
  await page.waitForFunction(([s, n]) => Number(document.querySelector(`tr[data-symbol="${s}"]`).dataset.updates) >= n + 3, [first, before]);
  check(true, `${first} received 3 more live quotes`);
  const prices = await page.$$eval('#ticker-rows tr[data-symbol] .px', (cells) => cells.map((c) => c.textContent));
  check(prices.every((p) => /^\d+\.\d\d$/.test(p)), `every symbol shows a price (${prices.join(', ')})`);
  check(await page.$eval('#ticker-status', (e) => e.textContent) === 'live', 'the ticker says live');
  // Quotes travel as Fossil deltas (namespace ticker: delta=true); the page shows what that saves.
  const savings = await page.$eval('#ticker-savings', (e) => ({ text: e.textContent, saved: Number(e.dataset.saved) }));
  check(/quotes as deltas/.test(savings.text) && savings.saved > 0, `the ticker shows the bytes deltas saved (${savings.text})`);
  await screenshot(page, 'ticker');
});
