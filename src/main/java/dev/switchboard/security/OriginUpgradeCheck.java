package dev.switchboard.security;

import jakarta.annotation.Priority;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses a WebSocket upgrade from a foreign Origin with 403, on every endpoint of every protocol: a browser page
 * of another site must not open a connection that carries its user's cookies ({@code switchboard.allowed-origins}).
 */
// Checked before the endpoints' own policies (ArC orders beans by priority, highest first): a foreign page gets
// 403 even where it also lacks a token.
@Priority(100)
@Singleton
public class OriginUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(OriginUpgradeCheck.class);
    private static final Uni<CheckResult> PERMIT = CheckResult.permitUpgrade();
    private static final Uni<CheckResult> REFUSE = CheckResult.rejectUpgrade(403);

    private final OriginPolicy origins;

    public OriginUpgradeCheck(SecurityConfig security) {
        this.origins = new OriginPolicy(security.allowedOrigins(), security.origin().require());
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin, request.getHeader("Host"))) {
            LOG.debugf("upgrade from origin %s refused", origin);
            return REFUSE;
        }
        return PERMIT;
    }
}
