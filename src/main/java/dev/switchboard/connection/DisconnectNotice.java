package dev.switchboard.connection;

/**
 * How a protocol tells its client why the server is about to close the connection (the native protocol's
 * {@code disconnect} frame, Pusher's {@code pusher:error}), written just before the close frame.
 */
@FunctionalInterface
public interface DisconnectNotice {

    /** The notice for a close with {@code code}; null to send none. */
    OutboundFrame notice(int code, String reason);
}
