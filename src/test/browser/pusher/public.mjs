// Public channels with pusher-js and the server SDK: trigger() to one and to several channels (names with the
// ',' and ';' Pusher allows), data delivered as the SDK sent it, socket_id leaves one socket out, and a second
// app's client with the same channel name sees nothing of the first app.
import { APP, OTHER_APP, backend, check, client, connected, main, record, subscribe, until, sleep } from './lib.mjs';

await main('public', async (clients) => {
  const a = client(); const b = client(); const other = client(OTHER_APP);
  clients.push(a, b, other);
  const idA = await connected(a); const idB = await connected(b); await connected(other);
  check(/^\d+\.\d+$/.test(idA) && idA !== idB, `socket ids are Pusher-style and distinct (${idA}, ${idB})`);

  const name = 'room;one,two=@.x';
  const seenA = record(await subscribe(a, name), 'news');
  const seenB = record(await subscribe(b, name), 'news');
  const seenOther = record(await subscribe(other, name), 'news');
  const seenPlainA = record(await subscribe(a, 'plain'), 'news');

  const server = backend();
  await server.trigger([name, 'plain'], 'news', { n: 1, text: 'to both channels' });
  await until(() => seenA.length === 1 && seenB.length === 1 && seenPlainA.length === 1, 'first event on both channels');
  check(seenA[0].data.n === 1 && seenA[0].data.text === 'to both channels', 'object data arrives as the SDK sent it');
  check(seenPlainA[0].data.n === 1, 'one trigger reached both of its channels');

  await server.trigger(name, 'news', { n: 2 }, { socket_id: idA });
  await server.trigger(name, 'news', { n: 3 });
  await until(() => seenB.length === 3 && seenA.length === 2, 'events 2 and 3');
  check(seenB.map((e) => e.data.n).join() === '1,2,3', 'the other socket got every event in order');
  check(seenA.map((e) => e.data.n).join() === '1,3', 'socket_id left the excluded socket out of event 2');

  await backend(OTHER_APP).trigger(name, 'news', 'plain string data');
  await until(() => seenOther.length === 1, 'the other app\'s own event');
  await sleep(200);
  check(seenOther.length === 1 && seenOther[0].data === 'plain string data',
    'the second app saw only its own event (string data stays a string)');
  check(seenA.length === 2, 'the first app saw nothing of the second app\'s event');
});
