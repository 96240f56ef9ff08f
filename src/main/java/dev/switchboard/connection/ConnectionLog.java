package dev.switchboard.connection;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.WebSocketConnection;

/**
 * One line per /ws connection opened and closed, in the category {@code dev.switchboard.connections} (turn it
 * down with {@code quarkus.log.category."dev.switchboard.connections".level=WARN} on busy nodes). It carries the
 * connection id, the user, the remote address and the close code, and deliberately nothing from the upgrade
 * URL or headers: a connection token travels there and must never reach a log.
 */
@Singleton
public class ConnectionLog {

    private static final Logger LOG = Logger.getLogger("dev.switchboard.connections");

    public void opened(WebSocketConnection connection, String user) {
        if (LOG.isInfoEnabled()) {
            LOG.infof("connection opened client=%s user=%s remote=%s", connection.id(), userOf(user),
                    connection.handshakeRequest().remoteAddress());
        }
    }

    public void closed(WebSocketConnection connection, String user, int code) {
        if (LOG.isInfoEnabled()) {
            LOG.infof("connection closed client=%s user=%s remote=%s code=%d", connection.id(), userOf(user),
                    connection.handshakeRequest().remoteAddress(), code);
        }
    }

    private static String userOf(String user) {
        return user == null ? "-" : user;
    }
}
