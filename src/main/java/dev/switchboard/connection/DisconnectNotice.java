package dev.switchboard.connection;

/**
 * How a protocol tells its client why the server is about to close the connection (the native protocol's
 * {@code disconnect} frame, Pusher's {@code pusher:error}), written just before the close frame.
 */
@FunctionalInterface
public interface DisconnectNotice {

    /** The notice for a close with {@code code}; null to send none. */
    OutboundFrame notice(int code, String reason);

    /**
     * The close code the client sees for a close the core chose with {@code code} (the core's codes are the
     * native protocol's; another protocol may give the same event another number, e.g. Pusher's 4201 for a
     * missed heartbeat). Metrics and logs keep the core's code.
     */
    default int closeCode(int code) {
        return code;
    }
}
