package dev.switchboard.connection;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.model.CloseCodes;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Pings every connection, of every protocol, each heartbeat interval and closes with 4009 those from which nothing
 * arrived within the heartbeat timeout. One timer for the whole node: a sweep over the connection table is cheaper
 * than a timer per connection, and each connection's ping time starts at its own connect time, so pings are spread
 * out. The pings due in one sweep go to each event loop as one task, and every ping is the same shared frame.
 */
@Singleton
@Startup
public class HeartbeatMonitor {

    private final ConnectionRegistry connections;
    private final Vertx vertx;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final long timerId;

    public HeartbeatMonitor(ConnectionRegistry connections, Vertx vertx, SwitchboardConfig config) {
        this.connections = connections;
        this.vertx = vertx;
        this.intervalNanos = config.heartbeat().interval().toNanos();
        this.timeoutNanos = config.heartbeat().timeout().toNanos();
        long tickMillis = Math.max(100, Math.min(1000, config.heartbeat().interval().toMillis() / 2));
        this.timerId = vertx.setPeriodic(tickMillis, id -> sweep());
    }

    void sweep() {
        long now = System.nanoTime();
        Map<Executor, List<Connection>> due = new IdentityHashMap<>(4);
        for (Connection connection : connections.all()) {
            if (connection.isClosing()) {
                continue;
            }
            if (now - connection.lastReceivedNanos() > timeoutNanos) {
                connection.disconnect(CloseCodes.NO_HEARTBEAT, "no heartbeat");
            } else if (now - connection.nextPingNanos() >= 0) {
                connection.scheduleNextPing(now + intervalNanos);
                due.computeIfAbsent(connection.eventLoop(), loop -> new ArrayList<>()).add(connection);
            }
        }
        // One task per event loop for all of its connections' pings (written there at once, flushed together),
        // not one cross-thread task per connection.
        due.forEach((loop, pings) -> loop.execute(() -> pings.forEach(Connection::ping)));
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timerId);
    }
}
