package dev.switchboard.presence;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.model.ClientInfo;
import io.smallrye.mutiny.Uni;

/** Presence of a single node, in this process's memory (the memory broker's companion). */
public final class MemoryPresence implements PresenceStore {

    private static final Uni<Void> DONE = Uni.createFrom().voidItem();

    private final Map<String, Map<String, ClientInfo>> channels = new ConcurrentHashMap<>();

    @Override
    public Uni<Void> add(String channel, ClientInfo client) {
        channels.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(client.client(), client);
        return DONE;
    }

    @Override
    public Uni<Void> remove(String channel, String clientId) {
        channels.computeIfPresent(channel, (c, clients) -> {
            clients.remove(clientId);
            return clients.isEmpty() ? null : clients;
        });
        return DONE;
    }

    @Override
    public Uni<List<ClientInfo>> clients(String channel) {
        Map<String, ClientInfo> clients = channels.get(channel);
        return Uni.createFrom().item(clients == null ? List.of() : List.copyOf(clients.values()));
    }
}
