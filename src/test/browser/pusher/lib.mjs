// Shared helpers of the Pusher compatibility scripts: pusher-js (its Node build) as the browser-side client, the
// `pusher` server SDK as the back end (triggers, and the channel auth a real app server signs with
// authorizeChannel). Each script prints "PASS <name>" last when every check held; anything else is a failure.
import PusherClient from 'pusher-js';
import PusherServer from 'pusher';

export const base = new URL(process.argv[2] || 'http://localhost:8080/');
export const APP = { id: 'app-one', key: 'key-one', secret: 'secret-one' };
export const OTHER_APP = { id: 'app-two', key: 'key-two', secret: 'secret-two' };

/** The back end: the server SDK pointed at the server under test. */
export function backend(app = APP, options = {}) {
  return new PusherServer({ appId: app.id, key: app.key, secret: app.secret, host: base.hostname,
    port: base.port, useTLS: false, ...options });
}

/**
 * A pusher-js client configured as docs/pusher.md says. Private and presence subscriptions are signed by the
 * test's own tiny app server: the SDK's authorizeChannel, with `user` as channel data on presence channels only
 * (as Laravel's broadcaster does: a private channel's signature covers socket_id:channel); `forge` signs with a
 * wrong secret instead. `signin` is the user data pusher.signin() is signed for (the SDK's authenticateUser).
 */
export function client(app = APP, { user, forge = false, signerOptions = {}, signin } = {}) {
  const signer = forge ? backend({ ...app, secret: 'not-the-secret' }, signerOptions) : backend(app, signerOptions);
  const pusher = new PusherClient(app.key, {
    // pusher.signin(): the app server's authenticateUser with `signin` as the user data ({ id, user_info }).
    userAuthentication: {
      customHandler: ({ socketId }, callback) => {
        try {
          callback(null, signer.authenticateUser(socketId, signin));
        } catch (e) {
          callback(e, null);
        }
      },
    },
    wsHost: base.hostname, wsPort: Number(base.port), forceTLS: false, enabledTransports: ['ws', 'wss'],
    cluster: 'mt1', disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        try {
          callback(null, signer.authorizeChannel(socketId, channelName,
            channelName.startsWith('presence-') ? user : undefined));
        } catch (e) {
          callback(e, null);
        }
      },
    },
  });
  return pusher;
}

export function connected(pusher, ms = 10000) {
  return within(ms, 'connected', new Promise((resolve, reject) => {
    if (pusher.connection.state === 'connected') return resolve(pusher.connection.socket_id);
    pusher.connection.bind('connected', () => resolve(pusher.connection.socket_id));
    pusher.connection.bind('failed', () => reject(new Error('connection failed')));
  }));
}

/** Subscribes and resolves with the channel once subscription_succeeded arrived (rejects on subscription_error). */
export function subscribe(pusher, name, ms = 10000) {
  const channel = pusher.subscribe(name);
  return within(ms, `subscription to ${name}`, new Promise((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', () => resolve(channel));
    channel.bind('pusher:subscription_error', (e) => reject(Object.assign(new Error(`subscription_error on ${name}`), { status: e.status, detail: e })));
  }));
}

/** Records every event of `name` on a channel: [{ data, metadata }]. */
export function record(channel, name) {
  const seen = [];
  channel.bind(name, (data, metadata) => seen.push({ data, metadata }));
  return seen;
}

export async function until(cond, what, ms = 10000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function within(ms, what, promise) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); })])
    .finally(() => clearTimeout(timer));
}

export function check(cond, message) {
  if (!cond) throw new Error(`check failed: ${message}`);
  console.log(`ok - ${message}`);
}

/** Runs a script's body: PASS line and exit 0, or the error and exit 1; disconnects the given clients. */
export async function main(name, body) {
  const clients = [];
  try {
    await body(clients);
    console.log(`PASS ${name}`);
    clients.forEach((c) => c.disconnect());
    process.exit(0);
  } catch (e) {
    // The SDK's RequestError carries the server's answer: show it.
    const answer = e.status ? ` (HTTP ${e.status}: ${e.body})` : '';
    console.log(`FAIL ${name}: ${e.stack || e}${answer}`);
    process.exit(1);
  }
}
