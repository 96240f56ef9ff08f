// Type declarations for switchboard.js (Switchboard wire protocol, version 1).

export declare const VERSION: string;

export declare const JSON_PROTOCOL: 'switchboard.v1.json';
export declare const CBOR_PROTOCOL: 'switchboard.v1.cbor';
export type Protocol = typeof JSON_PROTOCOL | typeof CBOR_PROTOCOL;

export declare const State: {
  readonly DISCONNECTED: 'disconnected';
  readonly CONNECTING: 'connecting';
  readonly CONNECTED: 'connected';
  readonly CLOSED: 'closed';
};
export type ConnectionState = (typeof State)[keyof typeof State];

export declare const SubState: {
  readonly SUBSCRIBING: 'subscribing';
  readonly SUBSCRIBED: 'subscribed';
  readonly UNSUBSCRIBED: 'unsubscribed';
};
export type SubscriptionState = (typeof SubState)[keyof typeof SubState];

/** A stream position: `offset` is the last publication seen in stream `epoch`. */
export interface Position {
  epoch: string;
  offset: number;
}

export interface ClientInfo {
  client: string;
  user: string | null;
  info?: unknown;
}

export interface Publication<T = unknown> {
  channel: string;
  offset: number;
  data: T;
  info?: { client: string; user: string | null };
  /** On a conflating namespace: how many older publications of the channel this one replaced (absent: none). */
  skipped?: number;
}

/** Server error codes from the protocol, plus the client's own. */
export type ErrorCode =
  | 'bad_request' | 'unknown_type' | 'invalid_channel' | 'permission_denied' | 'already_subscribed'
  | 'not_subscribed' | 'limit_exceeded' | 'rate_limited' | 'internal'
  | 'timeout' | 'queue_full' | 'connection_lost' | 'not_connected' | 'closed' | 'message_too_large';

export declare class SwitchboardError extends Error {
  readonly code: ErrorCode | string;
  constructor(code: string, message?: string);
}

export interface SwitchboardOptions {
  /** Connection token (JWT), sent as query parameter `token`. */
  token?: string | null;
  /** Returns a fresh connection token: used when there is none, after close 4001 and after a failed upgrade. */
  getToken?: (() => Promise<string | null> | string | null) | null;
  /**
   * WebSocket subprotocol; default 'switchboard.v1.json'. On 'switchboard.v1.cbor' frames are binary and `data` may
   * hold Uint8Array values. null offers none (the server then speaks JSON). Anything else throws a TypeError.
   */
  protocol?: Protocol | null;
  /** Backoff base in ms (default 500): attempt n waits random(0, min(maxDelay, minDelay * factor^n)). */
  minDelay?: number;
  /** Backoff cap in ms (default 20000). */
  maxDelay?: number;
  /** Backoff growth factor (default 2). */
  factor?: number;
  /** Consecutive failed attempts before giving up (default Infinity). */
  maxAttempts?: number;
  /** Extra wait in ms after close 4029 (default 5000). */
  rateLimitDelay?: number;
  /** A connection that lived this long (ms) resets the backoff (default 10000). */
  stableAfter?: number;
  /** Socket open and `welcome` must arrive within this many ms (default 10000). */
  connectTimeout?: number;
  /** Ping period in ms; default: the server's welcome.pingInterval. */
  pingInterval?: number | null;
  /** Silence allowed past pingInterval (ms) before the connection counts as dead (default 10000). */
  heartbeatGrace?: number;
  /** Reply timeout in ms for a command on the wire (default 10000). */
  requestTimeout?: number;
  /** Commands held while disconnected (default 100); more are rejected with `queue_full`. */
  queueSize?: number;
  /** How long (ms) a command may wait for a connection (default 10000) before it fails with `timeout`. */
  queueTimeout?: number;
  /** Connect in the constructor (default true). */
  autoConnect?: boolean;
  /** WebSocket implementation (e.g. the `ws` package in Node); default globalThis.WebSocket. */
  WebSocket?: unknown;
  /** Log to console.debug. */
  debug?: boolean;
}

export interface WelcomeFrame {
  type: 'welcome';
  client: string;
  user: string | null;
  node: string;
  version: string;
  pingInterval: number;
  /** Largest message in bytes the server accepts; absent from servers that predate this field. */
  maxMessageSize?: number;
}

export interface DisconnectEvent {
  code: number;
  reason: string;
  /** Whether the client is going to reconnect. */
  reconnect: boolean;
}

export interface SubscribedInfo {
  channel: string;
  epoch: string;
  /** The stream's top offset when the subscribe was handled. */
  offset: number;
  /** True when every missed publication was recovered and delivered. */
  recovered: boolean;
  /** True when this subscribe carried `since` (a resubscribe after reconnect, or options.since). */
  resubscribed: boolean;
  /**
   * The position the subscribe asked to recover from, or null. With `recovered: false`, `since.epoch !== epoch`
   * means the server lost the stream's history (e.g. a restart); the same epoch means the gap outgrew the history.
   */
  since: Position | null;
  /** How many publications the server returned for recovery. */
  recoveredCount: number;
}

export interface SubscriptionHandlers<T = unknown> {
  onPublication?: (pub: Publication<T>, sub: Subscription<T>) => void;
  onJoin?: (info: ClientInfo, sub: Subscription<T>) => void;
  onLeave?: (info: ClientInfo, sub: Subscription<T>) => void;
  /** After a subscribe with `since`. `recovered: false` means publications were lost: reload the state. */
  onRecover?: (info: SubscribedInfo, sub: Subscription<T>) => void;
  /** After every successful subscribe (first and after each reconnect). */
  onSubscribed?: (info: SubscribedInfo, sub: Subscription<T>) => void;
  onState?: (state: SubscriptionState, sub: Subscription<T>) => void;
  /** The subscription failed for good (e.g. permission_denied); it is then unsubscribed. */
  onError?: (err: SwitchboardError, sub: Subscription<T>) => void;
  /** Start from a stored position and recover what came after it. */
  since?: Position;
  /** Subscription token for a private channel. */
  token?: string;
  /** Returns a subscription token; called before every subscribe. */
  getToken?: (channel: string) => Promise<string> | string;
  /**
   * Ask for Fossil deltas where the namespace allows them: publications then travel as deltas and are applied
   * here, so onPublication still sees whole data; a delta that does not fit its base is never applied.
   */
  delta?: 'fossil';
  /** Ask for the channel's newest publication on subscribe (when there is nothing to recover). */
  latest?: boolean;
}

/** How a delta subscription's publications arrived. */
export interface DeltaStats {
  deltas: number;
  wholes: number;
  /** Characters of `data` received (deltas and whole texts). */
  receivedBytes: number;
  /** Characters the publications' whole JSON texts have: what the same publications cost without deltas. */
  wholeBytes: number;
  /** Resubscribes after a delta that did not fit its base. */
  resyncs: number;
}

/** Applies a Fossil delta to its base (both ASCII strings); throws when the result fails the delta's checksum. */
export declare function applyFossilDelta(base: string, delta: string): string;

export interface PresenceReply {
  type: 'presence';
  channel: string;
  clients: ClientInfo[];
}

export interface HistoryReply<T = unknown> {
  type: 'history';
  channel: string;
  epoch: string;
  offset: number;
  publications: Publication<T>[];
}

export interface PublishedReply {
  type: 'published';
  channel: string;
  offset: number;
}

export declare class Subscription<T = unknown> {
  readonly channel: string;
  readonly state: SubscriptionState;
  readonly epoch: string | null;
  /** Last offset delivered (or the stream top at subscribe time). */
  readonly offset: number | null;
  /** {epoch, offset} to persist for a later `since`, or null before the first subscribe. */
  readonly position: Position | null;
  /** Settles with the first successful subscribe, or rejects when the subscription fails for good. */
  readonly ready: Promise<SubscribedInfo>;
  /** True for a subscription the server made (connect hook `channels`, a token's `subs` claim). */
  readonly serverSide: boolean;
  /** The callbacks; for a server-side subscription, set them in the 'subscription' listener. */
  handlers: SubscriptionHandlers<T>;
  /** For delta subscriptions: how the publications arrived (bytes saved = wholeBytes - receivedBytes). */
  readonly deltaStats: DeltaStats;
  publish(data: T): Promise<PublishedReply>;
  presence(): Promise<PresenceReply>;
  history(opts?: { since?: Position; limit?: number }): Promise<HistoryReply<T>>;
  unsubscribe(): Promise<void>;
}

export interface SwitchboardEvents {
  state: { state: ConnectionState; previous: ConnectionState };
  connect: WelcomeFrame;
  /** A subscription the server made for this connection, the first time; attach handlers here. */
  subscription: Subscription;
  disconnect: DisconnectEvent;
  reconnecting: { attempt: number; delay: number };
  error: SwitchboardError;
}

export declare class Switchboard {
  constructor(url: string, options?: SwitchboardOptions);
  readonly url: string;
  readonly state: ConnectionState;
  /** This connection's id from `welcome` (changes with every reconnect). */
  readonly client: string | null;
  readonly user: string | null;
  readonly node: string | null;
  readonly serverVersion: string | null;
  /** Largest message in bytes the server accepts (from `welcome`); a larger command rejects with `message_too_large`. */
  readonly maxMessageSize: number | null;
  connect(): void;
  close(): void;
  /** close() plus removal of the window online/offline listeners. */
  dispose(): void;
  on<K extends keyof SwitchboardEvents>(event: K, fn: (payload: SwitchboardEvents[K]) => void): () => void;
  subscribe<T = unknown>(channel: string, handlers?: SubscriptionHandlers<T>): Subscription<T>;
  getSubscription<T = unknown>(channel: string): Subscription<T> | undefined;
  publish<T = unknown>(channel: string, data: T): Promise<PublishedReply>;
  presence(channel: string): Promise<PresenceReply>;
  history<T = unknown>(channel: string, opts?: { since?: Position; limit?: number }): Promise<HistoryReply<T>>;
  /**
   * Calls `method` on the server's back end (rpc hook) and resolves to its reply data; rejects with a
   * SwitchboardError `backend_refused` or `backend_unavailable`.
   */
  rpc<R = unknown, T = unknown>(method: string, data?: T): Promise<R>;
  /** Round-trip time of a `ping` command in milliseconds. */
  ping(): Promise<number>;
}

/** Encodes a value as CBOR (RFC 8949) the way the client sends frames: JSON's rules, plus Uint8Array as bytes. */
export declare function encodeCbor(value: unknown): Uint8Array;
/** Decodes one CBOR item: byte strings as Uint8Array, integers beyond 2^53 as BigInt; throws SyntaxError if malformed. */
export declare function decodeCbor(bytes: Uint8Array | ArrayBuffer | ArrayBufferView): unknown;
