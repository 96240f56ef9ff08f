package dev.switchboard.connection;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Every open client connection of this node, of every protocol, by connection id. Each face adds a connection when
 * it opens and removes it when it has closed, which makes the registry the one place that sees the lifecycle of
 * every connection: its {@link ConnectionListener}s are told there.
 */
@Singleton
public class ConnectionRegistry {

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final List<ConnectionListener> listeners;

    public ConnectionRegistry(Instance<ConnectionListener> listeners) {
        this.listeners = listeners.stream().toList();
    }

    public void add(Connection connection) {
        connections.put(connection.id(), connection);
        for (ConnectionListener listener : listeners) {
            listener.opened(connection);
        }
    }

    /** Removes a connection that has closed; listeners hear of it once, however often this is called. */
    public void remove(Connection connection) {
        if (connections.remove(connection.id(), connection)) {
            for (ConnectionListener listener : listeners) {
                listener.closed(connection);
            }
        }
    }

    public Collection<Connection> all() {
        return connections.values();
    }

    /** The open connection with this id (the {@code client} of welcome and presence), if any. */
    public Optional<Connection> byClient(String clientId) {
        return Optional.ofNullable(connections.get(clientId));
    }

    /** Every open connection of a user; a scan, meant for rare calls such as the API's disconnect. */
    public List<Connection> byUser(String user) {
        return connections.values().stream().filter(c -> user.equals(c.user())).toList();
    }

    public int size() {
        return connections.size();
    }

    /** Open connections speaking {@code protocol}; a scan, for gauges read at scrape time. */
    public long count(String protocol) {
        return connections.values().stream().filter(c -> protocol.equals(c.protocol())).count();
    }
}
