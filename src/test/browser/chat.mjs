// Demo chat in two browsers: they chat and see each other in presence; then Bob's connection is cut, Alice sends
// messages while Bob is away, Bob's page reconnects by itself and shows every message exactly once, in order.
//
// How Bob's connection is cut (argument 4, default "network"); Bob's page always goes through a TCP proxy:
//   network    the proxy resets Bob's connections and refuses new ones for a while (a dropped mobile network
//              or a restarted load balancer, as both sides see it).
//   heartbeat  the proxy makes Bob's connection go silent (a half-open connection); the server notices that
//              nothing arrives any more and closes it itself with 4009 after its heartbeat timeout (run it
//              against a server with a short switchboard.heartbeat.timeout). Alice sees Bob leave: the server
//              dropped him and cleaned up his presence.
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
  if (!['network', 'heartbeat'].includes(mode)) throw new Error(`unknown mode ${mode}`);
  const proxy = await startProxy(baseUrl);
  try {
    const alice = await openPage(browser, `/?room=${room}&name=Alice`, { label: 'alice' });
    const bobUrl = new URL(`/?room=${room}&name=Bob`, proxy.url).toString();
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
    proxy.refuseNew(true);
    if (mode === 'network') {
      proxy.reset();
    } else {
      proxy.blackhole();
      await alice.waitForFunction(() => document.querySelectorAll('#presence-list li').length === 1, null, { timeout: 30000 });
      check(true, 'the server dropped Bob\'s silent connection: he left Alice\'s presence list');
    }
    await bob.waitForFunction(() => document.querySelector('#conn-state').dataset.state !== 'connected');
    check(true, 'Bob\'s page noticed the lost connection');

    const missed = ['while you were away 1', 'while you were away 2', 'while you were away 3', 'while you were away 4', 'while you were away 5'];
    for (const text of missed) await send(alice, text);
    await waitForText(alice, missed[missed.length - 1]);
    await sleep(500);
    check(await bob.evaluate(() => window.switchboardDemo.sb.state) !== 'connected', 'Bob stayed disconnected while Alice was sending');
    proxy.refuseNew(false);

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
    await proxy.close();
  }
});
