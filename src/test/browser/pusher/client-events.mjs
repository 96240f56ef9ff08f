// Client events: a client-* event on a private channel reaches the other subscriber and is not echoed to its
// sender; on a presence channel it carries the sender's user_id.
import { check, client, connected, main, record, subscribe, until, sleep } from './lib.mjs';

await main('client-events', async (clients) => {
  const one = client(undefined, { user: { user_id: 'one' } }); const two = client(undefined, { user: { user_id: 'two' } });
  clients.push(one, two);
  await connected(one); await connected(two);

  const privateOne = await subscribe(one, 'private-chat'); const privateTwo = await subscribe(two, 'private-chat');
  const atOne = record(privateOne, 'client-typing'); const atTwo = record(privateTwo, 'client-typing');
  check(privateOne.trigger('client-typing', { from: 'one' }), 'pusher-js sent the client event');
  await until(() => atTwo.length === 1, 'the client event at the other subscriber');
  check(atTwo[0].data.from === 'one', 'the other subscriber got the client event\'s data');
  privateTwo.trigger('client-typing', { from: 'two' });
  await until(() => atOne.length === 1, 'the answer at the first subscriber');
  await sleep(200);
  check(atOne.length === 1 && atOne[0].data.from === 'two', 'the sender did not get its own event back');
  check(atTwo.length === 1, 'nor did the second sender');

  const presenceOne = await subscribe(one, 'presence-chat'); const presenceTwo = await subscribe(two, 'presence-chat');
  const presenceAtTwo = record(presenceTwo, 'client-wave');
  presenceOne.trigger('client-wave', { hi: true });
  await until(() => presenceAtTwo.length === 1, 'the presence client event');
  check(presenceAtTwo[0].metadata && presenceAtTwo[0].metadata.user_id === 'one',
    `a presence client event carries the sender's user_id (${JSON.stringify(presenceAtTwo[0].metadata)})`);
  record(presenceOne, 'client-wave');
});
