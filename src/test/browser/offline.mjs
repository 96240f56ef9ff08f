// The demo stays honest at 1280x800 and while disconnected: the chat input and the whole ticker are in view
// without scrolling; offline, the ticker does not say "live", latency and presence show no stale figures, and a
// message typed meanwhile is shown as pending and sent after the reconnect; a lost history is explained by what
// happened (the server lost its history, or more was said than it keeps), never blamed on the reader; and the
// page logs no warning or error in the console along the way.
import { run, baseUrl, screenshot, check, sleep, uniqueRoom } from './lib.mjs';

await run('offline', async (browser) => {
  const room = uniqueRoom('offline');
  const channel = `chat:${room}`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') logged.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => logged.push(`page error: ${e.message}`));
  await page.goto(new URL(`/?room=${room}&name=Alice`, baseUrl).toString());
  await page.waitForSelector('#conn-state[data-state="connected"]');
  const live = () => page.waitForFunction(() => document.getElementById('ticker-status').textContent === 'live');
  const latencyNumber = () => page.waitForFunction(() => /^\d+(\.\d+)?$/.test(document.getElementById('lat-ws').textContent));
  const onePresent = () => page.waitForFunction(() => document.getElementById('presence-count').textContent === '1 online'
    && document.querySelectorAll('#presence-list li').length === 1);
  await Promise.all([live(), latencyNumber(), onePresent()]);

  // ---- 1280x800: nothing needed is below the fold ----
  const box = await page.evaluate(() => {
    const rect = (el) => el.getBoundingClientRect();
    const rows = [...document.querySelectorAll('#ticker-rows tr')];
    return {
      input: rect(document.getElementById('chat-input')), send: rect(document.querySelector('#chat-form button')),
      lastRow: rect(rows[rows.length - 1]), ticker: rect(document.querySelector('.ticker')),
      latency: rect(document.querySelector('.latency')), rows: rows.length, height: innerHeight,
    };
  });
  check(box.input.top >= 0 && box.input.bottom <= box.height && box.send.bottom <= box.height,
    `chat input in view at 1280x800 (bottom ${Math.round(box.input.bottom)} <= ${box.height})`);
  check(box.rows === 5 && box.lastRow.bottom <= box.ticker.bottom && box.ticker.bottom <= box.height,
    `last of ${box.rows} ticker rows not cut (row ends ${Math.round(box.lastRow.bottom)}, card ${Math.round(box.ticker.bottom)}, window ${box.height})`);
  check(box.latency.bottom <= box.height, 'latency panel in view too');

  // Draw on the board and resize the window a few times: the drawing is kept without pixel read-backs (Chrome
  // warns about repeated getImageData without willReadFrequently).
  const board = await page.locator('#board').boundingBox();
  await page.mouse.move(board.x + 30, board.y + 30);
  await page.mouse.down();
  for (let i = 0; i < 10; i++) await page.mouse.move(board.x + 30 + i * 20, board.y + 30 + i * 8);
  await page.mouse.up();
  for (const [w, h] of [[1200, 760], [1280, 800], [1366, 768], [1280, 800]]) {
    await page.setViewportSize({ width: w, height: h });
    await sleep(150);
  }
  const inked = await page.evaluate(() => {
    const ink = document.getElementById('board-ink');
    const probe = document.createElement('canvas'); // read the pixels through a copy: the page's canvas stays unread
    probe.width = ink.width; probe.height = ink.height;
    const ctx = probe.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(ink, 0, 0);
    const px = ctx.getImageData(0, 0, probe.width, probe.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i]) n++;
    return n;
  });
  check(inked > 100, `the drawing survives the resizes (${inked} inked pixels)`);
  await screenshot(page, 'offline-1-connected-1280x800');

  // ---- offline ----
  await context.setOffline(true);
  await page.waitForFunction(() => document.getElementById('conn-state').dataset.state !== 'connected');
  const away = await page.evaluate(() => ({
    ticker: document.getElementById('ticker-status').textContent,
    ws: document.getElementById('lat-ws').textContent,
    lp: document.getElementById('lat-lp').textContent,
    presence: document.getElementById('presence-count').textContent,
    listed: document.querySelectorAll('#presence-list li').length,
  }));
  check(!/live/i.test(away.ticker), `offline, the ticker does not say live ("${away.ticker}")`);
  check(away.ws === '\u2013' && (away.lp === '\u2013' || away.lp === 'n/a'), `offline, no stale latency figures (ws "${away.ws}", long-poll "${away.lp}")`);
  check(away.presence === 'offline' && away.listed === 0, `offline, presence shows no stale list ("${away.presence}", ${away.listed} listed)`);

  await page.fill('#chat-input', 'typed while offline');
  await page.press('#chat-input', 'Enter');
  const pending = await page.$$eval('#chat-log li.msg.pending', (els) => els.map((e) => ({ text: e.querySelector('.text').textContent, marker: e.querySelector('.marker').textContent })));
  check(pending.length === 1 && pending[0].text === 'typed while offline' && pending[0].marker === 'waiting for connection',
    `the message typed offline is shown with a pending marker (${JSON.stringify(pending)})`);
  await sleep(1000);
  await screenshot(page, 'offline-2-disconnected');
  check(await page.$$eval('#chat-log li.msg.pending', (els) => els.length) === 1, 'it stays pending while offline');

  // ---- back online: the message goes out, the figures come back ----
  await context.setOffline(false);
  await page.waitForSelector('#conn-state[data-state="connected"]', { timeout: 30000 });
  await page.waitForFunction(() => document.querySelectorAll('#chat-log li.msg.pending, #chat-log li.msg.failed').length === 0
    && [...document.querySelectorAll('#chat-log li.msg[data-offset] .text')].some((e) => e.textContent === 'typed while offline'));
  check(true, 'after the reconnect the pending message was sent: it now shows as delivered (with its offset), no marker');
  const history = await page.evaluate(async (ch) => (await window.switchboardDemo.sb.history(ch, { limit: 10 })).publications.map((p) => p.data.text), channel);
  check(history.filter((t) => t === 'typed while offline').length === 1, 'the server has it exactly once');
  await Promise.all([live(), latencyNumber(), onePresent()]);
  check(true, 'ticker live, latency and presence figures back after the reconnect');

  // ---- a lost history: the notice says what happened ----
  const notices = () => page.$$eval('#chat-log li.notice', (els) => els.map((e) => e.textContent));
  // What the page holds after a server restart lost the stream: a position in an epoch the server no longer has.
  await page.evaluate((ch) => { window.switchboardDemo.sb.getSubscription(ch).epoch = 'Gone1234'; }, channel);
  await context.setOffline(true);
  await page.waitForFunction(() => document.getElementById('conn-state').dataset.state !== 'connected');
  await context.setOffline(false);
  await page.waitForFunction(() => [...document.querySelectorAll('#chat-log li.notice')].some((e) => /lost this room's history/.test(e.textContent)), null, { timeout: 30000 });
  check(true, 'a new epoch is explained as the server having lost the room\'s history');

  // More messages while away than the history keeps (100 by default): a gap, explained as such.
  await context.setOffline(true);
  await page.waitForFunction(() => document.getElementById('conn-state').dataset.state !== 'connected');
  const other = await browser.newContext();
  const writer = await other.newPage();
  await writer.goto(new URL('switchboard.js', baseUrl).toString());
  await writer.evaluate(async (ch) => {
    const { Switchboard } = await import('/switchboard.js');
    const sb = new Switchboard('/ws');
    for (let i = 0; i < 105; i++) await sb.publish(ch, { name: 'Bob', text: `flood ${i}`, ts: Date.now() });
    sb.close();
  }, channel);
  await other.close();
  await context.setOffline(false);
  await page.waitForFunction(() => [...document.querySelectorAll('#chat-log li.notice')].some((e) => /more was said/.test(e.textContent)), null, { timeout: 30000 });
  await page.waitForFunction(() => [...document.querySelectorAll('#chat-log li.msg .text')].some((e) => e.textContent === 'flood 104'));
  const all = await notices();
  check(!all.some((t) => /while away|missed too much/i.test(t)), `no notice blames the reader (${JSON.stringify(all.filter((t) => /history|said/.test(t)))})`);
  check(true, 'a gap longer than the history is explained as such, and the latest messages are shown');
  await screenshot(page, 'offline-3-after-gap');

  check(logged.length === 0, `no console warnings or errors on the page${logged.length ? ': ' + JSON.stringify(logged) : ''}`);
  await context.close();
}, { deadlineMs: 120000 });
