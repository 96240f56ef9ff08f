package dev.switchboard.pusher;

import jakarta.inject.Singleton;

import dev.switchboard.connection.ConnectionRegistry;
import dev.switchboard.security.ConnectionCapacity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * The Pusher endpoint's upgrade policy: the node's connection limit ({@code switchboard.limits.max-connections},
 * counted over every protocol's connections) answered with 503 like the native endpoint. Apps and protocol
 * versions are checked after the upgrade, in-band, because that is where Pusher clients expect the answer
 * ({@code pusher:error} 4001, 4007...). The origin check and the drain's 503 apply here as everywhere.
 */
@Singleton
public class PusherUpgradeCheck implements HttpUpgradeCheck {

    static final String ENDPOINT_ID = PusherEndpoint.class.getName();

    private final ConnectionRegistry connections;
    private final ConnectionCapacity capacity;

    public PusherUpgradeCheck(ConnectionRegistry connections, ConnectionCapacity capacity) {
        this.connections = connections;
        this.capacity = capacity;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        // The node's cap (set, or derived from the open-file limit), over every protocol's open connections.
        if (capacity.max() > 0 && connections.size() >= capacity.max()) {
            return CheckResult.rejectUpgrade(503);
        }
        return CheckResult.permitUpgrade();
    }
}
