package dev.switchboard.pusher;

import dev.switchboard.model.CloseCodes;

/**
 * Pusher's error and close codes (protocol 7): 4000-4099 the client must not reconnect as it is, 4100-4199
 * reconnect after a back-off, 4200-4299 reconnect at once, 4300-4399 other errors. They mean other things than
 * the native protocol's codes (Pusher's 4009 is "unauthorized", the native 4009 a missed heartbeat), so the core's
 * closes are translated here ({@link #forCoreClose}).
 */
final class PusherCodes {

    static final int APP_NOT_FOUND = 4001;
    static final int OVER_CONNECTION_QUOTA = 4004;
    static final int INVALID_VERSION = 4006;
    static final int UNSUPPORTED_PROTOCOL = 4007;
    static final int NO_PROTOCOL_VERSION = 4008;
    static final int UNAUTHORIZED = 4009;
    static final int OVER_CAPACITY = 4100;
    static final int GENERIC_RECONNECT = 4200;
    static final int PONG_NOT_RECEIVED = 4201;
    static final int CLIENT_EVENT_RATE_LIMIT = 4301;

    private PusherCodes() {
    }

    /** The Pusher code for a close the core chose (heartbeat, slow consumer, drain, rate abuse, the API's disconnect). */
    static int forCoreClose(int core) {
        return switch (core) {
            case CloseCodes.NO_HEARTBEAT -> PONG_NOT_RECEIVED;
            case CloseCodes.SLOW_CONSUMER -> OVER_CAPACITY; // back off, then come back
            case CloseCodes.GOING_AWAY -> GENERIC_RECONNECT; // drain: reconnect at once, to another node
            case CloseCodes.RATE_LIMIT_ABUSE -> CLIENT_EVENT_RATE_LIMIT;
            case CloseCodes.FORBIDDEN, CloseCodes.UNAUTHORIZED -> UNAUTHORIZED;
            default -> core;
        };
    }
}
