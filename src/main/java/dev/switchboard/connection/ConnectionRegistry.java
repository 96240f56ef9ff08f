package dev.switchboard.connection;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/** Every open client connection of this node, of every protocol, by connection id. */
@Singleton
public class ConnectionRegistry {

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    public void add(Connection connection) {
        connections.put(connection.id(), connection);
    }

    public void remove(Connection connection) {
        connections.remove(connection.id(), connection);
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
