package dev.switchboard.security;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets the HTTP upgrade request of a WebSocket be garbage collected once the WebSocket is open.
 * <p>
 * Quarkus's HTTP security layer (present because of SmallRye JWT) attaches a Quarkus security identity to every
 * request. When WebSockets Next sees one on an upgrade it keeps a {@code SecuritySupport} for the connection's
 * life, and that object holds the request's {@code RoutingContext}: the request, the response, their header maps,
 * the Netty request, the context data and the HTTP metrics sample, about 1.5 KB per open connection that nothing
 * reads after the upgrade. Switchboard does not use Quarkus security identities on WebSockets: tokens are checked
 * by {@link ConnectionAdmission} and the identity travels in the connection's user data. So this filter, which runs after
 * Quarkus's authentication and authorization filters and before the WebSocket routes, removes the identity from
 * upgrade requests; WebSockets Next then uses its no-op security support and keeps no reference to the request.
 * Consequence for code that comes later: an {@code HttpUpgradeCheck} sees no {@code securityIdentity()} (null), and
 * Quarkus security annotations on WebSocket endpoints would not see the caller; use the identity in the
 * connection's user data ({@link ConnectionAdmission#IDENTITY}) instead.
 */
@Singleton
public class UpgradeRequestRelease {

    /** After Quarkus's authentication (-200) and authorization (-100) filters, before every application route. */
    static final int ORDER = -50;

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(UpgradeRequestRelease::release);
    }

    private static void release(RoutingContext context) {
        if (context.request().headers().contains("Sec-WebSocket-Key")) {
            context.setUser(null);
            context.remove(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        }
        context.next();
    }
}
