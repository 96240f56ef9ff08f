package dev.switchboard.gateway;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.connection.ConnectionCapacity;
import dev.switchboard.hooks.ConnectProxy;
import dev.switchboard.security.ConnectionAdmission;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * The native endpoint's upgrade policy, on {@code /ws} only: a full node ({@link ConnectionCapacity}, every
 * protocol's connections) gets 503 first; then an upgrade with a connection token is admitted by
 * {@link ConnectionAdmission} (the token and the connection limits); one without a token asks the back end's
 * connect proxy when it is configured ({@code switchboard.hooks.connect.url}), whose answer becomes the
 * connection's identity under the same limits, and is otherwise admitted as before (anonymous, if allowed). A
 * proxy that refuses gives 401 or 403, one that cannot answer 503, all before the WebSocket exists. Other
 * endpoints bring their own policy ({@code /ws/echo} has none); the origin check and the drain's 503 apply to
 * every endpoint.
 */
@Singleton
public class NativeUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(NativeUpgradeCheck.class);

    /** WebSockets Next names an endpoint by its class unless the annotation gives another id. */
    static final String ENDPOINT_ID = ProtocolEndpoint.class.getName();

    private final ConnectionAdmission admission;
    private final ConnectProxy connectProxy;
    private final ConnectionCapacity capacity;

    public NativeUpgradeCheck(ConnectionAdmission admission, ConnectProxy connectProxy, ConnectionCapacity capacity) {
        this.admission = admission;
        this.connectProxy = connectProxy;
        this.capacity = capacity;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (capacity.full()) { // before any token check or back-end round trip: it cannot be taken anyway
            return CheckResult.rejectUpgrade(503);
        }
        if (!connectProxy.asks("native") || admission.hasToken(context)) {
            return Uni.createFrom().item(() -> admission.check(context));
        }
        return connectProxy.connect(context.httpRequest(), "native")
                .map(decision -> decision.refused() != null
                        ? CheckResult.rejectUpgradeSync(decision.refused().status())
                        : admission.admit(context, decision.identity()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("connect proxy failed: %s", failure.getMessage());
                    return CheckResult.rejectUpgradeSync(503);
                });
    }
}
