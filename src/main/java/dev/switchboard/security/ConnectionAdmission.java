package dev.switchboard.security;

import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.SwitchboardConfig;
import io.quarkus.websockets.next.HttpUpgradeCheck.CheckResult;
import io.quarkus.websockets.next.HttpUpgradeCheck.HttpUpgradeContext;
import io.quarkus.websockets.next.UserData;

/**
 * The admission of a client connection that authenticates with Switchboard's connection tokens, checked at the
 * upgrade, before the WebSocket exists, so a refused client gets a plain HTTP status:
 * <ol>
 * <li>an invalid or expired connection token, or none where anonymous connections are off, gets 401;</li>
 * <li>a user over {@code switchboard.limits.max-connections-per-user} gets 429.</li>
 * </ol>
 * The node's connection limit is not here: it is every face's ({@code connection.ConnectionCapacity}), checked
 * by each endpoint's upgrade check before this. Not an upgrade check of its own: each endpoint's check decides whether these rules are its rules (the native
 * endpoint's are; a protocol with its own authentication brings its own). The verified identity goes into the
 * connection's user data, where the endpoint picks it up at open: each token is verified once.
 */
@Singleton
public class ConnectionAdmission {

    private static final Logger LOG = Logger.getLogger(ConnectionAdmission.class);

    public static final UserData.TypedKey<ClientIdentity> IDENTITY = new UserData.TypedKey<>("switchboard.identity");

    private static final Map<String, List<String>> BEARER_CHALLENGE = Map.of("WWW-Authenticate", List.of("Bearer"));

    private final TokenVerifier tokens;
    private final ConnectionCount counts;
    private final boolean anonymousAllowed;
    private final int maxConnectionsPerUser;

    public ConnectionAdmission(SecurityConfig security, SwitchboardConfig config, TokenVerifier tokens,
            ConnectionCount counts) {
        this.tokens = tokens;
        this.counts = counts;
        this.anonymousAllowed = security.auth().anonymous();
        this.maxConnectionsPerUser = config.limits().maxConnectionsPerUser();
    }

    /** Admits or refuses one upgrade by its connection token. */
    public CheckResult check(HttpUpgradeContext context) {
        String token = ConnectionToken.of(context.httpRequest());
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
        return admit(context, identity);
    }

    /** Whether the upgrade carries a connection token (an endpoint with another way in may skip it otherwise). */
    public boolean hasToken(HttpUpgradeContext context) {
        return ConnectionToken.of(context.httpRequest()) != null;
    }

    /**
     * Admits an upgrade whose identity was established another way (a connect hook), under the same per-user
     * limit; the identity goes into the connection's user data like a verified token's.
     */
    public CheckResult admit(HttpUpgradeContext context, ClientIdentity identity) {
        if (maxConnectionsPerUser > 0 && !identity.anonymous() && counts.of(identity.user()) >= maxConnectionsPerUser) {
            return CheckResult.rejectUpgradeSync(429);
        }
        context.userData().put(IDENTITY, identity);
        return CheckResult.permitUpgradeSync();
    }

}
