package dev.switchboard.gateway;

import jakarta.inject.Singleton;

import dev.switchboard.security.ConnectionAdmission;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * The native endpoint's upgrade policy: Switchboard's connection tokens and connection limits
 * ({@link ConnectionAdmission}), on {@code /ws} only. Other endpoints bring their own policy ({@code /ws/echo} has
 * none); the origin check and the drain's 503 apply to every endpoint.
 */
@Singleton
public class NativeUpgradeCheck implements HttpUpgradeCheck {

    /** WebSockets Next names an endpoint by its class unless the annotation gives another id. */
    static final String ENDPOINT_ID = ProtocolEndpoint.class.getName();

    private final ConnectionAdmission admission;

    public NativeUpgradeCheck(ConnectionAdmission admission) {
        this.admission = admission;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return Uni.createFrom().item(() -> admission.check(context));
    }
}
