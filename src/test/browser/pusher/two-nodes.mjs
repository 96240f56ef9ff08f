// Two Switchboard nodes over one Redis (argv[2] and argv[4]): a trigger on one node reaches pusher-js clients on
// both, and presence is the whole cluster's: one user with a connection on each node is one member, and a
// member on the other node sees exactly one member_added and one member_removed for that user; a cache channel's
// last event, triggered through one node, is replayed by the other.
import PusherClient from 'pusher-js';
import PusherServer from 'pusher';
import { APP, check, connected, main, record, subscribe, until, sleep } from './lib.mjs';

const nodeA = new URL(process.argv[2]);
const nodeB = new URL(process.argv[4]); // argv[3] is the screenshot directory NodeScript passes to every script
const CHANNEL = 'presence-cluster';

function backendOn(node) {
  return new PusherServer({ appId: APP.id, key: APP.key, secret: APP.secret, host: node.hostname, port: node.port, useTLS: false });
}

function clientOn(node, user) {
  const signer = backendOn(node);
  return new PusherClient(APP.key, {
    wsHost: node.hostname, wsPort: Number(node.port), forceTLS: false, enabledTransports: ['ws'], cluster: 'mt1',
    disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, cb) => cb(null, signer.authorizeChannel(socketId, channelName, user)),
    },
  });
}

await main('two-nodes', async (clients) => {
  const watcher = clientOn(nodeA, { user_id: 'watcher' });
  const carolA = clientOn(nodeA, { user_id: 'carol', user_info: { name: 'Carol' } });
  const carolB = clientOn(nodeB, { user_id: 'carol', user_info: { name: 'Carol' } });
  clients.push(watcher, carolA, carolB);
  await Promise.all([connected(watcher), connected(carolA), connected(carolB)]);

  const watching = await subscribe(watcher, CHANNEL);
  const news = record(watching, 'news');
  const added = []; const removed = [];
  watching.bind('pusher:member_added', (m) => added.push(m));
  watching.bind('pusher:member_removed', (m) => removed.push(m));

  await subscribe(carolB, CHANNEL);
  await until(() => added.length === 1, 'member_added from the other node');
  await subscribe(carolA, CHANNEL);
  const onB = carolB.channel(CHANNEL);
  check(onB.members.count === 2, `carol's connection on node B counts two members cluster-wide (${onB.members.count})`);

  await backendOn(nodeB).trigger(CHANNEL, 'news', { from: 'node-b' });
  await until(() => news.length === 1, 'the trigger made on node B, on node A');
  check(news[0].data.from === 'node-b', 'a trigger on one node reaches subscribers on the other');

  carolB.disconnect();
  await sleep(700);
  check(added.length === 1 && removed.length === 0, 'carol\'s second connection (other node) brought no second member_added, and losing one none removed');
  carolA.disconnect();
  await until(() => removed.length === 1, 'member_removed when carol\'s last connection went');
  check(removed[0].id === 'carol', 'exactly one member_removed for carol');

  // A cache channel across nodes: what was triggered through node A is replayed to a new subscriber on node B
  // (the last event comes from the shared history in Redis).
  const cacheA = clientOn(nodeA, { user_id: 'dora' }); const cacheB = clientOn(nodeB, { user_id: 'eve' });
  clients.push(cacheA, cacheB);
  await connected(cacheA); await connected(cacheB);
  const misses = [];
  cacheA.subscribe('cache-cluster').bind('pusher:cache_miss', () => misses.push('A'));
  await until(() => misses.length === 1, 'the cache miss on node A');
  await backendOn(nodeA).trigger('cache-cluster', 'quote', { p: 1 });
  await backendOn(nodeA).trigger('cache-cluster', 'quote', { p: 2 });
  const replayed = [];
  const late = cacheB.subscribe('cache-cluster');
  late.bind('pusher:cache_miss', () => misses.push('B'));
  late.bind('quote', (d) => replayed.push(d.p));
  await until(() => replayed.length === 1, 'the cached event on node B');
  check(replayed[0] === 2 && misses.join() === 'A', 'a subscriber on node B gets the last event triggered through node A');
});
