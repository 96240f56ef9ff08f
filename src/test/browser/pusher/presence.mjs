// Presence: one user on two connections is one member; member_added when the user's first connection comes and
// member_removed when the last one goes, each once; the HTTP API's user_count and users agree.
import { backend, check, client, connected, main, subscribe, until, sleep } from './lib.mjs';

const CHANNEL = 'presence-lobby';

await main('presence', async (clients) => {
  const bob = client(undefined, { user: { user_id: 'bob', user_info: { name: 'Bob' } } });
  const alice1 = client(undefined, { user: { user_id: 'alice', user_info: { name: 'Alice' } } });
  const alice2 = client(undefined, { user: { user_id: 'alice', user_info: { name: 'Alice' } } });
  clients.push(bob, alice1, alice2);
  await Promise.all([connected(bob), connected(alice1), connected(alice2)]);

  const bobChannel = await subscribe(bob, CHANNEL);
  check(bobChannel.members.count === 1 && bobChannel.members.me.id === 'bob', 'bob alone at first, and he is "me"');
  const added = []; const removed = [];
  bobChannel.bind('pusher:member_added', (m) => added.push(m));
  bobChannel.bind('pusher:member_removed', (m) => removed.push(m));

  await subscribe(alice1, CHANNEL);
  await until(() => added.length === 1, 'member_added for alice');
  check(added[0].id === 'alice' && added[0].info.name === 'Alice', 'member_added carries the user id and info');

  const second = await subscribe(alice2, CHANNEL);
  check(second.members.count === 2, `alice's second tab sees two members, not three (${second.members.count})`);
  const ids = []; second.members.each((m) => ids.push(m.id));
  check(ids.sort().join() === 'alice,bob', 'the member list is unique by user_id');

  const server = backend();
  const info = await (await server.get({ path: `/channels/${CHANNEL}`, params: { info: 'user_count,subscription_count' } })).json();
  check(info.occupied === true && info.user_count === 2 && info.subscription_count === 3,
    `channel info counts users and connections (${JSON.stringify(info)})`);

  alice1.disconnect();
  await sleep(500);
  check(added.length === 1, 'the second connection of alice brought no second member_added');
  check(removed.length === 0, 'alice leaving one of her two tabs is no member_removed');

  alice2.disconnect();
  await until(() => removed.length === 1, 'member_removed for alice');
  check(removed[0].id === 'alice', 'member_removed when her last connection went');
  check(bobChannel.members.count === 1, 'bob is alone again');
  const users = await (await server.get({ path: `/channels/${CHANNEL}/users` })).json();
  check(users.users.length === 1 && users.users[0].id === 'bob', `the users call lists bob only (${JSON.stringify(users)})`);
});
