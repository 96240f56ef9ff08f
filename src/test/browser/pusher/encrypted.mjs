// Encrypted channels (private-encrypted-): the SDKs encrypt end to end, the server only checks the subscription's
// signature and relays the ciphertext untouched; pusher-js decrypts with the shared secret the app server gave.
import crypto from 'node:crypto';
import { backend, check, client, connected, main, record, subscribe, until } from './lib.mjs';

await main('encrypted', async (clients) => {
  const encryption = { encryptionMasterKeyBase64: crypto.randomBytes(32).toString('base64') };
  const reader = client(undefined, { signerOptions: encryption });
  clients.push(reader);
  await connected(reader);
  const onTheWire = [];
  reader.connection.bind('message', (m) => { if (m.event === 'secret') onTheWire.push(m); });

  const seen = record(await subscribe(reader, 'private-encrypted-vault'), 'secret');
  await backend(undefined, encryption).trigger('private-encrypted-vault', 'secret', { code: 'swordfish' });
  await until(() => seen.length === 1, 'the encrypted event');
  check(seen[0].data.code === 'swordfish', 'pusher-js decrypted what the SDK encrypted');
  const wire = JSON.stringify(onTheWire[0] && onTheWire[0].data); // pusher-js has parsed the JSON string
  check(wire.includes('ciphertext') && !wire.includes('swordfish'), `only ciphertext crossed the server (${wire.slice(0, 60)}...)`);
});
