// A server restart under pusher-js: a client subscribed to a public and a private channel receives events; the
// test stops the node (SIGTERM: the drain closes with pusher:error 4200, "reconnect at once") and starts it again
// on the same port (the script prints RESTART, then waits for a line on stdin);
// pusher-js reconnects by itself (a new socket id), subscribes its channels again (signing the private one
// anew), and the events triggered after the restart arrive.
import readline from 'node:readline';
import { backend, check, client, connected, main, record, subscribe, until } from './lib.mjs';

const stdin = readline.createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => stdin.once('line', resolve));

await main('restart', async (clients) => {
  const c = client();
  clients.push(c);
  const before = await connected(c);
  const open = record(await subscribe(c, 'restart-room'), 'e');
  const priv = record(await subscribe(c, 'private-restart'), 'e');
  await backend().trigger(['restart-room', 'private-restart'], 'e', { n: 1 });
  await until(() => open.length === 1 && priv.length === 1, 'the events before the restart');

  const states = [];
  const errors = [];
  c.connection.bind('state_change', ({ current }) => states.push(current));
  c.bind('pusher:error', (data) => errors.push(data.code));
  console.log('RESTART');
  const restarted = nextLine();
  await until(() => c.connection.state !== 'connected', 'pusher-js noticed the node going', 20000);
  await restarted;
  await until(() => c.connection.state === 'connected', 'pusher-js reconnected by itself', 60000);
  const after = c.connection.socket_id;
  check(after !== before, `a new connection with a new socket id (${before} -> ${after})`);
  check(states.includes('connecting') || states.includes('unavailable'), `pusher-js went through ${states.join(' -> ')}`);
  check(errors.includes(4200), `the stopping node's drain told pusher-js 4200, reconnect at once (${errors.join()})`);
  await until(() => c.channel('restart-room').subscribed && c.channel('private-restart').subscribed,
    'its channels subscribed again', 20000);

  await backend().trigger(['restart-room', 'private-restart'], 'e', { n: 2 });
  await until(() => open.length === 2 && priv.length === 2, 'the events after the restart', 20000);
  check(open[1].data.n === 2 && priv[1].data.n === 2, 'events triggered after the restart arrive on both channels');
  stdin.close();
});
