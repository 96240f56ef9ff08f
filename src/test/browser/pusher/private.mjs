// Private channels: a subscription signed by the SDK's authorizeChannel succeeds and receives triggers; one signed
// with a wrong secret gets pusher:subscription_error (status 401), and that connection keeps working.
import { backend, check, client, connected, main, record, subscribe, until } from './lib.mjs';

await main('private', async (clients) => {
  const good = client(); const forger = client(undefined, { forge: true });
  clients.push(good, forger);
  await connected(good); await connected(forger);

  const seen = record(await subscribe(good, 'private-orders'), 'created');
  await backend().trigger('private-orders', 'created', { id: 42 });
  await until(() => seen.length === 1, 'the private event');
  check(seen[0].data.id === 42, 'a signed subscription receives the private channel\'s events');

  let refused;
  try {
    await subscribe(forger, 'private-orders');
  } catch (e) {
    refused = e;
  }
  check(refused && refused.status === 401, `a forged signature is refused with subscription_error 401 (${refused && JSON.stringify(refused.detail)})`);
  const still = record(await subscribe(forger, 'public-after-refusal'), 'ping');
  await backend().trigger('public-after-refusal', 'ping', {});
  await until(() => still.length === 1, 'an event after the refusal');
  check(forger.connection.state === 'connected', 'the refused connection stays connected and keeps working');
});
