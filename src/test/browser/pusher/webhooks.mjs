// Pusher webhooks: the app's webhook receiver is this script's own HTTP server, which verifies every POST with the
// pusher SDK's webhook() helper (X-Pusher-Key and X-Pusher-Signature over the raw body) and fails the first one
// on purpose: the server must send that batch again, the same bytes. Then each kind arrives: channel_occupied,
// channel_vacated, member_added / member_removed once per user (two tabs of one user: one member), client_event
// (event, data as a string, socket_id, user_id on presence), and cache_miss (raised by the Java test through the
// core's HookEvents.cacheMiss before this script starts). Another app's channels never reach this app's webhooks.
// argv: base URL, screenshot dir (unused), the receiver's port.
import http from 'node:http';
import { APP, OTHER_APP, backend, check, client, connected, main, sleep, subscribe, until } from './lib.mjs';

const port = Number(process.argv[4]);
const sdk = backend();
const requests = []; // { raw, headers, valid, status }
const events = []; // verified events, in arrival order

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    const first = requests.length === 0;
    const hook = sdk.webhook({ headers: req.headers, rawBody: raw });
    const valid = hook.isValid();
    requests.push({ raw, headers: req.headers, valid, status: first ? 500 : 200 });
    if (first) { // the receiver fails once: the batch must come again
      res.writeHead(500); res.end('not now');
      return;
    }
    if (valid) {
      for (const e of hook.getEvents()) events.push({ ...e, time_ms: hook.getTime().getTime() });
    }
    res.writeHead(valid ? 200 : 401); res.end();
  });
});
await new Promise((resolve) => server.listen(port, 'localhost', resolve));

const named = (name, channel) => events.filter((e) => e.name === name && e.channel === channel);

await main('webhooks', async (clients) => {
  await until(() => named('cache_miss', 'cache-wh').length >= 1, 'the cache_miss raised before the script', 15000);
  check(requests[0].status === 500, 'the first webhook was refused by the receiver');
  check(requests.slice(1).some((r) => r.raw === requests[0].raw), 'the refused batch came again, byte for byte');
  check(requests.every((r) => r.valid), 'every webhook is valid by the pusher SDK (key and signature)');
  check(requests.every((r) => r.headers['x-pusher-key'] === APP.key), 'X-Pusher-Key is the app key');
  const tampered = sdk.webhook({ headers: requests[1].headers, rawBody: requests[1].raw.replace('"events"', '"events" ') });
  check(!tampered.isValid(), 'a changed body fails the SDK check (the signature covers the body)');

  // channel_occupied / channel_vacated
  const one = client(undefined, { user: { user_id: 'ada', user_info: { name: 'Ada' } } });
  const two = client(undefined, { user: { user_id: 'ada' } });
  const three = client(undefined, { user: { user_id: 'bob' } });
  const other = client(OTHER_APP);
  clients.push(one, two, three, other);
  await Promise.all([connected(one), connected(two), connected(three), connected(other)]);
  await subscribe(one, 'wh-public');
  await subscribe(two, 'wh-public');
  await subscribe(other, 'wh-other');
  await until(() => named('channel_occupied', 'wh-public').length === 1, 'channel_occupied');
  one.unsubscribe('wh-public');
  two.unsubscribe('wh-public');
  await until(() => named('channel_vacated', 'wh-public').length === 1, 'channel_vacated');

  // member_added / member_removed: once per user, whatever the number of tabs
  await subscribe(one, 'presence-wh');
  await subscribe(two, 'presence-wh');
  await subscribe(three, 'presence-wh');
  await until(() => named('member_added', 'presence-wh').length === 2, 'member_added of ada and bob');
  one.unsubscribe('presence-wh');
  await sleep(300);
  check(named('member_removed', 'presence-wh').length === 0, 'ada still has a tab: no member_removed');
  two.unsubscribe('presence-wh');
  await until(() => named('member_removed', 'presence-wh').length === 1, 'member_removed of ada');
  check(named('member_removed', 'presence-wh')[0].user_id === 'ada', 'member_removed names ada');
  const added = named('member_added', 'presence-wh').map((e) => e.user_id).sort();
  check(JSON.stringify(added) === '["ada","bob"]', `one member_added per user (${added})`);

  // client_event, on a private and on a presence channel
  const privateOne = await subscribe(one, 'private-wh');
  await subscribe(three, 'private-wh');
  privateOne.trigger('client-typing', { from: 'ada' });
  await until(() => named('client_event', 'private-wh').length === 1, 'client_event on private-wh');
  const typed = named('client_event', 'private-wh')[0];
  check(typed.event === 'client-typing' && typeof typed.data === 'string' && JSON.parse(typed.data).from === 'ada',
    `client_event carries the event and its data as a string (${JSON.stringify(typed)})`);
  check(typed.socket_id === one.connection.socket_id && typed.user_id === undefined,
    'client_event names the sender\'s socket, no user_id off presence');
  const presenceThree = three.channel('presence-wh');
  presenceThree.trigger('client-wave', 'hi');
  await until(() => named('client_event', 'presence-wh').length === 1, 'client_event on presence-wh');
  check(named('client_event', 'presence-wh')[0].user_id === 'bob', 'a presence client_event carries user_id');

  await sleep(300);
  check(events.every((e) => e.channel !== 'wh-other'), 'another app\'s channels never reach this app\'s webhooks');
  check(named('channel_occupied', 'wh-public').length === 1 && named('channel_vacated', 'wh-public').length === 1,
    'one channel_occupied and one channel_vacated');
  check(events.every((e) => typeof e.time_ms === 'number'), 'each body has time_ms');
  server.close();
});
