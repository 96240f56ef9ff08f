// 1,000 pusher-js clients (one Node process, the library's own Node build) subscribe to one channel; the server SDK
// triggers 200 events; every client receives all 200, each once, in the order they were triggered.
import { backend, check, client, connected, main, until } from './lib.mjs';

const CLIENTS = Number(process.argv[4] || 1000);
const EVENTS = Number(process.argv[5] || 200);
const CHANNEL = 'crowd';

await main('thousand', async (clients) => {
  const received = [];
  const subscribed = [];
  for (let i = 0; i < CLIENTS; i++) {
    const c = client();
    clients.push(c);
    const seen = [];
    received.push(seen);
    const channel = c.subscribe(CHANNEL);
    channel.bind('pusher:subscription_succeeded', () => subscribed.push(i));
    channel.bind('n', (data) => seen.push(data.i));
  }
  await Promise.all(clients.map((c) => connected(c, 60000)));
  await until(() => subscribed.length === CLIENTS, `${CLIENTS} subscriptions`, 60000);
  check(true, `${CLIENTS} pusher-js clients connected and subscribed`);

  const server = backend();
  for (let i = 0; i < EVENTS; i++) {
    await server.trigger(CHANNEL, 'n', { i });
  }
  await until(() => received.every((seen) => seen.length >= EVENTS), `every client's ${EVENTS} events`, 60000);
  const expected = Array.from({ length: EVENTS }, (_, i) => i).join();
  const wrong = received.filter((seen) => seen.join() !== expected).length;
  check(wrong === 0, `all ${CLIENTS} clients got the ${EVENTS} events exactly once, in order (${wrong} did not)`);
});
