// Cache channels (cache-, private-cache-, presence-cache-) with pusher-js and the server SDK: a subscriber of an
// empty cache channel gets pusher:cache_miss; after triggers, a new subscriber gets the last event at once (only
// the last, once, before what follows), and events triggered afterwards arrive as usual, in order.
import { backend, check, client, connected, main, until } from './lib.mjs';

/** Subscribes and records, bound before the subscription goes out: cache misses and the named events. */
function watch(pusher, name, event) {
  const channel = pusher.subscribe(name);
  const seen = { misses: 0, events: [], succeeded: false, order: [] };
  channel.bind('pusher:cache_miss', () => { seen.misses += 1; seen.order.push('miss'); });
  channel.bind(event, (data) => { seen.events.push(data); seen.order.push('event'); });
  channel.bind('pusher:subscription_succeeded', () => { seen.succeeded = true; seen.order.unshift('succeeded'); });
  seen.channel = channel;
  return seen;
}

await main('cache', async (clients) => {
  const server = backend();
  for (const name of ['cache-prices', 'private-cache-orders', 'presence-cache-room']) {
    const first = client(undefined, { user: { user_id: `u-${name}` } });
    clients.push(first);
    await connected(first);
    const empty = watch(first, name, 'tick');
    await until(() => empty.succeeded && empty.misses === 1, `the cache miss on ${name}`);
    check(empty.events.length === 0, `${name}: an empty cache channel answers pusher:cache_miss and no event`);

    await server.trigger(name, 'tick', { n: 1 });
    await server.trigger(name, 'tick', { n: 2 });
    await until(() => empty.events.length === 2, `${name}: the live events`);

    const late = client(undefined, { user: { user_id: `late-${name}` } });
    clients.push(late);
    await connected(late);
    const replay = watch(late, name, 'tick');
    await until(() => replay.succeeded && replay.events.length === 1, `${name}: the cached event`);
    check(replay.misses === 0 && replay.events[0].n === 2, `${name}: a new subscriber gets the last event (n=2), no miss`);
    check(replay.order.join() === 'succeeded,event', `${name}: the cached event comes after subscription_succeeded`);

    await server.trigger(name, 'tick', { n: 3 });
    await until(() => replay.events.length === 2 && empty.events.length === 3, `${name}: the event after the replay`);
    check(replay.events.map((e) => e.n).join() === '2,3', `${name}: then the live events, in order, n=2 not repeated`);
  }

  // Not a cache channel: nothing replayed, no cache_miss.
  const plain = client(); clients.push(plain); await connected(plain);
  await server.trigger('plain-prices', 'tick', { n: 1 });
  const normal = watch(plain, 'plain-prices', 'tick');
  await until(() => normal.succeeded, 'the plain subscription');
  await server.trigger('plain-prices', 'tick', { n: 2 });
  await until(() => normal.events.length === 1, 'the plain event');
  check(normal.misses === 0 && normal.events[0].n === 2, 'a channel without the cache- prefix replays nothing');
});
