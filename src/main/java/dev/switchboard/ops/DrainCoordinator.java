package dev.switchboard.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.switchboard.connection.Connection;
import dev.switchboard.connection.ConnectionRegistry;
import dev.switchboard.model.CloseCodes;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;

/**
 * The graceful drain. Quarkus's shutdown delay ({@code quarkus.shutdown.delay}, set to the drain period) starts
 * on SIGTERM: this marks the node as draining (readiness DOWN, new upgrades refused with 503), then closes the
 * open connections with {@code disconnect {code: 1001, reconnect: true}} at times spread over the period. When
 * the delay is over, Quarkus shuts down as usual.
 *
 * <p>The spread: connections are taken in random order and each gets its own slot of the period, closed at a
 * random moment inside that slot. The closes are thus even over the period (no burst at its start or end) and
 * which client goes when is random. The last slot ends a little before the period does, so that the last close
 * frames are written before the HTTP server stops.
 */
@Singleton
public class DrainCoordinator {

    private static final Logger LOG = Logger.getLogger(DrainCoordinator.class);
    static final String REASON = "server shutting down";

    private final DrainState state;
    private final ConnectionRegistry connections;
    private final Vertx vertx;
    private final long periodMillis;

    public DrainCoordinator(DrainState state, ConnectionRegistry connections, Vertx vertx, DrainConfig config) {
        this.state = state;
        this.connections = connections;
        this.vertx = vertx;
        this.periodMillis = config.period().toMillis();
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Without a shutdown delay (period 0), or for connections still open when it ended: close them now. */
    void onShutdown(@Observes ShutdownEvent event) {
        state.start();
        for (Connection connection : connections.all()) {
            connection.disconnect(CloseCodes.GOING_AWAY, REASON);
        }
    }

    /** Starts the drain; later calls do nothing. */
    public void drain() {
        if (!state.start()) {
            return;
        }
        List<Connection> open = new ArrayList<>(connections.all());
        Collections.shuffle(open);
        long window = spreadWindowMillis();
        LOG.infof("draining: closing %d connections over %d ms; readiness is DOWN and new upgrades get 503",
                open.size(), window);
        if (open.isEmpty()) {
            return;
        }
        double slot = (double) window / open.size();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < open.size(); i++) {
            Connection connection = open.get(i);
            long at = (long) (slot * i + random.nextDouble() * slot);
            if (at < 1) {
                connection.disconnect(CloseCodes.GOING_AWAY, REASON);
            } else {
                vertx.setTimer(at, id -> connection.disconnect(CloseCodes.GOING_AWAY, REASON));
            }
        }
    }

    /** The period minus a margin (a tenth of it, at most one second) for the last close frames to go out. */
    long spreadWindowMillis() {
        return periodMillis - Math.min(1000, periodMillis / 10);
    }
}
