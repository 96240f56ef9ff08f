package dev.switchboard.connection;

/**
 * Told of every connection of every protocol as the registry takes it in and lets it go (the back-end events
 * are one listener). Called on the connection's event loop: a listener must return at once and never block.
 */
public interface ConnectionListener {

    void opened(Connection connection);

    /** The connection has gone; {@link Connection#closeCode()} and {@link Connection#closeReason()} say how. */
    void closed(Connection connection);
}
