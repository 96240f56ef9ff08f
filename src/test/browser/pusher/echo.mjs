// Laravel Echo 2 over pusher-js: channel().listen for a Laravel-style event name, private(), join() with
// here/joining/leaving, and whisper/listenForWhisper (client events), against the server under test.
import Echo from 'laravel-echo';
import { APP, backend, check, client, main, sleep, until, within } from './lib.mjs';

function echoFor(user) {
  const pusher = client(APP, { user });
  return new Echo({ broadcaster: 'pusher', key: APP.key, client: pusher });
}

await main('echo', async (clients) => {
  const ann = echoFor({ user_id: 'ann', user_info: { name: 'Ann' } });
  const ben = echoFor({ user_id: 'ben', user_info: { name: 'Ben' } });
  clients.push(ann.connector.pusher, ben.connector.pusher);
  const server = backend();

  const shipped = [];
  ann.channel('orders').listen('OrderShipped', (e) => shipped.push(e));
  const privateSeen = [];
  ann.private('account.1').listen('.balance', (e) => privateSeen.push(e));
  await until(() => ann.connector.pusher.channel('orders')?.subscribed
    && ann.connector.pusher.channel('private-account.1')?.subscribed, 'ann subscribed');
  await server.trigger('orders', 'App\\Events\\OrderShipped', { order: 7 });
  await server.trigger('private-account.1', 'balance', { cents: 1200 });
  await until(() => shipped.length === 1 && privateSeen.length === 1, 'the public and the private event');
  check(shipped[0].order === 7, 'channel().listen got a Laravel-namespaced event');
  check(privateSeen[0].cents === 1200, 'private().listen got the private channel\'s event');

  const here = await within(10000, 'here()', new Promise((resolve) => {
    ann.join('room.1').here(resolve);
  }));
  check(here.length === 1 && here[0].name === 'Ann', 'join().here lists ann alone at first');
  const joining = []; const leaving = [];
  ann.join('room.1').joining((u) => joining.push(u)).leaving((u) => leaving.push(u));
  const whispers = [];
  ann.join('room.1').listenForWhisper('typing', (e) => whispers.push(e));

  const benRoom = ben.join('room.1');
  const benHere = await within(10000, 'ben here()', new Promise((resolve) => benRoom.here(resolve)));
  check(benHere.map((u) => u.name).sort().join() === 'Ann,Ben', 'ben sees ann and himself');
  await until(() => joining.length === 1, 'joining for ben');
  check(joining[0].name === 'Ben', 'joining() told ann that ben came');

  benRoom.whisper('typing', { who: 'ben' });
  await until(() => whispers.length === 1, 'the whisper');
  check(whispers[0].who === 'ben', 'listenForWhisper got ben\'s whisper');

  ben.leave('room.1');
  await until(() => leaving.length === 1, 'leaving for ben');
  check(leaving[0].name === 'Ben', 'leaving() told ann that ben left');
  await sleep(100);
  check(joining.length === 1 && leaving.length === 1, 'exactly one joining and one leaving');
});
