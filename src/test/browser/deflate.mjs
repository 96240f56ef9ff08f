// Chromium and the demo page with permessage-deflate on (the default): the page's own /ws upgrade answers
// permessage-deflate (read from the DevTools protocol, which sees the real response headers), and a WebSocket in
// the page receives a long publication whole, which the server sent compressed (the Java test counts the deflate).
import { run, baseUrl, check, screenshot } from './lib.mjs';

await run('deflate', async (browser) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const answers = [];
  cdp.on('Network.webSocketHandshakeResponseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    answers.push(headers['sec-websocket-extensions'] || '');
  });
  await page.goto(baseUrl);
  await page.waitForFunction(() => true);
  const deadline = Date.now() + 15000;
  while (answers.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  console.log(`demo page upgrade answered: ${JSON.stringify(answers)}`);
  check(answers.length > 0 && answers[0].startsWith('permessage-deflate'), 'the demo page negotiated permessage-deflate');
  check(answers[0].includes('server_no_context_takeover') && answers[0].includes('client_no_context_takeover'),
    'with no context takeover both ways');

  const text = 'the quick brown fox jumps over the lazy dog '.repeat(100);
  const result = await page.evaluate(async (text) => {
    const url = new URL('/ws', location.href.replace(/^http/, 'ws'));
    const ws = new WebSocket(url);
    const channel = `chat:chromium-${Date.now()}`;
    return await new Promise((resolve, reject) => {
      setTimeout(() => reject(new Error('no publication within 10 s')), 10000);
      ws.onerror = () => reject(new Error('socket error'));
      ws.onmessage = (m) => {
        const frame = JSON.parse(m.data);
        if (frame.type === 'welcome') ws.send(JSON.stringify({ type: 'subscribe', id: 1, channel }));
        if (frame.type === 'subscribed') ws.send(JSON.stringify({ type: 'publish', id: 2, channel, data: { text } }));
        if (frame.type === 'publication') resolve({ extensions: ws.extensions, same: frame.data.text === text });
      };
    });
  }, text);
  console.log(`page socket: ${JSON.stringify(result)}`);
  check(result.extensions.startsWith('permessage-deflate'), 'a WebSocket in the page negotiated it too');
  check(result.same, 'a 4.4 KB publication arrived whole');
  await screenshot(page, 'deflate-demo');
});
