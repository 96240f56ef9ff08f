// The client library (switchboard.js) in a real browser against the real server: request/reply promises and
// errors, the bounded offline queue, recovery after the browser goes offline and online again (and `since` in
// onRecover), the server's size limit from `welcome` (an oversize command refused locally, the connection kept),
// close 1009 stopping the client, and the heartbeat noticing a half-open connection (a TCP proxy that silently
// stops forwarding) and reconnecting by itself.
import { run, baseUrl, check, sleep, uniqueRoom, screenshotChecks } from './lib.mjs';
import { startProxy } from './tcp-proxy.mjs';

/** A page with the client module loaded as window.SB and a few helpers; the document itself is irrelevant. */
async function clientPage(browser, origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await page.goto(new URL('switchboard.js', origin).toString());
  await page.evaluate(async () => {
    window.SB = await import('/switchboard.js');
    window.connected = (sb) => new Promise((resolve) => {
      if (sb.state === 'connected') resolve();
      else { const off = sb.on('connect', () => { off(); resolve(); }); }
    });
    window.until = async (cond, ms = 15000) => {
      const end = performance.now() + ms;
      while (!cond()) { if (performance.now() > end) throw new Error('timed out waiting for ' + cond); await new Promise((r) => setTimeout(r, 25)); }
    };
  });
  return { context, page };
}

await run('client', async (browser) => {
  const ch = uniqueRoom('client');
  const { page: a } = await clientPage(browser, baseUrl);

  // ---- requests settle by their reply or by an error frame ----
  const basics = await a.evaluate(async (ch) => {
    const sb = new SB.Switchboard('/ws');
    await connected(sb);
    const got = [];
    const sub = sb.subscribe(ch, { onPublication: (p) => got.push(p.data.n) });
    const subscribed = await sub.ready;
    const published = await sub.publish({ n: 1 });
    await until(() => got.length === 1);
    const presence = await sub.presence();
    const history = await sub.history({ limit: 10 });
    const rtt = await sb.ping();
    let invalid = null;
    try { await sb.publish('bad channel', 1); } catch (e) { invalid = e.code; }
    const bad = sb.subscribe('also bad', {});
    let badSub = null;
    try { await bad.ready; } catch (e) { badSub = e.code; }
    const out = { client: sb.client, subscribed, published, got, presence, history, rtt, invalid, badSub, badState: bad.state };
    sb.close();
    out.closedState = sb.state;
    try { await sb.ping(); } catch (e) { out.afterClose = e.code; }
    return out;
  }, ch);
  check(basics.subscribed.offset === 0 && basics.subscribed.recovered === false, 'a fresh channel subscribes at offset 0, recovered false');
  check(basics.published.offset === 1 && basics.published.channel === ch, 'publish resolves with {channel, offset: 1}');
  check(basics.got.join() === '1', 'the subscriber receives its publication');
  check(basics.presence.clients.some((c) => c.client === basics.client), 'presence lists this connection');
  check(basics.history.publications.length === 1 && basics.history.publications[0].data.n === 1, 'history returns the publication');
  check(typeof basics.rtt === 'number' && basics.rtt >= 0, `ping resolves with a round-trip time (${basics.rtt.toFixed(1)} ms)`);
  check(basics.invalid === 'invalid_channel', 'publish to a bad channel name rejects with invalid_channel');
  check(basics.badSub === 'invalid_channel' && basics.badState === 'unsubscribed', 'a rejected subscribe rejects sub.ready and ends the subscription');
  check(basics.closedState === 'closed' && basics.afterClose === 'closed', 'close() is final: later commands reject with closed');

  // ---- commands issued while disconnected wait in a bounded queue ----
  const queue = await a.evaluate(async (ch) => {
    const sb = new SB.Switchboard('/ws', { autoConnect: false, queueSize: 2, queueTimeout: 60000 });
    const p1 = sb.publish(ch, { n: 2 });
    const p2 = sb.publish(ch, { n: 3 });
    let full = null;
    try { await sb.publish(ch, { n: 4 }); } catch (e) { full = e.code; }
    sb.connect();
    const [r1, r2] = await Promise.all([p1, p2]);
    sb.close();
    const lonely = new SB.Switchboard('/ws', { autoConnect: false, queueTimeout: 300 });
    let expired = null;
    try { await lonely.presence(ch); } catch (e) { expired = e.code; }
    return { full, offsets: [r1.offset, r2.offset], expired };
  }, ch);
  check(queue.full === 'queue_full', 'a command beyond the queue size is rejected with queue_full');
  check(queue.offsets.join() === '2,3', 'queued commands are sent in order after connect');
  check(queue.expired === 'timeout', 'a queued command that waits too long rejects with timeout');

  // ---- offline/online: the subscriber recovers everything it missed, once and in order ----
  const { context: bctx, page: b } = await clientPage(browser, baseUrl);
  await b.evaluate(async (ch) => {
    const sb = new SB.Switchboard('/ws', { minDelay: 200 });
    window.sb = sb;
    window.seen = [];
    window.recoveries = [];
    window.drops = [];
    sb.on('disconnect', (d) => drops.push(d));
    sb.subscribe(ch, { onPublication: (p) => seen.push(p.offset), onRecover: (r) => recoveries.push(r) });
    await connected(sb);
    await until(() => sb.getSubscription(ch).state === 'subscribed');
  }, ch);
  const firstClient = await b.evaluate(() => sb.client);
  await bctx.setOffline(true);
  await b.waitForFunction(() => window.sb.state !== 'connected');
  await a.evaluate(async (ch) => {
    const sb = new SB.Switchboard('/ws');
    for (let n = 10; n < 15; n++) await sb.publish(ch, { n });
    sb.close();
  }, ch);
  await sleep(300);
  check(await b.evaluate(() => window.seen.length) === 0, 'nothing arrives while the browser is offline');
  await bctx.setOffline(false);
  const after = await b.evaluate(async () => {
    await until(() => seen.length >= 5);
    await new Promise((r) => setTimeout(r, 500)); // a duplicate would arrive now
    return { seen, recoveries, drops, client: sb.client, state: sb.state };
  });
  check(after.drops.length >= 1 && after.drops[0].reconnect === true, `going offline dropped the connection for a reconnect (${JSON.stringify(after.drops[0])})`);
  check(after.client !== firstClient && after.state === 'connected', 'coming back online reconnected (new connection id)');
  check(after.seen.join() === '4,5,6,7,8', `missed publications delivered once, in order (${after.seen.join()})`);
  check(after.recoveries.length === 1 && after.recoveries[0].recovered === true && after.recoveries[0].recoveredCount === 5, 'onRecover reported recovered: true with 5 publications');

  // ---- a stream position the server cannot recover is surfaced as recovered: false ----
  const lost = await a.evaluate(async (ch) => {
    const sb = new SB.Switchboard('/ws');
    const recoveries = [];
    const sub = sb.subscribe(ch, { since: { epoch: 'not-the-epoch', offset: 1 }, onRecover: (r) => recoveries.push(r) });
    await sub.ready;
    const out = { recoveries: recoveries.map((r) => ({ ...r })), offset: sub.offset };
    sb.close();
    return out;
  }, ch);
  check(lost.recoveries.length === 1 && lost.recoveries[0].recovered === false, 'a foreign epoch gives onRecover({recovered: false})');
  check(lost.recoveries[0].since?.epoch === 'not-the-epoch' && lost.recoveries[0].epoch !== 'not-the-epoch',
    'onRecover tells the position asked for (since) and the stream\'s epoch apart: the epoch changed, not a gap');
  check(lost.offset === 8, 'after recovered: false the subscription continues from the stream top');

  // ---- the server's limit from `welcome`: an oversize command is refused locally, the connection stays ----
  const limit = await a.evaluate(async (ch) => {
    const sb = new SB.Switchboard('/ws', { minDelay: 50 });
    const drops = [];
    sb.on('disconnect', (d) => drops.push(d));
    await connected(sb);
    const client = sb.client;
    const max = sb.maxMessageSize;
    let rejected = null, message = null;
    // 'é' is 2 bytes in UTF-8: the frame is under the limit in UTF-16 units but over it in bytes, as the server counts.
    try { await sb.publish(ch, 'é'.repeat(Math.ceil(max / 2))); } catch (e) { rejected = e.code; message = e.message; }
    const state = sb.state;
    const after = await sb.publish(ch, { n: 'after' });
    const near = await sb.publish(ch, 'é'.repeat(Math.floor(max / 2) - 100)); // just under: the server takes it
    await new Promise((r) => setTimeout(r, 300));
    const out = { max, rejected, message, state, after, near, drops: [...drops], same: sb.client === client };
    sb.close();
    return out;
  }, ch);
  check(limit.max === 65536, `welcome announces the server's maxMessageSize (${limit.max})`);
  check(limit.rejected === 'message_too_large', `a publish over the limit rejects with message_too_large (${limit.message})`);
  check(limit.state === 'connected' && limit.same && limit.drops.length === 0, 'the client stays connected on the same connection');
  check(limit.after.offset === 9 && limit.near.offset === 10, 'the next publish works, and one just under the limit is accepted by the server');

  // ---- close codes: 1009 (message too big) from a server that announces no limit means do not reconnect ----
  const tooBig = await a.evaluate(async (ch) => {
    // A server from before `welcome.maxMessageSize`: the field is taken out of its welcome frame.
    class OldServerSocket extends WebSocket {
      set onmessage(fn) { super.onmessage = fn && ((ev) => fn({ data: ev.data.replace('"maxMessageSize"', '"unknownField"') })); }
    }
    const sb = new SB.Switchboard('/ws', { minDelay: 50, WebSocket: OldServerSocket });
    const drops = [];
    sb.on('disconnect', (d) => drops.push(d));
    await connected(sb);
    const max = sb.maxMessageSize;
    let rejected = null;
    try { await sb.publish(ch, 'x'.repeat(70 * 1024)); } catch (e) { rejected = e.code; }
    await until(() => sb.state === 'closed');
    await new Promise((r) => setTimeout(r, 500)); // a reconnect attempt would show now
    return { max, drops, rejected, state: sb.state };
  }, ch);
  check(tooBig.max === null, 'without the field the client knows no limit and sends the command');
  check(tooBig.rejected === 'connection_lost', 'the oversized publish rejects: the connection closed before a reply');
  check(tooBig.drops.length === 1 && tooBig.drops[0].code === 1009 && tooBig.drops[0].reconnect === false,
    `close 1009 stops the client (${JSON.stringify(tooBig.drops)})`);
  check(tooBig.state === 'closed', 'after 1009 the client stays closed');

  // ---- heartbeat: a half-open connection is noticed by the missing pong, and the client reconnects ----
  const proxy = await startProxy(baseUrl);
  try {
    const { page: c } = await clientPage(browser, proxy.url);
    await c.evaluate(async (ch) => {
      const sb = new SB.Switchboard('/ws', { pingInterval: 400, heartbeatGrace: 600, minDelay: 100 });
      window.sb = sb;
      window.seen = [];
      window.drops = [];
      sb.on('disconnect', (d) => drops.push(d));
      sb.subscribe(ch, { onPublication: (p) => seen.push(p.offset) });
      await connected(sb);
      await until(() => sb.getSubscription(ch).state === 'subscribed');
    }, ch);
    const before = await c.evaluate(() => sb.client);
    proxy.blackhole();
    await a.evaluate(async (ch) => {
      const sb = new SB.Switchboard('/ws');
      for (let n = 20; n < 23; n++) await sb.publish(ch, { n });
      sb.close();
    }, ch);
    const hb = await c.evaluate(async () => {
      await until(() => seen.length >= 3);
      await new Promise((r) => setTimeout(r, 500));
      return { seen, drops, client: sb.client };
    });
    check(hb.drops.some((d) => d.reason === 'no pong' && d.reconnect), 'the silent connection was declared dead by the heartbeat');
    check(hb.client !== before, 'the client reconnected by itself through a fresh connection');
    check(hb.seen.join() === '11,12,13', `publications sent into the silence were recovered once, in order (${hb.seen.join()})`);
  } finally {
    await proxy.close();
  }
  await screenshotChecks(a, 'client-library', 'switchboard.js in chromium: checks passed');
});
