// Every HTTP API call of the pusher server SDK 5 that Switchboard serves, through the SDK itself: trigger (one
// channel, several, socket_id), triggerBatch, get /channels/<name> with info, get /channels/<name>/users,
// sendToUser, terminateUserConnections; and the refusals the SDK reports as RequestError with Pusher's status.
import { backend, check, client, connected, main, record, subscribe, until } from './lib.mjs';

async function status(promise) {
  try {
    const response = await promise;
    return response.status;
  } catch (e) {
    return e.status;
  }
}

await main('sdk-api', async (clients) => {
  const server = backend();
  const a = client(undefined, { user: { user_id: 'ann', user_info: { n: 1 } }, signin: { id: 'ann' } });
  const b = client(undefined, { user: { user_id: 'ben' } });
  clients.push(a, b);
  const idA = await connected(a); await connected(b);

  const one = record(await subscribe(a, 'api-one'), 'e');
  const two = record(await subscribe(a, 'api-two'), 'e');
  const seenB = record(await subscribe(b, 'api-one'), 'e');
  await subscribe(a, 'presence-api'); await subscribe(b, 'presence-api');

  const triggered = await server.trigger('api-one', 'e', { n: 1 });
  check(triggered.status === 200 && JSON.stringify(await triggered.json()) === '{}', 'trigger to one channel: 200 {}');
  check((await status(server.trigger(['api-one', 'api-two'], 'e', { n: 2 }))) === 200, 'trigger to two channels: 200');
  check((await status(server.trigger('api-one', 'e', { n: 3 }, { socket_id: idA }))) === 200, 'trigger with socket_id: 200');
  const batch = await server.triggerBatch([{ channel: 'api-one', name: 'e', data: { n: 4 } },
    { channel: 'api-two', name: 'e', data: { n: 5 } }]);
  check(batch.status === 200 && (await batch.json()).batch.length === 2, 'triggerBatch: 200 with one reply per event');
  await until(() => one.length === 3 && two.length === 2 && seenB.length === 4, 'every triggered event');
  check(one.map((e) => e.data.n).join() === '1,2,4' && two.map((e) => e.data.n).join() === '2,5', 'each reached its channels');
  check(seenB.map((e) => e.data.n).join() === '1,2,3,4', 'socket_id left out only that socket');

  const info = await (await server.get({ path: '/channels/api-one', params: { info: 'subscription_count' } })).json();
  check(info.occupied === true && info.subscription_count === 2, `get /channels/api-one: ${JSON.stringify(info)}`);
  const presence = await (await server.get({ path: '/channels/presence-api', params: { info: 'user_count,subscription_count' } })).json();
  check(presence.occupied && presence.user_count === 2 && presence.subscription_count === 2, `presence info: ${JSON.stringify(presence)}`);
  const users = await (await server.get({ path: '/channels/presence-api/users' })).json();
  check(users.users.map((u) => u.id).sort().join() === 'ann,ben', `get /channels/presence-api/users: ${JSON.stringify(users)}`);

  const signed = { ok: false };
  a.bind('pusher:signin_success', () => { signed.ok = true; });
  a.signin();
  await until(() => signed.ok && a.user.serverToUserChannel && a.user.serverToUserChannel.subscribed, 'ann signed in');
  const notes = [];
  a.user.bind('note', (d) => notes.push(d));
  check((await status(server.sendToUser('ann', 'note', { hi: true }))) === 200, 'sendToUser: 200');
  await until(() => notes.length === 1, 'the note to ann');

  // The SDK checks names itself; its raw post sends one that breaks the rule, as another client might.
  check((await status(server.post({ path: '/events', body: { name: 'e', data: '{}', channels: ['bad:name'] } }))) === 400,
    'a channel name breaking the rule: 400');
  check((await status(server.trigger('api-one', 'e', 'x'.repeat(3000)))) === 413, 'data over max-event-size: 413');
  check((await status(backend(undefined, { secret: 'wrong' }).trigger('api-one', 'e', {}))) === 401, 'a wrong secret: 401');
  check((await status(backend({ id: 'no-such-app', key: 'key-one', secret: 'secret-one' }).trigger('api-one', 'e', {}))) === 404,
    'an unknown app: 404');

  check((await status(server.terminateUserConnections('ann'))) === 200, 'terminateUserConnections: 200');
  await until(() => a.connection.state !== 'connected', 'ann\'s connection closed');
  check(b.connection.state === 'connected', 'ben, not signed in as ann, stays');
});
