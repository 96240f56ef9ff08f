package dev.switchboard.pusher;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.connection.ConnectionCapacity;
import dev.switchboard.hooks.ConnectProxy;
import dev.switchboard.security.ConnectionAdmission;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * The Pusher endpoint's upgrade policy: the node's connection limit ({@code switchboard.limits.max-connections},
 * the one {@link ConnectionCapacity} of every face) answered with 503 like the native endpoint. Apps and protocol
 * versions are checked after the upgrade, in-band, because that is where Pusher clients expect the answer
 * ({@code pusher:error} 4001, 4007...). The origin check and the drain's 503 apply here as everywhere.
 *
 * <p>With {@code pusher} in {@code switchboard.hooks.connect.protocols} the back end's connect hook is asked
 * too: Pusher's own authentication is per channel (the app server signs each private or presence subscription),
 * so the hook is what gives a Pusher connection a user (in events, per-user limits) or refuses it outright with
 * 401/403 before the WebSocket opens; its {@code channels} and {@code expireAt} do not apply to Pusher clients.
 */
@Singleton
public class PusherUpgradeCheck implements HttpUpgradeCheck {

    static final String ENDPOINT_ID = PusherEndpoint.class.getName();

    private static final Logger LOG = Logger.getLogger(PusherUpgradeCheck.class);

    private final ConnectionCapacity capacity;
    private final ConnectProxy connectProxy;
    private final ConnectionAdmission admission;

    public PusherUpgradeCheck(ConnectionCapacity capacity, ConnectProxy connectProxy, ConnectionAdmission admission) {
        this.capacity = capacity;
        this.connectProxy = connectProxy;
        this.admission = admission;
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
        if (!connectProxy.asks(PusherEndpoint.PROTOCOL)) {
            return CheckResult.permitUpgrade();
        }
        return connectProxy.connect(context.httpRequest(), PusherEndpoint.PROTOCOL)
                .map(decision -> decision.refused() != null
                        ? CheckResult.rejectUpgradeSync(decision.refused().status())
                        : admission.admit(context, decision.identity()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("connect proxy failed for a Pusher upgrade: %s", failure.getMessage());
                    return CheckResult.rejectUpgradeSync(503);
                });
    }
}
