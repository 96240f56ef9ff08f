package dev.switchboard.presence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.switchboard.model.ClientInfo;
import io.smallrye.mutiny.Uni;

/**
 * Who is in a channel: one entry per subscribed connection, shared by every node. Beside the broker rather than
 * in it, so a deployment can keep presence where it likes and protocols that count users rather than
 * connections (Pusher's presence channels) read the per-user view. Implementations never block.
 */
public interface PresenceStore {

    Uni<Void> add(String channel, ClientInfo client);

    Uni<Void> remove(String channel, String clientId);

    /** Every connection present in the channel. */
    Uni<List<ClientInfo>> clients(String channel);

    /**
     * The per-user view: one entry per user present (the first connection of each), anonymous connections left
     * out. A store that can answer this more cheaply overrides it.
     */
    default Uni<List<ClientInfo>> users(String channel) {
        return clients(channel).map(clients -> {
            Set<String> seen = new LinkedHashSet<>();
            List<ClientInfo> users = new ArrayList<>();
            for (ClientInfo client : clients) {
                if (client.user() != null && seen.add(client.user())) {
                    users.add(client);
                }
            }
            return users;
        });
    }

    /**
     * How many connections and distinct users are present, without the member list. A store that can count
     * without reading every entry overrides it.
     */
    default Uni<PresenceCounts> counts(String channel) {
        return clients(channel).map(clients -> new PresenceCounts(clients.size(),
                (int) clients.stream().map(ClientInfo::user).filter(u -> u != null).distinct().count()));
    }
}
