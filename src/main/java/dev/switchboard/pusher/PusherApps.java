package dev.switchboard.pusher;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.switchboard.channel.NamespaceOptions;
import dev.switchboard.channel.Namespaces;
import io.quarkus.runtime.StartupEvent;

/** The configured apps, found by key (the WebSocket path) or by id (the HTTP API path). */
@Singleton
public class PusherApps {

    private final Map<String, PusherApp> byKey = new ConcurrentHashMap<>();
    private final Map<String, PusherApp> byId = new ConcurrentHashMap<>();

    public PusherApps(PusherConfig config, Namespaces namespaces) {
        config.apps().forEach((id, app) -> {
            if (!PusherChannel.isValidAppId(id)) {
                throw new IllegalArgumentException("switchboard.pusher.apps." + id
                        + ": an app id uses A-Z a-z 0-9 _ - . and is 1 to 64 characters long");
            }
            PusherApp parsed = new PusherApp(id, app.key(), app.secret(), app.clientEvents(),
                    app.maxPresenceMembers(), app.maxEventSize(), app.maxConnections(), app.maxChannelsPerEvent(),
                    app.maxBatchSize());
            if (byKey.putIfAbsent(app.key(), parsed) != null) {
                throw new IllegalArgumentException("switchboard.pusher.apps." + id + ".key: another app has that key");
            }
            byId.put(id, parsed);
        });
        NamespaceOptions options = namespaces.of(PusherChannel.NAMESPACE + ":app:channel");
        if (any() && !(options.presence() && options.joinLeave())) {
            throw new IllegalArgumentException("switchboard.namespaces." + PusherChannel.NAMESPACE
                    + " needs presence=true and join-leave=true: Pusher presence channels are built on them");
        }
    }

    /** Reads (and checks) the apps at startup, so a bad configuration stops the node instead of the first client. */
    void onStart(@Observes StartupEvent started) {
        // constructing this bean is the check
    }

    public Optional<PusherApp> byKey(String key) {
        return Optional.ofNullable(key == null ? null : byKey.get(key));
    }

    public Optional<PusherApp> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    public boolean any() {
        return !byId.isEmpty();
    }
}
