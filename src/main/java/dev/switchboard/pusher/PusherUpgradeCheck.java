package dev.switchboard.pusher;

import jakarta.inject.Singleton;

import dev.switchboard.connection.ConnectionCapacity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * The Pusher endpoint's upgrade policy: the node's connection limit ({@code switchboard.limits.max-connections},
 * the one {@link ConnectionCapacity} of every face) answered with 503 like the native endpoint. Apps and protocol
 * versions are checked after the upgrade, in-band, because that is where Pusher clients expect the answer
 * ({@code pusher:error} 4001, 4007...). The origin check and the drain's 503 apply here as everywhere.
 */
@Singleton
public class PusherUpgradeCheck implements HttpUpgradeCheck {

    static final String ENDPOINT_ID = PusherEndpoint.class.getName();

    private final ConnectionCapacity capacity;

    public PusherUpgradeCheck(ConnectionCapacity capacity) {
        this.capacity = capacity;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        // The node's cap (set, or derived from the open-file limit), the same one /ws checks.
        if (capacity.full()) {
            return CheckResult.rejectUpgrade(503);
        }
        return CheckResult.permitUpgrade();
    }
}
