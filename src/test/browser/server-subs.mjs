// Server-side subscriptions in the JS client, in a real browser: the connect hook names `vip:lounge` for the
// session cookie; the server subscribes the connection and sends `subscribed` without an id. The client makes a
// Subscription for it (serverSide), hands it to the app in the 'subscription' event, and delivers its
// publications; the app's own subscriptions and commands keep working beside it.
import { run, baseUrl, check } from './lib.mjs';

await run('server-subs', async (browser) => {
  const context = await browser.newContext();
  await context.addCookies([{ name: 'session', value: 'sam', url: baseUrl.toString() }]);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await page.goto(new URL('switchboard.js', baseUrl).toString());
  const out = await page.evaluate(async () => {
    const SB = await import('/switchboard.js');
    const sb = new SB.Switchboard('/ws');
    const got = [];
    const handed = new Promise((resolve) => sb.on('subscription', (sub) => {
      sub.handlers.onPublication = (pub) => got.push(pub.data);
      resolve(sub);
    }));
    const sub = await handed;
    const info = await sub.ready;
    const own = sb.subscribe('room:server-subs');
    await own.ready;
    await sb.publish('vip:lounge', { text: 'to the lounge' });
    const deadline = Date.now() + 5000;
    while (got.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const result = { channel: sub.channel, serverSide: sub.serverSide, state: sub.state, offset: info.offset,
      got, ownServerSide: own.serverSide, user: sb.user, same: sb.getSubscription('vip:lounge') === sub };
    sb.close();
    return result;
  });
  check(out.channel === 'vip:lounge' && out.serverSide === true, 'the server-side subscription is handed to the app');
  check(out.state === 'subscribed' && typeof out.offset === 'number', `it goes live (${out.state})`);
  check(out.same, 'getSubscription finds it');
  check(out.got.length === 1 && out.got[0].text === 'to the lounge', 'its publications reach the app\'s handler');
  check(out.ownServerSide === false, 'the app\'s own subscription is not server-side');
  check(out.user === 'sam', 'the connect hook named the user');
  await context.close();
});
