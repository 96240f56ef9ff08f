package dev.switchboard.security;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Singleton;

import dev.switchboard.SwitchboardConfig;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;

/** Creates each connection's {@link ConnectionSecurity} when it opens, from the identity its upgrade established. */
@Singleton
public class ConnectionSecurityFactory {

    private final ConnectionCount counts;
    private final Vertx vertx;
    private final SwitchboardConfig.Limits limits;

    public ConnectionSecurityFactory(ConnectionCount counts, Vertx vertx, SwitchboardConfig config) {
        this.counts = counts;
        this.vertx = vertx;
        this.limits = config.limits();
    }

    /** The identity {@link ConnectionAdmission} stored at the upgrade; anonymous if there is none. */
    public ClientIdentity identityOf(WebSocketConnection connection) {
        ClientIdentity identity = connection.userData().get(ConnectionAdmission.IDENTITY);
        return identity == null ? ClientIdentity.ANONYMOUS : identity;
    }

    /**
     * Starts guarding a connection that just opened. {@code onExpiry} runs (on an event loop) when the
     * connection token expires; the caller sends {@code disconnect} and closes with 4001 there.
     */
    public ConnectionSecurity open(ClientIdentity identity, Runnable onExpiry) {
        counts.opened(identity);
        CommandRateLimiter limiter = limits.commandsPerSecond() <= 0 ? null
                : new CommandRateLimiter(limits.commandsPerSecond(), limits.commandBurst(),
                        limits.maxRateLimited(), limits.rateLimitWindow().toNanos(), System.nanoTime());
        long timer = -1;
        if (identity.expiresAt() != null) {
            long delay = Math.max(1, Duration.between(Instant.now(), identity.expiresAt()).toMillis());
            timer = vertx.setTimer(delay, id -> onExpiry.run());
        }
        return new ConnectionSecurity(identity, limiter, counts, vertx, timer);
    }
}
