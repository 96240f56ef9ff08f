package dev.switchboard.hooks;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import dev.switchboard.connection.Connection;
import dev.switchboard.connection.ConnectionListener;

/**
 * The upgrade-request headers each open connection's proxy calls pass on ({@code forward-headers} of the
 * subscribe, publish and rpc hooks): taken from the upgrade as the connection opens, of every protocol, dropped as
 * it closes. Nothing is kept when no hook forwards a header.
 */
@Singleton
public class UpgradeHeaders implements ConnectionListener {

    private final Set<String> names;
    private final Map<String, Map<String, String>> byClient = new ConcurrentHashMap<>();

    public UpgradeHeaders(HooksConfig config) {
        Set<String> all = new LinkedHashSet<>();
        all.addAll(config.subscribe().forwardHeaders().orElse(List.of()));
        all.addAll(config.publish().forwardHeaders().orElse(List.of()));
        all.addAll(config.rpc().forwardHeaders().orElse(List.of()));
        this.names = Set.copyOf(all);
    }

    @Override
    public void opened(Connection connection) {
        if (names.isEmpty()) {
            return;
        }
        Map<String, String> headers = new HashMap<>();
        for (String name : names) {
            String value = connection.upgradeHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        if (!headers.isEmpty()) {
            byClient.put(connection.id(), Map.copyOf(headers));
        }
    }

    @Override
    public void closed(Connection connection) {
        byClient.remove(connection.id());
    }

    /** The headers among {@code wanted} that {@code client}'s upgrade carried; none for no client or no list. */
    Map<String, String> of(String client, List<String> wanted) {
        Map<String, String> all = client == null ? null : byClient.get(client);
        if (all == null || wanted.isEmpty()) {
            return Map.of();
        }
        Map<String, String> picked = new HashMap<>();
        for (String name : wanted) {
            String value = all.get(name);
            if (value != null) {
                picked.put(name, value);
            }
        }
        return picked;
    }
}
