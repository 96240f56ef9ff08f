package dev.switchboard.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/** Every open /ws session of this node, by connection id. */
@Singleton
public class SessionRegistry {

    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();

    void add(ClientSession session) {
        sessions.put(session.id(), session);
    }

    ClientSession get(String connectionId) {
        return sessions.get(connectionId);
    }

    ClientSession remove(String connectionId) {
        return sessions.remove(connectionId);
    }

    public Collection<ClientSession> all() {
        return sessions.values();
    }

    /** The open session with this connection id (the {@code client} of welcome and presence), if any. */
    public Optional<ClientSession> byClient(String clientId) {
        return Optional.ofNullable(sessions.get(clientId));
    }

    /** Every open session of a user; a scan, meant for rare calls such as the API's disconnect. */
    public List<ClientSession> byUser(String user) {
        return sessions.values().stream().filter(s -> user.equals(s.identity().user())).toList();
    }

    public int size() {
        return sessions.size();
    }
}
