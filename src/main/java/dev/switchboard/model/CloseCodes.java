package dev.switchboard.model;

/**
 * Why the server closes a connection: the WebSocket close codes of PROTOCOL.md, shared by every protocol, with
 * whether a client should reconnect after each.
 */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int UNAUTHORIZED = 4001;
    public static final int FORBIDDEN = 4003;
    public static final int SLOW_CONSUMER = 4008;
    public static final int NO_HEARTBEAT = 4009;
    public static final int RATE_LIMIT_ABUSE = 4029;

    private CloseCodes() {
    }

    /** The {@code reconnect} flag of the {@code disconnect} frame sent before a close with this code. */
    public static boolean reconnectAllowed(int code) {
        return switch (code) {
            case GOING_AWAY, SLOW_CONSUMER, NO_HEARTBEAT, RATE_LIMIT_ABUSE, UNAUTHORIZED -> true;
            default -> false;
        };
    }
}
