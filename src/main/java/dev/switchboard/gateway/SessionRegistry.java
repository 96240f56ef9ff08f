package dev.switchboard.gateway;

import java.util.Collection;
import java.util.Map;
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

    public int size() {
        return sessions.size();
    }
}
