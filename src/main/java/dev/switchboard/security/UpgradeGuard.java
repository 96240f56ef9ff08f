package dev.switchboard.security;

import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.SwitchboardConfig;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Checks every WebSocket upgrade before the WebSocket exists, so a refused client gets a plain HTTP status:
 * <ol>
 * <li>a foreign Origin gets 403 (every WebSocket endpoint);</li>
 * <li>on {@code /ws} (every endpoint but {@code /ws/echo}): a full node gets 503 ({@code switchboard.limits.max-connections});</li>
 * <li>an invalid or expired connection token, or none where anonymous connections are off, gets 401;</li>
 * <li>a user over {@code switchboard.limits.max-connections-per-user} gets 429.</li>
 * </ol>
 * The verified identity goes into the connection's user data, where the endpoint picks it up at open: each
 * token is verified once.
 */
@Singleton
public class UpgradeGuard implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(UpgradeGuard.class);

    public static final UserData.TypedKey<ClientIdentity> IDENTITY = new UserData.TypedKey<>("switchboard.identity");

    /**
     * The id WebSockets Next gives the echo endpoint (its class name; no import, security knows no gateway). It is
     * the one endpoint without tokens and connection limits: every other endpoint, including any added later,
     * gets the full check, so a new endpoint cannot be left open by mistake.
     */
    static final String ECHO_ENDPOINT = "dev.switchboard.gateway.EchoEndpoint";

    private static final Map<String, List<String>> BEARER_CHALLENGE = Map.of("WWW-Authenticate", List.of("Bearer"));

    private final OriginPolicy origins;
    private final TokenVerifier tokens;
    private final ConnectionCount counts;
    private final boolean anonymousAllowed;
    private final ConnectionCapacity capacity;
    private final int maxConnectionsPerUser;

    public UpgradeGuard(SecurityConfig security, SwitchboardConfig config, TokenVerifier tokens,
            ConnectionCount counts, ConnectionCapacity capacity) {
        this.origins = new OriginPolicy(security.allowedOrigins(), security.origin().require());
        this.tokens = tokens;
        this.counts = counts;
        this.anonymousAllowed = security.auth().anonymous();
        this.capacity = capacity;
        this.maxConnectionsPerUser = config.limits().maxConnectionsPerUser();
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return Uni.createFrom().item(() -> check(context));
    }

    private CheckResult check(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin, request.getHeader("Host"))) {
            LOG.debugf("upgrade from origin %s refused", origin);
            return CheckResult.rejectUpgradeSync(403);
        }
        if (ECHO_ENDPOINT.equals(context.endpointId())) {
            return CheckResult.permitUpgradeSync();
        }
        if (capacity.full()) {
            return CheckResult.rejectUpgradeSync(503);
        }
        String token = token(request);
        ClientIdentity identity;
        if (token == null) {
            if (!anonymousAllowed) {
                return CheckResult.rejectUpgradeSync(401, BEARER_CHALLENGE);
            }
            identity = ClientIdentity.ANONYMOUS;
        } else {
            try {
                identity = tokens.connection(token);
            } catch (InvalidTokenException e) {
                LOG.debugf("connection token refused: %s", e.getMessage());
                return CheckResult.rejectUpgradeSync(401, BEARER_CHALLENGE);
            }
        }
        if (maxConnectionsPerUser > 0 && !identity.anonymous() && counts.of(identity.user()) >= maxConnectionsPerUser) {
            return CheckResult.rejectUpgradeSync(429);
        }
        context.userData().put(IDENTITY, identity);
        return CheckResult.permitUpgradeSync();
    }

    /** The token from {@code ?token=} or {@code Authorization: Bearer}; null when there is none. */
    static String token(HttpServerRequest request) {
        String query = request.getParam("token");
        if (query != null && !query.isEmpty()) {
            return query;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).trim();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }
}
