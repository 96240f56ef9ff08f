package dev.switchboard.broker.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The presence entries this node wrote to Redis and must keep refreshing: channel to client ids. Clients of
 * other nodes are theirs to refresh.
 */
final class PresenceRegistry {

    private final Map<String, Map<String, Boolean>> byChannel = new ConcurrentHashMap<>();

    void add(String channel, String clientId) {
        byChannel.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(clientId, Boolean.TRUE);
    }

    void remove(String channel, String clientId) {
        byChannel.computeIfPresent(channel, (c, clients) -> {
            clients.remove(clientId);
            return clients.isEmpty() ? null : clients;
        });
    }

    /** A snapshot: channel to the ids of this node's clients in it. */
    Map<String, List<String>> snapshot() {
        Map<String, List<String>> copy = new java.util.HashMap<>();
        byChannel.forEach((channel, clients) -> copy.put(channel, List.copyOf(clients.keySet())));
        return copy;
    }
}
