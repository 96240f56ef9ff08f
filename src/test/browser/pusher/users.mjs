// User authentication with pusher-js and the server SDK: pusher.signin() signed by the app server's
// authenticateUser gets pusher:signin_success and the #server-to-user-<id> channel; sendToUser reaches every
// connection of that user and nobody else; a forged sign-in gets pusher:error 4009 and the connection goes on;
// terminateUserConnections closes that user's connections (4009: pusher-js does not come back by itself) and no
// other; watchlists tell a user who of its watched users comes online and goes offline.
import { backend, check, client, connected, main, until } from './lib.mjs';

function signedIn(pusher) {
  const state = { success: null, errors: [] };
  pusher.bind('pusher:signin_success', (data) => { state.success = data; });
  pusher.bind('pusher:error', (data) => state.errors.push(data));
  pusher.signin();
  return state;
}

function userChannelReady(pusher) {
  return () => pusher.user.serverToUserChannel && pusher.user.serverToUserChannel.subscribed;
}

await main('users', async (clients) => {
  const alice = { id: 'alice|auth0', user_info: { name: 'Alice' } }; // a '|', as auth0 user ids have
  const alice1 = client(undefined, { signin: alice });
  const alice2 = client(undefined, { signin: alice });
  const bob = client(undefined, { signin: { id: 'bob' } });
  const forger = client(undefined, { signin: { id: 'alice|auth0' }, forge: true });
  clients.push(alice1, alice2, bob, forger);
  await Promise.all([alice1, alice2, bob, forger].map((c) => connected(c)));

  const states = [alice1, alice2, bob, forger].map(signedIn);
  await until(() => states.slice(0, 3).every((s) => s.success), 'signin_success of the three signed sign-ins');
  check(JSON.parse(states[0].success.user_data).id === 'alice|auth0', 'signin_success carries the user_data that was signed');
  await until(() => [alice1, alice2, bob].every((c) => userChannelReady(c)()), 'the server-to-user subscriptions');
  check(alice1.user.serverToUserChannel.name === '#server-to-user-alice|auth0', 'pusher-js subscribed to #server-to-user-<id>');
  await until(() => states[3].errors.length === 1, 'the forged sign-in\'s error');
  check(states[3].errors[0].code === 4009 && !states[3].success, `a forged sign-in gets pusher:error 4009 (${JSON.stringify(states[3].errors[0])})`);
  check(forger.connection.state === 'connected', 'the forger\'s connection stays connected');

  const notes = new Map([alice1, alice2, bob, forger].map((c) => [c, []]));
  for (const [c, seen] of notes) c.user.bind('note', (data) => seen.push(data));
  const server = backend();
  await server.sendToUser('alice|auth0', 'note', { n: 1 });
  await server.sendToUser('bob', 'note', { n: 2 });
  await until(() => notes.get(alice1).length === 1 && notes.get(alice2).length === 1 && notes.get(bob).length === 1,
    'the events sent to users');
  check(notes.get(alice1)[0].n === 1 && notes.get(alice2)[0].n === 1, 'sendToUser reached both of alice\'s connections');
  check(notes.get(bob)[0].n === 2, 'and bob got only his own');

  const closes = new Map([alice1, alice2, bob].map((c) => [c, []]));
  for (const [c, seen] of closes) c.bind('pusher:error', (data) => seen.push(data.code));
  await server.terminateUserConnections('alice|auth0');
  await until(() => alice1.connection.state !== 'connected' && alice2.connection.state !== 'connected',
    'alice\'s connections closed');
  check(closes.get(alice1).includes(4009) && closes.get(alice2).includes(4009), 'each got pusher:error 4009 before the close');
  check(bob.connection.state === 'connected' && forger.connection.state === 'connected', 'bob and the unsigned connection stay');
  await server.sendToUser('bob', 'note', { n: 3 });
  await until(() => notes.get(bob).length === 2, 'bob still gets his events');
  check(notes.get(alice1).length === 1 && notes.get(forger).length === 0, 'nothing reached a closed or unsigned connection');

  await watchlists(clients);
});

// Watchlists: a user signed in with { watchlist: [...] } is told which watched users are online when it signs
// in, then each one's first connection coming (online) and last one going (offline), through pusher-js's
// user.watchlist.
async function watchlists(clients) {
  const erin = client(undefined, { signin: { id: 'erin' } });
  const dan = client(undefined, { signin: { id: 'dan', watchlist: ['erin', 'fay'] } });
  const fay1 = client(undefined, { signin: { id: 'fay' } });
  const fay2 = client(undefined, { signin: { id: 'fay' } });
  clients.push(erin, dan, fay1, fay2);
  await connected(erin);
  const erinIn = signedIn(erin);
  await until(() => erinIn.success, 'erin signed in');
  await connected(dan);
  const events = [];
  dan.user.watchlist.bind('online', (e) => events.push(`online:${e.user_ids.sort().join('+')}`));
  dan.user.watchlist.bind('offline', (e) => events.push(`offline:${e.user_ids.sort().join('+')}`));
  signedIn(dan);
  await until(() => events.length === 1, 'the watchlist\'s first event');
  check(events[0] === 'online:erin', `on sign-in dan is told erin is online (${events})`);
  await connected(fay1); signedIn(fay1);
  await until(() => events.length === 2, 'fay coming online');
  await connected(fay2); const fay2In = signedIn(fay2);
  await until(() => fay2In.success, 'fay\'s second connection signed in');
  fay1.disconnect();
  erin.disconnect();
  await until(() => events.includes('offline:erin'), 'erin going offline');
  fay2.disconnect();
  await until(() => events.length === 4, 'fay going offline');
  check(events.join() === 'online:erin,online:fay,offline:erin,offline:fay',
    `fay's second connection made no second online, her first going no offline (${events})`);
}
