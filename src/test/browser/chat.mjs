// Demo chat in two browsers: they chat and see each other in presence; then Bob's connection is cut, Alice sends
// messages while Bob is away, Bob's page reconnects by itself and shows every message exactly once, in order.
//
// How Bob's connection is cut (argument 4, default "network"):
//   network  Bob's page goes through a TCP proxy that resets his connections and refuses new ones for a while
//            (what a dropped mobile network or a restarted load balancer looks like to both sides).
//   server   the server closes Bob's connection itself: POST /api/v1/disconnect {client} with the API key from
//            the SWITCHBOARD_API_KEY environment variable (only meaningful where that API asks the client to
//            reconnect; see docs/client.md).
import { run, baseUrl, openPage, screenshot, check, sleep, uniqueRoom } from './lib.mjs';
import { startProxy } from './tcp-proxy.mjs';

const mode = process.argv[4] || process.env.DROP_MODE || 'network';

async function chatTexts(page) {
  return page.$$eval('#chat-log li.msg .text', (els) => els.map((e) => e.textContent));
}
async function presenceNames(page) {
  return page.$$eval('#presence-list li .pname', (els) => els.map((e) => e.textContent).sort());
}
async function send(page, text) {
  await page.fill('#chat-input', text);
  await page.press('#chat-input', 'Enter');
}
async function waitForText(page, text) {
  await page.waitForFunction((t) => [...document.querySelectorAll('#chat-log li.msg .text')].some((e) => e.textContent === t), text);
}

await run(`chat (${mode})`, async (browser) => {
  const room = uniqueRoom('chat');
  const proxy = mode === 'network' ? await startProxy(baseUrl) : null;
  try {
    const alice = await openPage(browser, `/?room=${room}&name=Alice`, { label: 'alice' });
    const bobUrl = new URL(`/?room=${room}&name=Bob`, proxy ? proxy.url : baseUrl).toString();
    const bob = await openPage(browser, bobUrl, { label: 'bob', viewport: { width: 390, height: 844 } });
    for (const p of [alice, bob]) await p.waitForSelector('#conn-state[data-state="connected"]');

    await send(alice, 'Hi Bob, Alice here');
    await waitForText(bob, 'Hi Bob, Alice here');
    await send(bob, 'Hello Alice!');
    await waitForText(alice, 'Hello Alice!');
    check(true, 'Alice and Bob see each other\'s messages');

    for (const p of [alice, bob]) {
      await p.waitForFunction(() => {
        const names = [...document.querySelectorAll('#presence-list li .pname')].map((e) => e.textContent).sort();
        return names.join() === 'Alice,Bob';
      });
    }
    check((await presenceNames(alice)).join() === 'Alice,Bob' && (await presenceNames(bob)).join() === 'Alice,Bob', 'both see Alice and Bob in presence');
    await screenshot(alice, 'chat-1-alice-before');

    const bobClient = await bob.evaluate(() => window.switchboardDemo.sb.client);
    if (mode === 'network') {
      proxy.refuseNew(true);
      proxy.reset();
    } else {
      const res = await fetch(new URL('/api/v1/disconnect', baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': process.env.SWITCHBOARD_API_KEY || '' },
        body: JSON.stringify({ client: bobClient }),
      });
      check(res.ok, `disconnect API answered ${res.status}`);
    }
    await bob.waitForFunction(() => document.querySelector('#conn-state').dataset.state !== 'connected');
    check(true, 'Bob\'s page noticed the lost connection');

    const missed = ['while you were away 1', 'while you were away 2', 'while you were away 3', 'while you were away 4', 'while you were away 5'];
    for (const text of missed) await send(alice, text);
    await waitForText(alice, missed[missed.length - 1]);
    if (proxy) {
      await sleep(500);
      check(await bob.evaluate(() => window.switchboardDemo.sb.state) !== 'connected', 'Bob stayed disconnected while Alice was sending');
      proxy.refuseNew(false);
    }

    await bob.waitForSelector('#conn-state[data-state="connected"]', { timeout: 30000 });
    await waitForText(bob, missed[missed.length - 1]);
    await sleep(1000); // a duplicate would show up now
    const newClient = await bob.evaluate(() => window.switchboardDemo.sb.client);
    check(newClient !== bobClient, 'Bob\'s page reconnected by itself (new connection id)');

    const expected = ['Hi Bob, Alice here', 'Hello Alice!', ...missed];
    const bobSees = await chatTexts(bob);
    check(JSON.stringify(bobSees) === JSON.stringify(expected), `Bob sees every message exactly once, in order: ${JSON.stringify(bobSees)}`);
    const aliceSees = await chatTexts(alice);
    check(JSON.stringify(aliceSees) === JSON.stringify(expected), 'Alice sees the same conversation');

    await send(bob, 'Back again');
    await waitForText(alice, 'Back again');
    check(true, 'Bob can chat again after the reconnect');
    await bob.waitForFunction(() => [...document.querySelectorAll('#presence-list li .pname')].map((e) => e.textContent).sort().join() === 'Alice,Bob');
    check(true, 'Bob\'s presence list is right again after the reconnect');
    await screenshot(alice, 'chat-2-alice-after');
    await screenshot(bob, 'chat-3-bob-after-reconnect');
  } finally {
    await proxy?.close();
  }
});
