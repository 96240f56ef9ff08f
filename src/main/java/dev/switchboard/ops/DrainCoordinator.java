package dev.switchboard.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * The graceful drain. Quarkus's pre-shutdown phase ({@code quarkus.shutdown.delay-enabled=true}) fires
 * {@link ShutdownDelayInitiatedEvent} on the thread that runs the shutdown: this marks the node as draining
 * (readiness DOWN, new upgrades refused with 503), closes the open connections with
 * {@code disconnect {code: 1001, reconnect: true}} at times spread over the drain period, and holds the shutdown
 * until the last connection has gone or the period is over, whichever comes first. A node with no connection
 * left thus stops at once; Quarkus's own fixed delay ({@code quarkus.shutdown.delay}) stays unset because it
 * would always wait the whole period.
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
    /** How often the shutdown looks whether the last connection has gone. */
    private static final long POLL_MILLIS = 20;

    private final DrainState state;
    private final ConnectionRegistry connections;
    private final Vertx vertx;
    private final long periodMillis;
    private final AtomicBoolean closing = new AtomicBoolean();

    public DrainCoordinator(DrainState state, ConnectionRegistry connections, Vertx vertx, DrainConfig config) {
        this.state = state;
        this.connections = connections;
        this.vertx = vertx;
        this.periodMillis = config.period().toMillis();
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
        awaitLastConnection(periodMillis);
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
        state.start(); // may have been marked already, by TermSignal
        if (!closing.compareAndSet(false, true)) {
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

    /**
     * Blocks the shutdown until no connection is open or {@code limitMillis} have passed since the drain began.
     * Runs on the thread that stops the application (never an event loop); the closes themselves happen on the
     * connections' event loops, so a plain poll of the count is all this needs.
     */
    void awaitLastConnection(long limitMillis) {
        if (limitMillis <= 0) {
            return; // no period: everything was closed at once, and the ShutdownEvent observer sees to the rest
        }
        long deadline = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(Math.max(0, limitMillis - state.millisDraining()));
        int open;
        while ((open = connections.size()) > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (open == 0) {
            LOG.infof("drained: no connection left after %d ms", state.millisDraining());
        } else {
            LOG.infof("drain period over with %d connections still open; they are closed now", open);
        }
    }

    /** The period minus a margin (a tenth of it, at most one second) for the last close frames to go out. */
    long spreadWindowMillis() {
        return periodMillis - Math.min(1000, periodMillis / 10);
    }
}
