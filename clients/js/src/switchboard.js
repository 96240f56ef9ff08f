// switchboard.js: the browser client for the Switchboard wire protocol, version 1 (docs/protocol.md).
// One ES module, no dependencies. It does the hard parts for the application: reconnect with backoff,
// recovery of missed publications, heartbeat, token refresh, and a queue for commands issued while offline. It
// speaks both subprotocols: switchboard.v1.json (text frames) and switchboard.v1.cbor (binary frames, with a
// small CBOR codec of its own at the end of this file).
//
// The same file is the npm package @switchboard/client (clients/js) and what every server serves at /switchboard.js.
//
//   import { Switchboard } from '/switchboard.js';
//   const sb = new Switchboard('/ws');
//   const sub = sb.subscribe('chat:lobby', { onPublication: p => console.log(p.data) });
//   await sub.publish({ text: 'hi' });

export const VERSION = '1.0.0';

/** Connection states, in the order a healthy connection goes through them. */
export const State = Object.freeze({
  DISCONNECTED: 'disconnected', // not connected; a reconnect may be scheduled
  CONNECTING: 'connecting',     // socket opening, waiting for `welcome`
  CONNECTED: 'connected',       // `welcome` received; commands flow
  CLOSED: 'closed',             // stopped for good (close() or a close code that forbids reconnecting)
});

/** Subscription states. */
export const SubState = Object.freeze({
  SUBSCRIBING: 'subscribing',
  SUBSCRIBED: 'subscribed',
  UNSUBSCRIBED: 'unsubscribed',
});

/** An error from the server (`error` frame) or from the client itself (timeout, queue full, connection lost). */
export class SwitchboardError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = 'SwitchboardError';
    this.code = code;
  }
}

// Close codes whose meaning PROTOCOL.md fixes. Everything else (1001, 1006, 4008, 4009, 4029, ...) reconnects.
const CLOSE_NORMAL = 1000;
const CLOSE_TOO_BIG = 1009;
const CLOSE_UNAUTHORIZED = 4001;
const CLOSE_FORBIDDEN = 4003;
const CLOSE_RATE_LIMITED = 4029;
const TERMINAL_CLOSE_CODES = new Set([CLOSE_NORMAL, CLOSE_TOO_BIG, CLOSE_FORBIDDEN]);

export const JSON_PROTOCOL = 'switchboard.v1.json';
export const CBOR_PROTOCOL = 'switchboard.v1.cbor';

// Server errors after which re-sending the same subscribe later may succeed.
const TRANSIENT_ERRORS = new Set(['internal', 'rate_limited']);

const DEFAULTS = Object.freeze({
  token: null,                // connection token (JWT), sent as query parameter `token`
  getToken: null,             // async () => string: fresh token when there is none, after 4001, after a failed upgrade
  protocol: JSON_PROTOCOL,    // or CBOR_PROTOCOL; null offers none (the server then speaks JSON)
  minDelay: 500,              // backoff base (ms): attempt n waits random(0, min(maxDelay, minDelay * factor^n))
  maxDelay: 20000,            // backoff cap (ms)
  factor: 2,
  maxAttempts: Infinity,      // consecutive failed attempts before giving up (state `closed`)
  rateLimitDelay: 5000,       // extra wait (ms) after close 4029, before the jittered backoff
  stableAfter: 10000,         // a connection that lived this long (ms) resets the backoff attempt counter
  connectTimeout: 10000,      // socket open + `welcome` must happen within this (ms)
  pingInterval: null,         // ms; null = the server's welcome.pingInterval
  heartbeatGrace: 10000,      // ms past pingInterval without any frame before the connection counts as dead
  requestTimeout: 10000,      // ms for a reply once a command is on the wire
  queueSize: 100,             // commands held while disconnected; more are rejected at once
  queueTimeout: 10000,        // ms a command may wait in that queue
  autoConnect: true,
  WebSocket: null,            // WebSocket implementation; defaults to globalThis.WebSocket
  debug: false,
});

/**
 * A connection to a Switchboard server. It connects on construction (unless `autoConnect: false`) and keeps
 * itself connected until close() or a close code that forbids reconnecting.
 */
export class Switchboard {
  constructor(url, options = {}) {
    this.url = resolveUrl(url);
    this.options = { ...DEFAULTS, ...options };
    this.state = State.DISCONNECTED;
    this.client = null;   // connection id from `welcome`
    this.user = null;
    this.node = null;
    this.serverVersion = null;
    this.maxMessageSize = null; // bytes, from `welcome`: larger commands are refused here, not sent
    if (![JSON_PROTOCOL, CBOR_PROTOCOL, null, undefined, ''].includes(this.options.protocol)) {
      // Fail loudly now: an unknown subprotocol would otherwise mean frames nobody can read and endless reconnects.
      throw new TypeError(`unknown protocol ${JSON.stringify(this.options.protocol)}: use '${JSON_PROTOCOL}' or '${CBOR_PROTOCOL}'`);
    }
    this._cbor = this.options.protocol === CBOR_PROTOCOL;
    this._token = this.options.token;
    this._needToken = !this._token && typeof this.options.getToken === 'function';
    this._listeners = new Map();
    this._subs = new Map();       // channel -> Subscription
    this._pending = new Map();    // id -> in-flight request
    this._queue = [];             // commands waiting for a connection
    this._nextId = 0;
    this._conn = null;            // current transport, see _open()
    this._attempts = 0;
    this._reconnectTimer = null;
    this._waitingForOnline = false;
    this._WebSocket = this.options.WebSocket || globalThis.WebSocket;
    if (!this._WebSocket) throw new Error('no WebSocket implementation: pass options.WebSocket');
    this._onOnline = () => this._handleOnline();
    this._onOffline = () => this._handleOffline();
    if (typeof globalThis.addEventListener === 'function') {
      globalThis.addEventListener('online', this._onOnline);
      globalThis.addEventListener('offline', this._onOffline);
    }
    if (this.options.autoConnect) this.connect();
  }

  // ---- public API ------------------------------------------------------------------------------------------

  /** Starts connecting (again, after close() or a terminal close code). */
  connect() {
    if (this.state === State.CONNECTED || this.state === State.CONNECTING) return;
    this._attempts = 0;
    this._clearReconnectTimer();
    this._open();
  }

  /** Closes the connection for good (until connect()). Pending and queued commands are rejected. */
  close() {
    this._clearReconnectTimer();
    const conn = this._conn;
    if (conn) {
      this._dropTransport(conn, CLOSE_NORMAL, 'client closed');
      this._afterTransportGone(conn, CLOSE_NORMAL, 'client closed', false);
    } else if (this.state !== State.CLOSED) {
      this._terminate(CLOSE_NORMAL, 'client closed');
    }
  }

  /** Removes listeners of the global online/offline events; call when the object is no longer needed. */
  dispose() {
    this.close();
    if (typeof globalThis.removeEventListener === 'function') {
      globalThis.removeEventListener('online', this._onOnline);
      globalThis.removeEventListener('offline', this._onOffline);
    }
  }

  /**
   * Listens to an event: 'state' ({state, previous}), 'connect' (welcome frame), 'subscription' (a server-side
   * Subscription, the first time the server subscribed it), 'disconnect'
   * ({code, reason, reconnect}), 'error' (SwitchboardError without a request), 'reconnecting' ({attempt, delay}).
   * Returns a function that removes the listener.
   */
  on(event, fn) {
    if (!this._listeners.has(event)) this._listeners.set(event, new Set());
    this._listeners.get(event).add(fn);
    return () => this._listeners.get(event)?.delete(fn);
  }

  /** Subscribes to a channel; the subscription is restored (with recovery) after every reconnect. */
  subscribe(channel, handlers = {}) {
    if (this._subs.has(channel)) throw new SwitchboardError('already_subscribed', `already subscribed to ${channel}`);
    const sub = new Subscription(this, channel, handlers);
    this._subs.set(channel, sub);
    if (this.state === State.CONNECTED) sub._sendSubscribe(this._conn);
    return sub;
  }

  /** The subscription of this channel, or undefined. */
  getSubscription(channel) {
    return this._subs.get(channel);
  }

  /** Publishes to a channel (the namespace decides whether a subscription is needed). Resolves to {channel, offset}. */
  publish(channel, data) {
    return this._request({ type: 'publish', channel, data }, { idempotent: false });
  }

  /** Resolves to {channel, clients: [{client, user, info}]}. */
  presence(channel) {
    return this._request({ type: 'presence', channel }, { idempotent: true });
  }

  /** Resolves to {channel, epoch, offset, publications}. `since` is {epoch, offset}. */
  history(channel, { since, limit } = {}) {
    const frame = { type: 'history', channel };
    if (since) frame.since = since;
    if (limit != null) frame.limit = limit;
    return this._request(frame, { idempotent: true });
  }

  /**
   * Calls `method` on the server's back end (the rpc hook, docs/hooks.md); resolves to the back end's reply data.
   * Rejects with the server's error code: `backend_refused` (the back end's own error and message),
   * `backend_unavailable` (it timed out, failed or is not configured). Not re-sent after a reconnect: the back end
   * may have acted on it (`connection_lost`).
   */
  rpc(method, data) {
    const frame = { type: 'rpc', method };
    if (data !== undefined) frame.data = data;
    return this._request(frame, { idempotent: false }).then((reply) => reply.data);
  }

  /** Sends a `ping` command; resolves to the round-trip time in milliseconds. */
  ping() {
    const started = now();
    return this._request({ type: 'ping' }, { idempotent: true }).then(() => now() - started);
  }

  // ---- events ----------------------------------------------------------------------------------------------

  _emit(event, payload) {
    const set = this._listeners.get(event);
    if (!set) return;
    for (const fn of [...set]) {
      try { fn(payload); } catch (e) { this._log('listener failed', e); }
    }
  }

  _setState(state) {
    if (this.state === state) return;
    const previous = this.state;
    this.state = state;
    this._emit('state', { state, previous });
  }

  _log(...args) {
    if (this.options.debug) console.debug('[switchboard]', ...args);
  }

  // ---- transport -------------------------------------------------------------------------------------------

  async _open() {
    this._setState(State.CONNECTING);
    const attemptMarker = {};
    this._opening = attemptMarker;
    if (this._needToken) {
      try {
        const token = await this.options.getToken();
        if (this._opening !== attemptMarker) return; // close() or another attempt overtook us
        if (!token) { this._terminate(CLOSE_UNAUTHORIZED, 'getToken returned no token'); return; }
        this._token = token;
        this._needToken = false;
      } catch (e) {
        if (this._opening !== attemptMarker) return;
        this._log('getToken failed', e);
        this._scheduleReconnect(0);
        return;
      }
    }
    if (this._opening !== attemptMarker) return;
    let ws;
    try {
      ws = new this._WebSocket(this._urlWithToken(), this.options.protocol ? [this.options.protocol] : undefined);
    } catch (e) {
      this._log('WebSocket constructor failed', e);
      this._scheduleReconnect(0);
      return;
    }
    if (this._cbor) ws.binaryType = 'arraybuffer'; // decoded synchronously, in arrival order
    const conn = { ws, opened: false, welcomed: false, connectedAt: 0, disconnect: null, pingTimer: null, deadTimer: null, connectTimer: null, pingInterval: 0 };
    this._conn = conn;
    conn.connectTimer = setTimeout(() => this._declareDead(conn, 'connect timeout'), this.options.connectTimeout);
    ws.onopen = () => { conn.opened = true; };
    ws.onmessage = (ev) => this._onMessage(conn, ev.data);
    ws.onerror = () => { /* a close event always follows */ };
    ws.onclose = (ev) => {
      if (this._conn !== conn) return;
      this._afterTransportGone(conn, ev.code, ev.reason, true);
    };
  }

  _urlWithToken() {
    if (!this._token) return this.url;
    const u = new URL(this.url);
    u.searchParams.set('token', this._token);
    return u.toString();
  }

  /** Stops listening to a socket and closes it without waiting for the close handshake (it may never come). */
  _dropTransport(conn, code, reason) {
    const ws = conn.ws;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try { ws.close(code, reason); } catch (e) { /* already closing */ }
  }

  /** The connection is considered dead (no pong, no welcome in time, browser offline): reconnect at once. */
  _declareDead(conn, reason) {
    if (this._conn !== conn) return;
    this._log('connection dead:', reason);
    this._dropTransport(conn, CLOSE_NORMAL, reason);
    this._afterTransportGone(conn, 4000, reason, true);
  }

  /** Common cleanup after a socket is gone; decides whether and how to reconnect. */
  _afterTransportGone(conn, closeCode, closeReason, mayReconnect) {
    this._conn = null;
    this._opening = null;
    clearTimeout(conn.connectTimer);
    clearInterval(conn.pingTimer);
    clearTimeout(conn.deadTimer);
    const lived = conn.welcomed ? now() - conn.connectedAt : 0;
    // The `disconnect` frame the server sent just before closing says more than the close event (which a
    // proxy may have replaced by 1006); prefer it.
    const code = conn.disconnect ? conn.disconnect.code : closeCode;
    const reason = conn.disconnect ? conn.disconnect.reason : closeReason;
    let reconnect;
    if (!mayReconnect) reconnect = false;
    else if (code === CLOSE_UNAUTHORIZED) reconnect = typeof this.options.getToken === 'function';
    else if (conn.disconnect && typeof conn.disconnect.reconnect === 'boolean') reconnect = conn.disconnect.reconnect;
    else reconnect = !TERMINAL_CLOSE_CODES.has(code);

    this._failInFlight(reconnect);
    for (const sub of this._subs.values()) sub._transportLost();
    this._emit('disconnect', { code, reason, reconnect });
    if (!reconnect) { this._terminate(code, reason); return; }

    if (code === CLOSE_UNAUTHORIZED) this._needToken = true;
    // A failed upgrade looks like 1006 before `open`; it may have been a 401 for an expired token.
    if (!conn.opened && typeof this.options.getToken === 'function') this._needToken = true;
    if (lived >= this.options.stableAfter) this._attempts = 0;
    this._scheduleReconnect(code === CLOSE_RATE_LIMITED ? this.options.rateLimitDelay : 0);
  }

  _terminate(code, reason) {
    this._clearReconnectTimer();
    this._opening = null;
    this._failInFlight(false);
    this._rejectQueue(new SwitchboardError('closed', `connection closed (${code}${reason ? ': ' + reason : ''})`));
    for (const sub of this._subs.values()) sub._transportLost();
    this._setState(State.CLOSED);
  }

  _scheduleReconnect(extraDelay) {
    this._clearReconnectTimer();
    if (this._attempts >= this.options.maxAttempts) {
      this._terminate(4000, 'gave up reconnecting');
      return;
    }
    this._setState(State.DISCONNECTED);
    const o = this.options;
    if (this._waitingForOnline) {
      // The `online` event reconnects at once; this slow timer only covers a browser that never sends it.
      this._reconnectTimer = setTimeout(() => { this._reconnectTimer = null; this._open(); }, o.maxDelay);
      return;
    }
    const cap = Math.min(o.maxDelay, o.minDelay * Math.pow(o.factor, this._attempts));
    const delay = extraDelay + Math.random() * cap; // "full jitter": spreads a herd of reconnecting clients
    this._attempts++;
    this._emit('reconnecting', { attempt: this._attempts, delay });
    this._log(`reconnect #${this._attempts} in ${Math.round(delay)} ms`);
    this._reconnectTimer = setTimeout(() => { this._reconnectTimer = null; this._open(); }, delay);
  }

  _clearReconnectTimer() {
    if (this._reconnectTimer) clearTimeout(this._reconnectTimer);
    this._reconnectTimer = null;
  }

  _handleOffline() {
    if (this.state === State.CLOSED) return;
    this._waitingForOnline = true;
    this._clearReconnectTimer();
    if (this._conn) this._declareDead(this._conn, 'browser went offline');
    else if (this.state === State.CONNECTING) { this._opening = null; this._setState(State.DISCONNECTED); }
  }

  _handleOnline() {
    if (!this._waitingForOnline) return;
    this._waitingForOnline = false;
    if (this.state !== State.DISCONNECTED) return;
    this._attempts = 0;
    this._clearReconnectTimer();
    this._open(); // fast path: the network is back, do not wait for the backoff timer
  }

  // ---- heartbeat -------------------------------------------------------------------------------------------

  _startHeartbeat(conn) {
    conn.pingInterval = this.options.pingInterval || Math.max(1, Number(conn.welcome.pingInterval) || 25) * 1000;
    // Browsers hide WebSocket ping/pong frames from scripts, so liveness is checked with `ping` commands:
    // their `pong` (or any other frame) re-arms the dead timer below.
    conn.pingTimer = setInterval(() => {
      if (this._conn !== conn) return;
      this._request({ type: 'ping' }, { idempotent: false, onlyIfConnected: true }).catch(() => {});
    }, conn.pingInterval);
    this._armDeadTimer(conn);
  }

  /** Any frame proves the connection alive; silence longer than pingInterval + grace means it is dead. */
  _armDeadTimer(conn) {
    clearTimeout(conn.deadTimer);
    conn.deadTimer = setTimeout(() => this._declareDead(conn, 'no pong'), conn.pingInterval + this.options.heartbeatGrace);
  }

  // ---- frames in -------------------------------------------------------------------------------------------

  _onMessage(conn, raw) {
    if (this._conn !== conn) return;
    if (conn.welcomed) this._armDeadTimer(conn);
    // JSON comes in text frames, CBOR in binary ones (an ArrayBuffer, see binaryType in _open).
    const binary = typeof raw !== 'string';
    if (binary !== this._cbor) {
      this._log(`ignoring a ${binary ? 'binary' : 'text'} frame on ${this.options.protocol || JSON_PROTOCOL}`);
      return;
    }
    let frame;
    try {
      frame = binary ? decodeCbor(raw) : JSON.parse(raw);
    } catch (e) {
      this._log(`ignoring a frame that is not ${binary ? 'CBOR' : 'JSON'}:`, e.message);
      return;
    }
    if (!frame || typeof frame !== 'object' || typeof frame.type !== 'string') return;
    switch (frame.type) {
      case 'welcome': return this._onWelcome(conn, frame);
      case 'publication': return this._subs.get(frame.channel)?._onPublication(frame);
      case 'join': return this._subs.get(frame.channel)?._onJoin(frame);
      case 'leave': return this._subs.get(frame.channel)?._onLeave(frame);
      case 'disconnect': conn.disconnect = frame; return;
      case 'error': return this._onError(frame);
      case 'subscribed':
        // No id: a server-side subscription (the connect hook's channels, a token's `subs` claim), not a reply.
        if (typeof frame.id !== 'number') return this._onServerSubscribed(frame);
        return this._settle(frame.id, frame, null);
      default:
        if (typeof frame.id === 'number') this._settle(frame.id, frame, null);
    }
  }

  /**
   * A subscription the server made for this connection. The first time, a Subscription is made for it and the
   * 'subscription' event hands it to the app (attach handlers there: sub.handlers.onPublication = ...) before it
   * goes live; after a reconnect the server makes it again and the same object goes on (from the stream's top:
   * the server subscribes without recovery).
   */
  _onServerSubscribed(frame) {
    let sub = this._subs.get(frame.channel);
    if (sub && !sub.serverSide) return; // the app's own subscription of that channel: its own reply settles it
    if (!sub) {
      sub = new Subscription(this, frame.channel, {});
      sub.serverSide = true;
      this._subs.set(frame.channel, sub);
      this._emit('subscription', sub);
    }
    if (sub.state === SubState.UNSUBSCRIBED) return;
    sub._onSubscribed(frame, null);
  }

  _onWelcome(conn, frame) {
    clearTimeout(conn.connectTimer);
    conn.welcome = frame;
    conn.welcomed = true;
    conn.connectedAt = now();
    this.client = frame.client ?? null;
    this.user = frame.user ?? null;
    this.node = frame.node ?? null;
    this.serverVersion = frame.version ?? null;
    // Servers before this field announced no limit: then nothing is checked here and the server's 1009 applies.
    this.maxMessageSize = Number(frame.maxMessageSize) > 0 ? Number(frame.maxMessageSize) : null;
    this._setState(State.CONNECTED);
    this._startHeartbeat(conn);
    // Subscriptions first, then what was queued: the server handles commands in order, so a queued publish to
    // a channel that needs a subscription finds it in place.
    for (const sub of this._subs.values()) sub._sendSubscribe(conn);
    this._flushQueue(conn);
    this._emit('connect', frame);
  }

  _onError(frame) {
    const err = new SwitchboardError(frame.code || 'internal', frame.message);
    if (typeof frame.id === 'number' && this._pending.has(frame.id)) this._settle(frame.id, null, err);
    else this._emit('error', err);
  }

  // ---- requests --------------------------------------------------------------------------------------------

  /**
   * Sends a command with an id and returns a Promise for its reply. While disconnected the command waits in a
   * bounded queue. `idempotent` commands (reads, pings, subscribes) are re-sent after a reconnect if they were
   * on the wire when the connection died; others (publish) are rejected with `connection_lost`, because the
   * server may or may not have applied them and sending twice could duplicate a message.
   */
  _request(frame, { idempotent, onlyIfConnected = false } = {}) {
    return new Promise((resolve, reject) => {
      const req = { frame, idempotent, resolve, reject, timer: null, queuedUntil: 0 };
      if (this.state === State.CONNECTED && this._conn) {
        this._transmit(this._conn, req);
      } else if (onlyIfConnected) {
        reject(new SwitchboardError('not_connected', 'not connected'));
      } else if (this.state === State.CLOSED) {
        reject(new SwitchboardError('closed', 'connection closed; call connect() first'));
      } else {
        this._enqueue(req);
      }
    });
  }

  _transmit(conn, req) {
    const id = ++this._nextId;
    req.id = id;
    let payload;
    try {
      payload = this._encode({ ...req.frame, id });
    } catch (e) {
      req.reject(new SwitchboardError('bad_request', `cannot encode ${req.frame.type}: ${e.message}`));
      return;
    }
    const size = this._oversize(payload);
    if (size) {
      // The server would answer with close 1009 and the connection would be lost for good; refuse it here.
      req.reject(new SwitchboardError('message_too_large', `${req.frame.type} is ${size} bytes; the server accepts at most ${this.maxMessageSize}`));
      return;
    }
    this._pending.set(id, req);
    req.timer = setTimeout(() => {
      this._pending.delete(id);
      req.reject(new SwitchboardError('timeout', `no reply to ${req.frame.type} within ${this.options.requestTimeout} ms`));
    }, this.options.requestTimeout);
    if (!this._sendNow(conn, payload)) {
      clearTimeout(req.timer);
      this._pending.delete(id);
      this._enqueue(req);
    }
  }

  _encode(frame) {
    return this._cbor ? encodeCbor(frame) : JSON.stringify(frame);
  }

  /** The payload's size in bytes if it is over the server's limit (UTF-8 for text frames, as the server counts), else 0. */
  _oversize(payload) {
    const max = this.maxMessageSize;
    if (max == null) return 0;
    if (typeof payload !== 'string') return payload.length > max ? payload.length : 0;
    if (payload.length * 3 <= max) return 0; // a UTF-16 unit is at most 3 UTF-8 bytes: no need to encode
    const bytes = utf8Encoder.encode(payload).length;
    return bytes > max ? bytes : 0;
  }

  _sendNow(conn, payload) {
    try {
      conn.ws.send(payload);
      return true;
    } catch (e) {
      this._log('send failed', e);
      return false;
    }
  }

  _enqueue(req) {
    if (this._queue.length >= this.options.queueSize) {
      req.reject(new SwitchboardError('queue_full', `${this.options.queueSize} commands already wait for a connection`));
      return;
    }
    const waitFor = req.queuedUntil ? Math.max(0, req.queuedUntil - now()) : this.options.queueTimeout;
    req.queuedUntil = now() + waitFor;
    req.timer = setTimeout(() => {
      const i = this._queue.indexOf(req);
      if (i >= 0) this._queue.splice(i, 1);
      req.reject(new SwitchboardError('timeout', `not connected within ${this.options.queueTimeout} ms`));
    }, waitFor);
    this._queue.push(req);
  }

  _flushQueue(conn) {
    const queued = this._queue;
    this._queue = [];
    for (const req of queued) {
      clearTimeout(req.timer);
      this._transmit(conn, req);
    }
  }

  _rejectQueue(err) {
    const queued = this._queue;
    this._queue = [];
    for (const req of queued) { clearTimeout(req.timer); req.reject(err); }
  }

  /** Connection gone: idempotent in-flight commands go back to the queue, the others fail. */
  _failInFlight(willReconnect) {
    const inFlight = [...this._pending.values()];
    this._pending.clear();
    for (const req of inFlight) {
      clearTimeout(req.timer);
      if (willReconnect && req.idempotent && !req.noRetry) this._enqueue(req);
      else req.reject(new SwitchboardError('connection_lost', `connection lost before the reply to ${req.frame.type}`));
    }
  }

  _settle(id, reply, err) {
    const req = this._pending.get(id);
    if (!req) return;
    this._pending.delete(id);
    clearTimeout(req.timer);
    if (err) req.reject(err);
    else req.resolve(reply);
  }
}

/**
 * One channel subscription. It survives reconnects: after each one it re-subscribes with `since` = the last
 * position it delivered, so the app sees every publication once and in order (or gets onRecover({recovered:false})
 * when the server could not fill the gap).
 */
export class Subscription {
  constructor(sb, channel, handlers) {
    this._sb = sb;
    this.channel = channel;
    this.handlers = handlers;
    this.state = SubState.SUBSCRIBING;
    this.epoch = handlers.since?.epoch ?? null;
    this.offset = handlers.since?.offset ?? null; // last offset delivered (or the stream top at subscribe time)
    this._hasPosition = handlers.since != null;
    this._early = null;     // pushes that arrived before the `subscribed` reply
    this.serverSide = false; // made by the server (connect hook, token `subs`), not by subscribe()
    this._delta = false;    // the server sends this subscription's publications as Fossil deltas (reply.delta)
    this._baseText = null;  // the JSON text of the last live publication: the only base a delta may be applied to
    this._baseOffset = -1;
    /** Delta bookkeeping for apps that show it: frames as deltas / whole, and bytes received vs. whole texts. */
    this.deltaStats = { deltas: 0, wholes: 0, receivedBytes: 0, wholeBytes: 0, resyncs: 0 };
    this._attempt = 0;      // guards against replies to subscribes of an earlier connection
    this._retryTimer = null;
    let resolveReady, rejectReady;
    this.ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
    this.ready.catch(() => {}); // avoid unhandled rejections for apps that never look at `ready`
    this._resolveReady = resolveReady;
    this._rejectReady = rejectReady;
  }

  /** The last position seen, for apps that persist it: {epoch, offset} or null. */
  get position() {
    return this._hasPosition ? { epoch: this.epoch, offset: this.offset } : null;
  }

  publish(data) { return this._sb.publish(this.channel, data); }
  presence() { return this._sb.presence(this.channel); }
  history(opts) { return this._sb.history(this.channel, opts); }

  /** Leaves the channel. Resolves when the server confirmed (or at once when not connected). */
  unsubscribe() {
    if (this.state === SubState.UNSUBSCRIBED) return Promise.resolve();
    this._finish();
    if (this._sb.state !== State.CONNECTED) return Promise.resolve();
    return this._sb._request({ type: 'unsubscribe', channel: this.channel }, { idempotent: false, onlyIfConnected: true })
      .then(() => undefined, (e) => { if (e.code !== 'not_subscribed' && e.code !== 'connection_lost') throw e; });
  }

  _finish() {
    clearTimeout(this._retryTimer);
    this._setState(SubState.UNSUBSCRIBED);
    if (this._sb._subs.get(this.channel) === this) this._sb._subs.delete(this.channel);
  }

  _setState(state) {
    if (this.state === state) return;
    this.state = state;
    this._call('onState', state);
  }

  _call(name, arg) {
    const fn = this.handlers[name];
    if (typeof fn !== 'function') return;
    try { fn(arg, this); } catch (e) { this._sb._log(`${name} handler failed`, e); }
  }

  _sendSubscribe(conn) {
    if (this.state === SubState.UNSUBSCRIBED) return;
    if (this.serverSide) {
      // The server subscribes it again itself after a reconnect; publications wait for that `subscribed`.
      this._setState(SubState.SUBSCRIBING);
      this._early = [];
      return;
    }
    clearTimeout(this._retryTimer);
    const attempt = ++this._attempt;
    this._setState(SubState.SUBSCRIBING);
    this._early = [];
    const frame = { type: 'subscribe', channel: this.channel };
    const since = this.position;
    if (since) frame.since = since;
    if (this.handlers.delta) frame.delta = this.handlers.delta;
    if (this.handlers.latest != null) frame.latest = !!this.handlers.latest;
    if (typeof this.handlers.getToken !== 'function') {
      // Synchronous on purpose: after a reconnect the subscribes must hit the wire before the queued commands.
      if (this.handlers.token) frame.token = this.handlers.token;
      this._exchangeSubscribe(conn, attempt, frame, since);
      return;
    }
    Promise.resolve().then(() => this.handlers.getToken(this.channel)).then((token) => {
      if (attempt !== this._attempt || this._sb._conn !== conn || this.state === SubState.UNSUBSCRIBED) return;
      if (token) frame.token = token;
      this._exchangeSubscribe(conn, attempt, frame, since);
    }, (e) => {
      if (attempt !== this._attempt) return;
      this._fail(new SwitchboardError('permission_denied', `getToken for ${this.channel} failed: ${e && e.message || e}`));
    });
  }

  async _exchangeSubscribe(conn, attempt, frame, since) {
    let reply;
    try {
      reply = await this._sb._request(frame, { idempotent: false, onlyIfConnected: true });
    } catch (err) {
      if (attempt !== this._attempt || this.state === SubState.UNSUBSCRIBED) return;
      if (err.code === 'connection_lost' || err.code === 'not_connected' || err.code === 'closed') return; // re-sent on the next welcome
      if (TRANSIENT_ERRORS.has(err.code) || err.code === 'timeout') {
        this._retryTimer = setTimeout(() => { if (this._sb._conn === conn) this._sendSubscribe(conn); }, 1000 + Math.random() * 2000);
        return;
      }
      this._fail(err);
      return;
    }
    if (attempt !== this._attempt || this.state === SubState.UNSUBSCRIBED) return;
    this._onSubscribed(reply, since);
  }

  _fail(err) {
    this._finish();
    this._rejectReady(err);
    this._call('onError', err);
  }

  _onSubscribed(reply, since) {
    const early = this._early || [];
    this._early = null;
    if (since) {
      if (reply.recovered) {
        // Same epoch: deliver what we missed, in offset order, skipping anything already seen.
        this.epoch = reply.epoch;
        const pubs = [...(reply.publications || [])].sort((a, b) => a.offset - b.offset);
        for (const p of pubs) this._deliver({ ...p, channel: this.channel });
      } else {
        // History lost or too short: the app must reload its state; continue from the stream's current top.
        this.epoch = reply.epoch;
        this.offset = reply.offset;
      }
    } else {
      this.epoch = reply.epoch;
      // With `latest`, the reply carries the stream's newest publication: the current state, delivered first.
      const pubs = [...(reply.publications || [])].sort((a, b) => a.offset - b.offset);
      this.offset = null;
      for (const p of pubs) this._deliver({ ...p, channel: this.channel });
      this.offset = reply.offset;
    }
    // A new subscription's first live publication always comes whole: forget the old base.
    this._delta = !!reply.delta;
    this._baseText = null;
    this._baseOffset = -1;
    this._hasPosition = true;
    this._setState(SubState.SUBSCRIBED);
    const info = { channel: this.channel, epoch: reply.epoch, offset: reply.offset, recovered: !!reply.recovered, resubscribed: !!since, since: since || null, recoveredCount: reply.recovered ? (reply.publications || []).length : 0 };
    if (since) this._call('onRecover', info);
    this._call('onSubscribed', info);
    this._resolveReady(info);
    for (const p of early) { if (!this._live(p)) return; }
  }

  _onPublication(frame) {
    if (this._early) { this._early.push(frame); return; } // reply still pending: deliver after the recovered ones
    if (this.state !== SubState.SUBSCRIBED) return;
    this._live(frame);
  }

  /**
   * Delivers a live publication; on a delta subscription its `data` is JSON text, or with `delta: true` a Fossil
   * delta against the previous publication's text. A delta whose base is not the last publication delivered, or
   * that does not check out (Fossil's checksum), is never applied: the subscription resubscribes from its last
   * position instead, and the server answers with what was missed and a whole publication. False after a resync.
   */
  _live(frame) {
    if (!this._delta) { this._deliver(frame); return true; }
    let text;
    try {
      if (typeof frame.data !== 'string') throw new Error('a delta subscription\'s data is text');
      if (frame.delta) {
        if (this._baseText == null || frame.base !== this._baseOffset) {
          throw new Error(`delta against offset ${frame.base}, but the last publication here is ${this._baseOffset}`);
        }
        text = applyFossilDelta(this._baseText, frame.data);
        this.deltaStats.deltas++;
      } else {
        text = frame.data;
        this.deltaStats.wholes++;
      }
      this.deltaStats.receivedBytes += frame.data.length;
      this.deltaStats.wholeBytes += text.length;
      const data = JSON.parse(text);
      this._baseText = text;
      this._baseOffset = frame.offset;
      const pub = { ...frame, data };
      delete pub.delta;
      delete pub.base;
      this._deliver(pub);
      return true;
    } catch (e) {
      this._resync(e);
      return false;
    }
  }

  /** Leaves and re-enters the channel from the last delivered position (after a delta that does not fit). */
  _resync(reason) {
    this._sb._log(`${this.channel}: delta refused (${reason && reason.message || reason}); resubscribing`);
    this.deltaStats.resyncs++;
    const conn = this._sb._conn;
    this._attempt++;
    this._early = null;
    this._baseText = null;
    this._baseOffset = -1;
    this._setState(SubState.SUBSCRIBING);
    const again = () => {
      if (this._sb._conn === conn && this.state !== SubState.UNSUBSCRIBED) this._sendSubscribe(conn);
    };
    this._sb._request({ type: 'unsubscribe', channel: this.channel }, { idempotent: false, onlyIfConnected: true })
      .then(again, again);
  }

  _deliver(pub) {
    if (typeof pub.offset === 'number' && this.offset != null && pub.offset <= this.offset) return; // seen already
    if (typeof pub.offset === 'number') this.offset = pub.offset;
    this._call('onPublication', pub);
  }

  _onJoin(frame) { if (this.state === SubState.SUBSCRIBED) this._call('onJoin', frame.info); }
  _onLeave(frame) { if (this.state === SubState.SUBSCRIBED) this._call('onLeave', frame.info); }

  _transportLost() {
    clearTimeout(this._retryTimer);
    this._early = null;
    this._attempt++;
    if (this.state === SubState.SUBSCRIBED) this._setState(SubState.SUBSCRIBING);
  }
}

// ---- Fossil delta (https://fossil-scm.org/home/doc/tip/www/delta_format.wiki) -----------------------------------
// The server's deltas are of ASCII text (its JSON text escapes non-ASCII), so a string's char codes are its bytes.

const FOSSIL_DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~';
const FOSSIL_VALUES = (() => {
  const v = new Int8Array(128).fill(-1);
  for (let i = 0; i < FOSSIL_DIGITS.length; i++) v[FOSSIL_DIGITS.charCodeAt(i)] = i;
  return v;
})();

/** Fossil's checksum of a string of bytes: the sum of its big-endian 32-bit words, a short tail zero-padded. */
function fossilChecksum(s) {
  let sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0, i = 0;
  const n = s.length;
  for (; i + 4 <= n; i += 4) {
    sum0 = (sum0 + s.charCodeAt(i)) | 0;
    sum1 = (sum1 + s.charCodeAt(i + 1)) | 0;
    sum2 = (sum2 + s.charCodeAt(i + 2)) | 0;
    sum3 = (sum3 + s.charCodeAt(i + 3)) | 0;
  }
  sum3 = (((((sum3 + (sum2 << 8)) | 0) + (sum1 << 16)) | 0) + (sum0 << 24)) | 0;
  switch (n - i) {
    case 3: sum3 = (sum3 + (s.charCodeAt(i + 2) << 8)) | 0; // falls through
    case 2: sum3 = (sum3 + (s.charCodeAt(i + 1) << 16)) | 0; // falls through
    case 1: sum3 = (sum3 + (s.charCodeAt(i) << 24)) | 0; // falls through
    default:
  }
  return sum3 >>> 0;
}

/** Applies a Fossil delta (a string) to `base` (a string); throws unless the result has the delta's checksum. */
export function applyFossilDelta(base, delta) {
  let pos = 0;
  const int = () => {
    let v = 0, start = pos;
    while (pos < delta.length) {
      const c = delta.charCodeAt(pos);
      const d = c < 128 ? FOSSIL_VALUES[c] : -1;
      if (d < 0) break;
      v = v * 64 + d;
      pos++;
    }
    if (pos === start || v > 0xffffffff) throw new Error('bad delta: integer expected');
    return v;
  };
  const limit = int();
  if (delta[pos++] !== '\n') throw new Error('bad delta: size not terminated by a newline');
  const parts = [];
  let total = 0;
  while (pos < delta.length) {
    const cnt = int();
    const op = delta[pos++];
    if (op === '@') {
      const ofst = int();
      if (pos < delta.length && delta[pos++] !== ',') throw new Error("bad delta: copy not terminated by ','");
      total += cnt;
      if (total > limit) throw new Error('bad delta: copy exceeds the announced size');
      if (ofst + cnt > base.length) throw new Error('bad delta: copy past the end of the base');
      parts.push(base.substring(ofst, ofst + cnt));
    } else if (op === ':') {
      total += cnt;
      if (total > limit) throw new Error('bad delta: insert exceeds the announced size');
      if (pos + cnt > delta.length) throw new Error('bad delta: insert past the end of the delta');
      parts.push(delta.substring(pos, pos + cnt));
      pos += cnt;
    } else if (op === ';') {
      const out = parts.join('');
      if (cnt !== fossilChecksum(out)) throw new Error('bad delta: checksum mismatch (not its base)');
      if (total !== limit) throw new Error('bad delta: size differs from the announced size');
      return out;
    } else {
      throw new Error('bad delta: unknown operator');
    }
  }
  throw new Error('bad delta: unterminated');
}

function now() {
  return (globalThis.performance && typeof performance.now === 'function') ? performance.now() : Date.now();
}

/** Accepts '/ws', 'ws://host/ws' or 'http(s)://host/ws' and returns an absolute ws(s) URL. */
function resolveUrl(url) {
  const base = globalThis.location ? globalThis.location.href : 'http://localhost/';
  const u = new URL(url, base);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  if (u.protocol === 'https:') u.protocol = 'wss:';
  return u.toString();
}

// ---- CBOR (RFC 8949) for the switchboard.v1.cbor subprotocol -----------------------------------------------------
// A compact codec of its own, so the client needs no dependency. It covers what the protocol's frames carry: the
// JSON data model plus byte strings. Encoding follows JSON.stringify's rules where CBOR offers a choice (toJSON()
// is honoured, undefined/functions/symbols are left out of maps and become null in arrays), so a value means the
// same on both subprotocols; Uint8Array and ArrayBuffer become byte strings. Decoding accepts every well-formed
// item (definite and indefinite lengths, half/single/double floats); tags are skipped except bignums (2, 3),
// 64-bit integers beyond Number.MAX_SAFE_INTEGER come out as BigInt, byte strings as Uint8Array.

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();
const MAX_DEPTH = 256; // deeper is an attack or a bug, never a protocol frame

/** Encodes a value as one CBOR item; returns a Uint8Array. */
export function encodeCbor(value) {
  const w = { buf: new Uint8Array(256), view: null, pos: 0 };
  w.view = new DataView(w.buf.buffer);
  writeItem(w, value, 0);
  return w.buf.subarray(0, w.pos);
}

function reserve(w, n) {
  if (w.pos + n <= w.buf.length) return;
  let size = w.buf.length * 2;
  while (size < w.pos + n) size *= 2;
  const bigger = new Uint8Array(size);
  bigger.set(w.buf.subarray(0, w.pos));
  w.buf = bigger;
  w.view = new DataView(bigger.buffer);
}

/** Writes a major type with its argument in the shortest form (RFC 8949 "preferred serialization"). */
function writeHead(w, major, n) {
  reserve(w, 9);
  const m = major << 5;
  if (typeof n === 'bigint') {
    if (n < 0x100000000n) { writeHead(w, major, Number(n)); return; }
    w.buf[w.pos++] = m | 27; w.view.setBigUint64(w.pos, n); w.pos += 8; return;
  }
  if (n < 24) { w.buf[w.pos++] = m | n; }
  else if (n < 0x100) { w.buf[w.pos++] = m | 24; w.buf[w.pos++] = n; }
  else if (n < 0x10000) { w.buf[w.pos++] = m | 25; w.view.setUint16(w.pos, n); w.pos += 2; }
  else if (n < 0x100000000) { w.buf[w.pos++] = m | 26; w.view.setUint32(w.pos, n); w.pos += 4; }
  else { w.buf[w.pos++] = m | 27; w.view.setBigUint64(w.pos, BigInt(n)); w.pos += 8; }
}

function writeBytes(w, major, bytes) {
  writeHead(w, major, bytes.length);
  reserve(w, bytes.length);
  w.buf.set(bytes, w.pos);
  w.pos += bytes.length;
}

const skipped = (v) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function writeItem(w, v, depth) {
  if (depth > MAX_DEPTH) throw new TypeError('CBOR: value nested too deeply');
  if (v !== null && typeof v === 'object' && typeof v.toJSON === 'function') v = v.toJSON();
  switch (typeof v) {
    case 'string': writeBytes(w, 3, utf8Encoder.encode(v)); return;
    case 'boolean': reserve(w, 1); w.buf[w.pos++] = v ? 0xf5 : 0xf4; return;
    case 'number':
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
        if (v >= 0) writeHead(w, 0, v); else writeHead(w, 1, -1 - v);
      } else if (Math.fround(v) === v || Number.isNaN(v)) {
        reserve(w, 5); w.buf[w.pos++] = 0xfa; w.view.setFloat32(w.pos, v); w.pos += 4;
      } else {
        reserve(w, 9); w.buf[w.pos++] = 0xfb; w.view.setFloat64(w.pos, v); w.pos += 8;
      }
      return;
    case 'bigint':
      if (v >= 0n && v < 0x10000000000000000n) writeHead(w, 0, v);
      else if (v < 0n && v >= -0x10000000000000000n) writeHead(w, 1, -1n - v);
      else throw new TypeError('CBOR: BigInt beyond 64 bits');
      return;
    case 'object': break;
    default: reserve(w, 1); w.buf[w.pos++] = 0xf6; return; // undefined, function, symbol at the top or in an array
  }
  if (v === null) { reserve(w, 1); w.buf[w.pos++] = 0xf6; return; }
  if (v instanceof Uint8Array) { writeBytes(w, 2, v); return; }
  if (v instanceof ArrayBuffer) { writeBytes(w, 2, new Uint8Array(v)); return; }
  if (ArrayBuffer.isView(v)) { writeBytes(w, 2, new Uint8Array(v.buffer, v.byteOffset, v.byteLength)); return; }
  if (Array.isArray(v)) {
    writeHead(w, 4, v.length);
    for (const x of v) writeItem(w, skipped(x) ? null : x, depth + 1);
    return;
  }
  const keys = Object.keys(v).filter((k) => !skipped(v[k]));
  writeHead(w, 5, keys.length);
  for (const k of keys) { writeBytes(w, 3, utf8Encoder.encode(k)); writeItem(w, v[k], depth + 1); }
}

/** Decodes one CBOR item (a Uint8Array, ArrayBuffer or other view); throws on malformed input or trailing bytes. */
export function decodeCbor(input) {
  const bytes = input instanceof Uint8Array ? input
    : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
    : new Uint8Array(input);
  const r = { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), pos: 0 };
  const value = readItem(r, 0);
  if (r.pos !== bytes.length) throw new SyntaxError('CBOR: bytes after the item');
  return value;
}

const BREAK = Symbol('break');

function need(r, n) {
  if (r.pos + n > r.bytes.length) throw new SyntaxError('CBOR: item truncated');
}

/** Reads an argument of `info` (the low 5 bits); returns -1 for "indefinite length" (31). */
function readArg(r, info) {
  if (info < 24) return info;
  switch (info) {
    case 24: need(r, 1); return r.bytes[r.pos++];
    case 25: need(r, 2); r.pos += 2; return r.view.getUint16(r.pos - 2);
    case 26: need(r, 4); r.pos += 4; return r.view.getUint32(r.pos - 4);
    case 27: {
      need(r, 8); r.pos += 8;
      const n = r.view.getBigUint64(r.pos - 8);
      return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    }
    case 31: return -1;
    default: throw new SyntaxError(`CBOR: reserved additional information ${info}`);
  }
}

function readItem(r, depth, allowBreak = false) {
  if (depth > MAX_DEPTH) throw new SyntaxError('CBOR: nested too deeply');
  need(r, 1);
  const initial = r.bytes[r.pos++];
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (initial === 0xff) {
    if (allowBreak) return BREAK;
    throw new SyntaxError('CBOR: unexpected break');
  }
  if (major === 7) return readSimple(r, info);
  const n = readArg(r, info);
  if (n === -1 && (major === 0 || major === 1 || major === 6)) throw new SyntaxError('CBOR: indefinite length on a number or tag');
  switch (major) {
    case 0: return n;
    case 1: return typeof n === 'bigint' ? -1n - n : (n < Number.MAX_SAFE_INTEGER ? -1 - n : -1n - BigInt(n));
    case 2: case 3: {
      let chunk;
      if (n === -1) { // indefinite: definite chunks of the same major type up to a break
        const parts = [];
        for (;;) {
          need(r, 1);
          if (r.bytes[r.pos] === 0xff) { r.pos++; break; }
          const head = r.bytes[r.pos++];
          if (head >> 5 !== major || (head & 0x1f) === 31) throw new SyntaxError('CBOR: bad chunk in an indefinite string');
          parts.push(readChunk(r, readArg(r, head & 0x1f)));
        }
        chunk = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
        let at = 0;
        for (const p of parts) { chunk.set(p, at); at += p.length; }
      } else {
        chunk = readChunk(r, n);
      }
      return major === 2 ? chunk.slice() : utf8Decoder.decode(chunk);
    }
    case 4: {
      const out = [];
      if (n === -1) { for (let x; (x = readItem(r, depth + 1, true)) !== BREAK;) out.push(x); }
      else { for (let i = 0; i < n; i++) out.push(readItem(r, depth + 1)); }
      return out;
    }
    case 5: {
      const out = {};
      for (let i = 0; n === -1 || i < n; i++) {
        const key = readItem(r, depth + 1, n === -1);
        if (key === BREAK) break;
        const name = typeof key === 'string' ? key : String(key);
        const value = readItem(r, depth + 1);
        // Like JSON.parse: "__proto__" is an ordinary own property, never the object's prototype.
        if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
        else out[name] = value;
      }
      return out;
    }
    default: { // 6: a tag; bignums become BigInt, other tags are transparent
      const content = readItem(r, depth + 1);
      if ((n === 2 || n === 3) && content instanceof Uint8Array) {
        let big = 0n;
        for (const b of content) big = (big << 8n) | BigInt(b);
        return n === 2 ? big : -1n - big;
      }
      return content;
    }
  }
}

function readChunk(r, n) {
  if (typeof n === 'bigint') throw new SyntaxError('CBOR: string too long');
  need(r, n);
  r.pos += n;
  return r.bytes.subarray(r.pos - n, r.pos);
}

function readSimple(r, info) {
  switch (info) {
    case 20: return false;
    case 21: return true;
    case 22: return null;
    case 23: return undefined;
    case 24: need(r, 1); r.pos++; return undefined; // unassigned simple value
    case 25: need(r, 2); r.pos += 2; return halfToNumber(r.view.getUint16(r.pos - 2));
    case 26: need(r, 4); r.pos += 4; return r.view.getFloat32(r.pos - 4);
    case 27: need(r, 8); r.pos += 8; return r.view.getFloat64(r.pos - 8);
    case 28: case 29: case 30: case 31: throw new SyntaxError(`CBOR: reserved simple value ${info}`);
    default: return undefined; // unassigned simple values 0..19
  }
}

function halfToNumber(h) {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}
