package dev.switchboard.connection.wire;

import java.lang.reflect.Field;
import java.util.Map;

import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.SwitchboardConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;

/**
 * Installs {@link RequestHeadDeadline} on every connection the HTTP server accepts
 * ({@code switchboard.limits.request-head-timeout}, 0 turns it off), counting the connections it closed in
 * {@code switchboard_request_head_timeouts_total}, and {@link HttpLingeringClose}.
 * <p>
 * How it reaches the connections: Vert.x keeps its bound HTTP servers in {@code sharedTCPServers}; each holds the
 * listening Netty channel in a private field ({@code TCPServerBase.bindFuture}), read here by reflection (Vert.x
 * 4.5), and {@link AcceptedConnections} goes into that channel's pipeline. Should a later Vert.x move the field,
 * the bound is reported as unavailable at startup and everything else works as before.
 */
@Singleton
// The private field is read by reflection; a native image needs it registered (not tried natively yet).
@RegisterForReflection(targets = TCPServerBase.class, fields = true, methods = false)
public class RequestHeadTimeout {

    private static final Logger LOG = Logger.getLogger(RequestHeadTimeout.class);

    private final Vertx vertx;
    private final long timeoutMillis;
    private final Counter timeouts;

    public RequestHeadTimeout(Vertx vertx, SwitchboardConfig config, MeterRegistry registry) {
        this.vertx = vertx;
        this.timeoutMillis = config.limits().requestHeadTimeout().toMillis();
        this.timeouts = Counter.builder("switchboard.request.head.timeouts")
                .description("connections closed because their request head (or upgrade) was not complete in time")
                .register(registry);
    }

    /** Quarkus fires this (asynchronously) once the HTTP server listens. */
    void install(@ObservesAsync HttpServerStart started) {
        try {
            Field bindFuture = TCPServerBase.class.getDeclaredField("bindFuture");
            bindFuture.setAccessible(true);
            Map<?, HttpServerImpl> servers = ((VertxInternal) vertx).sharedTCPServers(HttpServerImpl.class);
            synchronized (servers) {
                for (HttpServerImpl server : servers.values()) {
                    Future<?> bound = (Future<?>) bindFuture.get(server);
                    if (bound != null && bound.succeeded() && bound.result() instanceof Channel listening
                            && listening.pipeline().get(AcceptedConnections.NAME) == null) {
                        listening.pipeline().addFirst(AcceptedConnections.NAME, new AcceptedConnections(this::watch));
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("switchboard.limits.request-head-timeout is not enforced and HTTP closes do not linger: "
                    + "cannot reach Vert.x's listening channels (%s)", e.toString());
        }
    }

    /** Called for every accepted connection, before Vert.x sets up its pipeline. */
    private void watch(Channel connection) {
        connection.pipeline().addFirst(HttpLingeringClose.NAME, new HttpLingeringClose());
        if (timeoutMillis > 0) {
            connection.pipeline().addFirst("switchboardRequestHeadDeadline",
                    new RequestHeadDeadline(timeoutMillis, timeouts::increment));
        }
    }
}
