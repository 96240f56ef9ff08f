// pusher-js's web build in headless Chromium (through playwright-core), as a browser app loads it: a public and a
// private channel, the private one signed by the app server (here: the SDK's authorizeChannel in this Node
// process, exposed to the page), events triggered with the SDK.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage } from '../lib.mjs';
import { APP, backend, check, main } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PUSHER_JS = path.resolve(here, '..', 'node_modules', 'pusher-js', 'dist', 'web', 'pusher.min.js');

await main('chromium', async () => {
  const { browser, close } = await launch();
  try {
    const page = await openPage(browser, '/', { label: 'pusher-js' });
    const server = backend();
    await page.exposeFunction('authorize', (socketId, channel) => server.authorizeChannel(socketId, channel));
    await page.addScriptTag({ path: PUSHER_JS });
    const url = new URL(page.url());
    const socketId = await page.evaluate(async ({ key, host, port }) => {
      window.seen = [];
      window.client = new Pusher(key, {
        wsHost: host, wsPort: port, forceTLS: false, enabledTransports: ['ws', 'wss'], cluster: 'mt1', disableStats: true,
        channelAuthorization: { customHandler: ({ socketId, channelName }, cb) => window.authorize(socketId, channelName).then((a) => cb(null, a), (e) => cb(e, null)) },
      });
      const subscribed = (name) => new Promise((resolve, reject) => {
        const ch = window.client.subscribe(name);
        ch.bind('pusher:subscription_succeeded', () => resolve());
        ch.bind('pusher:subscription_error', (e) => reject(new Error(JSON.stringify(e))));
        ch.bind('news', (data) => window.seen.push({ channel: name, data }));
      });
      await subscribed('browser-news');
      await subscribed('private-browser');
      return window.client.connection.socket_id;
    }, { key: APP.key, host: url.hostname, port: Number(url.port) });
    check(/^\d+\.\d+$/.test(socketId), `pusher-js connected from Chromium (${socketId})`);

    await server.trigger(['browser-news', 'private-browser'], 'news', { text: 'hello browser' });
    await page.waitForFunction(() => window.seen.length === 2, null, { timeout: 10000 });
    const seen = await page.evaluate(() => window.seen);
    check(seen.every((e) => e.data.text === 'hello browser'), 'both channels delivered the event to the page');
    check(seen.map((e) => e.channel).sort().join() === 'browser-news,private-browser', 'public and private channel');
    await page.evaluate(() => window.client.disconnect());
  } finally {
    await close();
  }
});
